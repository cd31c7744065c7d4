use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// API servers and kubelets that serve HTTPS with a certificate they generate themselves:
    /// a container that runs `kube-apiserver` or the `kubelet` (its `command`, or its `args`
    /// when it has no command, starts the binary) without `--tls-cert-file` or
    /// `--tls-private-key-file`. A kubelet is not reported when it requests its serving
    /// certificate from the API server (`--rotate-server-certificates`) or reads a `--config`
    /// file, which may name the files (`tlsCertFile`, `tlsPrivateKeyFile`) or turn on
    /// `serverTLSBootstrap`. Items that may hold any flag keep a container from being reported.
    ///
    /// ## Why it matters
    ///
    /// Without these flags the component writes a self-signed certificate to its certificate
    /// directory and serves with it. Its clients cannot verify it: they must skip verification,
    /// or trust whatever answers, and a machine in the middle can read the credentials and data
    /// that cross the connection.
    ///
    /// ## How to fix
    ///
    /// Give the component a certificate signed by the cluster CA, or let kubelets request one
    /// (`serverTLSBootstrap: true`, with the requests approved).
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    ///   - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    /// ```
    pub struct ServingCertificateMissing {
        id: "k8s-serving-certificate-missing",
        title: "API server or kubelet serves a self-generated certificate",
        severity: Medium,
        remediation: "Set --tls-cert-file and --tls-private-key-file (kubelet: or serverTLSBootstrap).",
        frameworks: [
            nsa("Network separation and hardening: encryption"),
            cis("1.2.25"),
            cis("4.2.9"),
        ],
        peers: [
            checkov("CKV_K8S_100"),
            checkov("CKV_K8S_148"),
            kics("fa750c81-93c2-4fab-9c6d-d3fd3ce3b89f"),
            trivy("KCV0027"),
        ],
        fixable: false,
    }
}

impl Rule for ServingCertificateMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let components = [Component::ApiServer, Component::Kubelet];
        for invocation in Invocation::of_components(object, &components) {
            let bootstraps = invocation
                .flag("rotate-server-certificates")
                .is_some_and(|flag| flag.bool() != Some(false));
            if invocation.component == Component::Kubelet && bootstraps {
                continue;
            }
            let message = format!(
                "{} serves a self-generated certificate",
                invocation.describe()
            );
            invocation.require_flags(cx, &["tls-cert-file", "tls-private-key-file"], &message);
        }
    }
}
