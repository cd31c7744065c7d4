//! End-to-end tests of the target Kubernetes release: `--k8s-version` (on `scan` and `baseline
//! create`) and `k8s-version:` in `.rampart.yaml`, as the API version rules see it.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod common;

use std::path::Path;
use std::process::Output;

use common::{json, rampart};

/// The API version rules' findings, as `(rule id, message)`.
fn api_findings(output: &Output) -> Vec<(String, String)> {
    json(output)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            let id = f["rule_id"].as_str().unwrap();
            id == "k8s-removed-api-version" || id == "k8s-deprecated-api-version"
        })
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const CRONJOB: &str = "\
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: backup
  namespace: ops
";

fn project(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cronjob.yaml"), CRONJOB).unwrap();
    if let Some(config) = config {
        std::fs::write(dir.path().join(".rampart.yaml"), config).unwrap();
    }
    dir
}

fn rules_for(dir: &Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["scan", "--format", "json", "cronjob.yaml"];
    args.extend_from_slice(extra);
    api_findings(&rampart(&args, dir))
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn the_target_release_decides_between_fine_deprecated_and_removed() {
    let dir = project(None);
    assert!(rules_for(dir.path(), &["--k8s-version", "1.20"]).is_empty());
    for version in ["1.21", "1.24", "v1.23"] {
        assert_eq!(
            rules_for(dir.path(), &["--k8s-version", version]),
            ["k8s-deprecated-api-version"],
            "{version}"
        );
    }
    for version in ["1.25", "1.31"] {
        assert_eq!(
            rules_for(dir.path(), &["--k8s-version", version]),
            ["k8s-removed-api-version"],
            "{version}"
        );
    }
    // Without a target, the newest release known: removed.
    assert_eq!(rules_for(dir.path(), &[]), ["k8s-removed-api-version"]);
}

#[test]
fn the_message_names_the_removal_and_the_replacement() {
    let dir = project(None);
    let out = rampart(
        &[
            "scan",
            "--format",
            "json",
            "--k8s-version",
            "1.22",
            "cronjob.yaml",
        ],
        dir.path(),
    );
    assert_eq!(
        api_findings(&out),
        [(
            "k8s-deprecated-api-version".to_owned(),
            "CronJob \"backup\" uses batch/v1beta1, deprecated since Kubernetes 1.21 and removed in 1.25; use batch/v1".to_owned()
        )]
    );
}

#[test]
fn the_config_file_sets_the_target_and_the_flag_overrides_it() {
    let dir = project(Some("k8s-version: \"1.21\"\n"));
    assert_eq!(rules_for(dir.path(), &[]), ["k8s-deprecated-api-version"]);
    assert!(rules_for(dir.path(), &["--k8s-version", "1.19"]).is_empty());
}

#[test]
fn a_malformed_version_is_an_error() {
    let dir = project(None);
    let out = rampart(
        &["scan", "--k8s-version", "1.x", "cronjob.yaml"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid Kubernetes version `1.x`"));

    let dir = project(Some("k8s-version: latest\n"));
    let out = rampart(&["scan", "cronjob.yaml"], dir.path());
    assert_ne!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(".rampart.yaml:1:14") && stderr.contains("invalid Kubernetes version"),
        "{stderr}"
    );
}

#[test]
fn baseline_create_takes_the_target_too() {
    let dir = project(None);
    let out = rampart(
        &[
            "baseline",
            "create",
            "--k8s-version",
            "1.20",
            "cronjob.yaml",
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let baseline = std::fs::read_to_string(dir.path().join(".rampart/baseline.json")).unwrap();
    assert!(!baseline.contains("api-version"), "{baseline}");

    let out = rampart(&["baseline", "create", "cronjob.yaml"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let baseline = std::fs::read_to_string(dir.path().join(".rampart/baseline.json")).unwrap();
    assert!(baseline.contains("k8s-removed-api-version"), "{baseline}");
}
