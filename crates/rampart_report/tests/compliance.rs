//! Compliance scores in every report: the text table and the lines for frameworks below
//! `--compliance-threshold`, the JSON `compliance` block (valid against the schema, with a null
//! score when nothing applies), and the same data under SARIF's `run.properties.compliance`.

mod common;

use rampart_diagnostics::{Framework, FrameworkScore, ScanResult};
use rampart_report::{compliance_shortfalls, render_json, render_sarif, render_text, TextOptions};
use serde_json::{json, Value};

/// The common scan with the suppression-free scores, plus NSA with nothing applicable.
fn result() -> ScanResult {
    let mut result = common::scan_result();
    result.compliance.insert(
        0,
        FrameworkScore {
            framework: Framework::Nsa,
            controls_total: 1,
            controls_applicable: 0,
            controls_passed: 0,
            resources_total: 0,
            resources_passing: 0,
            failed_controls: Vec::new(),
        },
    );
    // Half the baseline controls pass.
    for score in &mut result.compliance {
        if score.framework == Framework::PssBaseline {
            score.failed_controls.remove(0);
            score.controls_passed = 1;
        }
    }
    result
}

fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_valid(schema: &Value, instance: &Value) {
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "invalid:\n{}", errors.join("\n"));
}

#[test]
fn the_text_report_ends_with_the_table() {
    let text = render_text(&result(), &TextOptions::default());
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("framework "))
        .collect();
    assert_eq!(
        table,
        [
            "framework       controls passed  score  resources passing  name",
            "nsa                         0/0    n/a                0/0  NSA-CISA Kubernetes Hardening Guide",
            "mitre                       0/2   0.0%                0/2  MITRE ATT&CK",
            "cis                         0/1   0.0%                1/2  CIS Kubernetes Benchmark",
            "pss-baseline                1/2  50.0%                1/2  Pod Security Standards (baseline)",
            "pss-restricted              0/3   0.0%                0/2  Pod Security Standards (restricted)",
        ]
    );
    // Nothing scored, no table.
    let unscored = render_text(&ScanResult::default(), &TextOptions::default());
    assert!(!unscored.contains("framework"), "{unscored}");
}

#[test]
fn frameworks_below_the_threshold_are_named_with_their_failed_controls() {
    let result = result();
    assert_eq!(
        compliance_shortfalls(&result, 50),
        [
            "mitre scores 0.0%, below the threshold of 50% (failed controls: T1548.001, T1611)",
            "cis scores 0.0%, below the threshold of 50% (failed controls: 5.2.2)",
            "pss-restricted scores 0.0%, below the threshold of 50% (failed controls: Host \
             Namespaces, Privilege Escalation, Privileged Containers)",
        ]
    );
    // A framework with nothing applicable has no score, and is below no threshold.
    assert!(compliance_shortfalls(&result, 100)
        .iter()
        .all(|line| !line.starts_with("nsa")));
    assert!(compliance_shortfalls(&result, 0).is_empty());

    let options = TextOptions {
        compliance_threshold: Some(50),
        ..TextOptions::default()
    };
    let text = render_text(&result, &options);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("compliance: "))
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("compliance: mitre scores 0.0%, below the threshold of 50%"));
    // Without a threshold, no such line.
    let text = render_text(&result, &TextOptions::default());
    assert!(!text.contains("below the threshold"), "{text}");

    // In colour, the scores below the threshold are red, and only those.
    let coloured = render_text(
        &result,
        &TextOptions {
            color: true,
            ..options
        },
    );
    assert!(coloured.contains("\x1b[1;31m 0.0%\x1b[0m"), "{coloured}");
    assert!(!coloured.contains("\x1b[1;31m50.0%"), "{coloured}");
}

#[test]
fn json_and_sarif_carry_the_same_compliance_block() {
    let result = result();
    let report: Value = serde_json::from_str(&render_json(&result)).expect("JSON");
    let compliance = &report["compliance"];
    assert_eq!(compliance[0]["framework"], json!("nsa"));
    assert_eq!(compliance[0]["score"], Value::Null);
    assert_eq!(compliance[3]["framework"], json!("pss-baseline"));
    assert_eq!(compliance[3]["score"], json!(50.0));
    assert_eq!(
        compliance[3]["failed_controls"],
        json!([{
            "control": "Privileged Containers",
            "rules": ["k8s-privileged-container"],
            "findings": 2
        }])
    );
    assert_valid(
        &load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/schema/report-v1.json"
        )),
        &report,
    );

    let sarif: Value = serde_json::from_str(&render_sarif(&result)).expect("SARIF");
    assert_eq!(&sarif["runs"][0]["properties"]["compliance"], compliance);
    assert_valid(
        &load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schema/sarif-schema-2.1.0.json"
        )),
        &sarif,
    );
    // A run with no scores has no properties.
    let unscored: Value =
        serde_json::from_str(&render_sarif(&ScanResult::default())).expect("SARIF");
    assert!(unscored["runs"][0].get("properties").is_none());
}

#[test]
fn the_schema_rejects_a_broken_compliance_block() {
    let mut schema = load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/schema/report-v1.json"
    ));
    // As in `schema.rs`: forbid properties the schema does not list.
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
    closed(&mut schema);
    let validator = jsonschema::draft7::new(&schema).expect("the schema compiles");
    let report: Value = serde_json::from_str(&render_json(&result())).expect("JSON");
    assert!(validator.is_valid(&report));
    type Edit = fn(&mut Value);
    let edits: [(&str, Edit); 4] = [
        ("an unknown framework", |r| {
            r["compliance"][0]["framework"] = json!("iso-27001");
        }),
        ("a score over 100", |r| {
            r["compliance"][1]["score"] = json!(100.5)
        }),
        ("a failed control without rules", |r| {
            r["compliance"][1]["failed_controls"][0]["rules"] = json!([]);
        }),
        ("an undocumented field", |r| {
            r["compliance"][1]["weight"] = json!(1);
        }),
    ];
    for (what, edit) in edits {
        let mut broken = report.clone();
        edit(&mut broken);
        assert!(!validator.is_valid(&broken), "{what} passed validation");
    }
}
