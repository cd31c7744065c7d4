//! The source model that every platform shares.
//!
//! Parsers (YAML, JSON, and later HCL) produce a [`Node`] tree in which every key and value keeps
//! the byte [`TextRange`] of the text it came from. A [`SourceFile`] turns ranges into 1-based
//! line and column positions ([`Location`]) with a [`LineIndex`], so a finding, a suppression and
//! a fix all point at the same text. Nothing here knows about Kubernetes or any policy.

mod file;
mod line_index;
mod node;
mod range;

pub use file::{Location, SourceFile};
pub use line_index::{LineCol, LineIndex};
pub use node::{Entry, Node, NodeKind, Route, Scalar, ScalarStyle, Segment};
pub use range::TextRange;
