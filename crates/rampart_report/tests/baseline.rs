//! Reports of a scan with a baseline: the findings it records are left out of every format but
//! SARIF, which carries them as `unchanged`; the JSON report stays valid against its schema and
//! the SARIF log against SARIF 2.1.0.

mod common;

use rampart_diagnostics::{BaselineSummary, ScanResult};
use rampart_report::{render_json, render_junit, render_sarif, render_text, TextOptions};
use serde_json::{json, Value};

/// The common scan with its first two findings recorded in a baseline, and one stale entry.
fn baselined_result() -> ScanResult {
    let mut result = common::scan_result();
    let recorded: Vec<_> = result.findings.drain(..2).collect();
    result.baselined = recorded;
    result.baseline = Some(BaselineSummary {
        path: ".rampart/baseline.json".into(),
        matched: 2,
        fixed: 1,
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
fn the_json_report_leaves_baselined_findings_out_and_says_so() {
    let result = baselined_result();
    let report: Value = serde_json::from_str(&render_json(&result)).expect("JSON");
    assert_eq!(report["summary"]["findings"], json!(result.findings.len()));
    assert_eq!(
        report["findings"].as_array().map(Vec::len),
        Some(result.findings.len())
    );
    assert_eq!(
        report["baseline"],
        json!({ "path": ".rampart/baseline.json", "matched": 2, "fixed": 1 })
    );
    let mut schema = load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/schema/report-v1.json"
    ));
    closed(&mut schema);
    assert_valid(&schema, &report);

    let plain: Value = serde_json::from_str(&render_json(&common::scan_result())).expect("JSON");
    assert_eq!(plain["baseline"], Value::Null);
    assert_valid(&schema, &plain);
}

#[test]
fn sarif_marks_results_new_or_unchanged() {
    let result = baselined_result();
    let sarif: Value = serde_json::from_str(&render_sarif(&result)).expect("JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(
        results.len(),
        result.findings.len() + result.baselined.len()
    );
    let states = |state: &str| {
        results
            .iter()
            .filter(|r| r["baselineState"] == json!(state))
            .count()
    };
    assert_eq!(states("unchanged"), 2);
    assert_eq!(states("new"), result.findings.len());
    assert_valid(
        &load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schema/sarif-schema-2.1.0.json"
        )),
        &sarif,
    );

    // Without a baseline, no result has a state.
    let plain = render_sarif(&common::scan_result());
    assert!(!plain.contains("baselineState"));
}

#[test]
fn text_says_what_the_baseline_left_out() {
    let result = baselined_result();
    let text = render_text(&result, &TextOptions::default());
    // The line under the summary (the compliance table follows it).
    let line = |text: &str| {
        text.lines()
            .find(|l| l.contains(" in the baseline ("))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        line(&text),
        "2 findings in the baseline (.rampart/baseline.json) not shown; 1 baseline entry is fixed \
         (`rampart baseline create` refreshes it)"
    );
    for finding in &result.baselined {
        assert!(!text.contains(&finding.message), "{text}");
    }

    let mut nothing_fixed = result.clone();
    nothing_fixed.baseline = Some(BaselineSummary {
        path: "b.json".into(),
        matched: 1,
        fixed: 0,
    });
    let text = render_text(&nothing_fixed, &TextOptions::default());
    assert_eq!(line(&text), "1 finding in the baseline (b.json) not shown");
}

#[test]
fn junit_leaves_baselined_findings_out() {
    let result = baselined_result();
    let junit = render_junit(&result);
    for finding in &result.baselined {
        assert!(!junit.contains(&finding.message), "{junit}");
    }
}
