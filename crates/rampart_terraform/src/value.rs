//! Values as evaluation produces them: known, or [`Unknown`] with a reason, each with the
//! [`Origin`] of the text that produced it.
//!
//! Terraform's types are folded for scanning: tuples, lists and sets are [`Kind::List`] (a set
//! is a list without duplicates), objects and maps are [`Kind::Map`] (keys sorted, as Terraform
//! sorts them). Collections are shared (`Arc`), so passing a value through variables, locals
//! and module arguments copies nothing. Comparisons ignore origins.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use rampart_source::TextRange;

/// An index into [`Project::files`](crate::Project::files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A range of text in one of the project's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub range: TextRange,
}

/// Where a value came from: the expression that produced it, or a reference (`var.x`,
/// `local.y`, `module.m.out`) that passed it on, followed by where that reference's value came
/// from. The last link of the chain is where the value was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub span: Span,
    /// For a reference: the origin of the value it refers to.
    pub via: Option<Arc<Origin>>,
}

impl Origin {
    /// Every link, from the use to where the value was set.
    pub fn chain(&self) -> impl Iterator<Item = &Origin> {
        std::iter::successors(Some(self), |o| o.via.as_deref())
    }

    /// The expression that set the value (the last link).
    #[must_use]
    pub fn set_at(&self) -> Span {
        self.chain().last().map_or(self.span, |o| o.span)
    }
}

/// Why a value is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// A resource attribute the provider computes on apply (`id`, `arn`...).
    AfterApply,
    /// A data source's result.
    DataSource,
    /// An output of a module that is not on disk (registry, git...).
    RemoteModule,
    /// A variable with no default and no value given.
    UnsetVariable,
    /// A function that cannot be known before apply (`timestamp`, `uuid`), reads outside the
    /// scan, or is not implemented.
    Function,
    /// An expression Terraform would reject (a type error, a missing attribute...).
    Error,
    /// A cycle between locals, resources or modules, or a depth or size limit.
    Limit,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::AfterApply => "known after apply",
            Reason::DataSource => "read from a data source",
            Reason::RemoteModule => "from a module that is not on disk",
            Reason::UnsetVariable => "a variable without a value",
            Reason::Function => "a function that cannot be evaluated before apply",
            Reason::Error => "an expression Terraform would reject",
            Reason::Limit => "a cycle or a limit of the evaluator",
        })
    }
}

/// A value that evaluation could not know, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    pub reason: Reason,
    /// For a resource's or data source's attribute: that resource's address in its module
    /// (`aws_s3_bucket.logs`, `data.aws_iam_policy_document.p`), so that rules can follow
    /// references between resources even when the attribute itself is unknown.
    pub resource: Option<Arc<str>>,
    /// Whether the value is a string built around that attribute (`"${aws_s3_bucket.b.arn}/*"`,
    /// `"${data.azurerm_subscription.s.id}/resourceGroups/app"`), not the attribute itself.
    pub derived: bool,
}

