//! Terraform for Rampart: parsing with spans, modules, and evaluation.

mod json;
pub mod parse;
pub mod syntax;

pub use parse::{parse_file, ParseError};
