use rampart_diagnostics::{Finding, Related, ResourceRef, RuleMeta};
use rampart_kubernetes::Object;
use rampart_source::{Entry, Location, Node, SourceFile, TextRange};

use crate::cluster::{Fact, Meta};

/// What a rule reports through: it turns a range in the object into a located [`Finding`] with
/// the resource, its route within the resource, the Helm template, and a fingerprint.
pub struct Context<'a> {
    file: &'a SourceFile,
    object: Object<'a>,
    resource: ResourceRef,
    helm_template: Option<&'a str>,
    /// The type of the Terraform resource that creates the object, if one does.
    terraform_resource: Option<&'a str>,
    rule: &'static RuleMeta,
    target: Option<KubeVersion>,
    findings: Vec<Finding>,
}

/// A Kubernetes release, `MAJOR.MINOR` (`1.29`): the cluster the manifests are meant for
/// (`--k8s-version`, or `k8s-version:` in `.rampart.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubeVersion {
    pub major: u32,
    pub minor: u32,
}

impl KubeVersion {
    /// The newest release the rules know of: the last release in the API version table
    /// (`kubernetes/api_versions.rs`), which a target of none is judged against.
    pub const NEWEST: KubeVersion = KubeVersion::new(1, 33);

    #[must_use]
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }
}

impl std::fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl std::str::FromStr for KubeVersion {
    type Err = String;

    /// Reads `1.29` (or `v1.29`).
    fn from_str(text: &str) -> Result<Self, String> {
        let invalid =
            || format!("invalid Kubernetes version `{text}` (expected MAJOR.MINOR, e.g. 1.29)");
        let trimmed = text.trim();
        let trimmed = trimmed.strip_prefix('v').unwrap_or(trimmed);
        let (major, minor) = trimmed.split_once('.').ok_or_else(invalid)?;
        let number = |s: &str| {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse::<u32>().ok()
        };
        match (number(major), number(minor)) {
            (Some(major), Some(minor)) => Ok(Self { major, minor }),
            _ => Err(invalid()),
        }
    }
}

/// What a check is run with, beyond the object: the same for every object of a scan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settings {
    /// The Kubernetes release the manifests target; `None` judges against the newest release
    /// the rules know of ([`KubeVersion::NEWEST`]).
    pub k8s_version: Option<KubeVersion>,
}

impl<'a> Context<'a> {
    #[must_use]
    pub fn new(
        file: &'a SourceFile,
        object: Object<'a>,
        helm_template: Option<&'a str>,
        rule: &'static RuleMeta,
    ) -> Self {
        Self {
            file,
            object,
            resource: ResourceRef {
                api_version: object.api_version.to_owned(),
                kind: object.kind.to_owned(),
                namespace: object.namespace.map(str::to_owned),
                name: object.name.map(str::to_owned),
            },
            helm_template,
            terraform_resource: None,
            rule,
            target: None,
            findings: Vec::new(),
        }
    }

    /// Sets what the check runs with (the target Kubernetes release).
    #[must_use]
    pub fn with_settings(mut self, settings: &Settings) -> Self {
        self.target = settings.k8s_version;
        self
    }

    /// Sets the type of the Terraform resource that creates the object (`kubernetes_ingress`).
    #[must_use]
    pub fn with_terraform_resource(mut self, resource_type: Option<&'a str>) -> Self {
        self.terraform_resource = resource_type;
        self
    }

