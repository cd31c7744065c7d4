use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `etcd` (its `command`, or its `args` when it has no command, starts
    /// the binary) without client certificate authentication on its peer port:
    /// `--peer-client-cert-auth` set to false, or left out (it defaults to false). A flag left
    /// out is not reported when etcd may get it elsewhere: from a `--config-file`, from its
    /// `ETCD_PEER_CLIENT_CERT_AUTH` environment variable, or from an `envFrom` source. Values
    /// still to be substituted (`$(VAR)`, Helm templates) are not judged. The client port is
    /// `k8s-etcd-client-cert-auth-disabled`'s.
    ///
    /// ## Why it matters
    ///
    /// etcd members replicate the whole cluster state, Secrets included, to each other over the
    /// peer port (2380). Without certificate authentication there, anything that reaches the
    /// port can talk to the members as one of them, and read or disturb the replicated data.
    ///
    /// ## How to fix
    ///
    /// Set `--peer-client-cert-auth=true` with `--peer-trusted-ca-file`, so that only members
    /// holding a peer certificate signed by the etcd CA connect.
    ///
    /// ```yaml
    /// command:
    ///   - etcd
    ///   - --peer-client-cert-auth=true
    ///   - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    /// ```
    pub struct EtcdPeerCertAuthDisabled {
        id: "k8s-etcd-peer-cert-auth-disabled",
        title: "etcd does not authenticate peers by certificate",
        severity: High,
        remediation: "Set --peer-client-cert-auth=true with --peer-trusted-ca-file on etcd.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("2.5"),
        ],
        peers: [
            checkov("CKV_K8S_121"),
            kics("b7d0181d-0a9b-4611-9d1c-1ad4f0b620ff"),
            trivy("KCV0046"),
        ],
        fixable: false,
    }
}

impl Rule for EtcdPeerCertAuthDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::Etcd) {
            let message = format!(
                "{} does not authenticate peers by certificate (--peer-client-cert-auth)",
                invocation.describe()
            );
            invocation.require_true(cx, "peer-client-cert-auth", &message);
        }
    }
}
