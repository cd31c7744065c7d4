use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) without `--etcd-certfile`, `--etcd-keyfile`. A flag given with a value still to be
    /// substituted counts as given; an item that may hold any flag (`$(EXTRA_ARGS)`, a Helm
    /// template) keeps the API server from being reported.
    ///
    /// ## Why it matters
    ///
    /// etcd should accept only clients with a certificate (`--client-cert-auth`); an API server
    /// without one can only talk to an etcd that lets anyone in, and then anyone who reaches
    /// etcd reads and writes the whole cluster state, Secrets included.
    ///
    /// ## How to fix
    ///
    /// Give the API server a client certificate signed by the etcd CA, and require client
    /// certificates on etcd.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
    ///   - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
    /// ```
    pub struct ApiserverEtcdClientCertMissing {
        id: "k8s-apiserver-etcd-client-cert-missing",
        title: "API server has no client certificate for etcd",
        severity: High,
        remediation: "Set --etcd-certfile and --etcd-keyfile on kube-apiserver.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.24"),
        ],
        peers: [
            checkov("CKV_K8S_99"),
            kics("895a5a95-3756-4b04-9924-2f3bc93181bd"),
            trivy("KCV0026"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverEtcdClientCertMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            let message = format!(
                "{} does not authenticate to etcd with a client certificate",
                invocation.describe()
            );
            invocation.require_flags(cx, &["etcd-certfile", "etcd-keyfile"], &message);
        }
    }
}
