//! A strict RFC 8259 JSON parser that builds the same spanned [`Node`] tree as the YAML parser.
//!
//! It is iterative (an explicit stack of open arrays and objects, never recursion), linear in
//! the length of the text, and bounded by [`Limits::max_depth`].

use rampart_source::{Entry, Node, NodeKind, Scalar, ScalarStyle, TextRange};

use crate::{Document, Limits, ParseError, Parsed};

const BOM: &str = "\u{feff}";

/// Parses a JSON text (RFC 8259, strictly: no comments, no trailing commas, no single quotes).
///
/// The result has one [`Document`] whose range is the whole text. Strings become double-quoted
/// scalars holding their unescaped value, with ranges that include the quotes; `true`, `false`,
/// `null` and numbers become plain scalars holding their text. A UTF-8 byte order mark at the
/// start is skipped.
///
/// An empty text (or one of only whitespace) is an error with no document. Content after the
/// value is an error too, but the value before it is kept as the document, as the YAML parser
/// keeps the documents before an error. Any other error leaves no document.
#[must_use]
pub fn parse_json(text: &str, limits: Limits) -> Parsed {
    let mut parser = JsonParser {
        text,
        bytes: text.as_bytes(),
        pos: if text.starts_with(BOM) { BOM.len() } else { 0 },
        limits,
    };
    let mut parsed = Parsed::default();
    parser.skip_whitespace();
    if parser.peek().is_none() {
        parsed.error = Some(ParseError {
            offset: offset(parser.pos),
            message: "invalid JSON: the document is empty".into(),
        });
        return parsed;
    }
    match parser.value() {
        Ok(root) => {
            parsed.documents.push(Document {
                root: Some(root),
                range: TextRange::new(0, offset(text.len())),
            });
            parser.skip_whitespace();
            if parser.peek().is_some() {
                parsed.error = Some(parser.error("the end of the document after its value"));
            }
        }
        Err(error) => parsed.error = Some(error),
    }
    parsed
}

/// A byte offset as the `u32` of a [`TextRange`] (texts past 4 GiB saturate).
fn offset(byte: usize) -> u32 {
    u32::try_from(byte).unwrap_or(u32::MAX)
}

fn range(start: usize, end: usize) -> TextRange {
    TextRange::new(offset(start), offset(end))
}

/// An array or object that is open, waiting for its next element or its end.
enum Frame {
    Array {
        start: usize,
        items: Vec<Node>,
    },
    Object {
        start: usize,
        entries: Vec<Entry>,
        /// The key of the member whose value is being parsed.
        key: Option<Node>,
    },
}

struct JsonParser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    limits: Limits,
}

