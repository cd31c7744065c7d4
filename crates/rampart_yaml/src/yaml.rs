use std::panic::{self, AssertUnwindSafe};

use rampart_source::{Entry, Node, NodeKind, Scalar, ScalarStyle, TextRange};
use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle, Span};

use crate::{Document, Limits, ParseError, Parsed};

/// Parses a YAML stream of any number of documents.
///
/// Aliases are expanded into copies of their anchor (with the anchor's spans, so a finding in an
/// aliased value points at the text that defined it) within [`Limits::max_alias_nodes`]. Merge
/// keys (`<<: *base`) are applied as YAML 1.1 loaders, and so Kubernetes, apply them.
///
/// saphyr-parser is not ours: should it panic on some input, the panic is caught and reported as
/// a [`ParseError`] at the last position reached, keeping the documents finished before it.
#[must_use]
pub fn parse_yaml(text: &str, limits: Limits) -> Parsed {
    // Go's YAML decoder, and so Kubernetes, accepts a flow collection whose closing bracket is
    // indented less than the block it sits in (`args: [` ... `]` back at the key's column);
    // saphyr, following the spec, does not. Such a line is parsed as if indented one more space:
    // the inserted space is whitespace, so the values are the same, and every offset is mapped
    // back to the original text.
    let mut variant = std::borrow::Cow::Borrowed(text);
    let mut insertions: Vec<u32> = Vec::new();
    loop {
        let (parsed, indentation_error) = parse_guarded(text, &variant, &insertions, limits);
        let repair = indentation_error
            .filter(|_| insertions.len() < MAX_INDENT_REPAIRS)
            .and_then(|offset| closing_bracket_line(&variant, offset));
        let Some(line_start) = repair else {
            return parsed;
        };
        variant.to_mut().insert(line_start as usize, ' ');
        for p in &mut insertions {
            if *p >= line_start {
                *p += 1;
            }
        }
        insertions.push(line_start);
        insertions.sort_unstable();
    }
}

/// How many closing-bracket lines one file may have re-indented before its error stands.
const MAX_INDENT_REPAIRS: usize = 64;

/// The start of the line holding byte `offset`, if that line's first non-blank character closes
/// a flow collection.
fn closing_bracket_line(text: &str, offset: u32) -> Option<u32> {
    let offset = (offset as usize).min(text.len());
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let first = text[line_start..]
        .trim_start_matches([' ', '\t'])
        .chars()
        .next()?;
    if matches!(first, ']' | '}') {
        u32::try_from(line_start).ok()
    } else {
        None
    }
}

/// Parses `variant` (the original text with spaces inserted at `insertions`, offsets in the
/// variant), reporting ranges in the original text. Also gives the variant offset of an
/// "invalid indentation" error, for the caller's repair.
///
/// saphyr-parser is not ours: should it panic on some input, the panic is caught and reported as
/// a [`ParseError`] at the last position reached, keeping the documents finished before it.
fn parse_guarded(
    original: &str,
    variant: &str,
    insertions: &[u32],
    limits: Limits,
) -> (Parsed, Option<u32>) {
    let mut parsed = Parsed::default();
    let mut reached = 0;
    let mut indentation_error = None;
    let run = panic::catch_unwind(AssertUnwindSafe(|| {
        let offsets = Offsets::new(original, variant, insertions);
        parse_into(
            offsets,
            limits,
            &mut parsed,
            &mut reached,
            &mut indentation_error,
        );
    }));
    if run.is_err() {
        parsed.error = Some(ParseError {
            offset: reached,
            message: "internal YAML parser error: the parser failed on this input; \
                      the rest of the file was not read"
                .into(),
        });
    }
    (parsed, indentation_error)
}

