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

    /// The controls of `framework` this rule implements, counting those of the frameworks it
    /// includes (see [`Framework::includes`]): a Pod Security Standards baseline control is a
    /// restricted one too. In the order the rule lists them, without repeats.
    #[must_use]
    pub fn controls(&self, framework: Framework) -> Vec<&'static str> {
        let mut controls: Vec<&'static str> = Vec::new();
        for mapping in self.frameworks {
            let of_it =
                mapping.framework == framework || framework.includes().contains(&mapping.framework);
            if of_it && !controls.contains(&mapping.control) {
                controls.push(mapping.control);
            }
        }
        controls
    }

    /// Whether the rule implements a control of `framework` (or of a framework it includes).
    #[must_use]
    pub fn maps_to(&self, framework: Framework) -> bool {
        !self.controls(framework).is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Kubernetes,
    Terraform,
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
    /// CIS Amazon Web Services Foundations Benchmark: recommendation numbers.
    CisAws,
    /// CIS Microsoft Azure Foundations Benchmark: recommendation numbers.
    CisAzure,
    /// CIS Google Cloud Platform Foundation Benchmark: recommendation numbers.
    CisGcp,
}

impl Framework {
    /// Every framework, in the order reports list them.
    pub const ALL: [Framework; 8] = [
        Framework::Nsa,
        Framework::Mitre,
        Framework::Cis,
        Framework::PssBaseline,
        Framework::PssRestricted,
        Framework::CisAws,
        Framework::CisAzure,
        Framework::CisGcp,
    ];

    /// The frameworks whose controls are controls of this one too. The Pod Security Standards'
    /// restricted profile is cumulative: it holds every baseline control as well as its own, so
    /// a rule mapped to a baseline control implements the restricted control of that name (the
    /// restricted `Capabilities` and `Seccomp` controls are stricter versions of the baseline
    /// ones of the same name, and merge with them).
    #[must_use]
    pub fn includes(self) -> &'static [Framework] {
        match self {
            Framework::PssRestricted => &[Framework::PssBaseline],
            _ => &[],
        }
    }

    /// The framework with this tag (`nsa`, `mitre`, `cis`, `pss-baseline`, `pss-restricted`,
    /// `cis-aws`, `cis-azure`, `cis-gcp`),
    /// in any case.
    #[must_use]
    pub fn from_tag(tag: &str) -> Option<Framework> {
        Framework::ALL
            .into_iter()
            .find(|framework| framework.tag().eq_ignore_ascii_case(tag))
    }

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Framework::Nsa => "NSA-CISA Kubernetes Hardening Guide",
            Framework::Mitre => "MITRE ATT&CK",
            Framework::Cis => "CIS Kubernetes Benchmark",
            Framework::PssBaseline => "Pod Security Standards (baseline)",
            Framework::PssRestricted => "Pod Security Standards (restricted)",
            Framework::CisAws => "CIS Amazon Web Services Foundations Benchmark",
            Framework::CisAzure => "CIS Microsoft Azure Foundations Benchmark",
            Framework::CisGcp => "CIS Google Cloud Platform Foundation Benchmark",
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
            Framework::CisAws => "cis-aws",
            Framework::CisAzure => "cis-azure",
            Framework::CisGcp => "cis-gcp",
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
