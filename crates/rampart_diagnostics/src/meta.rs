use serde::Serialize;

use crate::Severity;

/// The static description of a rule: its public contract. A rule id never changes meaning once
/// published.
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    /// Stable kebab-case id, prefixed by platform: `k8s-privileged-container`.
    pub id: &'static str,
    /// One line naming the bad pattern.
    pub title: &'static str,
    /// Default severity (a config file may override it).
    pub severity: Severity,
    pub platforms: &'static [Platform],
    pub frameworks: &'static [FrameworkRef],
    /// The same check in other scanners, so that users can migrate.
    pub peers: &'static [PeerRef],
    /// Whether the rule offers a fix.
    pub fixable: bool,
    /// One line on how to fix it, shown under each finding in the text report.
    pub remediation: &'static str,
    /// The rule's documentation in Markdown, as its doc comment reads (see [`RuleMeta::docs`]).
    pub doc_comment: &'static str,
}

impl RuleMeta {
    /// The rule's documentation in Markdown: its doc comment without the one space that follows
    /// each `///`.
    #[must_use]
    pub fn docs(&self) -> String {
        let mut out = String::with_capacity(self.doc_comment.len());
        for line in self.doc_comment.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_owned() + "\n"
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Kubernetes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    /// NSA-CISA Kubernetes Hardening Guide (v1.2).
    Nsa,
    /// MITRE ATT&CK (containers matrix): technique ids.
    Mitre,
    /// CIS Kubernetes Benchmark: recommendation numbers.
    Cis,
    /// Pod Security Standards, baseline profile.
    PssBaseline,
    /// Pod Security Standards, restricted profile.
    PssRestricted,
}

impl Framework {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Framework::Nsa => "NSA-CISA Kubernetes Hardening Guide",
            Framework::Mitre => "MITRE ATT&CK",
            Framework::Cis => "CIS Kubernetes Benchmark",
            Framework::PssBaseline => "Pod Security Standards (baseline)",
            Framework::PssRestricted => "Pod Security Standards (restricted)",
        }
    }

    #[must_use]
    pub fn tag(self) -> &'static str {
        match self {
            Framework::Nsa => "nsa",
            Framework::Mitre => "mitre",
            Framework::Cis => "cis",
            Framework::PssBaseline => "pss-baseline",
            Framework::PssRestricted => "pss-restricted",
        }
    }
}

/// A control of a framework that a rule implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct FrameworkRef {
    pub framework: Framework,
    pub control: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Peer {
    Checkov,
    Kics,
    Kubescape,
    KubeLinter,
    Polaris,
    Trivy,
}

impl Peer {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Peer::Checkov => "Checkov",
            Peer::Kics => "KICS",
            Peer::Kubescape => "Kubescape",
            Peer::KubeLinter => "kube-linter",
            Peer::Polaris => "Polaris",
            Peer::Trivy => "Trivy",
        }
    }
}

/// The id of an equivalent check in a peer scanner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct PeerRef {
    pub tool: Peer,
    pub id: &'static str,
}
