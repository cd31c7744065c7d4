//! The JSON report validates against its published schema (`docs/schema/report-v1.json`), and
//! SARIF against the OASIS SARIF 2.1.0 schema; broken documents fail, so the validation is known
//! to be strict enough to mean something.

mod common;

use rampart_diagnostics::ScanResult;
use rampart_report::{render_json, render_sarif};
use serde_json::{json, Value};

fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A draft 7 validator that checks `format`s too (the crate skips them unless asked).
fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value) {
    let errors = errors(validator, instance);
    assert!(
        errors.is_empty(),
        "invalid:\n{}\n{instance:#}",
        errors.join("\n")
    );
}

fn assert_invalid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    assert!(
        !errors(validator, instance).is_empty(),
        "{what} passed validation"
    );
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("the report is JSON")
}

// --- JSON report ----------------------------------------------------------------------------

/// The published schema lets later v1 releases add properties. The tests forbid them, so that
/// a field added to the output but not to the schema (and docs) fails here.
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

fn json_validator() -> jsonschema::Validator {
    let mut schema = load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/schema/report-v1.json"
    ));
    assert!(
        jsonschema::draft7::meta::is_valid(&schema),
        "report-v1.json is not a valid draft 7 schema"
    );
    closed(&mut schema);
    validator(&schema)
}

#[test]
fn the_json_report_matches_its_schema() {
    let validator = json_validator();
    for result in [
        common::scan_result(),
        common::clean_result(),
        ScanResult::default(),
    ] {
        assert_valid(&validator, &parse(&render_json(&result)));
    }
}

#[test]
fn the_json_schema_rejects_broken_reports() {
    let validator = json_validator();
    let report = parse(&render_json(&common::scan_result()));
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut report = report.clone();
        edit(&mut report);
        report
    };
    let cases: [(&str, Value); 6] = [
        (
            "a missing version",
            broken(&|r| drop(r.as_object_mut().map(|o| o.remove("version")))),
        ),
        ("version 2", broken(&|r| r["version"] = json!(2))),
        (
            "an unknown severity",
            broken(&|r| r["findings"][0]["severity"] = json!("fatal")),
        ),
        (
            "line 0",
            broken(&|r| r["findings"][0]["location"]["start"]["line"] = json!(0)),
        ),
        (
            "a short fingerprint",
            broken(&|r| r["findings"][0]["fingerprint"] = json!("abc")),
        ),
        (
            "an undocumented field",
            broken(&|r| r["findings"][0]["extra"] = json!(true)),
        ),
    ];
    for (what, instance) in &cases {
        assert_invalid(&validator, instance, what);
    }
}

// --- SARIF ----------------------------------------------------------------------------------

fn sarif_validator() -> jsonschema::Validator {
    validator(&load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/schema/sarif-schema-2.1.0.json"
    )))
}

#[test]
fn sarif_matches_the_sarif_2_1_0_schema() {
    let validator = sarif_validator();
    let sarif = parse(&render_sarif(&common::scan_result()));
    // The fixture exercises what could go wrong: related locations, input errors with and
    // without a region, and a path that needs percent-encoding.
    let run = &sarif["runs"][0];
    assert!(run["results"]
        .as_array()
        .is_some_and(|r| r.iter().any(|r| r.get("relatedLocations").is_some())));
    assert_eq!(run["invocations"][0]["executionSuccessful"], json!(false));
    assert!(sarif.to_string().contains("web%20chart.yaml"));
    assert_valid(&validator, &sarif);

    for result in [common::clean_result(), ScanResult::default()] {
        assert_valid(&validator, &parse(&render_sarif(&result)));
    }
}

#[test]
fn sarif_points_every_result_at_its_rule() {
    let sarif = parse(&render_sarif(&common::scan_result()));
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), common::scan_result().rules.len());
    for result in run["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex");
        let index = usize::try_from(index).expect("small index");
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(
            result["partialFingerprints"]["rampart/v1"]
                .as_str()
                .map(str::len),
            Some(16)
        );
    }
    assert_eq!(run["invocations"][0]["executionSuccessful"], json!(false));
    let clean = parse(&render_sarif(&common::clean_result()));
    assert_eq!(
        clean["runs"][0]["invocations"][0]["executionSuccessful"],
        json!(true)
    );
}

#[test]
fn the_sarif_schema_rejects_broken_logs() {
    let validator = sarif_validator();
    let log = parse(&render_sarif(&common::scan_result()));
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut log = log.clone();
        edit(&mut log);
        log
    };
    let region = "/runs/0/results/0/locations/0/physicalLocation/region";
    let artifact = "/runs/0/results/0/locations/0/physicalLocation/artifactLocation";
    let cases: [(&str, Value); 7] = [
        (
            "a missing version",
            broken(&|l| drop(l.as_object_mut().map(|o| o.remove("version")))),
        ),
        ("version 2.0.0", broken(&|l| l["version"] = json!("2.0.0"))),
        (
            "startLine 0",
            broken(&|l| {
                if let Some(r) = l.pointer_mut(region) {
                    r["startLine"] = json!(0);
                }
            }),
        ),
        (
            "a level of fatal",
            broken(&|l| l["runs"][0]["results"][0]["level"] = json!("fatal")),
        ),
        (
            "a uri with a space",
            broken(&|l| {
                if let Some(a) = l.pointer_mut(artifact) {
                    a["uri"] = json!("rendered/web chart.yaml");
                }
            }),
        ),
        (
            "an informationUri that is not a URI",
            broken(&|l| {
                l["runs"][0]["tool"]["driver"]["informationUri"] = json!("not a uri");
            }),
        ),
        (
            "a duplicated tag",
            broken(&|l| {
                l["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["tags"] =
                    json!(["a", "a"]);
            }),
        ),
    ];
    for (what, instance) in &cases {
        assert_ne!(instance, &log, "the edit for {what} did not change the log");
        assert_invalid(&validator, instance, what);
    }
}
