use super::control_plane::check_authorizer;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) whose `--authorization-mode` leaves out `Node`. An API server
    /// without the flag allows everything, which `k8s-authorization-always-allow` reports; one
    /// with `--authorization-config` (structured authorization, which replaces the flag) or an
    /// unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// The Node authorizer lets each kubelet read only the Secrets, ConfigMaps and volumes of
    /// the pods scheduled to its node. Without it, kubelets need a broad RBAC role instead, and
    /// one compromised node can read every Secret of the cluster.
    ///
    /// ## How to fix
    ///
    /// Put `Node` first in the authorization modes, with the `NodeRestriction` admission
    /// plugin.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --authorization-mode=Node,RBAC
    ///   - --enable-admission-plugins=NodeRestriction
    /// ```
    pub struct ApiserverNodeAuthorizerMissing {
        id: "k8s-apiserver-node-authorizer-missing",
        title: "API server does not use the Node authorizer",
        severity: Medium,
        remediation: "Add Node to --authorization-mode (--authorization-mode=Node,RBAC).",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.7"),
        ],
        peers: [
            checkov("CKV_K8S_75"),
            kics("4d7ee40f-fc5d-427d-8cac-dffbe22d42d1"),
            trivy("KCV0008"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverNodeAuthorizerMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        check_authorizer(
            object,
            cx,
            "Node",
            "kubelets are not limited to their own pods' objects",
        );
    }
}
