use std::fmt;

use rampart_source::Location;
use serde::Serialize;

use crate::{RuleMeta, Severity};

/// One problem found by one rule at one place.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    #[serde(skip)]
    pub rule: &'static RuleMeta,
    /// The effective severity: the rule's default, or the config file's override.
    pub severity: Severity,
    /// What is wrong here, in one sentence naming the offending thing.
    pub message: String,
    /// The offending key and value, or the object that should carry a missing field.
    pub location: Location,
    /// The resource the finding is in.
    pub resource: Option<ResourceRef>,
    /// Where in the resource, as keys and indices: `spec.containers[0].securityContext.privileged`.
    pub route: Option<String>,
    /// For rendered Helm output: the chart template named by the document's `# Source:` comment.
    pub helm_template: Option<String>,
    /// Other places that take part in the finding.
    pub related: Vec<Related>,
    /// Identifies the finding across edits that move lines; see [`fingerprint`].
    pub fingerprint: String,
    /// Text that must never be shown (a secret's value): reports that quote source lines mask
    /// these ranges of the file.
    #[serde(skip)]
    pub redact: Vec<rampart_source::TextRange>,
    /// Set on findings in [`ScanResult::suppressed`]: the decision that suppresses it.
    pub suppression: Option<crate::Suppression>,
    /// Remarks on the finding's record, such as an exception that expired.
    pub notes: Vec<String>,
    /// The risk the finding carries in its context, once scored.
    pub risk: Option<crate::Risk>,
}

/// The message of a related location that is a Terraform `module` block leading to the
/// finding's resource.
pub const MODULE_CALL: &str = "in this module call";

impl Finding {
    /// Where the finding points into source: its location, then the Terraform `module` blocks
    /// that lead to its resource ([`MODULE_CALL`]), so that an inline directive on a module
    /// call covers what the module creates.
    pub fn places(&self) -> impl Iterator<Item = &Location> {
        std::iter::once(&self.location).chain(
            (self.related.iter())
                .filter(|related| related.message == MODULE_CALL)
                .map(|related| &related.location),
        )
    }

    /// A finding of `rule` at its default severity, in `resource` at `route`, with its
    /// fingerprint and nothing else on record yet.
    #[must_use]
    pub fn new(
        rule: &'static RuleMeta,
        message: String,
        location: Location,
        resource: Option<ResourceRef>,
        route: Option<String>,
    ) -> Self {
        let fingerprint = fingerprint(rule.id, &location.path, resource.as_ref(), route.as_deref());
        Self {
            rule,
            severity: rule.severity,
            message,
            location,
            resource,
            route,
            helm_template: None,
            related: Vec::new(),
            fingerprint,
            redact: Vec::new(),
            suppression: None,
            notes: Vec::new(),
            risk: None,
        }
    }

    #[must_use]
    pub fn rule_id(&self) -> &'static str {
        self.rule.id
    }

    /// The order every report uses: by file, position, rule, then message.
    #[must_use]
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (
            &self.location.path,
            self.location.start.line,
            self.location.start.column,
            self.rule.id,
            &self.message,
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// Names a Kubernetes object (`Deployment/payments/payments-api`) or a Terraform resource
/// instance (its address: `module.logs.aws_s3_bucket.this`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ResourceRef {
    pub api_version: String,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: Option<String>,
}

impl ResourceRef {
    /// The `api_version` that marks a Terraform resource, named by its address.
    pub const TERRAFORM: &'static str = "terraform";

    /// A Terraform resource instance: its type (`aws_s3_bucket`) and full address
    /// (`module.logs.aws_s3_bucket.this[0]`), which is how it displays and how exceptions name it.
    #[must_use]
    pub fn terraform(kind: impl Into<String>, address: impl Into<String>) -> Self {
        Self {
            api_version: Self::TERRAFORM.to_owned(),
            kind: kind.into(),
            namespace: None,
            name: Some(address.into()),
        }
    }
}