fn parse_into(
    offsets: Offsets<'_>,
    limits: Limits,
    parsed: &mut Parsed,
    reached: &mut u32,
    indentation_error: &mut Option<u32>,
) {
    let variant = offsets.variant;
    let mut builder = Builder {
        offsets,
        limits,
        stack: Vec::new(),
        anchors: Vec::new(),
        alias_nodes: 0,
        doc_start: 0,
        root: None,
        parsed,
    };
    let mut parser = Parser::new_from_str(variant);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                *reached = builder.offsets.byte(span.start.index());
                match builder.event(event, span) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(error) => {
                        builder.parsed.error = Some(error);
                        break;
                    }
                }
            }
            Err(error) => {
                if error.info() == "invalid indentation" {
                    *indentation_error = Some(builder.offsets.variant_byte(error.marker().index()));
                }
                let offset = builder.offsets.byte(error.marker().index());
                builder.parsed.error = Some(ParseError {
                    offset,
                    message: format!("invalid YAML: {}", error.info()),
                });
                break;
            }
        }
    }
}

enum Frame {
    Sequence {
        start: u32,
        flow: bool,
        anchor: usize,
        items: Vec<Node>,
    },
    Mapping {
        start: u32,
        flow: bool,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<Node>,
    },
}

struct Builder<'t, 'p> {
    offsets: Offsets<'t>,
    limits: Limits,
    stack: Vec<Frame>,
    /// Anchored nodes by anchor id, with their node counts.
    anchors: Vec<Option<(Node, usize)>>,
    alias_nodes: usize,
    doc_start: u32,
    root: Option<Node>,
    parsed: &'p mut Parsed,
}

impl Builder<'_, '_> {
    /// Handles one event; `Ok(false)` at the end of the stream.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<bool, ParseError> {
        let start = self.offsets.byte(span.start.index());
        let end = self.offsets.byte(span.end.index());
        match event {
            Event::StreamEnd => return Ok(false),
            Event::StreamStart | Event::Nothing => {}
            Event::DocumentStart(_) => {
                self.root = None;
                self.anchors.clear();
                self.alias_nodes = 0;
            }
            Event::DocumentEnd => {
                let end = end.max(self.doc_start);
                self.parsed.documents.push(Document {
                    root: self.root.take(),
                    range: TextRange::new(self.doc_start, end),
                });
                self.doc_start = end;
            }
            Event::Scalar(value, style, anchor, tag) => {
                let style = match style {
                    SaphyrStyle::Plain => ScalarStyle::Plain,
                    SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
                    SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
                    SaphyrStyle::Literal => ScalarStyle::Literal,
                    SaphyrStyle::Folded => ScalarStyle::Folded,
                };
                // saphyr ends a quoted scalar's span after any comment that follows it on the
                // line; end it at its closing quote instead.
                let end = match style {
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        quoted_end(self.offsets.text, start, end)
                    }
                    // An empty plain scalar (the implied null of `{a}` or `a:`) is written as
                    // nothing: saphyr spans it over the next token (the `}` and the blanks after
                    // it), which can run past the end of its collection.
                    ScalarStyle::Plain if value.is_empty() && tag.is_none() => start,
                    _ => end,
                };
                let node = Node {
                    range: TextRange::new(start, end.max(start)),
                    kind: NodeKind::Scalar(Scalar {
                        value: value.into_owned(),
                        style,
                        tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    }),
                };
                self.complete(node, anchor, 1, start)?;
            }
            Event::Alias(id) => {
                let Some(Some((anchored, size))) = self.anchors.get(id) else {
                    return Err(ParseError {
                        offset: start,
                        message: "invalid YAML: alias to an unknown anchor".into(),
                    });
                };
                self.alias_nodes += size;
                if self.alias_nodes > self.limits.max_alias_nodes {
                    return Err(ParseError {
                        offset: start,
                        message: format!(
                            "aliases expand to more than {} nodes (an alias bomb?)",
                            self.limits.max_alias_nodes
                        ),
                    });
                }
                let (node, size) = (anchored.clone(), *size);
                self.complete(node, 0, size, start)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.open(start)?;
                self.stack.push(Frame::Sequence {
                    start,
                    flow: self.offsets.text_at(start) == Some(b'['),
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, _) => {
                self.open(start)?;
                self.stack.push(Frame::Mapping {
                    start,
                    flow: self.offsets.text_at(start) == Some(b'{'),
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Err(ParseError {
                        offset: start,
                        message: "invalid YAML: unbalanced collection end".into(),
                    });
                };
                // A flow collection ends at its bracket (saphyr's span runs on over a comment).
                let (node, anchor, size) =
                    close(frame, start.saturating_add(1).min(end.max(start)));
                self.complete(node, anchor, size, start)?;
            }
        }
        Ok(true)
    }

    fn open(&self, offset: u32) -> Result<(), ParseError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(ParseError {
                offset,
                message: format!(
                    "nesting is deeper than {} levels; refusing to parse further",
                    self.limits.max_depth
                ),
            });
        }
        Ok(())
    }

    /// Adds a finished node to the collection being built, or makes it the document root.
    fn complete(
        &mut self,
        node: Node,
        anchor: usize,
        size: usize,
        offset: u32,
    ) -> Result<(), ParseError> {
        if anchor > 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = Some((node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push(Entry {
                    key: k,
                    value: node,
                }),
            },
        }
        // Node counts are tracked only through anchors; keep the bookkeeping cheap.
        let _ = (size, offset);
        Ok(())
    }
}