    /// The type of the Terraform resource that creates the object (`kubernetes_ingress`), for
    /// the rules that name what to change: `None` for a manifest.
    #[must_use]
    pub fn terraform_resource(&self) -> Option<&'a str> {
        self.terraform_resource
    }

    /// The Kubernetes release the manifests target: `--k8s-version`, or, when none is given,
    /// the newest release the rules know of ([`KubeVersion::NEWEST`]).
    #[must_use]
    pub fn target_version(&self) -> KubeVersion {
        self.target.unwrap_or(KubeVersion::NEWEST)
    }

    /// The file being checked, for rules that quote text.
    #[must_use]
    pub fn file(&self) -> &'a SourceFile {
        self.file
    }

    /// Reports a finding at `range`: the offending key and value, or the object that should
    /// carry a missing field.
    pub fn report(&mut self, range: TextRange, message: impl Into<String>) -> &mut Finding {
        self.report_at(range, range, message)
    }

    fn report_at(
        &mut self,
        range: TextRange,
        route_target: TextRange,
        message: impl Into<String>,
    ) -> &mut Finding {
        let route = self
            .object
            .node
            .route_to(route_target)
            .map(|r| r.to_string());
        let location = self
            .file
            .location(trim_trailing_space(self.file.text(), range));
        self.findings.push(new_finding(
            self.rule,
            message.into(),
            location,
            self.resource.clone(),
            route,
            self.helm_template.map(str::to_owned),
        ));
        self.findings.last_mut().expect("a finding was just pushed")
    }

    /// Reports a `key: value` entry, pointing at both.
    pub fn report_entry(&mut self, entry: &Entry, message: impl Into<String>) -> &mut Finding {
        // Routed by the key: a one-entry block mapping has the same range as its entry.
        self.report_at(entry.range(), entry.key.range, message)
    }

    /// Reports a node: a value, or a mapping that misses a field.
    pub fn report_node(&mut self, node: &Node, message: impl Into<String>) -> &mut Finding {
        self.report(node.range, message)
    }

    /// Adds a related location to a finding.
    pub fn related(&self, finding: &mut Finding, range: TextRange, message: impl Into<String>) {
        finding.related.push(Related {
            location: self
                .file
                .location(trim_trailing_space(self.file.text(), range)),
            message: message.into(),
        });
    }

    #[must_use]
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// A finding of `rule` at `location` in `resource`, fingerprinted by its path and route.
fn new_finding(
    rule: &'static RuleMeta,
    message: String,
    location: Location,
    resource: ResourceRef,
    route: Option<String>,
    helm_template: Option<String>,
) -> Finding {
    let mut finding = Finding::new(rule, message, location, Some(resource), route);
    finding.helm_template = helm_template;
    finding
}

/// Block collections end after the newline that closes them; findings should not.
fn trim_trailing_space(text: &str, range: TextRange) -> TextRange {
    let slice = text.get(range.as_usize()).unwrap_or("");
    let trimmed = slice.trim_end();
    let len = u32::try_from(trimmed.len()).unwrap_or(range.len());
    TextRange::new(range.start, range.start + len)
}

/// What a cluster rule ([`Rule::check_cluster`](crate::Rule::check_cluster)) reports through:
/// it turns the facts of the cluster view, already located and routed, into findings.
pub struct ClusterContext {
    rule: &'static RuleMeta,
    findings: Vec<Finding>,
}

impl ClusterContext {
    #[must_use]
    pub fn new(rule: &'static RuleMeta) -> Self {
        Self {
            rule,
            findings: Vec::new(),
        }
    }

    /// Reports a finding in the object `meta` at `at` (a fact of it: an entry, a value, or the
    /// object's anchor, [`Meta::as_fact`]).
    pub fn report(&mut self, meta: &Meta, at: &Fact, message: impl Into<String>) -> &mut Finding {
        self.findings.push(new_finding(
            self.rule,
            message.into(),
            at.location.clone(),
            meta.resource(),
            at.route.clone(),
            meta.helm_template.clone(),
        ));
        self.findings.last_mut().expect("a finding was just pushed")
    }

    #[must_use]
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// Adds a related location to a finding of a cluster rule, once.
pub fn relate(finding: &mut Finding, location: &Location, message: impl Into<String>) {
    let related = Related {
        location: location.clone(),
        message: message.into(),
    };
    if !finding
        .related
        .iter()
        .any(|r| r.location == related.location && r.message == related.message)
    {
        finding.related.push(related);
    }
}
