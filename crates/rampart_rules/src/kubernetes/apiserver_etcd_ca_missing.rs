use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) without `--etcd-cafile`. A flag given with a value still to be
    /// substituted counts as given; an item that may hold any flag (`$(EXTRA_ARGS)`, a Helm
    /// template) keeps the API server from being reported.
    ///
    /// ## Why it matters
    ///
    /// Without the etcd CA, the API server cannot verify that it talks to the real etcd: a
    /// machine in the middle of that connection sees every object the cluster stores, Secrets
    /// included, and can answer with objects of its own.
    ///
    /// ## How to fix
    ///
    /// Give the API server the CA that signs etcd's serving certificates.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
    /// ```
    pub struct ApiserverEtcdCaMissing {
        id: "k8s-apiserver-etcd-ca-missing",
        title: "API server does not verify etcd's certificate",
        severity: Medium,
        remediation: "Set --etcd-cafile on kube-apiserver.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.27"),
        ],
        peers: [
            checkov("CKV_K8S_102"),
            kics("3f5ff8a7-5ad6-4d02-86f5-666307da1b20"),
            trivy("KCV0029"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverEtcdCaMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            let message = format!(
                "{} does not verify etcd's serving certificate",
                invocation.describe()
            );
            invocation.require_flags(cx, &["etcd-cafile"], &message);
        }
    }
}