impl fmt::Display for ResourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.api_version == Self::TERRAFORM {
            return f.write_str(self.name.as_deref().unwrap_or(&self.kind));
        }
        write!(f, "{}", self.kind)?;
        if let Some(ns) = &self.namespace {
            write!(f, "/{ns}")?;
        }
        write!(f, "/{}", self.name.as_deref().unwrap_or("<unnamed>"))
    }
}

/// A stable fingerprint of a finding from what does not move when lines do: the rule, the file,
/// the resource and the route within it. 64-bit FNV-1a, as 16 hex digits.
#[must_use]
pub fn fingerprint(
    rule_id: &str,
    path: &str,
    resource: Option<&ResourceRef>,
    route: Option<&str>,
) -> String {
    let resource = resource.map(ToString::to_string).unwrap_or_default();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [rule_id, path, &resource, route.unwrap_or("")] {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// A file that could not be scanned, or not in full.
#[derive(Debug, Clone, Serialize)]
pub struct InputError {
    pub path: String,
    pub kind: InputErrorKind,
    /// Where in the file, when known (for parse errors).
    pub location: Option<Location>,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(
                f,
                "{}:{}:{}: {}",
                self.path, loc.start.line, loc.start.column, self.message
            ),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputErrorKind {
    /// The file could not be read (missing, permission denied, ...).
    Read,
    /// The file is larger than the configured size limit.
    TooLarge,
    /// The file is not valid UTF-8.
    Encoding,
    /// The YAML or JSON is malformed, nests too deeply, or expands aliases too far.
    Parse,
    /// A custom policy failed at run time on an input (the other policies and inputs still ran).
    Policy,
}

/// Something worth telling that is not an error: a file skipped as not Kubernetes (shown with
/// `--verbose`), or a binary file or symlink loop passed over during a directory walk.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub path: String,
    pub message: String,
    /// Warnings are always shown; the rest only with `--verbose`.
    pub warning: bool,
}

/// Everything one scan produced, sorted, for the renderers.
#[derive(Debug, Clone, Default)]
pub struct ScanResult {
    /// Findings sorted by [`Finding::sort_key`].
    pub findings: Vec<Finding>,
    /// Files that could not be scanned (or not in full), sorted by path.
    pub errors: Vec<InputError>,
    /// Skipped documents and walk warnings, sorted by path.
    pub notices: Vec<Notice>,
    /// How many files were read and parsed.
    pub files_scanned: usize,
    /// The text of every file with a finding, by the path findings name, for quoting source lines,
    /// with every [`Finding::redact`] range masked.
    pub sources: std::collections::BTreeMap<String, std::sync::Arc<str>>,
    /// The rules that ran, in registry order (SARIF lists them in `tool.driver.rules`).
    pub rules: Vec<&'static RuleMeta>,
    /// Severities the config file changed, by rule id.
    pub severity_overrides: std::collections::BTreeMap<String, Severity>,
    /// Findings that a decision on record suppresses, each with its `suppression`; they never
    /// fail the run, and every report carries them.
    pub suppressed: Vec<Finding>,
    /// Exceptions that matched nothing.
    pub stale_exceptions: Vec<crate::StaleException>,
    /// Set when a baseline left findings out.
    pub baseline: Option<crate::BaselineSummary>,
    /// Findings the baseline records, sorted like `findings`: they never fail the run, and only
    /// SARIF carries them (with `baselineState: "unchanged"`).
    pub baselined: Vec<Finding>,
    /// Every Kubernetes object the rules ran over, sorted by path and resource: what compliance
    /// scores count resources in.
    pub resources: Vec<crate::ScannedResource>,
    /// The compliance score of each framework, in [`Framework::ALL`](crate::Framework::ALL)
    /// order. Empty until `rampart_engine::assess_compliance` fills it, which is done once
    /// exceptions and a baseline have been applied, since they change which findings count.
    pub compliance: Vec<crate::FrameworkScore>,
}
