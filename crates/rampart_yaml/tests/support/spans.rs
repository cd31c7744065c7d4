//! The invariants every parse must keep, whatever the input: shared by the property tests
//! (`tests/properties.rs`) and the fuzz targets (`fuzz/fuzz_targets/*.rs`), which include this
//! file by path.

// Each fuzz target uses only one `Format`.
#![allow(dead_code)]

use rampart_source::{Node, NodeKind, ScalarStyle, TextRange};
use rampart_yaml::Parsed;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

/// Checks that every range of `parsed` lies within `text` on char boundaries, that the error
/// offset does too, and that each node lies within its parent and its document. For YAML the
/// nesting is checked only when the text has no alias (`*`), as an alias is a copy of its anchor
/// and keeps the anchor's spans. For JSON it also checks what each range must start and end with.
pub fn check(text: &str, parsed: &Parsed, format: Format) -> Result<(), String> {
    if let Some(error) = &parsed.error {
        if error.offset as usize > text.len() {
            return Err(format!("error offset past the end of the text: {error:?}"));
        }
        if error.message.is_empty() {
            return Err("error without a message".into());
        }
    }
    if format == Format::Json {
        if parsed.documents.len() > 1 {
            return Err(format!("{} JSON documents", parsed.documents.len()));
        }
        if parsed.documents.is_empty() && parsed.error.is_none() {
            return Err("no JSON document and no error".into());
        }
    }
    let nested = format == Format::Json || !text.contains('*');
    let mut previous_end = 0;
    for document in &parsed.documents {
        check_range(text, document.range, "document")?;
        if document.range.start < previous_end {
            return Err(format!(
                "document {:?} overlaps the one before",
                document.range
            ));
        }
        previous_end = document.range.end;
        if format == Format::Json {
            if document.range != TextRange::new(0, text.len() as u32) {
                return Err(format!(
                    "JSON document range {:?} is not the whole text",
                    document.range
                ));
            }
            if document.root.is_none() {
                return Err("JSON document without a root".into());
            }
        }
        let Some(root) = &document.root else {
            continue;
        };
        let mut pending: Vec<(&Node, TextRange)> = vec![(root, document.range)];
        while let Some((node, parent)) = pending.pop() {
            check_range(text, node.range, "node")?;
            if nested && !parent.contains_range(node.range) {
                return Err(format!(
                    "{:?} is not within its parent {parent:?}",
                    node.range
                ));
            }
            if format == Format::Json {
                check_json_node(text, node)?;
            }
            match &node.kind {
                NodeKind::Scalar(_) => {}
                NodeKind::Sequence(items) => {
                    pending.extend(items.iter().map(|item| (item, node.range)));
                }
                NodeKind::Mapping(entries) => {
                    for entry in entries {
                        pending.push((&entry.key, node.range));
                        pending.push((&entry.value, node.range));
                    }
                }
            }
        }
    }
    Ok(())
}

fn check_range(text: &str, range: TextRange, what: &str) -> Result<(), String> {
    let (start, end) = (range.start as usize, range.end as usize);
    if start > end || end > text.len() {
        return Err(format!(
            "{what} range {range:?} is not within the text of {} bytes",
            text.len()
        ));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(format!("{what} range {range:?} is not on char boundaries"));
    }
    Ok(())
}

fn check_json_node(text: &str, node: &Node) -> Result<(), String> {
    let slice = &text[node.range.as_usize()];
    let ok = match &node.kind {
        NodeKind::Scalar(scalar) => match scalar.style {
            ScalarStyle::DoubleQuoted => {
                slice.len() >= 2 && slice.starts_with('"') && slice.ends_with('"')
            }
            ScalarStyle::Plain => scalar.value == slice,
            _ => false,
        },
        NodeKind::Sequence(_) => slice.starts_with('[') && slice.ends_with(']'),
        NodeKind::Mapping(entries) => {
            slice.starts_with('{')
                && slice.ends_with('}')
                && entries.iter().all(|entry| {
                    entry.key.scalar().map(|s| s.style) == Some(ScalarStyle::DoubleQuoted)
                })
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!("JSON node {:?} has the text {slice:?}", node.kind))
    }
}
