//! Terraform for Rampart: parsing with spans, modules, and evaluation.

pub mod eval;
pub mod functions;
mod json;
pub mod parse;
pub mod project;
pub mod syntax;
mod types;
pub mod value;

pub use eval::{
    evaluate, EvalAttribute, EvalBlock, EvalBody, EvaluatedModule, Inputs, InstanceKey, Mode,
    ResourceInstance,
};
pub use parse::{parse_file, ParseError};
pub use project::{Module, Project};
pub use value::{FileId, Kind, Origin, Reason, Span, Unknown, Value};
