use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) with nowhere to write audit events: neither
    /// `--audit-log-path` nor `--audit-webhook-config-file`. A flag given with a value still to
    /// be substituted counts as given; an item that may hold any flag (`$(EXTRA_ARGS)`, a Helm
    /// template) keeps the API server from being reported. The policy that selects the events
    /// is `k8s-apiserver-audit-policy-missing`'s.
    ///
    /// ## Why it matters
    ///
    /// The audit log is the only record of who did what through the API: which identity read a
    /// Secret, created a pod in `kube-system` or bound itself to `cluster-admin`. Without a
    /// backend nothing is kept, and an intrusion leaves no trace to detect it by, or to
    /// investigate it with afterwards.
    ///
    /// ## How to fix
    ///
    /// Give the API server a log file on a volume that outlives the pod (or a webhook that
    /// ships the events away), with an audit policy.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
    ///   - --audit-log-path=/var/log/kubernetes/audit/audit.log
    ///   - --audit-log-maxage=30
    ///   - --audit-log-maxbackup=10
    ///   - --audit-log-maxsize=100
    /// ```
    pub struct ApiserverAuditLogMissing {
        id: "k8s-apiserver-audit-log-missing",
        title: "API server writes no audit log",
        severity: Medium,
        remediation: "Set --audit-log-path (or --audit-webhook-config-file) on kube-apiserver.",
        frameworks: [
            nsa("Audit logging and threat detection: logging"),
            cis("1.2.17"),
        ],
        peers: [
            checkov("CKV_K8S_91"),
            kics("73e251f0-363d-4e53-86e2-0a93592437eb"),
            trivy("KCV0019"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverAuditLogMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            if invocation.lacks("audit-log-path") && invocation.lacks("audit-webhook-config-file") {
                invocation.report_missing(
                    cx,
                    format!(
                        "{} writes no audit log (no --audit-log-path or --audit-webhook-config-file)",
                        invocation.describe()
                    ),
                );
            }
        }
    }
}
