//! Loading policies: which rules are found, with which ids and severities, and the errors.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

use std::path::Path;

use rampart_diagnostics::Severity;
use rampart_policy::{load, PolicyOptions};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn options(dir: &Path) -> PolicyOptions {
    PolicyOptions {
        paths: vec![dir.to_owned()],
        ..PolicyOptions::default()
    }
}

#[test]
fn rules_ids_and_severities_come_from_names_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.rego",
        "package main\n\nimport rego.v1\n\n# METADATA\n# title: No latest\n# custom:\n#   severity: critical\ndeny_latest contains \"x\" if false\n\nwarn contains \"w\" if false\n\nhelper := 1\n\ntest_helper if helper == 1\n",
    );
    // v0 syntax, same package: one more rule; `deny` in two files is one rule.
    write(
        dir.path(),
        "b.rego",
        "package main\n\ndeny[msg] { msg := input.x }\n",
    );
    write(
        dir.path(),
        "c.rego",
        "package main\n\ndeny[msg] { msg := input.y }\n",
    );
    let policies = load(&options(dir.path())).unwrap();
    let metas = policies.metas();
    let got: Vec<(&str, Severity)> = metas.iter().map(|m| (m.id, m.severity)).collect();
    assert_eq!(
        got,
        vec![
            ("main.deny", Severity::High),
            ("main.deny_latest", Severity::Critical),
            ("main.warn", Severity::Low),
        ]
    );
    assert_eq!(metas[1].title, "No latest");
}

#[test]
fn a_package_annotation_names_its_only_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.rego",
        "# METADATA\n# title: Ingress rules\n# custom:\n#   id: ING-001\n#   severity: medium\npackage main\n\nimport rego.v1\n\ndeny contains \"x\" if false\n",
    );
    let policies = load(&options(dir.path())).unwrap();
    let metas = policies.metas();
    assert_eq!(metas.len(), 1);
    assert_eq!(
        (metas[0].id, metas[0].severity),
        ("ING-001", Severity::Medium)
    );
}

#[test]
fn every_broken_file_is_reported_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ok.rego",
        "package main\n\nimport rego.v1\n\ndeny contains \"x\" if false\n",
    );
    write(
        dir.path(),
        "bad.rego",
        "package main\n\nimport rego.v1\n\ndeny contains if {\n",
    );
    write(dir.path(), "data.json", "{\"a\": [1,\n");
    write(
        dir.path(),
        "meta.rego",
        "package other\n\n# METADATA\n# custom:\n#   severity: extreme\ndeny[m] { m := 1 }\n",
    );
    let errors = load(&options(dir.path())).err().unwrap();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 3, "{text:#?}");
    assert!(text.iter().any(|e| e.contains("bad.rego:5:")), "{text:#?}");
    assert!(text.iter().any(|e| e.contains("data.json:2:")), "{text:#?}");
    assert!(
        text.iter()
            .any(|e| e.contains("meta.rego:3:1:") && e.contains("extreme")),
        "{text:#?}"
    );
}

#[test]
fn ids_must_be_unique() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.rego",
        "package main\n\nimport rego.v1\n\n# METADATA\n# custom:\n#   id: X-1\ndeny_a contains \"x\" if false\n\n# METADATA\n# custom:\n#   id: X-1\ndeny_b contains \"x\" if false\n",
    );
    let errors = load(&options(dir.path())).err().unwrap();
    assert!(errors[0].message.contains("`X-1`"), "{:?}", errors);
}

#[test]
fn a_missing_path_is_an_error() {
    let errors = load(&PolicyOptions {
        paths: vec!["/nonexistent/policies".into()],
        ..PolicyOptions::default()
    })
    .err()
    .unwrap();
    assert_eq!(
        errors[0].to_string(),
        "/nonexistent/policies: no such file or folder"
    );
}

#[test]
fn a_policy_that_runs_too_long_on_an_input_is_stopped_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "slow.rego",
        "package main\n\nimport rego.v1\n\ndeny contains \"slow\" if {\n  count([1 | some i in numbers.range(1, 20000); some j in numbers.range(1, 20000)]) > 0\n}\n\nwarn contains \"fast\" if input.kind == \"Pod\"\n",
    );
    let policies = load(&PolicyOptions {
        paths: vec![dir.path().to_owned()],
        evaluation_limit: Some(std::time::Duration::from_millis(50)),
        ..PolicyOptions::default()
    })
    .unwrap();
    let file = rampart_source::SourceFile::new("pod.yaml", "kind: Pod\nmetadata:\n  name: p\n");
    let parsed = rampart_yaml::parse_yaml(file.text(), rampart_yaml::Limits::default());
    let root = parsed.documents[0].root.clone().unwrap();
    let started = std::time::Instant::now();
    let (findings, errors) = policies.evaluator().evaluate(&rampart_policy::PolicyInput {
        file: &file,
        root: &root,
        object: None,
        helm_template: None,
    });
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("main.deny"), "{errors:?}");
    // The rules that finish are still judged.
    let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(messages, vec!["fast"]);
}
