//! Parsing `.tf`, `.tfvars` (HCL native syntax) and `.tf.json`, `.tfvars.json` into [`syntax`].
//!
//! The native syntax is read by `hcl-edit`, which keeps every span and bounds nesting (64 levels
//! of expressions, templates and blocks; 128 chained operators), and then converted into our own
//! model so that nothing downstream depends on its types. JSON goes through
//! [`rampart_yaml::parse_json`], which keeps spans; its string values are templates, as
//! Terraform reads them.
//!
//! [`syntax`]: crate::syntax

use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};

use hcl_edit::expr::{self as hexpr, Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{self as hstruct, BlockLabel, Structure};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::Span as _;
use rampart_source::{LineCol, SourceFile, TextRange};

use crate::syntax::{
    Attribute, BinaryOp, Block, Body, Call, Conditional, Expr, ExprKind, ForExpr, Label,
    TemplatePart, Traverser, UnaryOp,
};

/// Malformed input: where the parser gave up, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: u32,
    /// 1-based line and column of `offset`.
    pub position: LineCol,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.position.line, self.position.column, self.message
        )
    }
}

impl std::error::Error for ParseError {}

/// Parses a Terraform file, choosing the syntax by its name: `.json` is the JSON syntax,
/// anything else the native syntax.
///
/// # Errors
/// Malformed input, with the position where parsing stopped.
pub fn parse_file(file: &SourceFile) -> Result<Body, ParseError> {
    if file.path().ends_with(".json") {
        crate::json::parse_json_body(file)
    } else {
        parse_hcl(file)
    }
}

/// Parses a file in the HCL native syntax.
///
/// # Errors
/// Malformed input, with the position where parsing stopped.
pub fn parse_hcl(file: &SourceFile) -> Result<Body, ParseError> {
    // A UTF-8 byte order mark is skipped, as Terraform skips it.
    let text = file.text();
    let (text, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, offset('\u{feff}'.len_utf8())),
        None => (text, 0),
    };
    // hcl-edit is not ours: should it panic on some input, the panic is reported as an error
    // at the start of the file rather than taking the scan down.
    let run = panic::catch_unwind(AssertUnwindSafe(|| hcl_edit::parser::parse_body(text)));
    match run {
        Ok(Ok(body)) => Ok(Converter { base, fixed: None }.body(&body)),
        Ok(Err(error)) => {
            let offset = base.saturating_add(offset(error.location().offset()));
            Err(error_at(file, offset, error.message().to_owned()))
        }
        Err(_) => Err(error_at(
            file,
            0,
            "internal HCL parser error: the parser failed on this input".into(),
        )),
    }
}

pub(crate) fn error_at(file: &SourceFile, offset: u32, message: String) -> ParseError {
    ParseError {
        offset,
        position: file.line_col(offset),
        message: format!("invalid HCL: {message}"),
    }
}

/// Parses `text` as a template whose first byte is at `base` in the file; when `base` is
/// `None` (the text is an unescaped JSON string whose offsets do not map back one to one), every
/// range is `whole`.
pub(crate) fn parse_template_at(
    text: &str,
    base: Option<u32>,
    whole: TextRange,
) -> Result<Expr, String> {
    let run = panic::catch_unwind(AssertUnwindSafe(|| hcl_edit::parser::parse_template(text)));
    let template = match run {
        Ok(Ok(template)) => template,
        Ok(Err(error)) => return Err(error.message().to_owned()),
        Err(_) => return Err("internal HCL parser error".into()),
    };
    let converter = match base {
        Some(base) => Converter { base, fixed: None },
        None => Converter {
            base: 0,
            fixed: Some(whole),
        },
    };
    Ok(converter.template_expr(&template, whole))
}

pub(crate) fn offset(byte: usize) -> u32 {
    u32::try_from(byte).unwrap_or(u32::MAX)
}

/// Converts hcl-edit's tree into [`syntax`](crate::syntax), shifting ranges by `base`, or
/// giving every node the `fixed` range.
struct Converter {
    base: u32,
    fixed: Option<TextRange>,
}

