use super::control_plane::check_authorizer;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) whose `--authorization-mode` leaves out `RBAC`. An API server
    /// without the flag allows everything, which `k8s-authorization-always-allow` reports; one
    /// with `--authorization-config` (structured authorization, which replaces the flag) or an
    /// unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Without the RBAC authorizer, Roles, ClusterRoles and their bindings grant nothing: every
    /// access decision falls to ABAC policy files or a webhook, which cannot be reviewed with
    /// the cluster's manifests, and least-privilege service accounts are impossible to express.
    ///
    /// ## How to fix
    ///
    /// Add `RBAC` to the authorization modes.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --authorization-mode=Node,RBAC
    /// ```
    pub struct ApiserverRbacAuthorizerMissing {
        id: "k8s-apiserver-rbac-authorizer-missing",
        title: "API server does not use RBAC authorization",
        severity: High,
        remediation: "Add RBAC to --authorization-mode (--authorization-mode=Node,RBAC).",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.8"),
        ],
        peers: [
            checkov("CKV_K8S_77"),
            kics("1aa4a1ae-5dbb-48a1-9aa2-630ea4be208e"),
            trivy("KCV0009"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverRbacAuthorizerMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        check_authorizer(object, cx, "RBAC", "Roles and their bindings grant nothing");
    }
}