/// Finishes a collection: its range, the anchor it defines and its node count.
/// The offset just past the closing quote of the quoted scalar that starts at or after `start`
/// (after any anchor or tag), or `fallback` when it cannot be found.
fn quoted_end(text: &str, start: u32, fallback: u32) -> u32 {
    let bytes = text.as_bytes();
    let mut i = start as usize;
    while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\'' {
        i += 1;
    }
    let Some(&quote) = bytes.get(i) else {
        return fallback;
    };
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return u32::try_from(i + 1).unwrap_or(fallback).min(fallback),
            _ => i += 1,
        }
    }
    fallback
}

fn close(frame: Frame, end_event_end: u32) -> (Node, usize, usize) {
    match frame {
        Frame::Sequence {
            start,
            flow,
            anchor,
            items,
        } => {
            let end = if flow {
                end_event_end
            } else {
                items.last().map_or(start, |n| n.range.end.max(start))
            };
            let size = 1 + items.len();
            let node = Node {
                range: TextRange::new(start, end.max(start)),
                kind: NodeKind::Sequence(items),
            };
            let size = if anchor > 0 {
                size + count_nested(&node)
            } else {
                size
            };
            (node, anchor, size)
        }
        Frame::Mapping {
            start,
            flow,
            anchor,
            entries,
            ..
        } => {
            let end = if flow {
                end_event_end
            } else {
                entries
                    .last()
                    .map_or(start, |e| e.value.range.end.max(start))
            };
            let entries = apply_merge_keys(entries);
            let node = Node {
                range: TextRange::new(start, end.max(start)),
                kind: NodeKind::Mapping(entries),
            };
            // Only an anchored node's size is used (to bound alias expansion): counting every
            // collection's nodes as it closes would be quadratic in the nesting depth.
            let size = if anchor > 0 {
                1 + count_nested(&node)
            } else {
                1
            };
            (node, anchor, size)
        }
    }
}

/// The number of nodes below `node` (not counting it), without recursion.
fn count_nested(node: &Node) -> usize {
    let mut count = 0;
    let mut pending = vec![node];
    while let Some(n) = pending.pop() {
        match &n.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Sequence(items) => {
                count += items.len();
                pending.extend(items);
            }
            NodeKind::Mapping(entries) => {
                count += 2 * entries.len();
                pending.extend(entries.iter().flat_map(|e| [&e.key, &e.value]));
            }
        }
    }
    count
}

/// YAML 1.1 merge keys: `<<: *base` (or a sequence of aliases) adds the entries of the merged
/// mappings that the mapping does not set itself.
fn apply_merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    let is_merge = |e: &Entry| {
        e.key
            .scalar()
            .is_some_and(|s| s.is_plain() && s.value == "<<")
    };
    if !entries.iter().any(is_merge) {
        return entries;
    }
    let (merges, mut own): (Vec<Entry>, Vec<Entry>) = entries.into_iter().partition(is_merge);
    for merge in merges {
        let sources: Vec<Node> = match merge.value.kind {
            NodeKind::Mapping(_) => vec![merge.value],
            NodeKind::Sequence(items) => items,
            NodeKind::Scalar(_) => Vec::new(),
        };
        for source in sources {
            if let NodeKind::Mapping(merged) = source.kind {
                for entry in merged {
                    let key = entry.key.as_str();
                    if !own.iter().any(|e| e.key.as_str() == key) {
                        own.push(entry);
                    }
                }
            }
        }
    }
    own
}

