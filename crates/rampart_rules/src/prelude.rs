//! What a rule file needs: `use crate::prelude::*;`.

pub use rampart_diagnostics::{
    Framework, FrameworkRef, Peer, PeerRef, Platform, RuleMeta, Severity,
};
pub use rampart_kubernetes::{
    bool_value, int_value, Container, ContainerKind, Object, WorkloadKind,
};
pub use rampart_source::{Entry, Node, TextRange};

pub use crate::cluster::{Fact, Graph, Meta};
pub use crate::{declare_rule, relate, ClusterContext, Context, Rule};

/// A section of the NSA-CISA Kubernetes Hardening Guide.
#[must_use]
pub const fn nsa(control: &'static str) -> FrameworkRef {
    FrameworkRef {
        framework: Framework::Nsa,
        control,
    }
}

/// A MITRE ATT&CK technique id (`T1611`).
#[must_use]
pub const fn mitre(control: &'static str) -> FrameworkRef {
    FrameworkRef {
        framework: Framework::Mitre,
        control,
    }
}

/// A CIS Kubernetes Benchmark recommendation number (`5.2.2`).
#[must_use]
pub const fn cis(control: &'static str) -> FrameworkRef {
    FrameworkRef {
        framework: Framework::Cis,
        control,
    }
}

/// A control of the Pod Security Standards' baseline profile.
#[must_use]
pub const fn pss_baseline(control: &'static str) -> FrameworkRef {
    FrameworkRef {
        framework: Framework::PssBaseline,
        control,
    }
}

/// A control of the Pod Security Standards' restricted profile.
#[must_use]
pub const fn pss_restricted(control: &'static str) -> FrameworkRef {
    FrameworkRef {
        framework: Framework::PssRestricted,
        control,
    }
}

/// A CIS AWS Foundations Benchmark recommendation number (`2.3.1`).
#[must_use]
pub const fn cis_aws(control: &'static str) -> FrameworkRef {
    FrameworkRef {
        framework: Framework::CisAws,
        control,
    }
}

/// A CIS Azure Foundations Benchmark recommendation number.
#[must_use]
pub const fn cis_azure(control: &'static str) -> FrameworkRef {
    FrameworkRef {
        framework: Framework::CisAzure,
        control,
    }
}

/// A CIS GCP Foundation Benchmark recommendation number.
#[must_use]
pub const fn cis_gcp(control: &'static str) -> FrameworkRef {
    FrameworkRef {
        framework: Framework::CisGcp,
        control,
    }
}

#[must_use]
pub const fn checkov(id: &'static str) -> PeerRef {
    PeerRef {
        tool: Peer::Checkov,
        id,
    }
}

/// A KICS query id (a UUID).
#[must_use]
pub const fn kics(id: &'static str) -> PeerRef {
    PeerRef {
        tool: Peer::Kics,
        id,
    }
}

/// A Kubescape control id (`C-0057`).
#[must_use]
pub const fn kubescape(id: &'static str) -> PeerRef {
    PeerRef {
        tool: Peer::Kubescape,
        id,
    }
}

#[must_use]
pub const fn kube_linter(id: &'static str) -> PeerRef {
    PeerRef {
        tool: Peer::KubeLinter,
        id,
    }
}

#[must_use]
pub const fn polaris(id: &'static str) -> PeerRef {
    PeerRef {
        tool: Peer::Polaris,
        id,
    }
}

/// A Trivy (AVD) id (`KSV017`).
#[must_use]
pub const fn trivy(id: &'static str) -> PeerRef {
    PeerRef {
        tool: Peer::Trivy,
        id,
    }
}
