//! The outline of a configuration file, for placing comments: where its strings are (a `#` in
//! one is text, not a comment), where every block and argument is (a comment above one is about
//! it), and where its resources are. Inline suppressions (`# rampart:ignore ...`) read it.

use rampart_source::TextRange;

use crate::project::Module;
use crate::syntax::{Block, Body, Expr, ExprKind, Traverser};
use crate::value::FileId;

/// Ranges in one file, each list sorted by start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Quoted strings and heredocs.
    pub strings: Vec<TextRange>,
    /// Every block and argument, nested ones included.
    pub nodes: Vec<TextRange>,
    /// The `resource`, `data` and `module` blocks.
    pub resources: Vec<TextRange>,
}

/// The outline of `file`, one of `module`'s files.
#[must_use]
pub fn outline(module: &Module, file: FileId) -> Outline {
    let mut out = Outline::default();
    let items = module
        .variables
        .iter()
        .chain(&module.resources)
        .chain(&module.data)
        .chain(&module.module_calls)
        .chain(&module.outputs)
        .chain(&module.other)
        .filter(|item| item.file == file);
    for item in items {
        if matches!(item.block.kind.as_str(), "resource" | "data" | "module") {
            out.resources.push(item.block.range);
        }
        block(&item.block, &mut out);
    }
    for local in module.locals.iter().filter(|l| l.file == file) {
        out.nodes.push(local.attribute.range);
        expr(&local.attribute.value, &mut out.strings);
    }
    out.strings.sort_by_key(|r| r.start);
    out.nodes.sort_by_key(|r| r.start);
    out.resources.sort_by_key(|r| r.start);
    out
}

fn block(block: &Block, out: &mut Outline) {
    out.nodes.push(block.range);
    for label in &block.labels {
        out.strings.push(label.range);
    }
    body(&block.body, out);
}

fn body(body: &Body, out: &mut Outline) {
    for attribute in &body.attributes {
        out.nodes.push(attribute.range);
        expr(&attribute.value, &mut out.strings);
    }
    for nested in &body.blocks {
        block(nested, out);
    }
}

fn expr(e: &Expr, strings: &mut Vec<TextRange>) {
    match &e.kind {
        // The whole string or heredoc, interpolations included.
        ExprKind::String(_) | ExprKind::Template(_) => strings.push(e.range),
        ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::Variable(_) => {}
        ExprKind::Tuple(items) => items.iter().for_each(|i| expr(i, strings)),
        ExprKind::Object(entries) => {
            for (key, value) in entries {
                expr(key, strings);
                expr(value, strings);
            }
        }
        ExprKind::Traversal(base, steps) => {
            expr(base, strings);
            for step in steps {
                if let Traverser::Index(index) = step {
                    expr(index, strings);
                }
            }
        }
        ExprKind::Call(call) => call.args.iter().for_each(|a| expr(a, strings)),
        ExprKind::Conditional(c) => {
            expr(&c.condition, strings);
            expr(&c.then, strings);
            expr(&c.otherwise, strings);
        }
        ExprKind::Unary(_, operand) => expr(operand, strings),
        ExprKind::Binary(_, lhs, rhs) => {
            expr(lhs, strings);
            expr(rhs, strings);
        }
        ExprKind::For(f) => {
            expr(&f.collection, strings);
            expr(&f.value, strings);
            for e in f.key.iter().chain(&f.condition) {
                expr(e, strings);
            }
        }
    }
}
