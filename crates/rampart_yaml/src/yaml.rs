use rampart_source::{Entry, Node, NodeKind, Scalar, ScalarStyle, TextRange};
use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle, Span};

use crate::{Document, Limits, ParseError, Parsed};

/// Parses a YAML stream of any number of documents.
///
/// Aliases are expanded into copies of their anchor (with the anchor's spans, so a finding in an
/// aliased value points at the text that defined it) within [`Limits::max_alias_nodes`]. Merge
/// keys (`<<: *base`) are applied as YAML 1.1 loaders, and so Kubernetes, apply them.
#[must_use]
pub fn parse_yaml(text: &str, limits: Limits) -> Parsed {
    let mut builder = Builder {
        offsets: Offsets::new(text),
        limits,
        stack: Vec::new(),
        anchors: Vec::new(),
        alias_nodes: 0,
        doc_start: 0,
        root: None,
        parsed: Parsed::default(),
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => match builder.event(event, span) {
                Ok(true) => {}
                Ok(false) => break,
                Err(error) => {
                    builder.parsed.error = Some(error);
                    break;
                }
            },
            Err(error) => {
                let offset = builder.offsets.byte(error.marker().index());
                builder.parsed.error = Some(ParseError {
                    offset,
                    message: format!("invalid YAML: {}", error.info()),
                });
                break;
            }
        }
    }
    builder.parsed
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

struct Builder<'t> {
    offsets: Offsets<'t>,
    limits: Limits,
    stack: Vec<Frame>,
    /// Anchored nodes by anchor id, with their node counts.
    anchors: Vec<Option<(Node, usize)>>,
    alias_nodes: usize,
    doc_start: u32,
    root: Option<Node>,
    parsed: Parsed,
}

impl Builder<'_> {
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
                let (node, anchor, size) = close(frame, end);
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
            let size = size + count_nested(&node);
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
            let size = 1 + count_nested(&node);
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

/// Converts saphyr's character indices to byte offsets. Events arrive in text order, so a cursor
/// that moves forward (and restarts on the rare step back) is linear overall.
struct Offsets<'t> {
    text: &'t str,
    ascii: bool,
    char_index: usize,
    byte_index: usize,
}

impl<'t> Offsets<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            ascii: text.is_ascii(),
            char_index: 0,
            byte_index: 0,
        }
    }

    fn byte(&mut self, char_index: usize) -> u32 {
        let byte = if self.ascii {
            char_index.min(self.text.len())
        } else {
            if char_index < self.char_index {
                self.char_index = 0;
                self.byte_index = 0;
            }
            let mut chars = self.text[self.byte_index..].chars();
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
