//! The Terraform JSON syntax (`.tf.json`, `.tfvars.json`) read into the same [`syntax`] model
//! as the native syntax.
//!
//! Top-level keys of a `.tf.json` file are block types; `resource` and `data` take two levels of
//! labels, `module`, `variable`, `output` and `provider` one, the others none (a block may also be
//! an array of bodies). Inside a block, each key is an attribute: without provider schemas, a
//! nested block (`ingress`, `versioning`...) is indistinguishable from an object-valued argument,
//! so it stays an attribute whose value is an object (or a list of objects), which
//! [`EvalBody::blocks_of`] also reads as blocks. Two exceptions: `"dynamic": {"label": {...}}` is
//! a `dynamic` block, and an object that holds one is the nested block it must be. String
//! values are templates (`"${var.x}"`), except in `.tfvars.json` files and variable defaults,
//! where they are literal.
//!
//! [`syntax`]: crate::syntax
//! [`EvalBody::blocks_of`]: crate::EvalBody::blocks_of

use rampart_source::{Entry, Node, NodeKind, ScalarStyle, SourceFile, TextRange};
use rampart_yaml::{parse_json, Limits};

use crate::parse::{error_at, parse_template_at, ParseError};
use crate::syntax::{Attribute, Block, Body, Expr, ExprKind, Label};

/// Parses a JSON-syntax file.
///
/// # Errors
/// Malformed JSON, a top level that is not an object, or a string that is not a valid template.
pub(crate) fn parse_json_body(file: &SourceFile) -> Result<Body, ParseError> {
    let parsed = parse_json(file.text(), Limits::default());
    if let Some(error) = parsed.error {
        return Err(error_at(file, error.offset, error.message));
    }
    let Some(root) = parsed.documents.into_iter().next().and_then(|d| d.root) else {
        return Err(error_at(file, 0, "the file is empty".into()));
    };
    let Some(entries) = root.as_mapping() else {
        return Err(error_at(
            file,
            root.range.start,
            "expected a JSON object".into(),
        ));
    };
    let reader = Reader { file };
    if file.path().ends_with(".tfvars.json") {
        return reader.attributes(entries, true);
    }
    let mut body = Body::default();
    for entry in entries {
        let Some(kind) = entry.key.as_str() else {
            continue;
        };
        if kind == "//" {
            continue;
        }
        let depth = match kind {
            "resource" | "data" => 2,
            "module" | "variable" | "output" | "provider" => 1,
            _ => 0,
        };
        reader.blocks(entry, kind, depth, &mut Vec::new(), &entry.value, &mut body)?;
    }
    Ok(body)
}

/// Whether `node` (an object, or an array of objects) holds a `dynamic` block, at any depth of
/// objects: then it is a nested block, not an argument.
fn holds_dynamic(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Mapping(entries) => entries.iter().any(|e| {
            (e.key.as_str() == Some("dynamic") && e.value.as_mapping().is_some())
                || holds_dynamic(&e.value)
        }),
        NodeKind::Sequence(items) => items
            .iter()
            .any(|item| item.as_mapping().is_some() && holds_dynamic(item)),
        NodeKind::Scalar(_) => false,
    }
}

struct Reader<'f> {
    file: &'f SourceFile,
}

