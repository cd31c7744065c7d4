use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) without `--kubelet-certificate-authority`. A flag given with a value still to be
    /// substituted counts as given; an item that may hold any flag (`$(EXTRA_ARGS)`, a Helm
    /// template) keeps the API server from being reported.
    ///
    /// ## Why it matters
    ///
    /// Without a CA for the kubelets, the API server does not verify whom it reaches when it
    /// connects to a node: a machine in the middle of that connection receives what the API
    /// server sends (`exec` sessions, their input) and answers in the kubelet's place.
    ///
    /// ## How to fix
    ///
    /// Have the kubelets' serving certificates signed by the cluster CA (`serverTLSBootstrap`
    /// with certificate approval), and give the API server that CA.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt
    /// ```
    pub struct ApiserverKubeletCaMissing {
        id: "k8s-apiserver-kubelet-ca-missing",
        title: "API server does not verify kubelets' certificates",
        severity: Medium,
        remediation: "Set --kubelet-certificate-authority on kube-apiserver (with kubelet serving certificates signed by it).",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.5"),
        ],
        peers: [
            checkov("CKV_K8S_73"),
            kics("ec18a0d3-0069-4a58-a7fb-fbfe0b4bbbe0"),
            trivy("KCV0006"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverKubeletCaMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            let message = format!(
                "{} does not verify kubelets' serving certificates",
                invocation.describe()
            );
            invocation.require_flags(cx, &["kubelet-certificate-authority"], &message);
        }
    }
}
