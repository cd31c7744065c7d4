use super::control_plane::{kubelet_configuration, Component, Invocation, INSECURE_CIPHER_SUITES};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Control-plane components that accept a TLS cipher suite Kubernetes lists as insecure
    /// (RC4, 3DES, and AES-CBC with SHA-256: `TLS_RSA_WITH_RC4_128_SHA`,
    /// `TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA`, `TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256`...):
    ///
    /// - in `--tls-cipher-suites` of a container that runs `kube-apiserver`,
    ///   `kube-controller-manager`, `kube-scheduler` or the `kubelet`, or in `--cipher-suites`
    ///   of `etcd` (its `command`, or its `args` when it has no command, starts the binary);
    /// - in `tlsCipherSuites` of a `KubeletConfiguration`.
    ///
    /// A component that leaves the list out uses Go's defaults and is not reported: from
    /// Kubernetes 1.32 (built with Go 1.23, which dropped 3DES from its defaults) they include
    /// none of these. Releases built with an older Go still offer
    /// `TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA` by default, which a manifest does not show: on
    /// those, list the suites explicitly (CIS 1.2.x and 4.2.x ask for it whatever the release).
    ///
    /// ## Why it matters
    ///
    /// RC4 is broken, 3DES falls to Sweet32, and the CBC-SHA256 suites are open to
    /// Lucky13-style timing attacks; a client that offers them lets an attacker on the path
    /// downgrade the connection to a cipher it can attack, and read the credentials and Secrets
    /// that cross it.
    ///
    /// ## How to fix
    ///
    /// List only AEAD suites (AES-GCM, ChaCha20-Poly1305), or remove the flag and keep Go's
    /// defaults.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305
    /// ```
    pub struct WeakTlsCipherSuites {
        id: "k8s-weak-tls-cipher-suites",
        title: "Control-plane component accepts weak TLS cipher suites",
        severity: Medium,
        remediation: "List only AES-GCM and ChaCha20-Poly1305 suites in --tls-cipher-suites.",
        frameworks: [
            nsa("Network separation and hardening: encryption"),
            cis("1.2.30"),
            cis("4.2.12"),
        ],
        peers: [
            checkov("CKV_K8S_105"),
            checkov("CKV_K8S_151"),
            kics("510d5810-9a30-443a-817d-5c1fa527b110"),
        ],
        fixable: false,
    }
}

impl Rule for WeakTlsCipherSuites {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of(object) {
            let name = match invocation.component {
                Component::Etcd => "cipher-suites",
                _ => "tls-cipher-suites",
            };
            let mut flags: Vec<(&rampart_source::Node, Vec<&str>)> = Vec::new();
            for (flag, suite) in invocation.list(name) {
                if !INSECURE_CIPHER_SUITES.contains(&suite) {
                    continue;
                }
                match flags
                    .iter_mut()
                    .find(|(node, _)| std::ptr::eq(*node, flag.node))
                {
                    Some((_, suites)) => suites.push(suite),
                    None => flags.push((flag.node, vec![suite])),
                }
            }
            for (node, suites) in flags {
                cx.report_node(
                    node,
                    format!(
                        "{} accepts insecure TLS cipher suites ({})",
                        invocation.describe(),
                        suites.join(", ")
                    ),
                );
            }
        }
        let Some(entry) = kubelet_configuration(object).and_then(|c| c.entry("tlsCipherSuites"))
        else {
            return;
        };
        let suites: Vec<&str> = entry
            .value
            .items()
            .filter_map(Node::as_str)
            .filter(|suite| INSECURE_CIPHER_SUITES.contains(suite))
            .collect();
        if !suites.is_empty() {
            cx.report_entry(
                entry,
                format!(
                    "the kubelet accepts insecure TLS cipher suites ({})",
                    suites.join(", ")
                ),
            );
        }
    }
}
