//! Property tests: reading any JSON as a plan never panics, and every span it gives lies inside
//! the plan's text.

use std::path::Path;

use proptest::prelude::*;
use rampart_terraform::plan::read_plan;
use rampart_terraform::{EvalBody, EvaluatedModule, Project, Value};
use serde_json::{json, Value as Json};

/// Any JSON value, a few levels deep, with the keys a plan uses among random ones.
fn any_json() -> impl Strategy<Value = Json> {
    let key = prop_oneof![
        Just("address".to_owned()),
        Just("type".to_owned()),
        Just("name".to_owned()),
        Just("index".to_owned()),
        Just("values".to_owned()),
        Just("resources".to_owned()),
        Just("child_modules".to_owned()),
        Just("expressions".to_owned()),
        "[a-z_]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        "[a-z0-9_.\\[\\]\"]{0,12}".prop_map(Json::String),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

fn check_body(body: &EvalBody, len: u32) {
    for attribute in &body.attributes {
        assert!(attribute.span.range.end <= len);
        check_value(&attribute.value, len);
    }
}

fn check_value(value: &Value, len: u32) {
    if let Some(origin) = &value.origin {
        assert!(origin.span.range.end <= len);
    }
    for item in value.as_list().unwrap_or_default() {
        check_value(item, len);
    }
    for item in value.as_map().into_iter().flat_map(|m| m.values()) {
        check_value(item, len);
    }
}

fn check_module(module: &EvaluatedModule, len: u32) {
    for instance in &module.resources {
        assert!(instance.span.range.end <= len);
        check_body(&instance.body, len);
    }
    for child in &module.children {
        check_module(child, len);
    }
}

fn read(text: &str) {
    let mut project = Project::new();
    let file = project.add_file("plan.json", text.to_owned());
    let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
    if let Ok(module) = read_plan(file, project.file(file), Path::new(".")) {
        check_module(&module, len);
    }
}

proptest! {
    #[test]
    fn any_json_in_a_plan_shape_reads_without_panicking(
        root in any_json(),
        resources in prop::collection::vec(any_json(), 0..4),
        unknown in any_json(),
        configuration in any_json(),
    ) {
        // Resources with the keys a plan gives, and any values; and any JSON beside them.
        let mut listed: Vec<Json> = resources
            .iter()
            .enumerate()
            .map(|(i, values)| json!({
                "address": if i == 0 { "a.b".to_owned() } else { format!("a.b[{i}]") },
                "mode": "managed",
                "type": "a",
                "name": "b",
                "index": i,
                "values": values,
            }))
            .collect();
        listed.extend(resources);
        let plan = json!({
            "format_version": "1.2",
            "terraform_version": "1.9.5",
            "planned_values": {"root_module": {"resources": listed, "child_modules": [root]}},
            "resource_changes": [{"address": "a.b", "change": {"after_unknown": unknown}}],
            "configuration": {"root_module": configuration},
        });
        read(&plan.to_string());
    }

    #[test]
    fn any_text_reads_without_panicking(text in "\\PC{0,200}") {
        read(&text);
    }
}
