//! End-to-end tests of decisions on record: the exceptions file (found upward or given with
//! `--exceptions`, judged on the date `RAMPART_TODAY` fixes), inline suppressions, and how every
//! format carries them.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod common;

use std::path::Path;
use std::process::Output;

use common::{json, rampart_with_env, stderr, stdout, write};

/// Runs `rampart` in `dir` on the date `today` (`RAMPART_TODAY`).
fn rampart(args: &[&str], dir: &Path, today: &str) -> Output {
    rampart_with_env(args, dir, &[("RAMPART_TODAY", today)])
}

/// A DaemonSet whose only critical finding is its privileged container (line 17); `hostPID`
/// (high) is on line 13.
const AGENT: &str = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: monitoring
spec:
  selector:
    matchLabels: {app: node-agent}
  template:
    metadata:
      labels: {app: node-agent}
    spec:
      hostPID: true
      containers:
        - name: agent
          image: registry.example.com/agent:1.4.2
          securityContext:
            privileged: true
";

fn exception(fields: &str) -> String {
    format!("# Decisions on record\nexceptions:\n  - rule: k8s-privileged-container\n{fields}")
}

const COVERS_AGENT: &str = "    resource: DaemonSet/monitoring/node-agent\n    reason: The agent needs the host's devices until the eBPF port ships\n    owner: team-observability@example.com\n    expires: 2027-03-31\n    ticket: https://tracker.example.com/SEC-142\n";

/// A project with the agent under `deploy/` and `exceptions` as its exceptions file.
fn project(exceptions: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "deploy/agent.yaml", AGENT);
    write(dir.path(), ".rampart/exceptions.yaml", exceptions);
    dir
}

fn rules_of(list: &serde_json::Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect()
}

#[test]
fn an_exception_that_expires_tomorrow_suppresses() {
    let dir = project(&exception(COVERS_AGENT));
    let args = [
        "scan",
        "--fail-on",
        "critical",
        "--format",
        "json",
        "deploy",
    ];
    let out = rampart(&args, dir.path(), "2027-03-30");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let report = json(&out);
    assert!(!rules_of(&report["findings"]).contains(&"k8s-privileged-container"));
    assert_eq!(
        rules_of(&report["suppressed"]),
        ["k8s-privileged-container"]
    );
    let suppression = &report["suppressed"][0]["suppression"];
    assert_eq!(suppression["kind"], "external");
    assert_eq!(suppression["owner"], "team-observability@example.com");
    assert_eq!(suppression["expires"], "2027-03-31");
    assert_eq!(suppression["origin"], ".rampart/exceptions.yaml:3");
    assert_eq!(report["summary"]["suppressed"], 1);
    assert_eq!(report["stale_exceptions"], serde_json::json!([]));
    // It still holds on its last day.
    let out = rampart(&args, dir.path(), "2027-03-31");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn an_exception_that_expired_yesterday_no_longer_suppresses() {
    let dir = project(&exception(COVERS_AGENT));
    let out = rampart(
        &[
            "scan",
            "--fail-on",
            "critical",
            "--format",
            "json",
            "deploy",
        ],
        dir.path(),
        "2027-04-01",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report = json(&out);
    assert_eq!(report["suppressed"], serde_json::json!([]));
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "k8s-privileged-container")
        .unwrap();
    assert_eq!(
        finding["notes"],
        serde_json::json!([
            "exception at .rampart/exceptions.yaml:3 (owner team-observability@example.com) expired on 2027-03-31"
        ])
    );
    // Expired is not stale.
    assert_eq!(report["stale_exceptions"], serde_json::json!([]));
    let text = rampart(&["scan", "deploy"], dir.path(), "2027-04-01");
    assert!(
        stdout(&text).contains("= note: exception at .rampart/exceptions.yaml:3 (owner team-observability@example.com) expired on 2027-03-31"),
        "{}",
        stdout(&text)
    );
}

#[test]
fn a_stale_exception_is_a_warning_that_does_not_change_the_exit_code() {
    let stale = exception(&COVERS_AGENT.replace("node-agent", "old-agent"));
    let dir = project(&stale);
    let out = rampart(
        &["scan", "--fail-on", "critical", "deploy"],
        dir.path(),
        "2027-01-01",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("warning: .rampart/exceptions.yaml:3:5: exception for k8s-privileged-container in DaemonSet/monitoring/old-agent matches no finding"),
        "{text}"
    );
    let out = rampart(
        &["scan", "--format", "json", "deploy"],
        dir.path(),
        "2027-01-01",
    );
    let report = json(&out);
    assert_eq!(
        report["stale_exceptions"][0]["rule"],
        "k8s-privileged-container"
    );
    assert_eq!(
        report["stale_exceptions"][0]["location"]["start"]["line"],
        3
    );
    let sarif = rampart(
        &["scan", "--format", "sarif", "deploy"],
        dir.path(),
        "2027-01-01",
    );
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let notifications = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notifications
        .iter()
        .any(|n| n["level"] == "warning" && n["properties"]["kind"] == "stale-exception"));
    // A stale exception alone does not fail a clean scan.
    write(
        dir.path(),
        "deploy/agent.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: monitoring\n",
    );
    let out = rampart(&["scan", "deploy"], dir.path(), "2027-01-01");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("matches no finding"));
}

