use super::control_plane::{kubelet_configuration, Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Kubelets told not to manage their iptables chains: a container that runs the `kubelet`
    /// (its `command`, or its `args` when it has no command, starts the binary) with
    /// `--make-iptables-util-chains=false`, or a `KubeletConfiguration` with
    /// `makeIPTablesUtilChains: false`. Left out, it defaults to true, and is not reported.
    ///
    /// ## Why it matters
    ///
    /// The kubelet keeps the iptables rules that pod networking relies on in step with the
    /// node. Among them, `KUBE-FIREWALL` drops connections from other hosts to the node's
    /// loopback addresses, which kube-proxy's `route_localnet` would otherwise let in
    /// (CVE-2020-8558): services bound to `127.0.0.1` on the node, the kubelet's and etcd's
    /// local ports among them. Turned off, those rules must be kept by hand, and drift.
    ///
    /// ## How to fix
    ///
    /// Remove the setting, or set it to true.
    ///
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// makeIPTablesUtilChains: true
    /// ```
    pub struct KubeletIptablesChainsDisabled {
        id: "k8s-kubelet-iptables-chains-disabled",
        title: "Kubelet does not manage its iptables chains",
        severity: Low,
        remediation: "Remove --make-iptables-util-chains=false (makeIPTablesUtilChains: false).",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("4.2.6"),
        ],
        peers: [
            checkov("CKV_K8S_145"),
            kics("5f89001f-6dd9-49ff-9b15-d8cd71b617f4"),
        ],
        fixable: false,
    }
}

impl Rule for KubeletIptablesChainsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::Kubelet) {
            let Some(flag) = invocation.flag("make-iptables-util-chains") else {
                continue;
            };
            if flag.bool() == Some(false) {
                cx.report_node(
                    flag.node,
                    format!(
                        "{} does not manage its iptables chains",
                        invocation.describe()
                    ),
                );
            }
        }
        let Some(entry) =
            kubelet_configuration(object).and_then(|config| config.entry("makeIPTablesUtilChains"))
        else {
            return;
        };
        if bool_value(&entry.value) == Some(false) {
            cx.report_entry(entry, "the kubelet does not manage its iptables chains");
        }
    }
}
