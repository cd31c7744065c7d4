//! Property tests: the parsers never panic, and every range they give lies inside the text.

use proptest::prelude::*;
use rampart_source::SourceFile;
use rampart_terraform::syntax::{Body, Expr, ExprKind, TemplatePart, Traverser};

fn check_body(body: &Body, len: u32) {
    for attr in &body.attributes {
        assert!(attr.range.end <= len && attr.name_range.end <= len);
        check_expr(&attr.value, len);
    }
    for block in &body.blocks {
        assert!(block.range.end <= len);
        check_body(&block.body, len);
    }
}

fn check_expr(expr: &Expr, len: u32) {
    assert!(
        expr.range.start <= expr.range.end && expr.range.end <= len,
        "{expr:?}"
    );
    match &expr.kind {
        ExprKind::Tuple(items) => items.iter().for_each(|e| check_expr(e, len)),
        ExprKind::Object(entries) => entries.iter().for_each(|(k, v)| {
            check_expr(k, len);
            check_expr(v, len);
        }),
        ExprKind::Traversal(root, steps) => {
            check_expr(root, len);
            for step in steps {
                if let Traverser::Index(e) = step {
                    check_expr(e, len);
                }
            }
        }
        ExprKind::Template(parts) => {
            for part in parts {
                if let TemplatePart::Interpolation(e) = part {
                    check_expr(e, len);
                }
            }
        }
        _ => {}
    }
}

const FRAGMENTS: &[&str] = &[
    "resource \"a\" \"b\" {",
    "}",
    "{",
    "[",
    "]",
    "(",
    ")",
    "a = ",
    "\"${",
    "x",
    "var.x",
    "1",
    "\n",
    " ",
    "<<EOT\n",
    "EOT\n",
    "%{ if x }",
    "%{ endif }",
    "\"",
    "for k, v in x :",
    "=>",
    "? 1 : 2",
    ".*",
    "[*]",
    "f(",
    ",",
    "...",
    "#c\n",
    "/*",
    "*/",
    "-",
    "!",
    "&&",
    "\u{feff}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn hcl_from_fragments_never_panics(parts in prop::collection::vec(0..FRAGMENTS.len(), 0..40)) {
        let text: String = parts.iter().map(|&i| FRAGMENTS[i]).collect();
        let file = SourceFile::new("main.tf", text.as_str());
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        match rampart_terraform::parse_file(&file) {
            Ok(body) => check_body(&body, len),
            Err(error) => prop_assert!(error.offset <= len),
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        for path in ["main.tf", "main.tf.json"] {
            let file = SourceFile::new(path, text.as_str());
            let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
            match rampart_terraform::parse_file(&file) {
                Ok(body) => check_body(&body, len),
                Err(error) => prop_assert!(error.offset <= len),
            }
        }
    }
}