impl Converter {
    fn range(&self, span: Option<Range<usize>>) -> TextRange {
        if let Some(fixed) = self.fixed {
            return fixed;
        }
        let span = span.unwrap_or(0..0);
        TextRange::new(
            self.base.saturating_add(offset(span.start)),
            self.base.saturating_add(offset(span.end)),
        )
    }

    fn body(&self, body: &hstruct::Body) -> Body {
        let mut out = Body::default();
        for structure in body {
            match structure {
                Structure::Attribute(attr) => out.attributes.push(Attribute {
                    name: attr.key.value().to_string(),
                    name_range: self.range(attr.key.span()),
                    value: self.expr(&attr.value),
                    range: self.range(attr.span()),
                }),
                Structure::Block(block) => out.blocks.push(Block {
                    kind: block.ident.value().to_string(),
                    kind_range: self.range(block.ident.span()),
                    labels: block
                        .labels
                        .iter()
                        .map(|label| Label {
                            value: match label {
                                BlockLabel::Ident(ident) => ident.value().to_string(),
                                BlockLabel::String(string) => string.value().clone(),
                            },
                            range: self.range(label.span()),
                        })
                        .collect(),
                    body: self.body(&block.body),
                    range: self.range(block.span()),
                }),
            }
        }
        out
    }

    fn expr(&self, expr: &Expression) -> Expr {
        let range = self.range(expr.span());
        let kind = match expr {
            Expression::Null(_) => ExprKind::Null,
            Expression::Bool(b) => ExprKind::Bool(*b.value()),
            Expression::Number(n) => ExprKind::Number(n.value().as_f64().unwrap_or(f64::NAN)),
            Expression::String(s) => ExprKind::String(s.value().clone()),
            Expression::Array(items) => {
                ExprKind::Tuple(items.iter().map(|e| self.expr(e)).collect())
            }
            Expression::Object(object) => ExprKind::Object(
                object
                    .iter()
                    .map(|(key, value)| (self.object_key(key), self.expr(value.expr())))
                    .collect(),
            ),
            Expression::StringTemplate(template) => {
                return self.template_expr(template, range);
            }
            Expression::HeredocTemplate(heredoc) => {
                return self.template_expr(&heredoc.template, range);
            }
            Expression::Parenthesis(inner) => return self.expr(inner.inner()),
            Expression::Variable(name) => ExprKind::Variable(name.value().to_string()),
            Expression::Conditional(c) => ExprKind::Conditional(Box::new(Conditional {
                condition: self.expr(&c.cond_expr),
                then: self.expr(&c.true_expr),
                otherwise: self.expr(&c.false_expr),
            })),
            Expression::FuncCall(call) => {
                let mut name = String::new();
                for part in &call.name.namespace {
                    name.push_str(part.value().as_str());
                    name.push_str("::");
                }
                name.push_str(call.name.name.value().as_str());
                ExprKind::Call(Box::new(Call {
                    name,
                    name_range: self.range(call.name.name.span()),
                    args: call.args.iter().map(|e| self.expr(e)).collect(),
                    expand_final: call.args.expand_final(),
                }))
            }
            Expression::Traversal(traversal) => ExprKind::Traversal(
                Box::new(self.expr(&traversal.expr)),
                traversal
                    .operators
                    .iter()
                    .map(|op| self.traverser(op.value(), op.span()))
                    .collect(),
            ),
            Expression::UnaryOp(op) => ExprKind::Unary(
                match op.operator.value() {
                    hexpr::UnaryOperator::Neg => UnaryOp::Neg,
                    hexpr::UnaryOperator::Not => UnaryOp::Not,
                },
                Box::new(self.expr(&op.expr)),
            ),
            Expression::BinaryOp(op) => ExprKind::Binary(
                binary_op(*op.operator.value()),
                Box::new(self.expr(&op.lhs_expr)),
                Box::new(self.expr(&op.rhs_expr)),
            ),
            Expression::ForExpr(f) => ExprKind::For(Box::new(ForExpr {
                key_var: f.intro.key_var.as_ref().map(|k| k.value().to_string()),
                value_var: f.intro.value_var.value().to_string(),
                collection: self.expr(&f.intro.collection_expr),
                key: f.key_expr.as_ref().map(|k| self.expr(k)),
                value: self.expr(&f.value_expr),
                grouping: f.grouping,
                condition: f.cond.as_ref().map(|c| self.expr(&c.expr)),
            })),
        };
        Expr { kind, range }
    }