impl Unknown {
    /// A value not known for `reason` alone (no resource's attribute).
    #[must_use]
    pub const fn of(reason: Reason) -> Self {
        Self {
            reason,
            resource: None,
            derived: false,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(f64),
    String(Arc<str>),
    List(Arc<Vec<Value>>),
    Map(Arc<BTreeMap<String, Value>>),
    Unknown(Unknown),
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub struct Value {
    pub kind: Kind,
    /// `None` for values no text produced (`count.index`, a default of the evaluator).
    pub origin: Option<Arc<Origin>>,
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (&self.kind, &other.kind) {
            (Kind::Null, Kind::Null) => true,
            (Kind::Bool(a), Kind::Bool(b)) => a == b,
            #[allow(clippy::float_cmp)] // Terraform compares numbers exactly.
            (Kind::Number(a), Kind::Number(b)) => a == b,
            (Kind::String(a), Kind::String(b)) => a == b,
            (Kind::List(a), Kind::List(b)) => a == b,
            (Kind::Map(a), Kind::Map(b)) => a == b,
            (Kind::Unknown(a), Kind::Unknown(b)) => a == b,
            _ => false,
        }
    }
}

impl Value {
    #[must_use]
    pub fn new(kind: Kind, origin: Option<Arc<Origin>>) -> Self {
        Self { kind, origin }
    }

    /// A value with no origin.
    #[must_use]
    pub fn bare(kind: Kind) -> Self {
        Self { kind, origin: None }
    }

    #[must_use]
    pub fn unknown(reason: Reason) -> Self {
        Self::bare(Kind::Unknown(Unknown::of(reason)))
    }

    #[must_use]
    pub fn null() -> Self {
        Self::bare(Kind::Null)
    }

    #[must_use]
    pub fn string(s: impl Into<Arc<str>>) -> Self {
        Self::bare(Kind::String(s.into()))
    }

    #[must_use]
    pub fn number(n: f64) -> Self {
        Self::bare(Kind::Number(n))
    }

    #[must_use]
    pub fn bool(b: bool) -> Self {
        Self::bare(Kind::Bool(b))
    }

    #[must_use]
    pub fn list(items: Vec<Value>) -> Self {
        Self::bare(Kind::List(Arc::new(items)))
    }

    #[must_use]
    pub fn map(entries: BTreeMap<String, Value>) -> Self {
        Self::bare(Kind::Map(Arc::new(entries)))
    }

    /// The same value, produced at `span`.
    #[must_use]
    pub fn at(mut self, span: Span) -> Self {
        self.origin = Some(Arc::new(Origin { span, via: None }));
        self
    }

    /// The same value, passed on by the reference at `span`.
    #[must_use]
    pub fn through(mut self, span: Span) -> Self {
        let via = self.origin.take();
        self.origin = Some(Arc::new(Origin { span, via }));
        self
    }

    #[must_use]
    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, Kind::Unknown(_))
    }

    #[must_use]
    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// Whether any part of the value is unknown.
    #[must_use]
    pub fn has_unknown(&self) -> bool {
        match &self.kind {
            Kind::Unknown(_) => true,
            Kind::List(items) => items.iter().any(Value::has_unknown),
            Kind::Map(entries) => entries.values().any(Value::has_unknown),
            _ => false,
        }
    }

    /// The unknown in the value, if the value is one.
    #[must_use]
    pub fn as_unknown(&self) -> Option<&Unknown> {
        match &self.kind {
            Kind::Unknown(u) => Some(u),
            _ => None,
        }
    }

    /// A known string (numbers and booleans are not converted).
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// A known boolean, converting `"true"` and `"false"` as Terraform does.
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            Kind::Bool(b) => Some(*b),
            Kind::String(s) if &**s == "true" => Some(true),
            Kind::String(s) if &**s == "false" => Some(false),
            _ => None,
        }
    }

    /// A known number, converting numeric strings as Terraform does.
    #[must_use]
    pub fn as_number(&self) -> Option<f64> {
        match &self.kind {
            Kind::Number(n) => Some(*n),
            Kind::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_list(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::List(items) => Some(items),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// A map's entry, if the value is a map that has it.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_map().and_then(|m| m.get(key))
    }

    /// The value as Terraform converts a primitive to a string: numbers without a trailing
    /// `.0`, booleans as `true` and `false`.
    #[must_use]
    pub fn to_plain_string(&self) -> Option<String> {
        match &self.kind {
            Kind::String(s) => Some(s.to_string()),
            Kind::Number(n) => Some(format_number(*n)),
            Kind::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The Terraform type name, for messages.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "bool",
            Kind::Number(_) => "number",
            Kind::String(_) => "string",
            Kind::List(_) => "list",
            Kind::Map(_) => "map",
            Kind::Unknown(_) => "unknown",
        }
    }
}

/// A number as Terraform prints it: `22`, `0.5`.
#[must_use]
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}
