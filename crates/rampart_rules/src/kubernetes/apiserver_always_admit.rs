use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) that enable the `AlwaysAdmit` admission plugin, in
    /// `--enable-admission-plugins` or the legacy `--admission-control`.
    ///
    /// ## Why it matters
    ///
    /// `AlwaysAdmit` admits every request whatever the other admission controllers say; it was
    /// meant for testing only, is deprecated, and defeats the plugins that enforce policy (Pod
    /// Security, resource quotas, node restrictions).
    ///
    /// ## How to fix
    ///
    /// Remove `AlwaysAdmit` from the list.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --enable-admission-plugins=NodeRestriction
    /// ```
    pub struct ApiserverAlwaysAdmit {
        id: "k8s-apiserver-always-admit",
        title: "API server admits every request (AlwaysAdmit)",
        severity: High,
        remediation: "Remove AlwaysAdmit from --enable-admission-plugins.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.10"),
        ],
        peers: [
            checkov("CKV_K8S_79"),
            kics("ce30e584-b33f-4c7d-b418-a3d7027f8f60"),
            trivy("KCV0011"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverAlwaysAdmit {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            for (flag, plugin) in invocation.enabled_plugins() {
                if plugin == "AlwaysAdmit" {
                    cx.report_node(
                        flag.node,
                        format!(
                            "{} enables the AlwaysAdmit admission plugin",
                            invocation.describe()
                        ),
                    );
                }
            }
        }
    }
}
