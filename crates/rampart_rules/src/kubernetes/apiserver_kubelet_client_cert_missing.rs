use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) without `--kubelet-client-certificate`, `--kubelet-client-key`. A flag given with a value still to be
    /// substituted counts as given; an item that may hold any flag (`$(EXTRA_ARGS)`, a Helm
    /// template) keeps the API server from being reported.
    ///
    /// ## Why it matters
    ///
    /// The API server calls each kubelet to run `exec`, `attach`, `port-forward` and `logs`.
    /// Without a client certificate it presents no identity, so a kubelet that requires
    /// authentication (as it should) refuses it, and one that does not is open to anyone who
    /// reaches port 10250.
    ///
    /// ## How to fix
    ///
    /// Give the API server a client certificate the kubelets trust, bound to a role that may
    /// use the kubelet API (kubeadm's `apiserver-kubelet-client`).
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
    ///   - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
    /// ```
    pub struct ApiserverKubeletClientCertMissing {
        id: "k8s-apiserver-kubelet-client-cert-missing",
        title: "API server has no client certificate for kubelets",
        severity: Medium,
        remediation: "Set --kubelet-client-certificate and --kubelet-client-key on kube-apiserver.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.4"),
        ],
        peers: [
            checkov("CKV_K8S_72"),
            kics("36a27826-1bf5-49da-aeb0-a60a30c0e834"),
            trivy("KCV0005"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverKubeletClientCertMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            let message = format!(
                "{} does not authenticate to kubelets with a client certificate",
                invocation.describe()
            );
            invocation.require_flags(
                cx,
                &["kubelet-client-certificate", "kubelet-client-key"],
                &message,
            );
        }
    }
}
