//! Policy as code: the policies a team writes itself, run in-process on the same parsed inputs
//! as the built-in rules, with the same locations, reports, suppressions and exit codes.
//!
//! - Rego policies in conftest's conventions ([`load`]): rules named `deny`, `violation` and
//!   `warn` (and `deny_*`, `violation_*`, `warn_*`) in package `main` or in the namespaces given;
//!   results are strings or objects with `msg` (and optionally `path`, which points the finding
//!   at that key). OPA METADATA annotations give a rule its id, title, severity and docs.
//! - Gatekeeper ConstraintTemplates and Constraints ([`gatekeeper`]), judged offline the way the
//!   admission webhook would: `input.review`, `input.parameters`, the constraint's `match`, and
//!   `data.inventory` built from the scanned objects.
//! - Rego unit tests ([`testing`]): `test_*` rules, as `opa test` runs them.
//!
//! Policies are compiled once ([`Policies`]) and evaluated by one [`Evaluator`] per thread.
//! Rego runs in [regorus](https://github.com/microsoft/regorus); no network builtin is built in.

mod eval;
pub mod gatekeeper;
pub mod input;
mod load;
pub mod metadata;
pub mod terraform;
pub mod testing;

use std::fmt;
use std::path::PathBuf;

use rampart_diagnostics::RuleMeta;

pub use eval::{failure, Evaluator, PolicyInput, RuleResult, RunError};
pub use load::load;

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct PolicyOptions {
    /// `.rego` files, data files (`.json`, `.yaml`), Gatekeeper manifests, or folders of them.
    pub paths: Vec<PathBuf>,
    /// The packages whose rules are judged (conftest's `--namespace`); empty means `main`.
    pub namespaces: Vec<String>,
    /// Judge the rules of every package (conftest's `--all-namespaces`).
    pub all_namespaces: bool,
    /// How long the policies may take on one input before that input's evaluation is stopped
    /// and reported as an error; `None` means [`DEFAULT_EVALUATION_LIMIT`].
    pub evaluation_limit: Option<std::time::Duration>,
}

/// How long the policies may take on one input, unless [`PolicyOptions::evaluation_limit`] says
/// otherwise: a policy that loops over a huge comprehension must not hang a CI job.
pub const DEFAULT_EVALUATION_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Bounds every evaluation of `engine` by `limit` of wall time.
fn limit_time(engine: &mut regorus::Engine, limit: std::time::Duration) {
    engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
        limit,
        check_interval: std::num::NonZeroU32::MIN,
    });
}

/// Loaded, compiled policies.
pub struct Policies {
    /// The Rego modules and data of the conftest-style policies; `None` when there are none.
    engine: Option<regorus::Engine>,
    rules: Vec<PolicyRule>,
    templates: Vec<gatekeeper::Template>,
    constraints: Vec<gatekeeper::Constraint>,
    /// conftest `exception` rules, one per package that has one.
    exceptions: Vec<ExceptionRule>,
    /// The labels of the scanned Namespace objects, for constraints' `namespaceSelector`.
    namespaces: serde_json::Map<String, serde_json::Value>,
}

/// One rule that results come from: `data.main.deny`, say.
#[derive(Debug)]
pub struct PolicyRule {
    pub meta: &'static RuleMeta,
    /// The Rego reference evaluated: `data.main.deny`.
    pub query: String,
    /// A `warn` rule: its results are warnings (severity low unless the rule's METADATA says).
    pub warn: bool,
    /// The package the rule is in.
    pub package: Vec<String>,
    /// The name a conftest `exception` rule uses for it: `foo` for `deny_foo` and
    /// `violation_foo`, the empty string for `deny` and `violation`; `None` for `warn` rules,
    /// which exceptions do not cover.
    pub exception_name: Option<String>,
}

/// A package's conftest `exception` rule: the names of the rules an input is exempt from.
#[derive(Debug)]
pub(crate) struct ExceptionRule {
    pub package: Vec<String>,
    /// `data.main.exception`.
    pub query: String,
    /// Where it is defined, `file:line`.
    pub origin: String,
}

impl Policies {
    /// Every rule the policies define: conftest-style rules, then one per Gatekeeper constraint.
    #[must_use]
    pub fn metas(&self) -> Vec<&'static RuleMeta> {
        self.rules
            .iter()
            .map(|r| r.meta)
            .chain(self.constraints.iter().map(|c| c.meta))
            .collect()
    }

    /// Whether a rule with this id comes from the policies.
    #[must_use]
    pub fn defines(&self, id: &str) -> bool {
        self.rules.iter().any(|r| r.meta.id == id)
            || self.constraints.iter().any(|c| c.meta.id == id)
    }

    /// Whether there are conftest-style rules, which judge any input (Gatekeeper constraints
    /// judge Kubernetes objects only).
    #[must_use]
    pub fn has_rules(&self) -> bool {
        !self.rules.is_empty()
    }

    /// Whether no policy was loaded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.constraints.is_empty()
    }

    /// Whether Gatekeeper constraints need to see every scanned object before any is judged: a
    /// template reads `data.inventory`, or a constraint selects by namespace labels. Then the
    /// caller hands the objects to [`Policies::set_objects`] first.
    #[must_use]
    pub fn needs_objects(&self) -> bool {
        self.templates.iter().any(|t| t.uses_inventory)
            || self
                .constraints
                .iter()
                .any(gatekeeper::Constraint::selects_namespaces)
    }

    /// Gives Gatekeeper the scanned objects (each a Kubernetes object as JSON): templates that
    /// read it get `data.inventory`, laid out as Gatekeeper's sync cache does, and
    /// `namespaceSelector` reads the Namespace objects' labels.
    ///
    /// # Errors
    /// When the data cannot be added to a template.
    pub fn set_objects(&mut self, objects: &[serde_json::Value]) -> Result<(), PolicyError> {
        self.namespaces = gatekeeper::namespace_labels(objects);
        let inventory = gatekeeper::inventory(objects);
        for template in self.templates.iter_mut().filter(|t| t.uses_inventory) {
            template
                .engine
                .add_data(regorus::Value::from(inventory.clone()))
                .map_err(|e| PolicyError::new(&template.path, None, e.to_string()))?;
        }
        Ok(())
    }

    /// An evaluator for one thread.
    #[must_use]
    pub fn evaluator(&self) -> Evaluator<'_> {
        Evaluator::new(self)
    }
}

/// A policy that cannot be loaded or run: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub path: String,
    /// 1-based line and column, when known.
    pub position: Option<(u32, u32)>,
    pub message: String,
}

impl PolicyError {
    fn new(path: &str, position: Option<(u32, u32)>, message: impl Into<String>) -> Self {
        PolicyError {
            path: path.to_owned(),
            position,
            message: message.into(),
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for PolicyError {}

/// The metadata of a rule a loaded policy defines. It is leaked to be `'static` like the
/// built-in rules' metadata: policies load once per run.
fn policy_meta(
    id: String,
    title: String,
    severity: rampart_diagnostics::Severity,
    remediation: String,
    docs: String,
    platforms: &'static [rampart_diagnostics::Platform],
) -> &'static RuleMeta {
    fn leak(text: String) -> &'static str {
        Box::leak(text.into_boxed_str())
    }
    Box::leak(Box::new(RuleMeta {
        id: leak(id),
        title: leak(title),
        severity,
        platforms,
        frameworks: &[],
        peers: &[],
        fixable: false,
        remediation: leak(remediation),
        doc_comment: leak(docs),
    }))
}
