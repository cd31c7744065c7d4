//! Property tests of both parsers: they never panic, their spans stay within the text and within
//! each other, JSON reads the same through `parse_json` and `parse_yaml`, and block mapping keys
//! slice to their text.

#[path = "support/spans.rs"]
mod spans;

use proptest::prelude::*;
use rampart_source::{Node, NodeKind, ScalarStyle};
use rampart_yaml::{parse_json, parse_yaml, Limits, Parsed};
use spans::Format;

/// 256 cases a property (proptest's default; `PROPTEST_CASES=N` sets another number).
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn check_both(text: &str) -> Result<(), TestCaseError> {
    let yaml = parse_yaml(text, Limits::default());
    spans::check(text, &yaml, Format::Yaml).map_err(TestCaseError::fail)?;
    let json = parse_json(text, Limits::default());
    spans::check(text, &json, Format::Json).map_err(TestCaseError::fail)?;
    Ok(())
}

/// Text made mostly of the characters that mean something to YAML or JSON, so that random
/// inputs reach deep into both grammars rather than stopping at the first character.
fn structured_text() -> impl Strategy<Value = String> {
    let piece = |s: &'static str| Just(s.to_owned());
    let words = prop_oneof![
        "[a-z0-9.-]{1,4}",
        piece("true"),
        piece("null"),
        piece("-1.5e3"),
        piece("é"),
        piece("😀"),
        piece("\"\\u00e9\""),
        piece("'it''s'"),
    ];
    let structure = prop_oneof![
        piece("\n"),
        piece("\n  "),
        piece("\n    "),
        piece("- "),
        piece(": "),
        piece(", "),
        piece("["),
        piece("]"),
        piece("{"),
        piece("}"),
    ];
    let rare = prop_oneof![
        piece("? "),
        piece("---\n"),
        piece("...\n"),
        piece("&a "),
        piece("*a"),
        piece("<<: "),
        piece("!!str "),
        piece("|\n"),
        piece(">-\n"),
        piece(" #c\n"),
        piece("\""),
        piece("'"),
        piece("\\"),
        piece("\u{feff}"),
        piece("\t"),
        piece("\r\n"),
        piece(":"),
    ];
    let pieces = prop_oneof![4 => words, 4 => structure, 1 => rare];
    prop::collection::vec(pieces, 0..32).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_strings_keep_span_invariants(text in any::<String>()) {
        check_both(&text)?;
    }

    #[test]
    fn arbitrary_bytes_keep_span_invariants(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check_both(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn structured_text_keeps_span_invariants(text in structured_text()) {
        check_both(&text)?;
    }
}

/// Inputs that once broke an invariant (found by fuzzing; see `fuzz/`).
#[test]
fn past_findings_keep_span_invariants() {
    let inputs = [
        // saphyr spans the implied null value of `{a}` over the `}` and the blanks after it.
        " {\u{fffd}} ",
        "{a}  ",
        "[ {x} ]  ",
        "- {a}  \n- b",
    ];
    for text in inputs {
        if let Err(e) = check_both(text) {
            panic!("{text:?}: {e}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON values, written compact and pretty, read through both parsers.

#[derive(Debug, Clone)]
enum Json {
    Null,
    Bool(bool),
    /// Kept as its text: the parsers keep numbers as text too.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

fn json_string() -> impl Strategy<Value = String> {
    let special = prop_oneof![
        Just('"'),
        Just('\\'),
        Just('/'),
        Just('\n'),
        Just('\t'),
        Just('\r'),
        Just('\u{0}'),
        Just('\u{1f}'),
        Just('\u{8}'),
        Just('\u{c}'),
        Just('é'),
        Just('€'),
        Just('😀'),
        Just('#'),
        Just(':'),
        Just(' '),
    ];
    let ch = prop_oneof![4 => proptest::char::range('a', 'z'), 2 => special, 1 => any::<char>()];
    prop::collection::vec(ch, 0..12).prop_map(|chars| chars.into_iter().collect())
}

fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        "-?(0|[1-9][0-9]{0,5})(\\.[0-9]{1,4})?([eE][+-]?[0-9]{1,3})?".prop_map(Json::Number),
        json_string().prop_map(Json::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec((json_string(), inner), 0..6).prop_map(Json::Object),
        ]
    })
}

/// How strings are written: which characters are escaped as `\uXXXX`.
#[derive(Debug, Clone, Copy)]
struct Escapes {
    /// Every non-ASCII character of the Basic Multilingual Plane.
    bmp: bool,
    /// Characters past it, as a surrogate pair (`\ud83d\ude00`).
    astral: bool,
}

fn write_string(s: &str, escapes: Escapes, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if c.is_ascii() => out.push(c),
            c if escapes.bmp && (c as u32) < 0x10000 => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c if escapes.astral && (c as u32) >= 0x10000 => {
                let mut units = [0; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes `value` compact (`pretty` = None) or pretty with that indent, without recursion
/// worries (the values are shallow).
fn write_json(
    value: &Json,
    pretty: Option<usize>,
    escapes: Escapes,
    level: usize,
    out: &mut String,
) {
    let newline = |out: &mut String, level: usize| {
        if let Some(indent) = pretty {
            out.push('\n');
            out.push_str(&" ".repeat(indent * level));
        }
    };
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(n),
        Json::String(s) => write_string(s, escapes, out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write_json(item, pretty, escapes, level + 1, out);
            }
            if !items.is_empty() {
                newline(out, level);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write_string(key, escapes, out);
                out.push_str(if pretty.is_some() { ": " } else { ":" });
                write_json(value, pretty, escapes, level + 1, out);
            }
            if !members.is_empty() {
                newline(out, level);
            }
            out.push('}');
        }
    }
}

/// Checks that `node` has the shape and scalar values of `expected`.
fn same_tree(node: &Node, expected: &Json) -> Result<(), String> {
    let mut pending = vec![(node, expected)];
    while let Some((node, expected)) = pending.pop() {
        let matches = match (&node.kind, expected) {
            (NodeKind::Scalar(s), Json::Null) => s.is_plain() && s.value == "null",
            (NodeKind::Scalar(s), Json::Bool(b)) => s.is_plain() && s.value == b.to_string(),
            (NodeKind::Scalar(s), Json::Number(n)) => s.is_plain() && &s.value == n,
            (NodeKind::Scalar(s), Json::String(v)) => {
                s.style == ScalarStyle::DoubleQuoted && s.tag.is_none() && &s.value == v
            }
            (NodeKind::Sequence(items), Json::Array(expected)) => {
                pending.extend(items.iter().zip(expected));
                items.len() == expected.len()
            }
            (NodeKind::Mapping(entries), Json::Object(expected)) => {
                for (entry, (key, value)) in entries.iter().zip(expected) {
                    if entry.key.as_str() != Some(key.as_str())
                        || entry.key.scalar().map(|s| s.style) != Some(ScalarStyle::DoubleQuoted)
                    {
                        return Err(format!("key {:?} is not {key:?}", entry.key));
                    }
                    pending.push((&entry.value, value));
                }
                entries.len() == expected.len()
            }
            _ => false,
        };
        if !matches {
            return Err(format!("{:?} is not {expected:?}", node.kind));
        }
    }
    Ok(())
}

fn root(parsed: &Parsed) -> Result<&Node, String> {
    if let Some(error) = &parsed.error {
        return Err(format!("error: {error:?}"));
    }
    match parsed.documents.as_slice() {
        [document] => document.root.as_ref().ok_or_else(|| "no root".to_owned()),
        documents => Err(format!("{} documents", documents.len())),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn json_reads_the_same_through_both_parsers(
        value in json_value(),
        pretty in prop_oneof![Just(None), Just(Some(2)), Just(Some(4))],
        bmp in any::<bool>(),
        astral in any::<bool>(),
    ) {
        let mut text = String::new();
        write_json(&value, pretty, Escapes { bmp, astral }, 0, &mut text);
        let json = parse_json(&text, Limits::default());
        let json_root = root(&json).map_err(TestCaseError::fail)?;
        prop_assert_eq!(&text[json_root.range.as_usize()], text.as_str());
        same_tree(json_root, &value).map_err(TestCaseError::fail)?;
        spans::check(&text, &json, Format::Json).map_err(TestCaseError::fail)?;

        // saphyr-parser refuses `\u` escapes of surrogates (YAML has `\U0001F600` for those),
        // so JSON with surrogate pair escapes is not YAML it can read.
        if !astral || !text.contains("\\ud") {
            let yaml = parse_yaml(&text, Limits::default());
            let yaml_root = root(&yaml).map_err(TestCaseError::fail)?;
            same_tree(yaml_root, &value).map_err(TestCaseError::fail)?;
            // Both parsers give the very same tree, spans included.
            prop_assert_eq!(yaml_root, json_root);
            spans::check(&text, &yaml, Format::Yaml).map_err(TestCaseError::fail)?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// YAML block mappings: every key's span slices to the key as written.

#[derive(Debug, Clone)]
enum Block {
    /// A scalar as written, and its value.
    Scalar(String, String),
    Map(Vec<(String, Block)>),
    Seq(Vec<Block>),
}

fn block_scalar() -> impl Strategy<Value = Block> {
    prop_oneof![
        "[a-zA-Z0-9é日]([a-zA-Z0-9 ._/é日-]{0,8}[a-zA-Z0-9é日])?"
            .prop_map(|s| Block::Scalar(s.clone(), s)),
        "[a-z é]{0,8}".prop_map(|s| Block::Scalar(format!("'{s}'"), s)),
        "[a-z é:#]{0,8}".prop_map(|s| Block::Scalar(format!("\"{s}\""), s)),
    ]
}

fn block_key() -> impl Strategy<Value = String> {
    "[a-zA-Z_é日][a-zA-Z0-9_.é日-]{0,10}"
}

fn block_value() -> impl Strategy<Value = Block> {
    block_scalar().prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec((block_key(), inner.clone()), 1..5).prop_map(Block::Map),
            prop::collection::vec(inner, 1..5).prop_map(Block::Seq),
        ]
    })
}

fn write_block(block: &Block, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match block {
        Block::Scalar(text, _) => {
            out.push_str(text);
            out.push('\n');
        }
        Block::Map(entries) => {
            for (key, value) in entries {
                out.push_str(&format!("{pad}{key}:"));
                write_child(value, indent, out);
            }
        }
        Block::Seq(items) => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                write_child(item, indent, out);
            }
        }
    }
}

fn write_child(block: &Block, indent: usize, out: &mut String) {
    if let Block::Scalar(..) = block {
        out.push(' ');
        write_block(block, 0, out);
    } else {
        out.push('\n');
        write_block(block, indent + 2, out);
    }
}

fn check_block(text: &str, node: &Node, expected: &Block) -> Result<(), String> {
    let mut pending = vec![(node, expected)];
    while let Some((node, expected)) = pending.pop() {
        match (&node.kind, expected) {
            (NodeKind::Scalar(scalar), Block::Scalar(written, value)) => {
                if &text[node.range.as_usize()] != written || &scalar.value != value {
                    return Err(format!("{node:?} is not {written:?}"));
                }
            }
            (NodeKind::Mapping(entries), Block::Map(expected))
                if entries.len() == expected.len() =>
            {
                for (entry, (key, value)) in entries.iter().zip(expected) {
                    let slice = &text[entry.key.range.as_usize()];
                    if slice != key || entry.key.as_str() != Some(key.as_str()) {
                        return Err(format!("key {key:?} has the span of {slice:?}"));
                    }
                    pending.push((&entry.value, value));
                }
            }
            (NodeKind::Sequence(items), Block::Seq(expected)) if items.len() == expected.len() => {
                pending.extend(items.iter().zip(expected));
            }
            _ => return Err(format!("{:?} is not {expected:?}", node.kind)),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn block_mapping_keys_slice_to_their_text(
        entries in prop::collection::vec((block_key(), block_value()), 1..6),
        comment in any::<bool>(),
    ) {
        let block = Block::Map(entries);
        let mut text = String::new();
        if comment {
            text.push_str("# a comment\n---\n");
        }
        write_block(&block, 0, &mut text);
        let parsed = parse_yaml(&text, Limits::default());
        let node = root(&parsed).map_err(TestCaseError::fail)?;
        check_block(&text, node, &block).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        spans::check(&text, &parsed, Format::Yaml).map_err(TestCaseError::fail)?;
    }
}
