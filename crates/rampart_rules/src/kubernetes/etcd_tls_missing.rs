use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `etcd` (its `command`, or its `args` when it has no command, starts
    /// the binary) without a certificate and key for its clients (`--cert-file`, `--key-file`),
    /// unless it generates them (`--auto-tls`, which `k8s-etcd-auto-tls` reports). A flag left
    /// out is not reported when etcd may get it elsewhere: from a `--config-file`, from its
    /// environment variable (`ETCD_CERT_FILE`), or from an `envFrom` source. The peer side is
    /// `k8s-etcd-peer-tls-missing`'s.
    ///
    /// ## Why it matters
    ///
    /// Without a certificate etcd serves its clients plain HTTP: the cluster's state, every
    /// Secret among it, crosses the network readable by anyone on the path, and client
    /// certificate authentication cannot work, so anyone who reaches the port reads and writes
    /// it.
    ///
    /// ## How to fix
    ///
    /// Give etcd a serving certificate and key, and serve `https` client URLs.
    ///
    /// ```yaml
    /// command:
    ///   - etcd
    ///   - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    ///   - --key-file=/etc/kubernetes/pki/etcd/server.key
    ///   - --listen-client-urls=https://127.0.0.1:2379
    /// ```
    pub struct EtcdTlsMissing {
        id: "k8s-etcd-tls-missing",
        title: "etcd serves clients without TLS",
        severity: High,
        remediation: "Set --cert-file and --key-file on etcd.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("2.1"),
        ],
        peers: [
            checkov("CKV_K8S_116"),
            kics("075ca296-6768-4322-aea2-ba5063b969a9"),
            trivy("KCV0042"),
        ],
        fixable: false,
    }
}

impl Rule for EtcdTlsMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::Etcd) {
            if invocation
                .flag("auto-tls")
                .is_some_and(|flag| flag.bool() != Some(false))
            {
                continue;
            }
            let message = format!("{} serves clients without TLS", invocation.describe());
            invocation.require_flags(cx, &["cert-file", "key-file"], &message);
        }
    }
}
