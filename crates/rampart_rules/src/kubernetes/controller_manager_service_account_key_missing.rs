use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-controller-manager` (its `command`, or its `args` when it has no
    /// command, starts the binary) without `--service-account-private-key-file`. A flag given with a value still to be
    /// substituted counts as given; an item that may hold any flag (`$(EXTRA_ARGS)`, a Helm
    /// template) keeps the container from being reported.
    ///
    /// ## Why it matters
    ///
    /// Service account tokens should be signed with a key pair of their own, which can be
    /// rotated without touching the serving certificates. Without the flag the controller
    /// manager's token controller is disabled, so service account token Secrets are never
    /// filled in, and deployments that still need them end up signing tokens elsewhere,
    /// often with the API server's TLS key.
    ///
    /// ## How to fix
    ///
    /// Give the controller manager the private key whose public half the API server has in
    /// `--service-account-key-file`.
    ///
    /// ```yaml
    /// command:
    ///   - kube-controller-manager
    ///   - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
    /// ```
    pub struct ControllerManagerServiceAccountKeyMissing {
        id: "k8s-controller-manager-service-account-key-missing",
        title: "Controller manager has no service account signing key",
        severity: Low,
        remediation: "Set --service-account-private-key-file on kube-controller-manager.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.3.4"),
        ],
        peers: [
            checkov("CKV_K8S_110"),
            kics("ccc98ff7-68a7-436e-9218-185cb0b0b780"),
            trivy("KCV0036"),
        ],
        fixable: false,
    }
}

impl Rule for ControllerManagerServiceAccountKeyMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ControllerManager) {
            let message = format!(
                "{} has no key to sign service account tokens",
                invocation.describe()
            );
            invocation.require_flags(cx, &["service-account-private-key-file"], &message);
        }
    }
}
