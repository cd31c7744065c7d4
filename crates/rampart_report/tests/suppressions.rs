//! Reports of a scan with decisions on record: suppressed findings stay in every format (counted
//! in the text summary and listed with `show_suppressed`, in JSON's `suppressed`, as SARIF results
//! with `suppressions`, as skipped JUnit test cases), an expired exception's note travels with its
//! finding, and stale exceptions are warnings. The JSON report stays valid against its schema and
//! the SARIF log against SARIF 2.1.0.

mod common;

use rampart_diagnostics::{Framework, ScanResult, StaleException, Suppression, SuppressionKind};
use rampart_report::{render_json, render_junit, render_sarif, render_text, TextOptions};
use rampart_source::{LineCol, Location, TextRange};
use serde_json::{json, Value};

const NOTE: &str =
    "exception at .rampart/exceptions.yaml:9 (owner team-payments@example.com) expired on 2026-12-31";

/// The common scan with the first privileged container suppressed by an exception, the second by
/// an inline comment, an expired exception's note on the hostPID finding, and a stale exception.
fn decided_result() -> ScanResult {
    let mut result = common::scan_result();
    let mut kept = Vec::new();
    for mut finding in std::mem::take(&mut result.findings) {
        if finding.message == "container \"app\" runs privileged" {
            finding.suppression = Some(Suppression {
                kind: SuppressionKind::External,
                justification: "Node agent needs privileges until the migration ships".into(),
                owner: Some("team-payments@example.com".into()),
                expires: Some("2027-03-31".into()),
                ticket: Some("https://tracker.example.com/SEC-142".into()),
                origin: ".rampart/exceptions.yaml:2".into(),
            });
            result.suppressed.push(finding);
        } else if finding.message.contains("sidecär") {
            finding.suppression = Some(Suppression {
                kind: SuppressionKind::InSource,
                justification: "the sidecar is the node agent's helper".into(),
                owner: None,
                expires: None,
                ticket: None,
                origin: format!("{}:20", common::APP_PATH),
            });
            result.suppressed.push(finding);
        } else {
            if finding.rule.id == "k8s-host-pid" {
                finding.notes.push(NOTE.into());
            }
            kept.push(finding);
        }
    }
    result.findings = kept;
    // Suppressed findings do not fail a control: Privileged Containers (and CIS 5.2.2) pass now,
    // and the MITRE T1611 control fails on the escalation findings alone.
    for score in &mut result.compliance {
        score
            .failed_controls
            .retain(|c| c.control != "Privileged Containers" && c.control != "5.2.2");
        for failed in &mut score.failed_controls {
            if failed.control == "T1611" {
                failed.rules.retain(|id| *id != "k8s-privileged-container");
                failed.findings = 2;
            }
        }
        score.controls_passed = score.controls_applicable - score.failed_controls.len();
        if score.framework == Framework::Cis {
            score.resources_passing = 2;
        }
    }
    let position = LineCol {
        line: 16,
        column: 5,
    };
    result.stale_exceptions.push(StaleException {
        location: Location {
            path: ".rampart/exceptions.yaml".into(),
            range: TextRange::empty(300),
            start: position,
            end: position,
        },
        rule: "k8s-host-network".into(),
        message: "exception for k8s-host-network in Pod/web matches no finding; remove it, or correct what it covers".into(),
    });
    result
}

fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// As in `schema.rs`: forbid properties the schema does not list.
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

fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect()
}

fn json_schema() -> Value {
    let mut schema = load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/schema/report-v1.json"
    ));
    closed(&mut schema);
    schema
}

const PLAIN: TextOptions = TextOptions {
    color: false,
    verbose: false,
    show_suppressed: false,
    compliance_threshold: None,
};

#[test]
fn the_json_report_carries_every_decision() {
    let result = decided_result();
    let report: Value = serde_json::from_str(&render_json(&result)).expect("JSON");
    let schema = json_schema();
    let problems = errors(&schema, &report);
    assert!(problems.is_empty(), "invalid:\n{}", problems.join("\n"));

    assert_eq!(report["summary"]["suppressed"], json!(2));
    assert_eq!(report["summary"]["findings"], json!(result.findings.len()));
    let suppressed = report["suppressed"].as_array().expect("suppressed");
    assert_eq!(suppressed.len(), 2);
    let external = &suppressed[0]["suppression"];
    assert_eq!(external["kind"], "external");
    assert_eq!(external["owner"], "team-payments@example.com");
    assert_eq!(external["expires"], "2027-03-31");
    assert_eq!(external["ticket"], "https://tracker.example.com/SEC-142");
    assert_eq!(external["origin"], ".rampart/exceptions.yaml:2");
    let in_source = &suppressed[1]["suppression"];
    assert_eq!(in_source["kind"], "in-source");
    assert_eq!(in_source["owner"], Value::Null);
    assert_eq!(in_source["origin"], "deploy/app.yaml:20");
    for finding in report["findings"].as_array().expect("findings") {
        assert_eq!(finding["suppression"], Value::Null);
    }
    let noted: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["notes"] == json!([NOTE]))
        .collect();
    assert_eq!(noted.len(), 1);
    assert_eq!(noted[0]["rule_id"], "k8s-host-pid");
    assert_eq!(report["stale_exceptions"][0]["rule"], "k8s-host-network");
    assert_eq!(
        report["stale_exceptions"][0]["location"]["start"],
        json!({"line": 16, "column": 5})
    );

    // The schema holds the line: a suppressed entry must say why, and kinds are a closed set.
    let mut broken = report.clone();
    broken["suppressed"][0]["suppression"] = Value::Null;
    assert!(!errors(&schema, &broken).is_empty());
    let mut broken = report.clone();
    broken["suppressed"][0]["suppression"]["kind"] = json!("inline");
    assert!(!errors(&schema, &broken).is_empty());
    let mut broken = report;
    broken["suppressed"][0]["suppression"]["expires"] = json!("31/03/2027");
    assert!(!errors(&schema, &broken).is_empty());
}

