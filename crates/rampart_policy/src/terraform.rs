//! Terraform resource instances as policy input, and where a result's `path` points in them.
//!
//! Each instance of a resource or data source (after `count` and `for_each`, in every module
//! instance) is one input, with its attributes evaluated as Terraform would before apply. The
//! shape follows the resources of `terraform show -json` (planned values and resource changes),
//! so a policy written against plan JSON reads the same fields:
//!
//! ```json
//! {
//!   "address": "module.logs.aws_s3_bucket.this[0]",
//!   "module_address": "module.logs",
//!   "mode": "managed",
//!   "type": "aws_s3_bucket",
//!   "name": "this",
//!   "index": 0,
//!   "values": { "bucket": "acme-logs", "versioning": [ { "enabled": true } ] },
//!   "after_unknown": { "arn": true }
//! }
//! ```
//!
//! - `values` holds what is known: attributes, and nested blocks as arrays of objects. A value
//!   that cannot be known before apply (a computed attribute, a data source's result, an output
//!   of a module that is not on disk, a variable with no value) is left out of `values` (as
//!   `null` inside a list, to keep the indices) and marked `true` at the same place in
//!   `after_unknown`, as plan JSON does. `not input.values.x` is true both when `x` is not set
//!   and when it is unknown; `not input.after_unknown.x` tells them apart.
//! - `module_address` is absent in the root module; `index` is the `count` index or the
//!   `for_each` key, absent without them (and when the instances depend on a value not known
//!   before apply: then one input stands for all of them).

use std::fmt::Write as _;

use rampart_terraform::{
    EvalAttribute, EvalBlock, EvalBody, InstanceKey, Kind, Mode, ResourceInstance, Span, Value,
};
use serde_json::{Map, Number, Value as Json};

use crate::input::Step;

/// The input document for one resource instance, in the module instance at `module_address`
/// (empty for the root module).
#[must_use]
pub fn input(instance: &ResourceInstance, module_address: &str) -> Json {
    let mut map = Map::new();
    map.insert("address".into(), Json::from(instance.address.clone()));
    if !module_address.is_empty() {
        map.insert("module_address".into(), Json::from(module_address));
    }
    let mode = match instance.mode {
        Mode::Managed => "managed",
        Mode::Data => "data",
    };
    map.insert("mode".into(), Json::from(mode));
    map.insert("type".into(), Json::from(instance.kind.clone()));
    map.insert("name".into(), Json::from(instance.name.clone()));
    match &instance.key {
        Some(InstanceKey::Index(i)) => {
            map.insert("index".into(), Json::from(*i));
        }
        Some(InstanceKey::Key(key)) => {
            map.insert("index".into(), Json::from(key.clone()));
        }
        Some(InstanceKey::Unknown) | None => {}
    }
    let body = instance.body.to_value();
    map.insert(
        "values".into(),
        known(&body).unwrap_or(Json::Object(Map::new())),
    );
    map.insert(
        "after_unknown".into(),
        unknown(&body).unwrap_or(Json::Object(Map::new())),
    );
    Json::Object(map)
}

/// The known part of `value`: `None` when it is unknown.
fn known(value: &Value) -> Option<Json> {
    Some(match &value.kind {
        Kind::Unknown(_) => return None,
        Kind::Null => Json::Null,
        Kind::Bool(b) => Json::Bool(*b),
        Kind::Number(n) => number(*n),
        Kind::String(s) => Json::String(s.to_string()),
        Kind::List(items) => Json::Array(
            items
                .iter()
                .map(|item| known(item).unwrap_or(Json::Null))
                .collect(),
        ),
        Kind::Map(entries) => Json::Object(
            entries
                .iter()
                .filter_map(|(key, item)| known(item).map(|v| (key.clone(), v)))
                .collect(),
        ),
    })
}

