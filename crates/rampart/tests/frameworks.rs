//! End-to-end tests of frameworks as first-class: `scan --framework`, `rampart frameworks`, the
//! compliance block of every report, and `--compliance-threshold`. The real binary on the
//! bundled examples and on small files.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use common::{json, rampart_with_env, stderr, stdout, workspace_root, write};

/// Runs `rampart` in `dir` on the fixed date 2026-06-01 (`RAMPART_TODAY`), whatever the clock says.
fn rampart(args: &[&str], dir: &Path) -> Output {
    rampart_with_env(args, dir, &[("RAMPART_TODAY", "2026-06-01")])
}

/// The ids of the rules that map to `tag`, from `rampart rules --format json`.
fn rules_of(tag: &str) -> BTreeSet<String> {
    let rules = json(&rampart(&["rules", "--format", "json"], workspace_root()));
    rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|rule| {
            rule["frameworks"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["framework"] == tag)
        })
        .map(|rule| rule["id"].as_str().unwrap().to_owned())
        .collect()
}

fn finding_rules(report: &Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_owned())
        .collect()
}

fn frameworks_scored(report: &Value) -> Vec<&str> {
    report["compliance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["framework"].as_str().unwrap())
        .collect()
}

#[test]
fn framework_pss_baseline_runs_only_the_pss_baseline_rules() {
    let root = workspace_root();
    let baseline_rules = rules_of("pss-baseline");
    let out = rampart(
        &[
            "scan",
            "examples/insecure-app",
            "--framework",
            "pss-baseline",
            "--format",
            "json",
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json(&out);
    let found = finding_rules(&report);
    assert!(!found.is_empty());
    assert!(found.is_subset(&baseline_rules), "{found:?}");
    assert_eq!(frameworks_scored(&report), ["pss-baseline"]);

    // Without --framework, rules of no PSS profile report too (latest images, RBAC).
    let all = finding_rules(&json(&rampart(
        &["scan", "examples/insecure-app", "--format", "json"],
        root,
    )));
    assert!(all.contains("k8s-image-tag-latest") && all.contains("k8s-rbac-wildcard"));
    assert!(!found.contains("k8s-image-tag-latest") && !found.contains("k8s-rbac-wildcard"));

    // SARIF lists only the rules that ran.
    let sarif = json(&rampart(
        &[
            "scan",
            "examples/insecure-app",
            "--framework",
            "pss-baseline",
            "--format",
            "sarif",
        ],
        root,
    ));
    let ran: BTreeSet<String> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ran, baseline_rules);
}

#[test]
fn pss_restricted_runs_the_baseline_controls_too() {
    let out = rampart(
        &[
            "scan",
            "examples/insecure-app",
            "--framework",
            "pss-restricted",
            "--format",
            "json",
        ],
        workspace_root(),
    );
    let report = json(&out);
    let found = finding_rules(&report);
    let restricted = rules_of("pss-restricted");
    let baseline = rules_of("pss-baseline");
    assert!(found.is_subset(&restricted.union(&baseline).cloned().collect()));
    // k8s-host-pid maps to the baseline profile only; restricted includes it.
    assert!(!restricted.contains("k8s-host-pid"));
    assert!(found.contains("k8s-host-pid"), "{found:?}");
    assert_eq!(frameworks_scored(&report), ["pss-restricted"]);
    let score = &report["compliance"][0];
    assert!(score["failed_controls"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["control"] == "Host Namespaces"));
}

#[test]
fn frameworks_may_be_repeated_or_comma_separated() {
    let report = json(&rampart(
        &[
            "scan",
            "examples/insecure-app",
            "--framework",
            "cis,nsa",
            "--framework",
            "mitre",
            "--framework",
            "nsa",
            "--format",
            "json",
        ],
        workspace_root(),
    ));
    // Each once, in the order reports list them.
    assert_eq!(frameworks_scored(&report), ["nsa", "mitre", "cis"]);

    let out = rampart(
        &["scan", "examples/insecure-app", "--framework", "iso-27001"],
        workspace_root(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("pss-restricted"), "{}", stderr(&out));
}

#[test]
fn frameworks_lists_each_with_its_controls_and_rules() {
    let dir = tempfile::tempdir().unwrap();
    let out = rampart(&["frameworks"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for tag in [
        "nsa:",
        "mitre:",
        "cis:",
        "pss-baseline:",
        "pss-restricted:",
        "cis-aws:",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(tag)),
            "{tag} missing:\n{text}"
        );
    }
    assert!(text.contains("Pod Security Standards (restricted)"));
    assert!(text.contains("  - Host Namespaces\n"), "{text}");
    assert!(
        text.contains("  - 5.2.2\n      k8s-privileged-container\n"),
        "{text}"
    );

    let frameworks = json(&rampart(&["frameworks", "--format", "json"], dir.path()));
    let frameworks = frameworks.as_array().unwrap();
    assert_eq!(frameworks.len(), 8);
    for framework in frameworks {
        let tag = framework["framework"].as_str().unwrap();
        assert!(!framework["name"].as_str().unwrap().is_empty());
        let mut mapped = rules_of(tag);
        for included in framework["includes"].as_array().unwrap() {
            mapped.extend(rules_of(included.as_str().unwrap()));
        }
        let controls = framework["controls"].as_array().unwrap();
        // The Azure and GCP benchmarks have no rule yet (issue 4 brings them).
        assert!(
            !controls.is_empty() || ["cis-azure", "cis-gcp"].contains(&tag),
            "{tag}"
        );
        let mut implementing = BTreeSet::new();
        for control in controls {
            assert!(!control["control"].as_str().unwrap().is_empty());
            let rules = control["rules"].as_array().unwrap();
            assert!(!rules.is_empty());
            implementing.extend(rules.iter().map(|r| r.as_str().unwrap().to_owned()));
        }
        // Every rule mapped to the framework implements one of its controls, and no other does.
        assert_eq!(implementing, mapped, "{tag}");
    }
    let restricted = frameworks
        .iter()
        .find(|f| f["framework"] == "pss-restricted")
        .unwrap();
    assert_eq!(restricted["includes"], serde_json::json!(["pss-baseline"]));
    let host_namespaces = restricted["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["control"] == "Host Namespaces")
        .unwrap();
    assert!(host_namespaces["rules"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("k8s-host-pid")));
}

/// The report schema, closed: a property it does not list fails validation.
fn report_validator() -> jsonschema::Validator {
    fn closed(schema: &mut Value) {
        match schema {
            Value::Object(map) => {
                if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                    map.insert("additionalProperties".into(), Value::Bool(false));
                }
                map.values_mut().for_each(closed);
            }
            Value::Array(items) => items.iter_mut().for_each(closed),
            _ => {}
        }
    }
    let path = workspace_root().join("docs/schema/report-v1.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    closed(&mut schema);
    jsonschema::draft7::new(&schema).unwrap()
}

#[test]
fn the_json_compliance_block_validates_against_the_schema() {
    let validator = report_validator();
    for app in ["examples/insecure-app", "examples/hardened-app"] {
        let report = json(&rampart(
            &["scan", app, "--format", "json"],
            workspace_root(),
        ));
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{app}: {}", errors.join("\n"));
        let compliance = report["compliance"].as_array().unwrap();
        assert_eq!(
            frameworks_scored(&report),
            ["nsa", "mitre", "cis", "pss-baseline", "pss-restricted"]
        );
        for score in compliance {
            let (applicable, passed) = (
                score["controls_applicable"].as_u64().unwrap(),
                score["controls_passed"].as_u64().unwrap(),
            );
            assert!(passed <= applicable);
            assert!(applicable <= score["controls_total"].as_u64().unwrap());
            assert_eq!(
                score["failed_controls"].as_array().unwrap().len() as u64,
                applicable - passed
            );
            assert!(
                score["resources_passing"].as_u64().unwrap()
                    <= score["resources_total"].as_u64().unwrap()
            );
        }
    }

    // SARIF carries the same block under the run's properties.
    let json_report = json(&rampart(
        &["scan", "examples/insecure-app", "--format", "json"],
        workspace_root(),
    ));
    let sarif = json(&rampart(
        &["scan", "examples/insecure-app", "--format", "sarif"],
        workspace_root(),
    ));
    assert_eq!(
        sarif["runs"][0]["properties"]["compliance"],
        json_report["compliance"]
    );
}

#[test]
fn the_text_report_ends_with_the_compliance_table() {
    let out = rampart(&["scan", "examples/insecure-app"], workspace_root());
    let text = stdout(&out);
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("framework "))
        .collect();
    assert_eq!(table.len(), 6, "{text}");
    assert!(table[0].contains("controls passed") && table[0].contains("resources passing"));
    assert!(table[4].starts_with("pss-baseline "), "{text}");
}

#[test]
fn compliance_threshold_100_passes_the_hardened_app_and_fails_the_insecure_one() {
    let root = workspace_root();
    let hardened = rampart(
        &[
            "scan",
            "examples/hardened-app",
            "--compliance-threshold",
            "100",
        ],
        root,
    );
    assert_eq!(hardened.status.code(), Some(0), "{}", stdout(&hardened));
    assert!(stdout(&hardened).contains("100.0%"));

    let insecure = rampart(
        &[
            "scan",
            "examples/insecure-app",
            "--compliance-threshold",
            "100",
        ],
        root,
    );
    assert_eq!(insecure.status.code(), Some(1));
    assert!(
        stdout(&insecure).contains("compliance: pss-baseline scores "),
        "{}",
        stdout(&insecure)
    );

    // A threshold of 0 is always met.
    let zero = rampart(
        &[
            "scan",
            "examples/insecure-app",
            "--compliance-threshold",
            "0",
            "--format",
            "json",
        ],
        root,
    );
    assert!(!stderr(&zero).contains("compliance:"), "{}", stderr(&zero));

    let out = rampart(
        &[
            "scan",
            "examples/hardened-app",
            "--compliance-threshold",
            "101",
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(2));
}

const HOST_PID_POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: agent
  namespace: monitoring
spec:
  automountServiceAccountToken: false
  hostPID: true{comment}
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: agent
      image: registry.example.com/agent:1.0@sha256:9b2a1a7d6d5c4f3e2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a
      resources:
        requests: {cpu: 100m, memory: 64Mi}
        limits: {cpu: 500m, memory: 128Mi}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: [ALL]
";

#[test]
fn the_threshold_fails_a_run_that_fail_on_would_pass() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pod.yaml",
        HOST_PID_POD.replace("{comment}", ""),
    );
    let args = ["scan", "pod.yaml", "--fail-on", "critical"];
    let out = rampart(&args, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    let out = rampart(
        &[
            &args[..],
            &[
                "--framework",
                "pss-baseline",
                "--compliance-threshold",
                "100",
            ],
        ]
        .concat(),
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let line = stdout(&out)
        .lines()
        .find(|l| l.starts_with("compliance: "))
        .unwrap_or_default()
        .to_owned();
    assert!(
        line.starts_with("compliance: pss-baseline scores ")
            && line.ends_with("%, below the threshold of 100% (failed controls: Host Namespaces)"),
        "{line}"
    );
    // On stderr too when the report is not text on standard output.
    let out = rampart(
        &[
            &args[..],
            &["--compliance-threshold", "100", "--format", "json"],
        ]
        .concat(),
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("compliance: pss-baseline scores "),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("Host Namespaces"));
}

#[test]
fn a_suppressed_finding_does_not_fail_its_control() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pod.yaml",
        HOST_PID_POD.replace(
            "{comment}",
            "  # rampart:ignore k8s-host-pid -- the agent reads every process on the node",
        ),
    );
    let out = rampart(
        &[
            "scan",
            "pod.yaml",
            "--framework",
            "pss-baseline",
            "--format",
            "json",
        ],
        dir.path(),
    );
    let report = json(&out);
    assert_eq!(report["suppressed"].as_array().unwrap().len(), 1);
    let failed = report["compliance"][0]["failed_controls"]
        .as_array()
        .unwrap();
    assert!(
        !failed.iter().any(|c| c["control"] == "Host Namespaces"),
        "{failed:?}"
    );
}

#[test]
fn input_errors_still_exit_2_under_a_threshold() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pod.yaml",
        HOST_PID_POD.replace("{comment}", ""),
    );
    write(dir.path(), "broken.yaml", "a: [\n");
    let out = rampart(&["scan", ".", "--compliance-threshold", "100"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
}