impl JsonParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// An error at the current position: "expected X, found Y".
    fn error(&self, expected: &str) -> ParseError {
        let found = match self.text[self.pos..].chars().next() {
            None => "the end of the input".to_owned(),
            Some('/') => "'/' (JSON has no comments)".to_owned(),
            Some('\'') => "'\\'' (JSON strings use double quotes)".to_owned(),
            Some(c) if c.is_control() || c.is_whitespace() => format!("{c:?}"),
            Some(c) => format!("'{c}'"),
        };
        self.error_at(self.pos, format!("expected {expected}, found {found}"))
    }

    fn error_at(&self, pos: usize, message: impl std::fmt::Display) -> ParseError {
        ParseError {
            offset: offset(pos),
            message: format!("invalid JSON: {message}"),
        }
    }

    /// Parses one value, with everything nested in it, leaving the position after it.
    fn value(&mut self) -> Result<Node, ParseError> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // At the start of a value (whitespace before it not yet skipped).
            self.skip_whitespace();
            let start = self.pos;
            let mut node = match self.peek() {
                Some(open @ (b'[' | b'{')) => {
                    if stack.len() >= self.limits.max_depth {
                        return Err(ParseError {
                            offset: offset(start),
                            message: format!(
                                "nesting is deeper than {} levels; refusing to parse further",
                                self.limits.max_depth
                            ),
                        });
                    }
                    self.pos += 1;
                    self.skip_whitespace();
                    match (open, self.peek()) {
                        (b'[', Some(b']')) => {
                            self.pos += 1;
                            Node {
                                range: range(start, self.pos),
                                kind: NodeKind::Sequence(Vec::new()),
                            }
                        }
                        (b'{', Some(b'}')) => {
                            self.pos += 1;
                            Node {
                                range: range(start, self.pos),
                                kind: NodeKind::Mapping(Vec::new()),
                            }
                        }
                        (b'[', _) => {
                            stack.push(Frame::Array {
                                start,
                                items: Vec::new(),
                            });
                            continue;
                        }
                        _ => {
                            let key = self.member_key("a string key or '}'")?;
                            stack.push(Frame::Object {
                                start,
                                entries: Vec::new(),
                                key: Some(key),
                            });
                            continue;
                        }
                    }
                }
                Some(b'"') => self.string()?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal("true")?,
                Some(b'f') => self.literal("false")?,
                Some(b'n') => self.literal("null")?,
                _ => {
                    return Err(self
                        .error("a value (an object, array, string, number, true, false or null)"))
                }
            };
            // `node` is complete: add it to the open collection, closing every collection that
            // ends after it, until one continues with a `,` (or the outermost value is done).
            loop {
                let Some(mut frame) = stack.pop() else {
                    return Ok(node);
                };
                let continues = match &mut frame {
                    Frame::Array { items, .. } => {
                        items.push(node);
                        self.skip_whitespace();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_whitespace();
                                if self.peek() == Some(b']') {
                                    return Err(self.error_at(
                                        self.pos,
                                        "trailing comma before ']' (JSON does not allow one)",
                                    ));
                                }
                                true
                            }
                            Some(b']') => false,
                            _ => return Err(self.error("',' or ']' after an array element")),
                        }
                    }
                    Frame::Object { entries, key, .. } => {
                        if let Some(key) = key.take() {
                            entries.push(Entry { key, value: node });
                        }
                        self.skip_whitespace();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_whitespace();
                                if self.peek() == Some(b'}') {
                                    return Err(self.error_at(
                                        self.pos,
                                        "trailing comma before '}' (JSON does not allow one)",
                                    ));
                                }
                                *key = Some(self.member_key("a string key")?);
                                true
                            }
                            Some(b'}') => false,
                            _ => return Err(self.error("',' or '}' after an object member")),
                        }
                    }
                };
                if continues {
                    stack.push(frame);
                    break;
                }
                // The collection has just ended, at its `]` or `}`.
                self.pos += 1;
                node = match frame {
                    Frame::Array { start, items } => Node {
                        range: range(start, self.pos),
                        kind: NodeKind::Sequence(items),
                    },
                    Frame::Object { start, entries, .. } => Node {
                        range: range(start, self.pos),
                        kind: NodeKind::Mapping(entries),
                    },
                };
            }
        }
    }

    /// An object member's key and the `:` after it.
    fn member_key(&mut self, expected: &str) -> Result<Node, ParseError> {
        self.skip_whitespace();
        if self.peek() != Some(b'"') {
            return Err(self.error(expected));
        }
        let key = self.string()?;
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.error("':' after an object key"));
        }
        self.pos += 1;
        Ok(key)
    }

    fn literal(&mut self, word: &'static str) -> Result<Node, ParseError> {
        let start = self.pos;
        if !self.bytes[start..].starts_with(word.as_bytes()) {
            return Err(
                self.error("a value (an object, array, string, number, true, false or null)")
            );
        }
        self.pos += word.len();
        Ok(plain(word.to_owned(), start, self.pos))
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as its text.
    fn number(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error_at(start, "numbers cannot have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("a digit after '-'")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("a digit after the decimal point"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("a digit in the exponent"));
            }
            self.digits();
        }
        Ok(plain(
            self.text[start..self.pos].to_owned(),
            start,
            self.pos,
        ))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// A string from its opening quote to after its closing quote, unescaped.
    fn string(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        loop {
            // Copy the run of characters that need no attention in one go.
            let run = self.bytes[self.pos..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .map_or(self.bytes.len(), |n| self.pos + n);
            // The run ends at an ASCII byte or the end of the text: a char boundary.
            value.push_str(&self.text[self.pos..run]);
            self.pos = run;
            match self.peek() {
                None => return Err(self.error_at(start, "this string is never closed")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Node {
                        range: range(start, self.pos),
                        kind: NodeKind::Scalar(Scalar {
                            value,
                            style: ScalarStyle::DoubleQuoted,
                            tag: None,
                        }),
                    });
                }
                Some(b'\\') => value.push(self.escape()?),
                Some(_) => {
                    return Err(self.error(
                        "a string to go on (control characters such as a line break must be \
                         escaped in a JSON string)",
                    ))
                }
            }
        }
    }

    /// One escape sequence, at its backslash.
    fn escape(&mut self) -> Result<char, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4(start)?;
                return match unit {
                    0xD800..=0xDBFF => {
                        if !self.bytes[self.pos..].starts_with(b"\\u") {
                            return Err(self.error_at(
                                start,
                                "a high surrogate escape must be followed by a low one \
                                 (\\uDC00-\\uDFFF)",
                            ));
                        }
                        let low_start = self.pos;
                        self.pos += 2;
                        let low = self.hex4(low_start)?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.error_at(
                                low_start,
                                "a high surrogate escape must be followed by a low one \
                                 (\\uDC00-\\uDFFF)",
                            ));
                        }
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        char::from_u32(code)
                            .ok_or_else(|| self.error_at(start, "invalid surrogate pair"))
                    }
                    0xDC00..=0xDFFF => {
                        Err(self
                            .error_at(start, "a low surrogate escape without a high one before it"))
                    }
                    _ => char::from_u32(unit)
                        .ok_or_else(|| self.error_at(start, "invalid unicode escape")),
                };
            }
            _ => {
                return Err(
                    self.error("an escape character (one of \" \\ / b f n r t u) after '\\'")
                )
            }
        };
        self.pos += 1;
        Ok(c)
    }

    /// The four hex digits of a `\u` escape (the position is after the `u`).
    fn hex4(&mut self, escape_start: usize) -> Result<u32, ParseError> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| {
                    self.error_at(escape_start, "expected four hex digits after '\\u'")
                })?;
            unit = unit * 16 + digit;
            self.pos += 1;
        }
        Ok(unit)
    }
}

