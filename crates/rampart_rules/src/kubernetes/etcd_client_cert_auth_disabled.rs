use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `etcd` (its `command`, or its `args` when it has no command, starts
    /// the binary) without client certificate authentication on its client port:
    /// `--client-cert-auth` set to false, or left out (it defaults to false). A flag left out
    /// is not reported when etcd may get it elsewhere: from a `--config-file`, from its
    /// `ETCD_CLIENT_CERT_AUTH` environment variable, or from an `envFrom` source. Values still
    /// to be substituted (`$(VAR)`, Helm templates) are not judged. The peer port is
    /// `k8s-etcd-peer-cert-auth-disabled`'s.
    ///
    /// ## Why it matters
    ///
    /// etcd holds the whole cluster state, Secrets included, and has no authorization of its own
    /// unless its RBAC is enabled. Without client certificate authentication anyone who can
    /// reach port 2379 reads and writes every object, bypassing the API server, its
    /// authorization and its audit log.
    ///
    /// ## How to fix
    ///
    /// Set `--client-cert-auth=true` with `--trusted-ca-file`, so that only holders of a
    /// certificate signed by the etcd CA (the API server's `--etcd-certfile`) connect.
    ///
    /// ```yaml
    /// command:
    ///   - etcd
    ///   - --client-cert-auth=true
    ///   - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    /// ```
    pub struct EtcdClientCertAuthDisabled {
        id: "k8s-etcd-client-cert-auth-disabled",
        title: "etcd does not authenticate clients by certificate",
        severity: High,
        remediation: "Set --client-cert-auth=true with --trusted-ca-file on etcd.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("2.2"),
        ],
        peers: [
            checkov("CKV_K8S_117"),
            kics("9391103a-d8d7-4671-ac5d-606ba7ccb0ac"),
            trivy("KCV0043"),
        ],
        fixable: false,
    }
}

impl Rule for EtcdClientCertAuthDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::Etcd) {
            let message = format!(
                "{} does not authenticate clients by certificate (--client-cert-auth)",
                invocation.describe()
            );
            invocation.require_true(cx, "client-cert-auth", &message);
        }
    }
}
