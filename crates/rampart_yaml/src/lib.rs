//! YAML and JSON parsers that build the spanned [`Node`] tree of `rampart_source`.
//!
//! Both are safe on hostile input: nesting deeper than [`Limits::max_depth`] and alias expansion
//! past [`Limits::max_alias_nodes`] are errors with a position, never a stack overflow or an
//! unbounded allocation. Scalars are not resolved here: the tree keeps each scalar's text and
//! style, and each platform reads them as its own loader does.

mod json;
mod yaml;

use rampart_source::{Node, TextRange};

pub use json::parse_json;
pub use yaml::parse_yaml;

/// Bounds on what a parse may build.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The deepest nesting of sequences and mappings accepted.
    pub max_depth: usize,
    /// The most nodes that alias references (`*name`) may add to a document by expansion.
    pub max_alias_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 256,
            max_alias_nodes: 100_000,
        }
    }
}

/// One document of a YAML stream (a JSON file has exactly one).
#[derive(Debug, Clone)]
pub struct Document {
    /// `None` for an empty document (`---` followed by nothing).
    pub root: Option<Node>,
    /// The text from the end of the previous document to the end of this one, so that comments
    /// before the content (such as Helm's `# Source:` line) fall inside it.
    pub range: TextRange,
}

/// Malformed input, with the byte offset where the parser gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: u32,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// The documents of a stream, and the error that stopped it, if any. Documents before the error
/// are kept so that they can still be scanned.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub documents: Vec<Document>,
    pub error: Option<ParseError>,
}