/// Converts saphyr's character indices in the parsed text to byte offsets in the original text.
/// Events arrive in text order, so a cursor that moves forward (and restarts on the rare step
/// back) is linear overall.
struct Offsets<'t> {
    /// The original text, which ranges index.
    text: &'t str,
    /// The text saphyr parses: the original with a space inserted at each of `insertions`.
    variant: &'t str,
    insertions: &'t [u32],
    ascii: bool,
    char_index: usize,
    byte_index: usize,
}

impl<'t> Offsets<'t> {
    fn new(text: &'t str, variant: &'t str, insertions: &'t [u32]) -> Self {
        Self {
            text,
            variant,
            insertions,
            ascii: variant.is_ascii(),
            char_index: 0,
            byte_index: 0,
        }
    }

    /// The byte offset in the original text of character `char_index` of the parsed text.
    fn byte(&mut self, char_index: usize) -> u32 {
        let variant = self.variant_byte(char_index);
        let shift = self.insertions.partition_point(|p| *p <= variant);
        variant - u32::try_from(shift).unwrap_or(0).min(variant)
    }

    /// The byte offset in the parsed text of its character `char_index`.
    fn variant_byte(&mut self, char_index: usize) -> u32 {
        let byte = if self.ascii {
            char_index.min(self.variant.len())
        } else {
            if char_index < self.char_index {
                self.char_index = 0;
                self.byte_index = 0;
            }
            let mut chars = self.variant[self.byte_index..].chars();
            while self.char_index < char_index {
                match chars.next() {
                    Some(c) => {
                        self.byte_index += c.len_utf8();
                        self.char_index += 1;
                    }
                    None => break,
                }
            }
            self.byte_index
        };
        u32::try_from(byte).unwrap_or(u32::MAX)
    }

    fn text_at(&self, byte: u32) -> Option<u8> {
        self.text.as_bytes().get(byte as usize).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        parse_yaml(text, Limits::default())
    }