/// Where `value` is unknown, in plan JSON's `after_unknown` shape: `true` for an unknown
/// value, an object of the unknown entries of a map, an array (`false` for known items) for a
/// list; `None` when all of it is known.
fn unknown(value: &Value) -> Option<Json> {
    match &value.kind {
        Kind::Unknown(_) => Some(Json::Bool(true)),
        Kind::List(items) => {
            let marks: Vec<Option<Json>> = items.iter().map(unknown).collect();
            marks.iter().any(Option::is_some).then(|| {
                Json::Array(
                    marks
                        .into_iter()
                        .map(|m| m.unwrap_or(Json::Bool(false)))
                        .collect(),
                )
            })
        }
        Kind::Map(entries) => {
            let marks: Map<String, Json> = entries
                .iter()
                .filter_map(|(key, item)| unknown(item).map(|m| (key.clone(), m)))
                .collect();
            (!marks.is_empty()).then_some(Json::Object(marks))
        }
        _ => None,
    }
}

/// A whole number as an integer (`22`, not `22.0`), so that policies compare and print it as
/// written.
fn number(n: f64) -> Json {
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        return Json::Number(Number::from(n as i64));
    }
    Number::from_f64(n).map_or(Json::Null, Json::Number)
}

/// Where a result's `path` leads in a resource instance.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The text to point at: the attribute, the nested block, the value, or the resource block.
    pub span: Span,
    /// The attribute the path leads into, and the value it reaches there (for where the value
    /// was set).
    pub attribute: Option<(&'a EvalAttribute, &'a Value)>,
    /// Whether the instance has the whole path (else `span` is the deepest part that exists).
    pub whole: bool,
}

/// Follows `path` (as in `values`; a leading `values` or `after_unknown` step is skipped) through
/// the instance's attributes and nested blocks. Returns the target and the route to it
/// (`rule[0].apply_server_side_encryption_by_default`).
#[must_use]
pub fn locate<'a>(instance: &'a ResourceInstance, path: &[Step]) -> (Target<'a>, String) {
    let path = match path.first() {
        Some(Step::Key(k)) if k == "values" || k == "after_unknown" => &path[1..],
        _ => path,
    };
    let mut target = Target {
        span: instance.span,
        attribute: None,
        whole: true,
    };
    let mut route = String::new();
    let mut body: &EvalBody = &instance.body;
    let mut steps = path.iter().peekable();
    while let Some(step) = steps.next() {
        let Step::Key(name) = step else {
            target.whole = false;
            break;
        };
        if let Some(attribute) = body.attribute(name) {
            push_key(&mut route, name);
            target.span = attribute.span;
            let mut value = &attribute.value;
            target.attribute = Some((attribute, value));
            for step in steps.by_ref() {
                let next: Option<&'a Value> = match step {
                    Step::Key(key) => value.as_map().and_then(|entries| entries.get(key)),
                    Step::Index(i) => value.as_list().and_then(|items| items.get(*i)),
                };
                let Some(next) = next else {
                    target.whole = false;
                    break;
                };
                match step {
                    Step::Key(key) => push_key(&mut route, key),
                    Step::Index(i) => {
                        let _ = write!(route, "[{i}]");
                    }
                }
                value = next;
                target.attribute = Some((attribute, value));
                // Point at the element itself when it is written inside the attribute.
                if let Some(origin) = &value.origin {
                    let inside = origin.span.file == attribute.span.file
                        && attribute.span.range.contains_range(origin.span.range);
                    if inside {
                        target.span = origin.span;
                    }
                }
            }
            return (target, route);
        }
        let blocks: Vec<&EvalBlock> = body.blocks.iter().filter(|b| b.kind == *name).collect();
        let index = match steps.peek() {
            Some(Step::Index(i)) => {
                steps.next();
                *i
            }
            _ => 0,
        };
        let Some(block) = blocks.get(index) else {
            target.whole = false;
            break;
        };
        push_key(&mut route, name);
        let _ = write!(route, "[{index}]");
        target.span = block.span;
        body = &block.body;
    }
    (target, route)
}

fn push_key(route: &mut String, key: &str) {
    if !route.is_empty() {
        route.push('.');
    }
    route.push_str(key);
}
