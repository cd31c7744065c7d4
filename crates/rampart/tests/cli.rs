//! End-to-end tests: the real binary on real files.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod common;

use common::{json, rampart, rampart_stdin, stdout, workspace_root, write};

const PRIVILEGED_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: apps\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n";

fn findings_of<'a>(report: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .collect()
}

#[test]
fn privileged_true_is_located_at_its_key_and_value() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = rampart(&["scan", "--format", "json", "pod.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report = json(&out);
    let found = findings_of(&report, "k8s-privileged-container");
    assert_eq!(found.len(), 1);
    let loc = &found[0]["location"];
    assert_eq!(loc["path"], "pod.yaml");
    assert_eq!(
        (
            loc["start"]["line"].as_u64(),
            loc["start"]["column"].as_u64()
        ),
        (Some(11), Some(9))
    );
    assert_eq!(
        (loc["end"]["line"].as_u64(), loc["end"]["column"].as_u64()),
        (Some(11), Some(25))
    );
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    assert_eq!(
        rampart(&["scan", "pod.yaml"], dir.path()).status.code(),
        Some(1)
    );
    // Every rule this pod trips is below critical except privileged itself.
    let out = rampart(&["scan", "--fail-on", "critical", "pod.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    write(
        dir.path(),
        ".rampart.yaml",
        "rules:\n  severity:\n    k8s-privileged-container: high\n",
    );
    let out = rampart(&["scan", "--fail-on", "critical", "pod.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        rampart(&["scan", "--fail-on", "severe", "pod.yaml"], dir.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        rampart(&["scan", "--no-such-flag"], dir.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        rampart(&["scan", "missing.yaml"], dir.path()).status.code(),
        Some(2)
    );
}

#[test]
fn a_hardened_manifest_passes_with_exit_zero() {
    let out = rampart(&["scan", "examples/hardened-app"], workspace_root());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn the_insecure_example_fails_with_findings_in_every_file() {
    let out = rampart(
        &["scan", "--format", "json", "examples/insecure-app"],
        workspace_root(),
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let paths: std::collections::BTreeSet<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap().to_owned())
        .collect();
    for file in [
        "web.yaml",
        "node-agent.yaml",
        "rbac.yaml",
        "rendered-chart.yaml",
    ] {
        assert!(
            paths.contains(&format!("examples/insecure-app/{file}")),
            "{paths:?}"
        );
    }
    assert!(
        !paths.iter().any(|p| p.ends_with("values.yaml")),
        "values files are not Kubernetes"
    );
}

#[test]
fn config_errors_name_the_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    write(
        dir.path(),
        ".rampart.yaml",
        "rules:\n  disable:\n    - k8s-not-a-rule\n",
    );
    let out = rampart(&["scan", "pod.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(".rampart.yaml:3:7") && err.contains("k8s-not-a-rule"),
        "{err}"
    );

    write(dir.path(), "other.yaml", "unknown-key: 1\n");
    let out = rampart(&["scan", "--config", "other.yaml", "pod.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("other.yaml:1:1"));
}

#[test]
fn config_disables_rules_and_excludes_paths() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    write(dir.path(), "vendor/pod.yaml", PRIVILEGED_POD);
    write(
        dir.path(),
        ".rampart.yaml",
        "rules:\n  disable: [k8s-privileged-container]\nexclude: [vendor]\n",
    );
    let report = json(&rampart(&["scan", "--format", "json", "."], dir.path()));
    assert!(findings_of(&report, "k8s-privileged-container").is_empty());
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["location"]["path"] == "pod.yaml"));
    let report = json(&rampart(
        &["scan", "--format", "json", "--exclude", "pod.yaml", "."],
        dir.path(),
    ));
    assert_eq!(report["summary"]["files_scanned"], 0);
}

#[test]
fn directory_walks_respect_gitignore_and_sort_output() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "generated/\n");
    write(dir.path(), "generated/pod.yaml", PRIVILEGED_POD);
    write(dir.path(), "b/pod.yaml", PRIVILEGED_POD);
    write(dir.path(), "a/pod.yml", PRIVILEGED_POD);
    write(dir.path(), "a/notes.txt", PRIVILEGED_POD);
    let first = rampart(&["scan", "--format", "json", "."], dir.path());
    let report = json(&first);
    let paths: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"a/pod.yml") && paths.contains(&"b/pod.yaml"));
    assert!(!paths
        .iter()
        .any(|p| p.starts_with("generated") || p.ends_with(".txt")));
    // Riskiest first, ties by location.
    let keys: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                std::cmp::Reverse(f["risk"]["score"].as_u64().unwrap()),
                f["location"]["path"].as_str().unwrap().to_owned(),
                f["location"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    for _ in 0..3 {
        assert_eq!(
            rampart(&["scan", "--format", "json", "."], dir.path()).stdout,
            first.stdout
        );
    }
}