    fn slice<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.range.as_usize()]
    }

    #[test]
    fn keys_and_values_keep_their_spans() {
        let text = "kind: Pod\nspec:\n  containers:\n  - name: é\n    privileged: \"true\"\n";
        let parsed = parse(text);
        assert!(parsed.error.is_none());
        let root = parsed.documents[0].root.as_ref().unwrap();
        let container = root
            .get_path(&["spec", "containers"])
            .unwrap()
            .items()
            .next()
            .unwrap();
        let entry = container.entry("privileged").unwrap();
        assert_eq!(slice(text, &entry.key), "privileged");
        assert_eq!(slice(text, &entry.value), "\"true\"");
        assert_eq!(
            entry.value.scalar().unwrap().style,
            ScalarStyle::DoubleQuoted
        );
        assert_eq!(slice(text, container.get("name").unwrap()), "é");
        assert!(slice(text, container).starts_with("name: é"));
        assert!(slice(text, container).ends_with("\"true\""));
    }

    #[test]
    fn trailing_comments_stay_out_of_quoted_scalars_and_flow_collections() {
        let text = "a: \"x\\\"y\"  # c\nb: {x: 1}  # c\nc: [1, 'it''s']   # c\nd: &n \"v\" # c\n";
        let parsed = parse(text);
        assert!(parsed.error.is_none(), "{:?}", parsed.error);
        let root = parsed.documents[0].root.as_ref().unwrap();
        assert_eq!(slice(text, root.get("a").unwrap()), "\"x\\\"y\"");
        assert_eq!(slice(text, root.get("b").unwrap()), "{x: 1}");
        assert_eq!(slice(text, root.get("c").unwrap()), "[1, 'it''s']");
        assert_eq!(
            slice(text, root.get("c").unwrap().items().nth(1).unwrap()),
            "'it''s'"
        );
        assert!(slice(text, root.get("d").unwrap()).ends_with("\"v\""));
    }

    #[test]
    fn closing_brackets_indented_like_their_key_parse_as_go_yaml_does() {
        let text = "spec:\n  args: [\n      \"-a\", \"b\",\n  ]\n  env: {\n    x: 1\n  }\n  after: \"ok\"\n";
        let parsed = parse(text);
        assert!(parsed.error.is_none(), "{:?}", parsed.error);
        let spec = parsed.documents[0]
            .root
            .as_ref()
            .unwrap()
            .get("spec")
            .unwrap();
        let args: Vec<_> = spec
            .get("args")
            .unwrap()
            .items()
            .map(|n| slice(text, n))
            .collect();
        assert_eq!(args, ["\"-a\"", "\"b\""]);
        assert_eq!(slice(text, spec.get("env").unwrap().get("x").unwrap()), "1");
        assert_eq!(slice(text, spec.get("after").unwrap()), "\"ok\"");
        assert!(slice(text, spec.get("args").unwrap()).ends_with(']'));
        // Other indentation errors still stand.
        assert!(parse("a:\n  b: 1\n c: 2\n").error.is_some());
    }

    #[test]
    fn routes_name_list_items_by_their_unique_name() {
        let text = "spec:\n  containers:\n    - name: a\n      image: x\n    - name: b\n      image: y\n  args: [p, q]\n  dup:\n    - {name: d, v: 1}\n    - {name: d, v: 2}\n";
        let parsed = parse(text);
        let root = parsed.documents[0].root.as_ref().unwrap();
        let spec = root.get("spec").unwrap();
        let image = spec
            .get("containers")
            .unwrap()
            .items()
            .nth(1)
            .unwrap()
            .get("image")
            .unwrap();
        assert_eq!(
            root.route_to(image.range).unwrap().to_string(),
            "spec.containers[name=b].image"
        );
        let q = spec.get("args").unwrap().items().nth(1).unwrap();
        assert_eq!(root.route_to(q.range).unwrap().to_string(), "spec.args[1]");
        // Names that repeat cannot tell items apart: indices it is.
        let v = spec
            .get("dup")
            .unwrap()
            .items()
            .nth(1)
            .unwrap()
            .get("v")
            .unwrap();
        assert_eq!(root.route_to(v.range).unwrap().to_string(), "spec.dup[1].v");
    }

    #[test]
    fn documents_cover_their_leading_comments() {
        let text = "---\n# Source: chart/templates/a.yaml\nkind: A\n---\n# Source: chart/templates/b.yaml\nkind: B\n";
        let parsed = parse(text);
        assert_eq!(parsed.documents.len(), 2);
        let second = &text[parsed.documents[1].range.as_usize()];
        assert!(second.contains("templates/b.yaml"), "{second:?}");
        assert!(!second.contains("templates/a.yaml"), "{second:?}");
    }

    #[test]
    fn an_error_keeps_the_documents_before_it() {
        let text = "a: 1\n---\nb: [unclosed\n";
        let parsed = parse(text);
        assert_eq!(parsed.documents.len(), 1);
        let error = parsed.error.unwrap();
        assert!(error.offset >= 9, "{error:?}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let mut text = String::new();
        for i in 0..10_000 {
            text.push_str(&" ".repeat(i));
            text.push_str("a:\n");
        }
        let error = parse(&text).error.unwrap();
        assert!(error.message.contains("deeper than 256"), "{error:?}");
        let flow = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&flow).error.is_some());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let error = parse(&text).error.unwrap();
        assert!(error.message.contains("alias bomb"), "{error:?}");
    }

    #[test]
    fn merge_keys_and_small_aliases_resolve() {
        let text = "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n";
        let parsed = parse(text);
        let derived = parsed.documents[0]
            .root
            .as_ref()
            .unwrap()
            .get("derived")
            .unwrap();
        assert_eq!(derived.get("x").unwrap().as_str(), Some("1"));
        assert_eq!(derived.get("y").unwrap().as_str(), Some("3"));
    }
}
