use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) without `--audit-policy-file`. A flag given with a value
    /// still to be substituted counts as given; an item that may hold any flag (`$(EXTRA_ARGS)`,
    /// a Helm template) keeps the API server from being reported. Where the events go is
    /// `k8s-apiserver-audit-log-missing`'s.
    ///
    /// ## Why it matters
    ///
    /// The audit policy decides which requests are recorded, and at what level. Without one the
    /// API server records nothing at all, whatever log file or webhook it is given: the audit
    /// trail that should show who read a Secret or changed a binding is empty.
    ///
    /// ## How to fix
    ///
    /// Write an audit `Policy` (at least `Metadata` for Secrets, ConfigMaps and tokens, and
    /// `RequestResponse` for RBAC changes) and pass it to the API server.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
    ///   - --audit-log-path=/var/log/kubernetes/audit/audit.log
    /// ```
    pub struct ApiserverAuditPolicyMissing {
        id: "k8s-apiserver-audit-policy-missing",
        title: "API server has no audit policy",
        severity: Medium,
        remediation: "Pass an audit Policy with --audit-policy-file.",
        frameworks: [
            nsa("Audit logging and threat detection: logging"),
            cis("3.2.1"),
        ],
        peers: [
            kics("13a49a2e-488e-4309-a7c0-d6b05577a5fb"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverAuditPolicyMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            let message = format!("{} records no audit events", invocation.describe());
            invocation.require_flags(cx, &["audit-policy-file"], &message);
        }
    }
}
