//! The Terraform syntax model: what a `.tf` or `.tf.json` file says, before evaluation.
//!
//! Both syntaxes parse into these types. Every block, attribute, label and expression keeps the
//! byte [`TextRange`] of the text it came from, in the file it was parsed from (a [`SourceFile`]
//! turns it into line and column). Nothing here knows about providers or policy.
//!
//! [`SourceFile`]: rampart_source::SourceFile

use rampart_source::TextRange;

/// The attributes and nested blocks of a file, or of a block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
}

impl Body {
    /// The attribute named `name`, if the body sets it.
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The nested blocks of type `kind`, in source order.
    pub fn blocks_of<'b>(&'b self, kind: &'b str) -> impl Iterator<Item = &'b Block> + 'b {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

/// `name = value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub name_range: TextRange,
    pub value: Expr,
    /// From the start of the name to the end of the value.
    pub range: TextRange,
}

/// `kind "label" "label" { body }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: String,
    pub kind_range: TextRange,
    pub labels: Vec<Label>,
    pub body: Body,
    /// From the start of the block type to the closing brace.
    pub range: TextRange,
}

impl Block {
    /// The text of label `index`, if the block has it.
    #[must_use]
    pub fn label(&self, index: usize) -> Option<&str> {
        self.labels.get(index).map(|l| l.value.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub value: String,
    pub range: TextRange,
}

/// An expression and the text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Null,
    Bool(bool),
    Number(f64),
    /// A string without interpolation or directives (its escapes resolved).
    String(String),
    /// A quoted string or heredoc with interpolations or directives.
    Template(Vec<TemplatePart>),
    Tuple(Vec<Expr>),
    /// `{ key = value }`: a bare identifier key is a [`ExprKind::String`] key.
    Object(Vec<(Expr, Expr)>),
    /// A root name: `var`, `local`, `each`, a resource type, a `for` variable...
    Variable(String),
    Traversal(Box<Expr>, Vec<Traverser>),
    Call(Box<Call>),
    Conditional(Box<Conditional>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    For(Box<ForExpr>),
}

/// One step of a traversal.
#[derive(Debug, Clone, PartialEq)]
pub enum Traverser {
    /// `.name`
    Attr(String, TextRange),
    /// `[expr]` (and the legacy `.0`)
    Index(Expr),
    /// `.*` or `[*]`: the steps after it apply to each element.
    Splat(TextRange),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub name_range: TextRange,
    pub args: Vec<Expr>,
    /// `f(list...)`: the last argument's elements are the final arguments.
    pub expand_final: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Conditional {
    pub condition: Expr,
    pub then: Expr,
    pub otherwise: Expr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Eq,
    NotEq,
    LessEq,
    GreaterEq,
    Less,
    Greater,
    Plus,
    Minus,
    Mul,
    Div,
    Mod,
    And,
    Or,
}

/// `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ForExpr {
    pub key_var: Option<String>,
    pub value_var: String,
    pub collection: Expr,
    /// `Some` for an object `for`.
    pub key: Option<Expr>,
    pub value: Expr,
    /// `...` after the value: each key collects a list of values.
    pub grouping: bool,
    pub condition: Option<Expr>,
}

/// A piece of a string template or heredoc.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Literal(String),
    Interpolation(Expr),
    If {
        condition: Expr,
        then: Vec<TemplatePart>,
        otherwise: Vec<TemplatePart>,
    },
    For {
        key_var: Option<String>,
        value_var: String,
        collection: Expr,
        body: Vec<TemplatePart>,
    },
}