#[test]
fn a_bad_exceptions_file_exits_2_naming_the_line() {
    let cases = [
        (
            exception(&COVERS_AGENT.replace(
                "    reason: The agent needs the host's devices until the eBPF port ships\n",
                "",
            )),
            ".rampart/exceptions.yaml:3:5: this exception has no `reason`",
        ),
        (
            exception(&COVERS_AGENT.replace("    owner: team-observability@example.com\n", "")),
            ".rampart/exceptions.yaml:3:5: this exception has no `owner`",
        ),
        (
            exception(&COVERS_AGENT.replace("2027-03-31", "2027-03-32")),
            ".rampart/exceptions.yaml:7:14: invalid date `2027-03-32`",
        ),
        (
            exception(COVERS_AGENT).replace("k8s-privileged-container", "k8s-privileged"),
            ".rampart/exceptions.yaml:3:11: unknown rule id `k8s-privileged`",
        ),
    ];
    for (text, message) in cases {
        let dir = project(&text);
        let out = rampart(&["scan", "deploy"], dir.path(), "2027-01-01");
        assert_eq!(out.status.code(), Some(2), "{text}\n{}", stdout(&out));
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
        assert!(stdout(&out).is_empty(), "no report: {}", stdout(&out));
    }
}

#[test]
fn an_explicit_exceptions_file_is_used_and_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "deploy/agent.yaml", AGENT);
    write(
        dir.path(),
        "policy/accepted.yaml",
        exception(&format!(
            "    paths: [\"deploy/*.yaml\"]\n{}",
            COVERS_AGENT.replace("    resource: DaemonSet/monitoring/node-agent\n", "")
        )),
    );
    let args = [
        "scan",
        "--fail-on",
        "critical",
        "--exceptions",
        "policy/accepted.yaml",
        "deploy",
    ];
    let out = rampart(&args, dir.path(), "2027-01-01");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("; 1 suppressed (--show-suppressed lists them)"),
        "{}",
        stdout(&out)
    );
    let out = rampart(
        &["scan", "--exceptions", "policy/missing.yaml", "deploy"],
        dir.path(),
        "2027-01-01",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("policy/missing.yaml"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("cannot read exceptions file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn path_globs_are_relative_to_the_project_wherever_the_scan_runs() {
    let paths_only = exception(&format!(
        "    paths: [\"deploy/**\"]\n{}",
        COVERS_AGENT.replace("    resource: DaemonSet/monitoring/node-agent\n", "")
    ));
    let dir = project(&paths_only);
    // From the project root, from inside deploy/, and from above the project.
    for (cwd, path) in [
        (dir.path().to_path_buf(), "deploy"),
        (dir.path().join("deploy"), "."),
        (dir.path().join("deploy"), "agent.yaml"),
    ] {
        let out = rampart(&["scan", "--fail-on", "critical", path], &cwd, "2027-01-01");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{path} in {}: {}",
            cwd.display(),
            stdout(&out)
        );
    }
    let parent = dir.path().parent().unwrap();
    let name = dir
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let target = format!("{name}/deploy");
    let out = rampart(
        &["scan", "--fail-on", "critical", &target],
        parent,
        "2027-01-01",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // A glob for another folder does not cover it.
    let dir = project(&paths_only.replace("deploy/**", "charts/**"));
    let out = rampart(
        &["scan", "--fail-on", "critical", "deploy"],
        dir.path(),
        "2027-01-01",
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn rule_globs_cover_every_rule_they_match() {
    let dir = project(
        "exceptions:\n  - rule: k8s-host-*\n    resource: DaemonSet/monitoring/*\n    reason: node agent\n    owner: team@example.com\n    expires: 2030-01-01\n",
    );
    let out = rampart(
        &["scan", "--format", "json", "deploy"],
        dir.path(),
        "2027-01-01",
    );
    let report = json(&out);
    assert_eq!(rules_of(&report["suppressed"]), ["k8s-host-pid"]);
    assert!(rules_of(&report["findings"]).contains(&"k8s-privileged-container"));
}

const INLINE: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: agent
  namespace: monitoring
spec:
  hostPID: true  # rampart:ignore k8s-host-pid -- the agent reads every process on the node
  containers:
    - name: agent
      image: registry.example.com/agent:1.4.2
      securityContext:
        # checkov:skip=CKV_K8S_16:privileged until the eBPF port ships
        privileged: true
";

#[test]
fn inline_suppressions_are_honoured_and_listed_on_request() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", INLINE);
    let out = rampart(
        &["scan", "--fail-on", "high", "pod.yaml"],
        dir.path(),
        "2027-01-01",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("; 2 suppressed (--show-suppressed lists them)"),
        "{text}"
    );
    assert!(!text.contains("high k8s-host-pid"), "{text}");

    let out = rampart(
        &["scan", "--show-suppressed", "pod.yaml"],
        dir.path(),
        "2027-01-01",
    );
    let text = stdout(&out);
    assert!(text.contains("suppressed (2 findings)"), "{text}");
    assert!(
        text.contains("= suppressed: the agent reads every process on the node"),
        "{text}"
    );
    assert!(
        text.contains("= decision: in-source suppression at pod.yaml:7"),
        "{text}"
    );
    assert!(
        text.contains("= suppressed: privileged until the eBPF port ships"),
        "{text}"
    );
    assert!(
        text.contains("= decision: in-source suppression at pod.yaml:12"),
        "{text}"
    );

    let out = rampart(
        &["scan", "--format", "sarif", "pod.yaml"],
        dir.path(),
        "2027-01-01",
    );
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<_> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["suppressions"][0]["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["inSource", "inSource"]);

    let out = rampart(
        &["scan", "--format", "junit", "pod.yaml"],
        dir.path(),
        "2027-01-01",
    );
    assert_eq!(
        stdout(&out).matches("<skipped").count(),
        2,
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_inline_suppression_without_a_reason_does_not_suppress() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pod.yaml",
        INLINE.replace(" -- the agent reads every process on the node", ""),
    );
    let out = rampart(
        &["scan", "--fail-on", "high", "pod.yaml"],
        dir.path(),
        "2027-01-01",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("high k8s-host-pid"), "{text}");
    assert!(
        text.contains(
            "warning: pod.yaml: line 7: `# rampart:ignore` for k8s-host-pid has no reason"
        ),
        "{text}"
    );
}

#[test]
fn a_peer_comment_suppresses_only_where_the_rule_maps_its_id() {
    let dir = tempfile::tempdir().unwrap();
    // CKV_K8S_17 is Checkov's hostPID check, not the privileged one.
    write(
        dir.path(),
        "pod.yaml",
        INLINE.replace("CKV_K8S_16", "CKV_K8S_17").replace(
            "  # rampart:ignore k8s-host-pid -- the agent reads every process on the node",
            "",
        ),
    );
    let out = rampart(
        &["scan", "--format", "json", "pod.yaml"],
        dir.path(),
        "2027-01-01",
    );
    let report = json(&out);
    // The comment is above `privileged: true`, inside the Pod: Checkov's scope is the resource,
    // so it covers hostPID, and not the privileged container.
    assert_eq!(rules_of(&report["suppressed"]), ["k8s-host-pid"]);
    assert!(rules_of(&report["findings"]).contains(&"k8s-privileged-container"));
}

#[test]
fn rampart_today_must_be_a_date() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", INLINE);
    let out = rampart(&["scan", "pod.yaml"], dir.path(), "tomorrow");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("RAMPART_TODAY"), "{}", stderr(&out));
}
