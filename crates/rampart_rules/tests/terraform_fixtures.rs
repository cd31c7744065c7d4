//! Every Terraform rule against its fixtures.
//!
//! `tests/fixtures/terraform/<rule-id>/fail/` is a module (with tfvars and local child modules
//! as it likes) whose `.tf` files mark each line that must be reported with
//! `# expect: <rule-id>`; the rule must report exactly those lines, and its findings, with their
//! related locations, are snapshotted. `pass/` must give no finding of the rule. A rule that
//! reads settings finds them beside its fixtures (see `settings`).

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use rampart_diagnostics::Finding;
use rampart_rules::terraform::{check_module_with, TerraformRule, RULES};
use rampart_terraform::{evaluate, Inputs, Project};

mod common;
use common::{root, settings};

fn short(path: &str) -> String {
    path.split("tests/fixtures/terraform/")
        .nth(1)
        .unwrap_or(path)
        .to_owned()
}

fn run(rule: &'static dyn TerraformRule, dir: &Path) -> Vec<Finding> {
    assert!(
        dir.is_dir(),
        "{} is missing (every rule needs fail/ and pass/)",
        dir.display()
    );
    let mut project = Project::new();
    let module = evaluate(&mut project, dir, &Inputs::default());
    for m in module.walk() {
        assert!(m.errors.is_empty(), "{:?}", m.errors);
    }
    let settings = settings(dir.parent().unwrap());
    let mut findings = check_module_with(&project, &module, &[rule], &settings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// (file, line) of every `# expect: <id>` marker under `dir`.
fn expected(dir: &Path, id: &str) -> BTreeSet<(String, u32)> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "tf") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, line) in text.lines().enumerate() {
                    if line
                        .split("# expect:")
                        .skip(1)
                        .any(|r| r.split(',').any(|r| r.trim() == id))
                    {
                        out.insert((
                            short(&path.to_string_lossy()),
                            u32::try_from(i + 1).unwrap(),
                        ));
                    }
                }
            }
        }
    }
    out
}

fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let loc = &f.location;
        let _ = writeln!(
            out,
            "{}:{}:{} [{}] {} | {} | {}",
            short(&loc.path),
            loc.start.line,
            loc.start.column,
            f.severity,
            f.message,
            f.resource
                .as_ref()
                .and_then(|r| r.name.as_deref())
                .unwrap_or("-"),
            f.route.as_deref().unwrap_or("-"),
        );
        for related in &f.related {
            let _ = writeln!(
                out,
                "    {}:{}:{} {}",
                short(&related.location.path),
                related.location.start.line,
                related.location.start.column,
                related.message
            );
        }
    }
    out
}

#[test]
fn every_terraform_rule_reports_its_fail_fixture_and_passes_its_pass_fixture() {
    let mut failures = Vec::new();
    for rule in RULES {
        let id = rule.meta().id;
        let dir = root().join(id);
        let findings = run(*rule, &dir.join("fail"));
        let want = expected(&dir.join("fail"), id);
        let got: BTreeSet<(String, u32)> = findings
            .iter()
            .map(|f| (short(&f.location.path), f.location.start.line))
            .collect();
        if want.is_empty() {
            failures.push(format!("{id}: fail/ marks no line with `# expect: {id}`"));
        }
        if want != got {
            failures.push(format!(
                "{id}: expected {want:?}, reported {got:?}\n{}",
                render(&findings)
            ));
        }
        insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(id, render(&findings));
        });
        let findings = run(*rule, &dir.join("pass"));
        if !findings.is_empty() {
            failures.push(format!("{id}: pass/ reported\n{}", render(&findings)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_terraform_fixture_directory_belongs_to_a_rule() {
    for entry in std::fs::read_dir(root()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            RULES.iter().any(|r| r.meta().id == name),
            "fixtures for unknown rule {name}"
        );
    }
}
