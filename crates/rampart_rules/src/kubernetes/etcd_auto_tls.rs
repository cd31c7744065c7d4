use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `etcd` (its `command`, or its `args` when it has no command, starts
    /// the binary) with `--auto-tls` or `--peer-auto-tls` true (given alone, or `=true`).
    ///
    /// ## Why it matters
    ///
    /// With automatic TLS, etcd generates a self-signed certificate at start-up. Connections are
    /// encrypted, but nobody can verify whom they reach: clients and peers must skip
    /// verification, so a machine in the middle can read and alter the cluster's state, Secrets
    /// included, as it passes.
    ///
    /// ## How to fix
    ///
    /// Remove the flags, and give etcd certificates signed by a CA its clients and peers trust.
    ///
    /// ```yaml
    /// command:
    ///   - etcd
    ///   - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    ///   - --key-file=/etc/kubernetes/pki/etcd/server.key
    ///   - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    ///   - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    /// ```
    pub struct EtcdAutoTls {
        id: "k8s-etcd-auto-tls",
        title: "etcd uses self-signed certificates",
        severity: Medium,
        remediation: "Remove --auto-tls and --peer-auto-tls; give etcd CA-signed certificates.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("2.3"),
            cis("2.6"),
        ],
        peers: [
            checkov("CKV_K8S_118"),
            kics("98ce8b81-7707-4734-aa39-627c6db3d84b"),
            kics("ae8827e2-4af9-4baa-9998-87539ae0d6f0"),
            trivy("KCV0044"),
            trivy("KCV0047"),
        ],
        fixable: false,
    }
}

impl Rule for EtcdAutoTls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::Etcd) {
            for (name, side) in [("auto-tls", "clients"), ("peer-auto-tls", "peers")] {
                let Some(flag) = invocation.flag(name) else {
                    continue;
                };
                if flag.bool() == Some(true) {
                    cx.report_node(
                        flag.node,
                        format!(
                            "{} serves {side} a self-signed certificate (--{name})",
                            invocation.describe()
                        ),
                    );
                }
            }
        }
    }
}
