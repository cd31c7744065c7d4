//! Rewrites a Terraform module in the JSON syntax (`.tf.json`), mechanically, from the parsed
//! syntax: literals become JSON values, strings with interpolations keep their template text,
//! every other expression becomes `"${...}"` of its source text, a block becomes an object under
//! its labels (an array when a body has several of a type, `"dynamic": {"label": {...}}` for a
//! `dynamic` block). Files with heredocs are copied as they are (a heredoc has no JSON string
//! form here), and so are `.tfvars` files and everything else.
//!
//! Shared by the tests that hold a reader of Terraform to both syntaxes (the rules'
//! `terraform_json_syntax.rs`, and the CLI's Kubernetes-provider tests through `#[path]`).

use std::collections::BTreeMap;
use std::path::Path;

use rampart_source::SourceFile;
use rampart_terraform::parse_file;
use rampart_terraform::syntax::{Block, Body, Expr, ExprKind};
use serde_json::{Map, Value};

/// The JSON value that writes `expr` of `file`.
fn expr(file: &SourceFile, expr: &Expr) -> Value {
    match &expr.kind {
        ExprKind::Null => Value::Null,
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::Number(_) => {
            serde_json::from_str(file.slice(expr.range)).unwrap_or_else(|_| template(file, expr))
        }
        // A literal that reads as a template in JSON (`$${`, `%%{`) keeps its escapes.
        ExprKind::String(s) if !s.contains("${") && !s.contains("%{") => Value::String(s.clone()),
        ExprKind::String(_) | ExprKind::Template(_) => {
            let raw = file.slice(expr.range);
            let inner = raw
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .unwrap_or(raw);
            serde_json::from_str(&format!("\"{inner}\"")).unwrap()
        }
        ExprKind::Tuple(items) => Value::Array(items.iter().map(|i| self::expr(file, i)).collect()),
        ExprKind::Object(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                let key = match &key.kind {
                    ExprKind::String(s) => s.clone(),
                    ExprKind::Variable(name) => name.clone(),
                    _ => return template(file, expr),
                };
                map.insert(key, self::expr(file, value));
            }
            Value::Object(map)
        }
        _ => template(file, expr),
    }
}

/// `"${...}"` around the source text of `expr`.
fn template(file: &SourceFile, expr: &Expr) -> Value {
    Value::String(format!("${{{}}}", file.slice(expr.range)))
}

/// The JSON object that writes `body` (of a block of type `kind`).
fn body(file: &SourceFile, kind: &str, body: &Body) -> Value {
    let mut map = Map::new();
    for attribute in &body.attributes {
        // A variable's type is a type expression, written as a string.
        let value = if kind == "variable" && attribute.name == "type" {
            Value::String(file.slice(attribute.value.range).to_owned())
        } else {
            expr(file, &attribute.value)
        };
        map.insert(attribute.name.clone(), value);
    }
    let mut kinds: BTreeMap<&str, Vec<&Block>> = BTreeMap::new();
    let mut dynamic = Map::new();
    for block in &body.blocks {
        if block.kind == "dynamic" {
            // `"dynamic": {"label": {"for_each": ..., "content": {...}}}`
            let label = block.label(0).unwrap_or_default().to_owned();
            dynamic.insert(label, self::body(file, "dynamic", &block.body));
            continue;
        }
        kinds.entry(block.kind.as_str()).or_default().push(block);
    }
    if !dynamic.is_empty() {
        map.insert("dynamic".to_owned(), Value::Object(dynamic));
    }
    for (kind, blocks) in kinds {
        let mut bodies: Vec<Value> = blocks
            .iter()
            .map(|b| self::body(file, &b.kind, &b.body))
            .collect();
        let value = if bodies.len() == 1 {
            bodies.pop().unwrap()
        } else {
            Value::Array(bodies)
        };
        map.insert(kind.to_owned(), value);
    }
    Value::Object(map)
}

/// The `.tf.json` text of the `.tf` file `file`.
fn convert(file: &SourceFile) -> String {
    let parsed = parse_file(file).unwrap();
    let mut top = Map::new();
    for block in &parsed.blocks {
        let mut slot = top
            .entry(block.kind.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        for label in &block.labels {
            slot = slot
                .as_object_mut()
                .unwrap()
                .entry(label.value.clone())
                .or_insert_with(|| Value::Object(Map::new()));
        }
        let written = body(file, &block.kind, &block.body);
        match (slot.as_object_mut(), written) {
            (Some(existing), Value::Object(new)) if !existing.is_empty() => existing.extend(new),
            (_, written) => *slot = written,
        }
    }
    serde_json::to_string_pretty(&Value::Object(top)).unwrap()
}

/// Copies `from` to `to`, rewriting the `.tf` files that can be rewritten.
pub fn rewrite(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if path.is_dir() {
            rewrite(&path, &to.join(&name));
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let kept = !name.ends_with(".tf") || text.contains("<<");
        if kept {
            std::fs::write(to.join(&name), text).unwrap();
        } else {
            let file = SourceFile::new(name.clone(), text);
            std::fs::write(to.join(format!("{name}.json")), convert(&file)).unwrap();
        }
    }
}
