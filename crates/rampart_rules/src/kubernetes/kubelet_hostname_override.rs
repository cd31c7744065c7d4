use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run the `kubelet` (its `command`, or its `args` when it has no command,
    /// starts the binary) with `--hostname-override`.
    ///
    /// ## Why it matters
    ///
    /// The override makes the node register under a name that is not its host name. Its
    /// serving certificate is issued for the host's names, so the API server cannot verify the
    /// kubelet by name, and TLS verification between them gets turned off to make it work.
    /// Some cloud providers need the override; the CIS recommendation is a manual one for that
    /// reason.
    ///
    /// ## How to fix
    ///
    /// Remove the flag, and let the node register under its host name.
    ///
    /// ```yaml
    /// command:
    ///   - kubelet
    ///   - --config=/var/lib/kubelet/config.yaml
    /// ```
    pub struct KubeletHostnameOverride {
        id: "k8s-kubelet-hostname-override",
        title: "Kubelet registers under an overridden host name",
        severity: Low,
        remediation: "Remove --hostname-override from the kubelet.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("4.2.7"),
        ],
        peers: [
            checkov("CKV_K8S_146"),
            kics("bf36b900-b5ef-4828-adb7-70eb543b7cfb"),
        ],
        fixable: false,
    }
}

impl Rule for KubeletHostnameOverride {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::Kubelet) {
            if let Some(flag) = invocation.flag("hostname-override") {
                cx.report_node(
                    flag.node,
                    format!(
                        "{} registers under an overridden host name",
                        invocation.describe()
                    ),
                );
            }
        }
    }
}
