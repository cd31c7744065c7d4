//! Terraform for Rampart: `.tf` and `.tf.json` parsed with spans, modules grouped by directory,
//! and evaluated the way Terraform evaluates them before apply, so that rules judge the value
//! Terraform would use and findings point at the text that set it.
//!
//! The layers, each usable alone:
//!
//! - [`parse`] reads a file (native syntax through `hcl-edit`, JSON syntax through
//!   `rampart_yaml::parse_json`) into the [`syntax`] model, in which every block, attribute,
//!   label and expression keeps its byte range. Malformed input is a [`ParseError`] with a line
//!   and column, never a panic: nesting is bounded and the parser runs under `catch_unwind`.
//! - [`project`] owns every file read ([`Project`], so that any [`Span`] can be located) and
//!   groups configuration files into [`Module`]s by directory, parsed once per scan (in parallel
//!   with [`Project::load_modules`]).
//! - [`eval`] evaluates a root module with its tfvars and the caller's [`Inputs`] into an
//!   [`EvaluatedModule`]: each resource and data source instance ([`ResourceInstance`], after
//!   `count` and `for_each`) with its evaluated body (dynamic blocks expanded), and each local
//!   module call evaluated with its arguments as a child module.
//! - [`value`]: a [`Value`] is known, or [`Unknown`] with a [`Reason`] (and, for a resource's
//!   attribute, the resource it belongs to). Unknowns propagate through every operation and
//!   function; nothing is guessed. Every value carries its [`Origin`]: the expression that
//!   produced it, and the chain of references (`var.x`, module arguments, `local.y`) it came
//!   through.
//! - [`functions`] implements Terraform's built-in functions.
//!
//! `docs/terraform.md` says what is evaluated and what stays unknown.
//!
//! ```no_run
//! use rampart_terraform::{evaluate, Inputs, Project};
//!
//! let mut project = Project::new();
//! let root = evaluate(&mut project, "infra/".as_ref(), &Inputs::default());
//! for module in root.walk() {
//!     for resource in &module.resources {
//!         if let Some(acl) = resource.body.attribute("acl") {
//!             if acl.value.as_str() == Some("public-read") {
//!                 let at = acl.value.origin.as_ref().map(|o| o.set_at()).unwrap_or(acl.span);
//!                 println!("{} is public, set at {:?}", resource.address, project.location(at));
//!             }
//!         }
//!     }
//! }
//! ```

pub mod eval;
pub mod functions;
mod json;
pub mod kubernetes;
pub mod outline;
pub mod parse;
pub mod plan;
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
