use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) with `--kubelet-https=false`. The flag defaulted to true and
    /// was removed in Kubernetes 1.22; left out, nothing is reported.
    ///
    /// ## Why it matters
    ///
    /// The API server then calls kubelets over plain HTTP: `exec` and `attach` sessions, logs
    /// and port-forwarded traffic cross the network unencrypted and unauthenticated, readable
    /// and alterable by anyone on the path.
    ///
    /// ## How to fix
    ///
    /// Remove the flag, and give the API server a client certificate for the kubelets.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
    ///   - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
    /// ```
    pub struct ApiserverKubeletHttpsDisabled {
        id: "k8s-apiserver-kubelet-https-disabled",
        title: "API server talks to kubelets over plain HTTP",
        severity: High,
        remediation: "Remove --kubelet-https=false.",
        frameworks: [
            nsa("Network separation and hardening: encryption"),
        ],
        peers: [
            checkov("CKV_K8S_71"),
            kics("cdc8b54e-6b16-4538-a1b0-35849dbe29cf"),
            trivy("KCV0004"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverKubeletHttpsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            let Some(flag) = invocation.flag("kubelet-https") else {
                continue;
            };
            if flag.bool() == Some(false) {
                cx.report_node(
                    flag.node,
                    format!(
                        "{} talks to kubelets over plain HTTP",
                        invocation.describe()
                    ),
                );
            }
        }
    }
}