    fn object_key(&self, key: &ObjectKey) -> Expr {
        match key {
            ObjectKey::Ident(ident) => Expr {
                kind: ExprKind::String(ident.value().to_string()),
                range: self.range(ident.span()),
            },
            ObjectKey::Expression(expr) => self.expr(expr),
        }
    }

    fn traverser(&self, op: &TraversalOperator, span: Option<Range<usize>>) -> Traverser {
        match op {
            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                Traverser::Splat(self.range(span))
            }
            TraversalOperator::GetAttr(name) => {
                Traverser::Attr(name.value().to_string(), self.range(name.span()))
            }
            TraversalOperator::Index(expr) => Traverser::Index(self.expr(expr)),
            TraversalOperator::LegacyIndex(index) => Traverser::Index(Expr {
                #[allow(clippy::cast_precision_loss)] // Indices are small.
                kind: ExprKind::Number(*index.value() as f64),
                range: self.range(index.span()),
            }),
        }
    }

    /// A template as an expression: a plain string when it has only literal text.
    fn template_expr(&self, template: &Template, range: TextRange) -> Expr {
        let parts = self.template(template);
        let kind = match parts.as_slice() {
            [] => ExprKind::String(String::new()),
            [TemplatePart::Literal(text)] => ExprKind::String(text.clone()),
            _ => ExprKind::Template(parts),
        };
        Expr { kind, range }
    }

    fn template(&self, template: &Template) -> Vec<TemplatePart> {
        let mut parts = Vec::new();
        for element in template.iter() {
            match element {
                Element::Literal(text) => {
                    if let Some(TemplatePart::Literal(previous)) = parts.last_mut() {
                        previous.push_str(text.value());
                    } else {
                        parts.push(TemplatePart::Literal(text.value().clone()));
                    }
                }
                Element::Interpolation(interpolation) => {
                    parts.push(TemplatePart::Interpolation(self.expr(&interpolation.expr)));
                }
                Element::Directive(directive) => parts.push(match directive.as_ref() {
                    Directive::If(d) => TemplatePart::If {
                        condition: self.expr(&d.if_expr.cond_expr),
                        then: self.template(&d.if_expr.template),
                        otherwise: d
                            .else_expr
                            .as_ref()
                            .map(|e| self.template(&e.template))
                            .unwrap_or_default(),
                    },
                    Directive::For(d) => TemplatePart::For {
                        key_var: d.for_expr.key_var.as_ref().map(|k| k.value().to_string()),
                        value_var: d.for_expr.value_var.value().to_string(),
                        collection: self.expr(&d.for_expr.collection_expr),
                        body: self.template(&d.for_expr.template),
                    },
                }),
            }
        }
        parts
    }
}

