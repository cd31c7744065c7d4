//! End-to-end tests of baselines: `rampart baseline create` records today's findings, and
//! `rampart scan --baseline` reports only the new ones, whatever lines moved in between.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod common;

use std::path::Path;

use serde_json::Value;

use common::{json, rampart, read, stderr, stdout, write};

fn edit(dir: &Path, name: &str, from: &str, to: &str) {
    let text = read(dir, name);
    assert!(text.contains(from), "{name} has no `{from}`");
    write(dir, name, text.replacen(from, to, 1));
}

/// A folder `deploy/` with the insecure example app, which has many findings.
fn insecure_app() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/insecure-app");
    for entry in std::fs::read_dir(examples).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        write(dir.path(), &format!("deploy/{name}"), &text);
    }
    dir
}

/// (path, line, rule) of every finding of a JSON report.
fn places(report: &Value) -> Vec<(String, u64, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["location"]["path"].as_str().unwrap().to_owned(),
                f["location"]["start"]["line"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const UNRELATED: &str = "\
# Owned by the platform team; see the runbook.
apiVersion: v1
kind: ConfigMap
metadata:
  name: unrelated-settings
  namespace: shop
data:
  greeting: hello
---
";

#[test]
fn a_baseline_survives_edits_that_move_lines_and_lets_new_findings_through() {
    let dir = insecure_app();
    let dir = dir.path();
    let before = json(&rampart(&["scan", "deploy", "--format", "json"], dir));
    let recorded = places(&before).len();
    assert!(recorded > 10, "{before:#}");

    let out = rampart(&["baseline", "create", "deploy"], dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("recorded {recorded} findings in .rampart/baseline.json\n")
    );
    let baseline: Value = serde_json::from_str(&read(dir, ".rampart/baseline.json")).unwrap();
    assert_eq!(baseline["version"], 1);
    assert_eq!(baseline["findings"].as_array().unwrap().len(), recorded);

    // Unrelated edits that move every finding: a comment and a document at the top of each
    // file with findings, and a new key in the middle of one.
    let with_findings: std::collections::BTreeSet<String> = places(&before)
        .into_iter()
        .map(|(path, _, _)| path)
        .collect();
    for path in &with_findings {
        let text = read(dir, path);
        write(dir, path, format!("{UNRELATED}{text}"));
    }
    edit(
        dir,
        "deploy/node-agent.yaml",
        "  namespace: monitoring\n",
        "  namespace: monitoring\n  labels:\n    team: infra\n    tier: node\n",
    );
    let moved = json(&rampart(&["scan", "deploy", "--format", "json"], dir));
    let (old, new) = (places(&before), places(&moved));
    assert_eq!(new.len(), recorded, "the edits add no finding");
    assert!(
        old.iter().zip(&new).all(|(a, b)| a.1 != b.1),
        "every finding moved to another line"
    );

    let out = rampart(
        &["scan", "deploy", "--baseline", ".rampart/baseline.json"],
        dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // The summary, then the compliance table (which still counts the baselined findings).
    assert_eq!(
        stdout(&out)
            .split("\n\nframework ")
            .next()
            .unwrap_or_default(),
        format!(
            "no findings ({} files scanned)\n{recorded} findings in the baseline \
             (.rampart/baseline.json) not shown",
            before["summary"]["files_scanned"]
        )
    );

    // A new problem in a file the baseline knows: only it is reported, and it fails the run.
    edit(
        dir,
        "deploy/node-agent.yaml",
        "      hostPID: yes\n",
        "      hostPID: yes\n      hostIPC: true\n",
    );
    let out = rampart(
        &[
            "scan",
            "deploy",
            "--baseline",
            ".rampart/baseline.json",
            "--format",
            "json",
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report = json(&out);
    let found = places(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0].0, "deploy/node-agent.yaml");
    assert_eq!(found[0].2, "k8s-host-ipc");
    assert_eq!(report["summary"]["findings"], 1);
    assert_eq!(
        report["baseline"],
        serde_json::json!({ "path": ".rampart/baseline.json", "matched": recorded, "fixed": 0 })
    );

    // A fixed finding: its entry counts as fixed, so the baseline can be refreshed.
    edit(
        dir,
        "deploy/node-agent.yaml",
        "privileged: true",
        "privileged: false",
    );
    let out = rampart(
        &["scan", "deploy", "--baseline", ".rampart/baseline.json"],
        dir,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    // The summary's last line, before the compliance table.
    let summary = text.split("\n\nframework ").next().unwrap_or_default();
    assert!(
        summary.ends_with(&format!(
            "{} findings in the baseline (.rampart/baseline.json) not shown; 1 baseline entry \
             is fixed (`rampart baseline create` refreshes it)",
            recorded - 1
        )),
        "{text}"
    );
    assert!(!text.contains("k8s-privileged-container"), "{text}");

    // Refreshing records today's findings, new and old alike.
    let out = rampart(&["baseline", "create", "deploy"], dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = rampart(
        &["scan", "deploy", "--baseline", ".rampart/baseline.json"],
        dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn the_baseline_file_is_sorted_one_entry_per_finding_without_lines_or_secrets() {
    let dir = insecure_app();
    let dir = dir.path();
    let out = rampart(
        &["baseline", "create", "deploy", "--output", "ci/base.json"],
        dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!dir.join(".rampart").exists());
    let text = read(dir, "ci/base.json");
    // The example sets DATABASE_PASSWORD to a literal secret: the baseline names the variable
    // only.
    assert!(text.contains("DATABASE_PASSWORD"), "{text}");
    assert!(!text.contains("s3cr3t"), "{text}");
    assert!(!text.contains("\"line\""), "{text}");

    let baseline: Value = serde_json::from_str(&text).unwrap();
    let entries = baseline["findings"].as_array().unwrap();
    let keys: Vec<_> = entries
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap(),
                e["resource"].as_str().unwrap_or(""),
                e["rule"].as_str().unwrap(),
                e["route"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted);
    // Pretty-printed, one field a line, so that a review diff shows whole entries.
    assert_eq!(
        text.lines()
            .filter(|l| l.trim_start().starts_with("\"fingerprint\""))
            .count(),
        entries.len()
    );

    // Creating it again from unchanged inputs gives the same bytes.
    rampart(
        &["baseline", "create", "deploy", "--output", "ci/base.json"],
        dir,
    );
    assert_eq!(read(dir, "ci/base.json"), text);
}

#[test]
fn create_takes_the_scan_options() {
    let dir = insecure_app();
    let dir = dir.path();
    let out = rampart(
        &["baseline", "create", "deploy", "--exclude", "rbac.yaml"],
        dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = read(dir, ".rampart/baseline.json");
    assert!(!text.contains("rbac.yaml"), "{text}");
    // So a scan of everything reports the RBAC findings as new.
    let out = rampart(
        &[
            "scan",
            "deploy",
            "--baseline",
            ".rampart/baseline.json",
            "--format",
            "json",
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert!(!places(&report).is_empty());
    // Every new finding is in the RBAC file, or is a judgement across files that it takes part
    // in (the node agent's token is powerful through its bindings).
    for finding in report["findings"].as_array().unwrap() {
        assert!(involves(finding, "deploy/rbac.yaml"), "{finding:#}");
    }
}

/// Whether a JSON finding is in `path`, or names it among its related locations (apart from the
/// steps of an attack path, which risk scoring adds).
fn involves(finding: &Value, path: &str) -> bool {
    finding["location"]["path"] == path
        || finding["related"].as_array().unwrap().iter().any(|r| {
            r["location"]["path"] == path
                && !r["message"].as_str().unwrap().starts_with("attack path ")
        })
}

#[test]
fn create_refuses_when_an_input_cannot_be_parsed() {
    let dir = insecure_app();
    let dir = dir.path();
    write(dir, "deploy/broken.yaml", "kind: Pod\nspec: [\n  a: b: c\n");
    let out = rampart(&["baseline", "create", "deploy"], dir);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("deploy/broken.yaml:"), "{err}");
    assert!(err.contains("no baseline written"), "{err}");
    assert!(!dir.join(".rampart/baseline.json").exists());
}

#[test]
fn a_malformed_baseline_is_an_error_naming_its_line() {
    let dir = insecure_app();
    let dir = dir.path();
    write(
        dir,
        "base.json",
        "{\n  \"version\": 1,\n  \"findings\": [\n    { \"fingerprint\": \"xyz\" }\n  ]\n}\n",
    );
    let out = rampart(&["scan", "deploy", "--baseline", "base.json"], dir);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("base.json:4:22: "), "{err}");
    assert!(err.contains("16 hexadecimal digits"), "{err}");
    // The scan does not run: no report.
    assert_eq!(stdout(&out), "");

    write(dir, "base.json", "{\"version\": 1, \"findings\": [}");
    let out = rampart(&["scan", "deploy", "--baseline", "base.json"], dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("base.json:1:"), "{}", stderr(&out));

    let out = rampart(&["scan", "deploy", "--baseline", "missing.json"], dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing.json: cannot read baseline file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn without_a_baseline_every_finding_counts() {
    let dir = insecure_app();
    let dir = dir.path();
    rampart(&["baseline", "create", "deploy"], dir);
    let out = rampart(&["scan", "deploy"], dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stdout(&out).contains("in the baseline"));
}

#[test]
fn sarif_marks_baselined_results_unchanged_and_the_rest_new() {
    let dir = insecure_app();
    let dir = dir.path();
    rampart(
        &["baseline", "create", "deploy", "--exclude", "rbac.yaml"],
        dir,
    );
    let out = rampart(
        &[
            "scan",
            "deploy",
            "--baseline",
            ".rampart/baseline.json",
            "--format",
            "sarif",
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let sarif = json(&out);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    for state in ["new", "unchanged"] {
        assert!(
            results.iter().any(|r| r["baselineState"] == state),
            "{state}"
        );
    }
    for result in results {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        // A judgement across files that the RBAC file takes part in is new too (its related
        // locations, apart from the attack path that risk scoring adds, name the file).
        let related_to_rbac = result["relatedLocations"]
            .as_array()
            .is_some_and(|related| {
                related.iter().any(|r| {
                    r["physicalLocation"]["artifactLocation"]["uri"] == "deploy/rbac.yaml"
                        && !r["message"]["text"]
                            .as_str()
                            .unwrap()
                            .starts_with("attack path ")
                })
            });
        let expected = if uri == "deploy/rbac.yaml" || related_to_rbac {
            "new"
        } else {
            "unchanged"
        };
        assert_eq!(result["baselineState"], expected, "{result:#}");
    }
}

#[test]
fn suppressed_findings_are_not_recorded_nor_counted_fixed() {
    let dir = insecure_app();
    let dir = dir.path();
    let privileged = "            privileged: true\n";
    let ignored = "            privileged: true # rampart:ignore k8s-privileged-container -- vendor agent, ticket OPS-1\n";
    edit(dir, "deploy/node-agent.yaml", privileged, ignored);
    let out = rampart(&["baseline", "create", "deploy"], dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = read(dir, ".rampart/baseline.json");
    assert!(!text.contains("k8s-privileged-container"), "{text}");
    // Without the comment the finding is new: the baseline did not record it.
    edit(dir, "deploy/node-agent.yaml", ignored, privileged);
    let out = rampart(
        &[
            "scan",
            "deploy",
            "--baseline",
            ".rampart/baseline.json",
            "--format",
            "json",
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let found = places(&json(&out));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, "k8s-privileged-container");

    // A recorded finding suppressed later is not counted as fixed.
    let out = rampart(&["baseline", "create", "deploy"], dir);
    assert_eq!(out.status.code(), Some(0));
    edit(dir, "deploy/node-agent.yaml", privileged, ignored);
    let out = rampart(
        &[
            "scan",
            "deploy",
            "--baseline",
            ".rampart/baseline.json",
            "--format",
            "json",
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(json(&out)["baseline"]["fixed"], 0);
}
