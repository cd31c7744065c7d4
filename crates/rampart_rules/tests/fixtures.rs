//! Every rule against its fixtures.
//!
//! `tests/fixtures/<platform>/<rule-id>/fail.yaml` marks each line that must be reported with
//! `# expect: <rule-id>`; the rule must report exactly those lines, and its findings are
//! snapshotted. `pass.yaml` must give no finding of the rule. A rule without both fixtures fails.
//! Each fixture file is judged as one scan: the rule's cluster check (`Rule::check_cluster`) sees
//! every document of the file together.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use rampart_diagnostics::Finding;
use rampart_kubernetes::helm_source;
use rampart_rules::cluster::{Graph, Inventory};
use rampart_rules::Rule;
use rampart_source::SourceFile;
use rampart_yaml::{parse_yaml, Limits};

fn run(rule: &'static dyn Rule, path: &Path) -> (SourceFile, Vec<Finding>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (every rule needs fail.yaml and pass.yaml)",
            path.display()
        )
    });
    let name = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string();
    let file = SourceFile::new(name, text);
    let parsed = parse_yaml(file.text(), Limits::default());
    assert!(
        parsed.error.is_none(),
        "{}: {:?}",
        path.display(),
        parsed.error
    );
    let mut findings = Vec::new();
    let mut inventory = Inventory::default();
    for doc in &parsed.documents {
        let Some(root) = &doc.root else { continue };
        let helm = helm_source(file.slice(doc.range));
        inventory.add_document(&file, root, helm);
        if let Ok(found) = rampart_rules::check_document(
            &file,
            root,
            helm,
            &[rule],
            &rampart_rules::Settings::default(),
        ) {
            findings.extend(found);
        }
    }
    inventory.sort();
    findings.extend(rampart_rules::check_cluster(
        &Graph::new(&inventory),
        &[rule],
    ));
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    (file, findings)
}

fn expected_lines(file: &SourceFile, id: &str) -> BTreeSet<u32> {
    let marker = format!("# expect: {id}");
    file.text()
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            line.split("# expect:")
                .skip(1)
                .any(|rest| rest.split(',').any(|r| r.trim() == id))
                || line.trim_end().ends_with(&marker)
        })
        .map(|(i, _)| u32::try_from(i + 1).unwrap())
        .collect()
}

fn render(file: &SourceFile, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let loc = &f.location;
        let _ = writeln!(
            out,
            "{}:{}-{}:{} [{}] {} | {} | {}\n    {}",
            loc.start.line,
            loc.start.column,
            loc.end.line,
            loc.end.column,
            f.severity,
            f.message,
            f.resource
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            f.route.as_deref().unwrap_or("-"),
            file.slice(f.location.range).lines().next().unwrap_or(""),
        );
        for related in &f.related {
            let _ = writeln!(
                out,
                "    related {}:{}: {}",
                related.location.start.line, related.location.start.column, related.message
            );
        }
    }
    out
}

#[test]
fn every_rule_reports_its_fail_fixture_and_passes_its_pass_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kubernetes");
    let mut failures = Vec::new();
    for rule in rampart_rules::all() {
        let id = rule.meta().id;
        let dir = root.join(id);

        let (fail, findings) = run(*rule, &dir.join("fail.yaml"));
        let expected = expected_lines(&fail, id);
        let reported: BTreeSet<u32> = findings.iter().map(|f| f.location.start.line).collect();
        if expected.is_empty() {
            failures.push(format!(
                "{id}: fail.yaml marks no line with `# expect: {id}`"
            ));
        }
        if expected != reported {
            failures.push(format!(
                "{id}: fail.yaml expected lines {expected:?}, reported {reported:?}\n{}",
                render(&fail, &findings)
            ));
        }
        insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(id, render(&fail, &findings));
        });

        let (pass, findings) = run(*rule, &dir.join("pass.yaml"));
        if !findings.is_empty() {
            failures.push(format!(
                "{id}: pass.yaml reported\n{}",
                render(&pass, &findings)
            ));
        }
        if !expected_lines(&pass, id).is_empty() {
            failures.push(format!("{id}: pass.yaml carries expect markers"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_fixture_directory_belongs_to_a_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kubernetes");
    for entry in std::fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            rampart_rules::find(&name).is_some(),
            "fixtures for unknown rule {name}"
        );
    }
}
