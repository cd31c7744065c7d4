//! What a policy sees: a parsed document turned into JSON the way the Kubernetes YAML decoder
//! reads it, and the way back from a path in that JSON to the text it came from.

use rampart_kubernetes::{bool_value, int_value};
use rampart_source::{Node, NodeKind, TextRange};
use serde_json::{Map, Number, Value};

/// The JSON value of a parsed YAML or JSON node, as `kubectl` and conftest would hand it to a
/// policy: plain scalars resolve as YAML 1.1 does in the Kubernetes decoder (`null`/`~`/empty,
/// `true`/`yes`/`on`..., integers in decimal, hex and octal, floats); quoted and block scalars
/// are strings; mapping keys are strings (a repeated key keeps its last value, as the decoder
/// does).
#[must_use]
pub fn to_json(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Scalar(scalar) => {
            if node.is_null() {
                Value::Null
            } else if let Some(b) = bool_value(node) {
                Value::Bool(b)
            } else if !scalar.is_plain() {
                Value::String(scalar.value.clone())
            } else if let Some(n) = plain_number(&scalar.value, node) {
                Value::Number(n)
            } else {
                Value::String(scalar.value.clone())
            }
        }
        NodeKind::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Mapping(entries) => {
            let mut map = Map::new();
            for entry in entries {
                let key = match entry.key.as_str() {
                    Some(key) => key.to_owned(),
                    // A complex key has no JSON form; the Kubernetes decoder rejects it too.
                    None => continue,
                };
                map.insert(key, to_json(&entry.value));
            }
            Value::Object(map)
        }
    }
}

/// A plain scalar that YAML reads as a number.
fn plain_number(text: &str, node: &Node) -> Option<Number> {
    let first = text.bytes().next()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    let looks_float = text.contains(['.', 'e', 'E']) && !text.starts_with("0x");
    if !looks_float {
        if let Some(i) = int_value(node) {
            return Some(Number::from(i));
        }
    }
    let float_syntax = text
        .trim_start_matches(['-', '+'])
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && text.bytes().any(|b| b.is_ascii_digit());
    if float_syntax {
        let value: f64 = text.parse().ok()?;
        return Number::from_f64(value);
    }
    None
}

/// Where a step of a result's `path` leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Reads a result's `path`: an array of keys and indices (`["spec", "containers", 0, "image"]`),
/// or the same as one string (`spec.containers[0].image`).
#[must_use]
pub fn parse_path(value: &Value) -> Option<Vec<Step>> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Some(Step::Key(s.clone())),
                Value::Number(n) => n
                    .as_u64()
                    .and_then(|i| usize::try_from(i).ok())
                    .map(Step::Index),
                _ => None,
            })
            .collect(),
        Value::String(text) => {
            let mut steps = Vec::new();
            for part in text.split('.').filter(|p| !p.is_empty()) {
                let (key, mut rest) = match part.find('[') {
                    Some(at) => (&part[..at], &part[at..]),
                    None => (part, ""),
                };
                if !key.is_empty() {
                    steps.push(Step::Key(key.to_owned()));
                }
                while let Some(inner) = rest.strip_prefix('[') {
                    let end = inner.find(']')?;
                    steps.push(Step::Index(inner[..end].parse().ok()?));
                    rest = &inner[end + 1..];
                }
            }
            Some(steps)
        }
        _ => None,
    }
}

/// Where a path leads in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// What to point at: a mapping step's whole `key: value` entry, a sequence step's item.
    pub range: TextRange,
    /// The node reached (the entry's value), which routes name.
    pub node: TextRange,
    /// Whether the whole path was found.
    pub whole: bool,
}

/// Follows `path` down from `root` as far as it goes.
#[must_use]
pub fn resolve(root: &Node, path: &[Step]) -> Target {
    let mut node = root;
    let mut range = root.range;
    for step in path {
        let next = match (step, &node.kind) {
            (Step::Key(key), NodeKind::Mapping(_)) => {
                node.entry(key).map(|e| (e.range(), &e.value))
            }
            (Step::Index(i), NodeKind::Sequence(items)) => items.get(*i).map(|n| (n.range, n)),
            // A number where a mapping is: `["metadata", "labels", 0]` is not meant, but a key
            // written as a number (`ports: {80: ...}`) is.
            (Step::Index(i), NodeKind::Mapping(_)) => {
                node.entry(&i.to_string()).map(|e| (e.range(), &e.value))
            }
            _ => None,
        };
        match next {
            Some((r, n)) => {
                range = r;
                node = n;
            }
            None => {
                return Target {
                    range,
                    node: node.range,
                    whole: false,
                }
            }
        }
    }
    Target {
        range,
        node: node.range,
        whole: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_yaml::{parse_yaml, Limits};

    fn root(text: &str) -> Node {
        let parsed = parse_yaml(text, Limits::default());
        parsed.documents[0].root.clone().expect("a document")
    }

    #[test]
    fn scalars_resolve_as_the_kubernetes_decoder_reads_them() {
        let node = root(
            "a: yes\nb: \"yes\"\nc: 0x1F\nd: 1.5\ne: ~\nf: 080\ng: '12'\nh: 1e3\ni: v1.2\nj: -3\n",
        );
        let json = to_json(&node);
        assert_eq!(
            json,
            serde_json::json!({
                "a": true, "b": "yes", "c": 31, "d": 1.5, "e": null, "f": 80.0, "g": "12",
                "h": 1000.0, "i": "v1.2", "j": -3
            })
        );
    }

    #[test]
    fn paths_resolve_to_the_entry_or_as_far_as_they_go() {
        let text =
            "spec:\n  containers:\n  - name: web\n    securityContext:\n      privileged: true\n";
        let node = root(text);
        let steps = parse_path(&serde_json::json!([
            "spec",
            "containers",
            0,
            "securityContext",
            "privileged"
        ]))
        .expect("a path");
        let target = resolve(&node, &steps);
        assert!(target.whole);
        assert_eq!(&text[target.range.as_usize()], "privileged: true");
        assert_eq!(&text[target.node.as_usize()], "true");

        let dotted =
            parse_path(&serde_json::json!("spec.containers[0].resources.limits")).expect("a path");
        let target = resolve(&node, &dotted);
        assert!(!target.whole);
        assert!(text[target.range.as_usize()].starts_with("name: web"));
    }
}