fn plain(value: String, start: usize, end: usize) -> Node {
    Node {
        range: range(start, end),
        kind: NodeKind::Scalar(Scalar {
            value,
            style: ScalarStyle::Plain,
            tag: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        parse_json(text, Limits::default())
    }

    fn root(text: &str) -> Node {
        let parsed = parse(text);
        assert!(parsed.error.is_none(), "{:?}", parsed.error);
        assert_eq!(parsed.documents.len(), 1);
        parsed.documents[0].root.clone().expect("a root")
    }

    fn error(text: &str) -> ParseError {
        parse(text).error.expect("an error")
    }

    fn slice<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.range.as_usize()]
    }

    #[test]
    fn values_keep_their_spans() {
        let text = " {\"kind\": \"Pod\", \"spec\": {\"ports\": [80, -1.5e3, true, null, false]}}\n";
        let parsed = parse(text);
        assert!(parsed.error.is_none());
        assert_eq!(
            parsed.documents[0].range,
            TextRange::new(0, offset(text.len()))
        );
        let root = parsed.documents[0].root.as_ref().expect("root");
        assert_eq!(slice(text, root), text.trim());
        let kind = root.entry("kind").expect("kind");
        assert_eq!(slice(text, &kind.key), "\"kind\"");
        assert_eq!(slice(text, &kind.value), "\"Pod\"");
        assert_eq!(
            kind.value.scalar().expect("scalar").style,
            ScalarStyle::DoubleQuoted
        );
        assert_eq!(&text[kind.range().as_usize()], "\"kind\": \"Pod\"");
        let ports = root.get_path(&["spec", "ports"]).expect("ports");
        assert_eq!(slice(text, ports), "[80, -1.5e3, true, null, false]");
        let items: Vec<_> = ports.items().map(|n| slice(text, n)).collect();
        assert_eq!(items, ["80", "-1.5e3", "true", "null", "false"]);
        for item in ports.items() {
            let scalar = item.scalar().expect("scalar");
            assert_eq!(scalar.style, ScalarStyle::Plain);
            assert_eq!(scalar.value, slice(text, item));
        }
        assert!(ports.items().nth(3).expect("null").is_null());
        assert_eq!(
            slice(text, root.get("spec").expect("spec")),
            "{\"ports\": [80, -1.5e3, true, null, false]}"
        );
    }

    #[test]
    fn empty_collections_and_scalar_roots() {
        assert_eq!(root("[]").as_sequence().map(<[Node]>::len), Some(0));
        assert_eq!(root(" { } ").range, TextRange::new(1, 4));
        assert_eq!(root("\"x\"").as_str(), Some("x"));
        assert_eq!(root("0").as_str(), Some("0"));
        assert_eq!(root("-0.0E+10").as_str(), Some("-0.0E+10"));
        assert_eq!(root("[[],{}]").items().count(), 2);
    }

    #[test]
    fn escapes_are_unescaped() {
        let node = root(r#""a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00""#);
        assert_eq!(node.as_str(), Some("a\"b\\c/d\u{8}\u{c}\n\r\tAé€😀"));
        assert_eq!(root("\"\\u0000\"").as_str(), Some("\0"));
        // Raw non-ASCII text, and characters JSON does not require escaping.
        assert_eq!(
            root("\"é 😀 \u{7f} \u{2028}\"").as_str(),
            Some("é 😀 \u{7f} \u{2028}")
        );
    }

    #[test]
    fn a_non_ascii_key_keeps_its_span() {
        let text = "{\"clé\": \"välue\", \"日本\": [1]}";
        let node = root(text);
        let entry = node.entry("clé").expect("clé");
        assert_eq!(slice(text, &entry.key), "\"clé\"");
        assert_eq!(slice(text, &entry.value), "\"välue\"");
        let entry = node.entry("日本").expect("日本");
        assert_eq!(entry.key.range, TextRange::new(19, 27));
        assert_eq!(slice(text, &entry.value), "[1]");
    }

    #[test]
    fn lone_surrogates_are_errors() {
        let e = error(r#"["ab\ud800"]"#);
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("high surrogate"), "{e:?}");
        let e = error(r#"["\ud800\u0041"]"#);
        assert_eq!(e.offset, 8);
        assert!(e.message.contains("high surrogate"), "{e:?}");
        let e = error(r#""\udc00""#);
        assert_eq!(e.offset, 1);
        assert!(e.message.contains("low surrogate"), "{e:?}");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let text = "\u{feff}{\"a\": 1}";
        let parsed = parse(text);
        assert!(parsed.error.is_none());
        let root = parsed.documents[0].root.as_ref().expect("root");
        assert_eq!(slice(text, root), "{\"a\": 1}");
        assert_eq!(
            parsed.documents[0].range,
            TextRange::new(0, offset(text.len()))
        );
        // Only at the start.
        assert_eq!(error("[1, \u{feff}2]").offset, 4);
    }

    #[test]
    fn errors_have_offsets_and_messages() {
        let cases: &[(&str, u32, &str)] = &[
            ("", 0, "empty"),
            (" \n\t ", 4, "empty"),
            (
                "{\"a\": 1 \"b\": 2}",
                8,
                "expected ',' or '}' after an object member, found '\"'",
            ),
            (
                "[1 2]",
                3,
                "expected ',' or ']' after an array element, found '2'",
            ),
            ("[1, 2,]", 6, "trailing comma before ']'"),
            ("{\"a\": 1,}", 8, "trailing comma before '}'"),
            ("{\"a\" 1}", 5, "expected ':' after an object key"),
            ("{a: 1}", 1, "expected a string key or '}'"),
            ("{\"a\": 1, 2: 3}", 9, "expected a string key, found '2'"),
            ("['a']", 1, "double quotes"),
            ("[1] // comment", 4, "no comments"),
            ("/* c */ [1]", 0, "no comments"),
            ("[1] [2]", 4, "expected the end of the document"),
            ("[1", 2, "found the end of the input"),
            ("{\"a\": [1, {\"b\": ", 16, "expected a value"),
            ("\"abc", 0, "never closed"),
            ("\"a\nb\"", 2, "control characters"),
            ("\"\\x41\"", 2, "escape character"),
            ("\"\\u12G4\"", 1, "four hex digits"),
            ("01", 0, "leading zeros"),
            ("-", 1, "a digit after '-'"),
            ("-a", 1, "a digit after '-'"),
            ("1.", 2, "decimal point"),
            ("1.e5", 2, "decimal point"),
            ("1e", 2, "exponent"),
            ("1e+", 3, "exponent"),
            (".5", 0, "expected a value"),
            ("+1", 0, "expected a value"),
            ("tru", 0, "expected a value"),
            ("nul", 0, "expected a value"),
            ("True", 0, "expected a value"),
            ("truex", 4, "expected the end of the document"),
            ("NaN", 0, "expected a value"),
            ("[é]", 1, "found 'é'"),
            ("[1,\u{a0}2]", 3, "expected a value"),
        ];
        for &(text, offset, message) in cases {
            let e = error(text);
            assert_eq!(e.offset, offset, "{text:?}: {e:?}");
            assert!(e.message.starts_with("invalid JSON: "), "{text:?}: {e:?}");
            assert!(e.message.contains(message), "{text:?}: {e:?}");
        }
    }

    #[test]
    fn empty_input_has_no_document() {
        let parsed = parse("");
        assert!(parsed.documents.is_empty());
        assert!(parse("\u{feff}  ").error.is_some());
    }

    #[test]
    fn trailing_content_is_an_error_but_the_value_is_kept() {
        let parsed = parse("{\"a\": 1} x");
        assert_eq!(parsed.error.as_ref().map(|e| e.offset), Some(9));
        assert_eq!(parsed.documents.len(), 1);
        // Trailing whitespace is fine.
        assert!(parse("{\"a\": 1} \r\n\t ").error.is_none());
        // An error inside the value leaves no document.
        assert!(parse("{\"a\": x}").documents.is_empty());
    }

    #[test]
    fn repeated_keys_are_all_kept_and_the_last_wins() {
        let node = root("{\"a\": 1, \"a\": 2}");
        assert_eq!(node.as_mapping().map(<[Entry]>::len), Some(2));
        assert_eq!(node.get("a").and_then(Node::as_str), Some("2"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = error(&text);
        assert_eq!(e.offset, 256);
        assert!(
            e.message.contains("nesting is deeper than 256 levels"),
            "{e:?}"
        );
        let text = "{\"a\":".repeat(10_000);
        assert!(error(&text).message.contains("deeper than 256"));
        let at_limit = format!("{}{}", "[".repeat(256), "]".repeat(256));
        assert!(parse(&at_limit).error.is_none());
        let over = format!("{}{}", "[".repeat(257), "]".repeat(257));
        assert!(parse(&over).error.is_some());
    }

    #[test]
    fn long_input_is_linear() {
        // Many members and a long string: this would time out if anything were quadratic.
        let mut text = String::from("[");
        for i in 0..200_000 {
            text.push_str(&format!("{{\"k{i}\": \"v\\n{i}\"}},"));
        }
        text.push_str(&format!("\"{}\"]", "x".repeat(1_000_000)));
        let node = root(&text);
        assert_eq!(node.items().count(), 200_001);
    }
}
