//! Type constraints of variables (`type = object({ a = optional(string, "x") })`), applied as
//! Terraform applies them to the value a variable receives: optional object attributes that are
//! missing become their default or null, attributes the type does not declare are dropped, and
//! primitives are converted (`"22"` to `22` for a number). The constraint is read from its
//! syntax; anything it does not describe is left as it is.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::syntax::{Expr, ExprKind};
use crate::value::{Kind, Value};

/// The deepest type constraint followed.
const MAX_DEPTH: usize = 32;

/// Converts `value` to the type `constraint`, evaluating `optional()` defaults with `eval`.
pub(crate) fn convert(
    value: Value,
    constraint: &Expr,
    eval: &mut dyn FnMut(&Expr) -> Value,
) -> Value {
    convert_at(value, constraint, eval, 0)
}

fn convert_at(
    value: Value,
    constraint: &Expr,
    eval: &mut dyn FnMut(&Expr) -> Value,
    depth: usize,
) -> Value {
    if depth > MAX_DEPTH || value.is_unknown() || value.is_null() {
        return value;
    }
    let origin = value.origin.clone();
    let converted = match &constraint.kind {
        ExprKind::Variable(name) => match name.as_str() {
            "number" => value.as_number().map(Value::number),
            "bool" => value.as_bool().map(Value::bool),
            "string" => match value.kind {
                Kind::Number(_) | Kind::Bool(_) => value.to_plain_string().map(Value::string),
                _ => None,
            },
            _ => None,
        },
        ExprKind::Call(call) => match (call.name.as_str(), call.args.as_slice()) {
            ("object", [attributes]) => object(&value, attributes, eval, depth),
            ("map", [element]) => value.as_map().map(|map| {
                Value::map(
                    map.iter()
                        .map(|(k, v)| (k.clone(), convert_at(v.clone(), element, eval, depth + 1)))
                        .collect(),
                )
            }),
            ("list" | "set", [element]) => value.as_list().map(|items| {
                Value::list(
                    items
                        .iter()
                        .map(|v| convert_at(v.clone(), element, eval, depth + 1))
                        .collect(),
                )
            }),
            ("tuple", [types]) => match (&types.kind, value.as_list()) {
                (ExprKind::Tuple(types), Some(items)) if types.len() == items.len() => {
                    Some(Value::list(
                        items
                            .iter()
                            .zip(types)
                            .map(|(v, t)| convert_at(v.clone(), t, eval, depth + 1))
                            .collect(),
                    ))
                }
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    match converted {
        Some(mut converted) => {
            converted.origin = origin;
            converted
        }
        None => value,
    }
}

fn object(
    value: &Value,
    attributes: &Expr,
    eval: &mut dyn FnMut(&Expr) -> Value,
    depth: usize,
) -> Option<Value> {
    let map = value.as_map()?;
    let ExprKind::Object(declared) = &attributes.kind else {
        return None;
    };
    let mut out = BTreeMap::new();
    for (key, constraint) in declared {
        let name = match &key.kind {
            ExprKind::String(s) | ExprKind::Variable(s) => s.clone(),
            _ => continue,
        };
        let (constraint, default) = match &constraint.kind {
            ExprKind::Call(call) if call.name == "optional" => match call.args.as_slice() {
                [t] => (t, None),
                [t, default] => (t, Some(default)),
                _ => continue,
            },
            _ => (constraint, None),
        };
        let given = map.get(&name).filter(|v| !v.is_null()).cloned();
        let attribute = match (given, default) {
            (Some(v), _) => convert_at(v, constraint, eval, depth + 1),
            (None, Some(default)) => {
                let default = eval(default);
                convert_at(default, constraint, eval, depth + 1)
            }
            (None, None) => match map.get(&name) {
                Some(null) => null.clone(),
                None => Value::null(),
            },
        };
        out.insert(name, attribute);
    }
    Some(Value::bare(Kind::Map(Arc::new(out))))
}