impl Reader<'_> {
    /// Descends `depth` levels of labels, then reads the body (or the array of bodies) there.
    fn blocks(
        &self,
        top: &Entry,
        kind: &str,
        depth: usize,
        labels: &mut Vec<Label>,
        node: &Node,
        out: &mut Body,
    ) -> Result<(), ParseError> {
        if depth > 0 {
            for entry in node.as_mapping().unwrap_or_default() {
                let Some(label) = entry.key.as_str() else {
                    continue;
                };
                labels.push(Label {
                    value: label.to_owned(),
                    range: entry.key.range,
                });
                self.blocks(top, kind, depth - 1, labels, &entry.value, out)?;
                labels.pop();
            }
            return Ok(());
        }
        let bodies: Vec<&Node> = match &node.kind {
            NodeKind::Sequence(items) => items.iter().collect(),
            _ => vec![node],
        };
        for body in bodies {
            let literal = kind == "variable";
            let entries = body.as_mapping().unwrap_or_default();
            out.blocks.push(Block {
                kind: kind.to_owned(),
                kind_range: top.key.range,
                labels: labels.clone(),
                body: self.attributes(entries, literal)?,
                range: body.range,
            });
        }
        Ok(())
    }

    fn attributes<'e>(
        &self,
        entries: impl IntoIterator<Item = &'e Entry>,
        literal: bool,
    ) -> Result<Body, ParseError> {
        let mut body = Body::default();
        for entry in entries {
            let Some(name) = entry.key.as_str() else {
                continue;
            };
            if name == "//" {
                continue;
            }
            if name == "dynamic" && !literal && entry.value.as_mapping().is_some() {
                self.dynamic(entry, &mut body)?;
                continue;
            }
            // An object that holds a `dynamic` block is a block itself (an argument's value
            // cannot hold one): read as blocks, so that the `dynamic` block is evaluated.
            if !literal && holds_dynamic(&entry.value) {
                let items: Vec<&Node> = match &entry.value.kind {
                    NodeKind::Sequence(items) => items.iter().collect(),
                    _ => vec![&entry.value],
                };
                for item in items {
                    body.blocks.push(Block {
                        kind: name.to_owned(),
                        kind_range: entry.key.range,
                        labels: Vec::new(),
                        body: self.attributes(item.as_mapping().unwrap_or_default(), false)?,
                        range: item.range,
                    });
                }
                continue;
            }
            body.attributes.push(Attribute {
                name: name.to_owned(),
                name_range: entry.key.range,
                value: self.expr(&entry.value, literal)?,
                range: entry.range(),
            });
        }
        Ok(body)
    }

    /// `"dynamic": {"ingress": {"for_each": "${...}", "content": {...}}}`: a `dynamic` block per
    /// label (or per object of an array under it), whose `content` is its block.
    fn dynamic(&self, entry: &Entry, out: &mut Body) -> Result<(), ParseError> {
        for labelled in entry.value.as_mapping().unwrap_or_default() {
            let Some(label) = labelled.key.as_str() else {
                continue;
            };
            let bodies: Vec<&Node> = match &labelled.value.kind {
                NodeKind::Sequence(items) => items.iter().collect(),
                _ => vec![&labelled.value],
            };
            for node in bodies {
                let entries = node.as_mapping().unwrap_or_default();
                let (content, arguments): (Vec<&Entry>, Vec<&Entry>) = entries
                    .iter()
                    .partition(|e| e.key.as_str() == Some("content"));
                let mut body = self.attributes(arguments, false)?;
                for content in content {
                    body.blocks.push(Block {
                        kind: "content".to_owned(),
                        kind_range: content.key.range,
                        labels: Vec::new(),
                        body: self
                            .attributes(content.value.as_mapping().unwrap_or_default(), false)?,
                        range: content.value.range,
                    });
                }
                out.blocks.push(Block {
                    kind: "dynamic".to_owned(),
                    kind_range: entry.key.range,
                    labels: vec![Label {
                        value: label.to_owned(),
                        range: labelled.key.range,
                    }],
                    body,
                    range: node.range,
                });
            }
        }
        Ok(())
    }

    fn expr(&self, node: &Node, literal: bool) -> Result<Expr, ParseError> {
        let range = node.range;
        let kind = match &node.kind {
            NodeKind::Scalar(scalar) if scalar.style == ScalarStyle::Plain => {
                match scalar.value.as_str() {
                    "true" => ExprKind::Bool(true),
                    "false" => ExprKind::Bool(false),
                    "null" => ExprKind::Null,
                    number => ExprKind::Number(number.parse().unwrap_or(f64::NAN)),
                }
            }
            NodeKind::Scalar(scalar) => {
                if literal || !scalar.value.contains("${") && !scalar.value.contains("%{") {
                    ExprKind::String(scalar.value.clone())
                } else {
                    return self.template(&scalar.value, range);
                }
            }
            NodeKind::Sequence(items) => ExprKind::Tuple(
                items
                    .iter()
                    .map(|item| self.expr(item, literal))
                    .collect::<Result<_, _>>()?,
            ),
            NodeKind::Mapping(entries) => ExprKind::Object(
                entries
                    .iter()
                    .map(|entry| {
                        let key = Expr {
                            kind: ExprKind::String(entry.key.as_str().unwrap_or("").to_owned()),
                            range: entry.key.range,
                        };
                        Ok((key, self.expr(&entry.value, literal)?))
                    })
                    .collect::<Result<_, ParseError>>()?,
            ),
        };
        Ok(Expr { kind, range })
    }

    /// A JSON string read as a template. When the string has no escapes, the text between the
    /// quotes is the value, so inner expressions get exact ranges; otherwise they get the
    /// string's range.
    fn template(&self, value: &str, range: TextRange) -> Result<Expr, ParseError> {
        let raw = self.file.slice(range);
        let inner = raw
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or("");
        let base = (inner == value).then_some(range.start + 1);
        parse_template_at(value, base, range).map_err(|message| {
            error_at(self.file, range.start, format!("in a template: {message}"))
        })
    }
}