#[test]
fn stdin_streams_from_helm_or_kustomize() {
    let dir = tempfile::tempdir().unwrap();
    let stream = format!("---\n# Source: web/templates/pod.yaml\n{PRIVILEGED_POD}---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\n");
    let out = rampart_stdin(
        &["scan", "--format", "json", "-"],
        dir.path(),
        stream.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let found = findings_of(&report, "k8s-privileged-container");
    assert_eq!(found[0]["location"]["path"], "<stdin>");
    assert_eq!(found[0]["helm_template"], "web/templates/pod.yaml");
    assert_eq!(found[0]["location"]["start"]["line"], 13);
    let text = stdout(&rampart_stdin(
        &["scan", "-"],
        dir.path(),
        stream.as_bytes(),
    ));
    assert!(text.contains("web/templates/pod.yaml"), "{text}");
}

#[test]
fn json_manifests_and_list_items_are_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "list.json",
        r#"{"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "a"},
   "spec": {"containers": [{"name": "c", "image": "nginx:1.27", "securityContext": {"privileged": true}}]}}
]}"#,
    );
    let report = json(&rampart(
        &["scan", "--format", "json", "list.json"],
        dir.path(),
    ));
    let found = findings_of(&report, "k8s-privileged-container");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["location"]["start"]["line"], 3);
    assert_eq!(found[0]["resource"]["kind"], "Pod");
}