fn binary_op(op: hexpr::BinaryOperator) -> BinaryOp {
    use hexpr::BinaryOperator as B;
    match op {
        B::Eq => BinaryOp::Eq,
        B::NotEq => BinaryOp::NotEq,
        B::LessEq => BinaryOp::LessEq,
        B::GreaterEq => BinaryOp::GreaterEq,
        B::Less => BinaryOp::Less,
        B::Greater => BinaryOp::Greater,
        B::Plus => BinaryOp::Plus,
        B::Minus => BinaryOp::Minus,
        B::Mul => BinaryOp::Mul,
        B::Div => BinaryOp::Div,
        B::Mod => BinaryOp::Mod,
        B::And => BinaryOp::And,
        B::Or => BinaryOp::Or,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn parse(path: &str, text: &str) -> (SourceFile, Result<Body, ParseError>) {
        let file = SourceFile::new(path, text);
        let body = parse_file(&file);
        (file, body)
    }

    #[test]
    fn blocks_attributes_and_expressions_keep_their_spans() {
        let text = "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\"\n  tags = { Name = var.name }\n}\n";
        let (file, body) = parse("main.tf", text);
        let body = body.unwrap();
        let block = &body.blocks[0];
        assert_eq!(block.kind, "resource");
        assert_eq!(block.label(0), Some("aws_s3_bucket"));
        assert_eq!(file.slice(block.labels[1].range), "\"b\"");
        let acl = block.body.attribute("acl").unwrap();
        assert_eq!(file.slice(acl.value.range), "\"public-read\"");
        assert_eq!(file.location(acl.value.range).start.line, 2);
        assert_eq!(file.location(acl.value.range).start.column, 9);
        let tags = block.body.attribute("tags").unwrap();
        let ExprKind::Object(entries) = &tags.value.kind else {
            panic!("{:?}", tags.value)
        };
        assert_eq!(file.slice(entries[0].1.range), "var.name");
        assert!(file.slice(block.range).starts_with("resource"));
        assert!(file.slice(block.range).ends_with('}'));
    }

    #[test]
    fn malformed_hcl_is_an_error_with_line_and_column() {
        let (_, body) = parse("main.tf", "locals {\n  a = 1\n  b = \n}\n");
        let error = body.unwrap_err();
        assert_eq!(error.position.line, 3, "{error}");
        assert!(error.to_string().contains("invalid HCL"), "{error}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = format!("a = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let (_, body) = parse("main.tf", &text);
        assert!(body.is_err());
        let text = format!("a = {}\n", "1 + ".repeat(100_000) + "1");
        let (_, body) = parse("main.tf", &text);
        assert!(body.is_err());
    }

    #[test]
    fn templates_and_heredocs_become_parts() {
        let text = "a = \"x-${var.y}-%{ if true }t%{ else }f%{ endif }\"\nb = <<-EOT\n    hello\n    ${local.z}\n  EOT\n";
        let (file, body) = parse("main.tf", text);
        let body = body.unwrap();
        let ExprKind::Template(parts) = &body.attributes[0].value.kind else {
            panic!()
        };
        assert!(matches!(&parts[0], TemplatePart::Literal(l) if l == "x-"));
        let TemplatePart::Interpolation(y) = &parts[1] else {
            panic!()
        };
        assert_eq!(file.slice(y.range), "var.y");
        assert!(matches!(parts[3], TemplatePart::If { .. }));
        let ExprKind::Template(parts) = &body.attributes[1].value.kind else {
            panic!()
        };
        assert!(
            matches!(&parts[0], TemplatePart::Literal(l) if l == "hello\n"),
            "{parts:?}"
        );
    }

    #[test]
    fn json_syntax_reads_blocks_labels_and_templates() {
        let text = r#"{"resource": {"aws_s3_bucket": {"b": {"acl": "${var.acl}", "bucket": "x"}}},
"variable": {"acl": {"default": "${not-a-template"}}}"#;
        let (file, body) = parse("main.tf.json", text);
        let body = body.unwrap();
        let bucket = &body.blocks[0];
        assert_eq!(
            (bucket.label(0), bucket.label(1)),
            (Some("aws_s3_bucket"), Some("b"))
        );
        let acl = bucket.body.attribute("acl").unwrap();
        assert!(matches!(&acl.value.kind, ExprKind::Template(_)));
        let ExprKind::Template(parts) = &acl.value.kind else {
            panic!()
        };
        let TemplatePart::Interpolation(var) = &parts[0] else {
            panic!()
        };
        assert_eq!(file.slice(var.range), "var.acl");
        let default = body.blocks[1].body.attribute("default").unwrap();
        assert_eq!(
            default.value.kind,
            ExprKind::String("${not-a-template".into())
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_offsets_stay_right() {
        let (file, body) = parse("main.tf", "\u{feff}a = 1\n");
        let body = body.unwrap();
        assert_eq!(file.slice(body.attributes[0].value.range), "1");
    }
}
