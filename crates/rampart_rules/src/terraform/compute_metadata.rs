//! Compute Engine metadata (`metadata` maps of instances, templates and the project, and
//! `google_compute_project_metadata_item`), for the rules that judge one of its keys.

use rampart_terraform::{EvalAttribute, EvalBody, Span, Value};

use super::{is_one_of, route, Resource, TfContext};

/// The resources whose `metadata` map sets keys for their instances (the project's applies to
/// every instance of the project).
pub const METADATA_KINDS: [&str; 4] = [
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_instance_from_template",
    "google_compute_project_metadata",
];

/// Every resource type that can set a metadata key.
pub const ALL_KINDS: [&str; 5] = [
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_instance_from_template",
    "google_compute_project_metadata",
    "google_compute_project_metadata_item",
];

/// A metadata key set by a resource: the attribute to report, the value, and its route.
pub struct MetadataValue<'a> {
    pub attribute: &'a EvalAttribute,
    /// Where to report: the key's value inside the map (or the attribute).
    pub span: Span,
    pub value: &'a Value,
    pub route: String,
}

/// The value `resource` gives the metadata key `key`, if it sets it (null values count as not
/// set).
#[must_use]
pub fn metadata_value<'a>(resource: &Resource<'a>, key: &str) -> Option<MetadataValue<'a>> {
    let body = &resource.instance.body;
    if resource.is("google_compute_project_metadata_item") {
        let named = body
            .attribute("key")
            .is_some_and(|k| is_one_of(&k.value, &[key]));
        let attribute = body.attribute("value").filter(|_| named)?;
        return (!attribute.value.is_null()).then(|| MetadataValue {
            attribute,
            span: attribute.span,
            value: &attribute.value,
            route: "value".to_owned(),
        });
    }
    if !resource.is_any(&METADATA_KINDS) {
        return None;
    }
    metadata_entry(body, "", key)
}

/// The value the `metadata` map of `body` (reached by `prefix`: `node_config`) gives `key`, if
/// it sets it (null values count as not set).
#[must_use]
pub fn metadata_entry<'a>(
    body: &'a EvalBody,
    prefix: &str,
    key: &str,
) -> Option<MetadataValue<'a>> {
    let attribute = body.attribute("metadata")?;
    let value = attribute.value.get(key).filter(|v| !v.is_null())?;
    // The value's expression, when it is written inside the map.
    let span = value
        .origin
        .as_ref()
        .map(|o| o.span)
        .filter(|s| s.file == attribute.span.file && attribute.span.range.contains_range(s.range))
        .unwrap_or(attribute.span);
    Some(MetadataValue {
        attribute,
        span,
        value,
        route: route(&route(prefix, "metadata"), key),
    })
}

/// The boolean a metadata value means (`true`, `TRUE`, `1`; `false`, `FALSE`, `0`), if known.
#[must_use]
pub fn metadata_bool(value: &Value) -> Option<bool> {
    if let Some(b) = value.as_bool() {
        return Some(b);
    }
    let text = value.to_plain_string()?;
    let text = text.trim();
    if text == "1" || text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text == "0" || text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Reports the metadata key `set` at its value, with where the value was set.
pub fn report_entry(cx: &mut TfContext<'_>, set: &MetadataValue<'_>, message: String) {
    cx.report_value_at(set.span, set.attribute, set.value, &set.route, message);
}
