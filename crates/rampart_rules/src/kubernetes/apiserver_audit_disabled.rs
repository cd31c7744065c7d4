use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) that record no audit events: without `--audit-policy-file`
    /// (without a policy the API server audits nothing), or without a backend to write them to
    /// (neither `--audit-log-path` nor `--audit-webhook-config-file`). A flag given with a value
    /// still to be substituted counts as given.
    ///
    /// ## Why it matters
    ///
    /// The audit log is the only record of who did what through the API: which identity read a
    /// Secret, created a pod in `kube-system` or bound itself to `cluster-admin`. Without it an
    /// intrusion leaves no trace to detect it by, or to investigate it with afterwards.
    ///
    /// ## How to fix
    ///
    /// Give the API server an audit policy and a log file (or a webhook), and keep the file on
    /// a volume that outlives the pod.
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
    pub struct ApiserverAuditDisabled {
        id: "k8s-apiserver-audit-disabled",
        title: "API server records no audit log",
        severity: Medium,
        remediation: "Set --audit-policy-file and --audit-log-path (or --audit-webhook-config-file).",
        frameworks: [
            nsa("Audit logging and threat detection: logging"),
            cis("1.2.17"),
            cis("3.2.1"),
        ],
        peers: [
            checkov("CKV_K8S_91"),
            kics("73e251f0-363d-4e53-86e2-0a93592437eb"),
            kics("13a49a2e-488e-4309-a7c0-d6b05577a5fb"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverAuditDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            let mut missing = Vec::new();
            if invocation.lacks("audit-policy-file") {
                missing.push("no --audit-policy-file");
            }
            if invocation.lacks("audit-log-path") && invocation.lacks("audit-webhook-config-file") {
                missing.push("no --audit-log-path or --audit-webhook-config-file");
            }
            if !missing.is_empty() {
                invocation.report_missing(
                    cx,
                    format!(
                        "{} records no audit log ({})",
                        invocation.describe(),
                        missing.join("; ")
                    ),
                );
            }
        }
    }
}
