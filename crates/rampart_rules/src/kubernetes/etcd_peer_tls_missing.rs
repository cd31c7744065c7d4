use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `etcd` (its `command`, or its `args` when it has no command, starts
    /// the binary) without a certificate and key for its peers (`--peer-cert-file`,
    /// `--peer-key-file`), unless it generates them (`--peer-auto-tls`, which
    /// `k8s-etcd-auto-tls` reports). A flag left out is not reported when etcd may get it
    /// elsewhere: from a `--config-file`, from its environment variable
    /// (`ETCD_PEER_CERT_FILE`), or from an `envFrom` source. The client side is
    /// `k8s-etcd-tls-missing`'s.
    ///
    /// ## Why it matters
    ///
    /// Without a peer certificate the members of an etcd cluster replicate its state, every
    /// Secret among it, in plain HTTP: readable and alterable by anyone on the path between
    /// them, and open to a rogue member, since peer certificate authentication cannot work.
    ///
    /// ## How to fix
    ///
    /// Give etcd a peer certificate and key, and serve `https` peer URLs.
    ///
    /// ```yaml
    /// command:
    ///   - etcd
    ///   - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    ///   - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    ///   - --listen-peer-urls=https://10.0.0.10:2380
    /// ```
    pub struct EtcdPeerTlsMissing {
        id: "k8s-etcd-peer-tls-missing",
        title: "etcd talks to its peers without TLS",
        severity: High,
        remediation: "Set --peer-cert-file and --peer-key-file on etcd.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("2.4"),
        ],
        peers: [
            checkov("CKV_K8S_119"),
            kics("09bb9e96-8da3-4736-b89a-b36814acca60"),
            trivy("KCV0045"),
        ],
        fixable: false,
    }
}

impl Rule for EtcdPeerTlsMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::Etcd) {
            if invocation
                .flag("peer-auto-tls")
                .is_some_and(|flag| flag.bool() != Some(false))
            {
                continue;
            }
            let message = format!("{} talks to its peers without TLS", invocation.describe());
            invocation.require_flags(cx, &["peer-cert-file", "peer-key-file"], &message);
        }
    }
}
