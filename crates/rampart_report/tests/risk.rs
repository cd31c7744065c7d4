//! Risk scores in every report: the text report's order, `(risk N)` and the `--top` section;
//! the JSON `risk` object (valid against the published schema); SARIF's `rank` and
//! `properties` (valid against SARIF 2.1.0), results riskiest first.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod common;

use rampart_diagnostics::{PathStep, Risk, ScanResult};
use rampart_report::{render_json, render_sarif, render_text, render_top_risks, TextOptions};
use serde_json::Value;

/// No colour, nothing verbose: the defaults.
fn plain() -> TextOptions {
    TextOptions::default()
}

/// The common fixture, scored: the chart's escalation finding (medium, in a context that adds
/// every factor) is the riskiest, then the privileged containers, with a path on the first.
fn scored() -> ScanResult {
    let mut result = common::scan_result();
    for finding in &mut result.findings {
        let (score, reasons): (u32, &[&str]) = match (finding.rule.id, finding.route.as_deref()) {
            ("k8s-allow-privilege-escalation", Some(route)) if route.starts_with("spec.containers") => (
                80,
                &[
                    "medium severity: 30",
                    "+15 exposed: LoadBalancer Service web selects its pods",
                    "+10 privileged: shares the host's PID namespace",
                    "+10 powerful service account: its pods' token (ServiceAccount web) holds ClusterRole cluster-admin (every verb on every resource) by ClusterRoleBinding web",
                    "+10 reaches the host: mounts the container runtime socket /run/containerd/containerd.sock",
                    "+5 reaches data: reads Secret web (env TOKEN of container \"web\")",
                ],
            ),
            ("k8s-privileged-container", _) => (75, &["critical severity: 75"]),
            ("k8s-host-pid", _) => (65, &["high severity: 55", "+10 privileged: shares the host's PID namespace"]),
            _ => (30, &["medium severity: 30"]),
        };
        finding.risk = Some(Risk {
            score,
            reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
            path: Vec::new(),
        });
    }
    let first = result
        .findings
        .iter_mut()
        .find(|f| f.message.contains("\"app\" runs privileged"))
        .unwrap();
    let location = first.location.clone();
    first.risk.as_mut().unwrap().path = vec![
        PathStep {
            description: "LoadBalancer Service payments/api is reachable from outside the cluster"
                .into(),
            location: None,
        },
        PathStep {
            description: "Deployment payments/payments-api runs container \"app\" privileged"
                .into(),
            location: Some(location),
        },
    ];
    result
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn the_text_report_puts_the_riskiest_file_and_finding_first() {
    let text = render_text(&scored(), &plain());
    let headers: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(" (risk ") || l.ends_with("findings)") || l.ends_with("finding)"))
        .collect();
    assert_eq!(
        headers,
        [
            "rendered/web chart.yaml (1 finding)",
            "medium k8s-allow-privilege-escalation: Container allows privilege escalation (risk 80)",
            "deploy/app.yaml (4 findings)",
            "critical k8s-privileged-container: Container runs privileged (risk 75)",
            "critical k8s-privileged-container: Container runs privileged (risk 75)",
            "high k8s-host-pid: Pod shares the host's process namespace (risk 65)",
            "medium k8s-allow-privilege-escalation: Container allows privilege escalation (risk 30)",
        ]
    );
}

#[test]
fn the_top_section_gives_each_score_its_reasons_and_path() {
    let result = scored();
    insta::assert_snapshot!("top_risks", render_top_risks(&result, 2, &plain()));
    // More than there are lists them all; none gives nothing to print.
    let all = render_top_risks(&result, 100, &plain());
    assert!(all.starts_with("Top 5 risks of 5 findings\n"), "{all}");
    assert_eq!(render_top_risks(&common::clean_result(), 3, &plain()), "");
}

/// The published schema, with every object closed (as tests/schema.rs does), so that a field
/// missing from the schema fails.
fn json_schema() -> jsonschema::Validator {
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
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/schema/report-v1.json"
    );
    let mut schema = parse(&std::fs::read_to_string(path).unwrap());
    closed(&mut schema);
    jsonschema::draft7::new(&schema).unwrap()
}

#[test]
fn json_findings_carry_their_risk_riskiest_first() {
    let result = scored();
    let report = parse(&render_json(&result));
    let validator = json_schema();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    let findings = report["findings"].as_array().unwrap();
    // Riskiest first, as the documentation promises.
    let scores: Vec<u64> = findings
        .iter()
        .map(|f| f["risk"]["score"].as_u64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let privileged = findings
        .iter()
        .find(|f| f["message"] == "container \"app\" runs privileged")
        .unwrap();
    assert_eq!(privileged["risk"]["score"], 75);
    assert_eq!(privileged["risk"]["reasons"][0], "critical severity: 75");
    assert_eq!(privileged["risk"]["path"][0]["location"], Value::Null);
    assert_eq!(
        privileged["risk"]["path"][1]["location"]["start"]["line"],
        16
    );

    // A finding without a score has `risk: null`, which the schema allows too.
    let unscored = parse(&render_json(&common::scan_result()));
    assert_eq!(unscored["findings"][0]["risk"], Value::Null);
    assert!(validator.is_valid(&unscored));
}

#[test]
fn sarif_ranks_results_by_risk_and_stays_valid() {
    let sarif = parse(&render_sarif(&scored()));
    let schema_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/schema/sarif-schema-2.1.0.json"
    );
    let schema = parse(&std::fs::read_to_string(schema_path).unwrap());
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let ranks: Vec<f64> = results
        .iter()
        .map(|r| r["rank"].as_f64().unwrap())
        .collect();
    assert_eq!(ranks, [80.0, 75.0, 75.0, 65.0, 30.0]);
    assert_eq!(results[0]["properties"]["risk-score"], 80);
    assert_eq!(
        results[0]["properties"]["risk-reasons"][1],
        "+15 exposed: LoadBalancer Service web selects its pods"
    );
    // Unscored results have no rank.
    let unscored = parse(&render_sarif(&common::scan_result()));
    assert!(unscored["runs"][0]["results"][0].get("rank").is_none());
}
