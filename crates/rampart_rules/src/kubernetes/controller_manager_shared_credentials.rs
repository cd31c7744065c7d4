use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-controller-manager` (its `command`, or its `args` when it has
    /// no command, starts the binary) without `--use-service-account-credentials=true`: set to
    /// false, or left out (it defaults to false). Values still to be substituted and items that
    /// may hold any flag are not judged.
    ///
    /// ## Why it matters
    ///
    /// Without the flag every controller loop acts with the controller manager's own
    /// credentials, which must then hold the union of all their permissions. With it, each
    /// controller uses its own service account in `kube-system`, bound to a role with only what
    /// that controller needs, so that a flaw in one controller does not carry the power of all,
    /// and the audit log tells them apart.
    ///
    /// ## How to fix
    ///
    /// Set the flag to true (the `system:controller:*` roles it relies on are created by the
    /// API server).
    ///
    /// ```yaml
    /// command:
    ///   - kube-controller-manager
    ///   - --use-service-account-credentials=true
    /// ```
    pub struct ControllerManagerSharedCredentials {
        id: "k8s-controller-manager-shared-credentials",
        title: "Controllers share the controller manager's credentials",
        severity: Medium,
        remediation: "Set --use-service-account-credentials=true on kube-controller-manager.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            cis("1.3.3"),
        ],
        peers: [
            checkov("CKV_K8S_108"),
            kics("1acd93f1-5a37-45c0-aaac-82ece818be7d"),
            trivy("KCV0035"),
        ],
        fixable: false,
    }
}

impl Rule for ControllerManagerSharedCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ControllerManager) {
            let message = format!(
                "{} runs every controller with the controller manager's credentials \
                 (--use-service-account-credentials is not true)",
                invocation.describe()
            );
            invocation.require_true(cx, "use-service-account-credentials", &message);
        }
    }
}
