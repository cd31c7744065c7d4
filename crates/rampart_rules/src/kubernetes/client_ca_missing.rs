use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// API servers and kubelets that cannot authenticate clients by certificate: a container
    /// that runs `kube-apiserver` or the `kubelet` (its `command`, or its `args` when it has no
    /// command, starts the binary) without `--client-ca-file`. A kubelet with a `--config` file
    /// is not reported (the file may name `authentication.x509.clientCAFile`), nor a container
    /// with items that may hold any flag. A `KubeletConfiguration` that leaves the field out is
    /// not reported: such documents are usually fragments that a tool completes (kubeadm sets
    /// the CA).
    ///
    /// ## Why it matters
    ///
    /// Certificates are how the control plane authenticates its own parts: the API server to
    /// kubelets, kubelets and controllers to the API server. Without a client CA, a component
    /// rejects them all, and is left with weaker means (static tokens, anonymous access) that
    /// deployments then turn on to make things work.
    ///
    /// ## How to fix
    ///
    /// Give the component the cluster CA that signs client certificates.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --client-ca-file=/etc/kubernetes/pki/ca.crt
    /// ```
    pub struct ClientCaMissing {
        id: "k8s-client-ca-missing",
        title: "API server or kubelet cannot authenticate clients by certificate",
        severity: Medium,
        remediation: "Set --client-ca-file (kubelet: authentication.x509.clientCAFile).",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.26"),
            cis("4.2.3"),
        ],
        peers: [
            checkov("CKV_K8S_140"),
            kics("e0e00aba-5f1c-4981-a542-9a9563c0ee20"),
            trivy("KCV0028"),
        ],
        fixable: false,
    }
}

impl Rule for ClientCaMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let components = [Component::ApiServer, Component::Kubelet];
        for invocation in Invocation::of_components(object, &components) {
            let message = format!(
                "{} cannot authenticate clients by certificate",
                invocation.describe()
            );
            invocation.require_flags(cx, &["client-ca-file"], &message);
        }
    }
}