#[test]
fn non_kubernetes_yaml_is_skipped_quietly_and_listed_with_verbose() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "values.yaml",
        "image:\n  tag: latest\nsecurityContext:\n  privileged: true\n",
    );
    write(
        dir.path(),
        ".github/workflows/ci.yml",
        "on: push\njobs: {}\n",
    );
    let out = rampart(&["scan", "values.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(!stdout(&out).contains("values.yaml"), "{}", stdout(&out));
    let out = rampart(&["scan", "--verbose", "values.yaml"], dir.path());
    assert!(stdout(&out).contains("values.yaml"), "{}", stdout(&out));
}

#[test]
fn malformed_inputs_are_reported_with_position_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.yaml", PRIVILEGED_POD);
    write(
        dir.path(),
        "broken.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n",
    );
    write(
        dir.path(),
        "broken.json",
        "{\"apiVersion\": \"v1\",\n \"kind\": }\n",
    );
    let out = rampart(&["scan", "--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    assert_eq!(findings_of(&report, "k8s-privileged-container").len(), 1);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    let json_error = errors.iter().find(|e| e["path"] == "broken.json").unwrap();
    assert_eq!(json_error["location"]["start"]["line"], 2);
    let yaml_error = errors.iter().find(|e| e["path"] == "broken.yaml").unwrap();
    assert!(yaml_error["location"]["start"]["line"].as_u64().unwrap() >= 4);

    // Every format carries the error.
    let text = stdout(&rampart(&["scan", "."], dir.path()));
    assert!(text.contains("broken.json:2:"), "{text}");
    let sarif = json(&rampart(&["scan", "--format", "sarif", "."], dir.path()));
    let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes.as_array().unwrap().len(), 2, "{notes}");
    let junit = stdout(&rampart(&["scan", "--format", "junit", "."], dir.path()));
    assert!(junit.contains("broken.json"), "{junit}");
}

#[test]
fn hostile_inputs_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.yaml", PRIVILEGED_POD);
    // Billion laughs.
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    write(dir.path(), "bomb.yaml", bomb);
    // 10,000 levels of nesting, block and flow.
    // `- - - x` nests block sequences on one line.
    write(
        dir.path(),
        "deep-block.yaml",
        format!("{}x\n", "- ".repeat(10_000)),
    );
    write(
        dir.path(),
        "deep-flow.json",
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    );
    // Binary and non-UTF-8.
    write(
        dir.path(),
        "image.yaml",
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13],
    );
    write(
        dir.path(),
        "latin1.yaml",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n",
    );
    // Over the size limit.
    write(
        dir.path(),
        "huge.yaml",
        format!("{PRIVILEGED_POD}# {}\n", "x".repeat(2 * 1024 * 1024)),
    );

    let out = rampart(
        &["scan", "--format", "json", "--max-file-size", "1MiB", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    assert_eq!(
        findings_of(&report, "k8s-privileged-container").len(),
        1,
        "the good file is still scanned"
    );
    let error = |path: &str| {
        report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"] == path)
            .unwrap_or_else(|| panic!("no error for {path}: {report}"))
            .clone()
    };
    assert!(error("bomb.yaml")["message"]
        .as_str()
        .unwrap()
        .contains("alias"));
    assert!(error("deep-block.yaml")["message"]
        .as_str()
        .unwrap()
        .contains("deeper"));
    assert!(error("deep-flow.json")["message"]
        .as_str()
        .unwrap()
        .contains("deeper"));
    assert_eq!(error("latin1.yaml")["location"]["start"]["line"], 4);
    assert!(error("latin1.yaml")["message"]
        .as_str()
        .unwrap()
        .contains("UTF-8"));
    assert!(error("huge.yaml")["message"]
        .as_str()
        .unwrap()
        .contains("limit"));
    let notices = report["notices"].as_array().unwrap();
    assert!(notices.iter().any(|n| n["path"] == "image.yaml" && n["message"].as_str().unwrap().contains("binary")), "{notices:?}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/pod.yaml", PRIVILEGED_POD);
    std::os::unix::fs::symlink("..", dir.path().join("app/loop")).unwrap();
    let out = rampart(&["scan", "--format", "json", "app"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(findings_of(&report, "k8s-privileged-container").len(), 1);
    assert!(
        report["notices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["message"].as_str().unwrap().contains("loop")),
        "{report}"
    );
}

#[test]
fn output_file_and_sarif_validates_against_the_official_schema() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = rampart(
        &[
            "scan",
            "--format",
            "sarif",
            "--output",
            "report.sarif",
            "pod.yaml",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.sarif")).unwrap()).unwrap();
    let schema_path =
        workspace_root().join("crates/rampart_report/tests/schema/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let result = &sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "k8s-privileged-container")
        .unwrap()
        .clone();
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        11
    );
}

#[test]
fn rules_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let out = rampart(&["rules"], dir.path());
    assert!(stdout(&out).contains("k8s-privileged-container"));
    let rules = json(&rampart(&["rules", "--format", "json"], dir.path()));
    let rule = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "k8s-privileged-container")
        .unwrap();
    for key in [
        "title",
        "severity",
        "platforms",
        "frameworks",
        "peers",
        "fixable",
        "docs",
    ] {
        assert!(!rule[key].is_null(), "{key}");
    }
    let out = rampart(&["explain", "k8s-privileged-container"], dir.path());
    assert!(stdout(&out).contains("## Why it matters"));
    assert_eq!(
        rampart(&["explain", "k8s-nope"], dir.path()).status.code(),
        Some(2)
    );
}

#[test]
fn secrets_are_redacted_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "hunter2-Sup3r-s3cret";
    // The secret sits first in the container, so any finding on the container quotes its lines.
    write(
        dir.path(),
        "pod.yaml",
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: apps\nspec:\n  containers:\n    - env:\n        - name: DB_PASSWORD\n          value: {secret}\n      name: c\n      image: nginx:1.27\n"),
    );
    for format in ["text", "json", "sarif", "junit"] {
        let out = rampart(
            &["scan", "--verbose", "--format", format, "pod.yaml"],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(1));
        let report = stdout(&out);
        assert!(report.contains("DB_PASSWORD"), "{format}: {report}");
        assert!(
            !report.contains(secret) && !report.contains("hunter2"),
            "{format} leaks the secret: {report}"
        );
    }
}

#[test]
fn sarif_rules_carry_the_configured_severity() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    write(
        dir.path(),
        ".rampart.yaml",
        "rules:\n  severity:\n    k8s-privileged-container: medium\n",
    );
    let sarif = json(&rampart(
        &["scan", "--format", "sarif", "pod.yaml"],
        dir.path(),
    ));
    let rule = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "k8s-privileged-container")
        .unwrap()
        .clone();
    assert_eq!(rule["properties"]["security-severity"], "5.5");
    assert_eq!(rule["defaultConfiguration"]["level"], "warning");
}