#[test]
fn sarif_results_carry_suppressions_and_stay_valid() {
    let result = decided_result();
    let sarif: Value = serde_json::from_str(&render_sarif(&result)).expect("JSON");
    let schema = load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/schema/sarif-schema-2.1.0.json"
    ));
    let problems = errors(&schema, &sarif);
    assert!(problems.is_empty(), "invalid:\n{}", problems.join("\n"));

    let run = &sarif["runs"][0];
    let results = run["results"].as_array().expect("results");
    assert_eq!(
        results.len(),
        result.findings.len() + result.suppressed.len()
    );
    let suppressed: Vec<&Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 2);
    let external = suppressed
        .iter()
        .map(|r| &r["suppressions"][0])
        .find(|s| s["kind"] == "external")
        .expect("an external suppression");
    assert_eq!(external["status"], "accepted");
    assert_eq!(
        external["justification"],
        "Node agent needs privileges until the migration ships"
    );
    assert_eq!(
        external["location"]["physicalLocation"]["artifactLocation"]["uri"],
        ".rampart/exceptions.yaml"
    );
    assert_eq!(
        external["location"]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert_eq!(external["properties"]["owner"], "team-payments@example.com");
    assert_eq!(external["properties"]["expires"], "2027-03-31");
    assert_eq!(
        external["properties"]["ticket"],
        "https://tracker.example.com/SEC-142"
    );
    let in_source = suppressed
        .iter()
        .map(|r| &r["suppressions"][0])
        .find(|s| s["kind"] == "inSource")
        .expect("an in-source suppression");
    assert_eq!(
        in_source["location"]["physicalLocation"]["region"]["startLine"],
        20
    );
    assert!(results
        .iter()
        .any(|r| r["properties"]["notes"] == json!([NOTE])));
    let stale = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notifications")
        .iter()
        .find(|n| n["properties"]["kind"] == "stale-exception")
        .expect("a stale-exception notification");
    assert_eq!(stale["level"], "warning");
    assert_eq!(
        stale["locations"][0]["physicalLocation"]["region"]["startLine"],
        16
    );
}

#[test]
fn text_counts_suppressed_findings_and_lists_them_when_asked() {
    let result = decided_result();
    let text = render_text(&result, &PLAIN);
    // The summary line (a baseline line and the compliance table may follow it).
    let summary = text
        .lines()
        .find(|l| l.contains(" findings: ") || l.starts_with("no findings"))
        .unwrap_or("");
    assert!(
        summary.ends_with("; 2 suppressed (--show-suppressed lists them)"),
        "{summary}"
    );
    assert!(!text.contains("Node agent needs privileges"), "{text}");
    assert!(text.contains(&format!("= note: {NOTE}")), "{text}");
    assert!(
        text.contains("warning: .rampart/exceptions.yaml:16:5: exception for k8s-host-network"),
        "{text}"
    );

    let shown = render_text(
        &result,
        &TextOptions {
            show_suppressed: true,
            compliance_threshold: None,
            ..PLAIN
        },
    );
    assert!(shown.contains("suppressed (2 findings)"), "{shown}");
    assert!(shown.contains("= suppressed: Node agent needs privileges until the migration ships"));
    assert!(shown.contains("= decision: exception at .rampart/exceptions.yaml:2 (owner team-payments@example.com, expires 2027-03-31, ticket https://tracker.example.com/SEC-142)"), "{shown}");
    assert!(shown.contains("= decision: in-source suppression at deploy/app.yaml:20"));
    assert!(shown.contains("; 2 suppressed\n") || shown.trim_end().ends_with("; 2 suppressed"));
    insta::assert_snapshot!(shown);
}

#[test]
fn junit_lists_suppressed_findings_as_skipped() {
    let xml = render_junit(&decided_result());
    assert_eq!(
        xml.matches("<skipped").count(),
        1,
        "one case: same rule, same resource\n{xml}"
    );
    assert!(xml.contains("type=\"suppressed\""), "{xml}");
    assert!(xml.contains("Node agent needs privileges until the migration ships"));
    assert!(
        xml.contains("the sidecar is the node agent&apos;s helper")
            || xml.contains("the sidecar is the node agent's helper"),
        "{xml}"
    );
}

#[test]
fn a_scan_without_decisions_renders_as_before() {
    let result = common::scan_result();
    let text = render_text(&result, &PLAIN);
    assert!(!text.contains("suppressed"), "{text}");
    let report: Value = serde_json::from_str(&render_json(&result)).expect("JSON");
    assert_eq!(report["suppressed"], json!([]));
    assert_eq!(report["stale_exceptions"], json!([]));
    assert_eq!(report["summary"]["suppressed"], json!(0));
    let sarif = render_sarif(&result);
    assert!(!sarif.contains("suppressions"));
    assert!(!render_junit(&result).contains("<skipped"));
}
