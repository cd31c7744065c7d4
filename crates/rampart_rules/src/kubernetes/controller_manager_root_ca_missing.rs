use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-controller-manager` (its `command`, or its `args` when it has no
    /// command, starts the binary) without `--root-ca-file`. A flag given with a value still to be
    /// substituted counts as given; an item that may hold any flag (`$(EXTRA_ARGS)`, a Helm
    /// template) keeps the container from being reported.
    ///
    /// ## Why it matters
    ///
    /// Pods verify the API server with the CA the controller manager publishes (the
    /// `kube-root-ca.crt` ConfigMap of every namespace, and legacy token Secrets). Without the
    /// flag it publishes the CA of its own kubeconfig instead: nothing when that kubeconfig
    /// skips verification or relies on the system's roots, and in any case not necessarily the
    /// CA that signs the API server's certificate. Pods then cannot verify whom they talk to,
    /// and clients get configured to skip verification, open to a machine in the middle.
    ///
    /// ## How to fix
    ///
    /// Give the controller manager the CA bundle that signs the API server's serving
    /// certificate.
    ///
    /// ```yaml
    /// command:
    ///   - kube-controller-manager
    ///   - --root-ca-file=/etc/kubernetes/pki/ca.crt
    /// ```
    pub struct ControllerManagerRootCaMissing {
        id: "k8s-controller-manager-root-ca-missing",
        title: "Controller manager does not publish the cluster CA to pods",
        severity: Low,
        remediation: "Set --root-ca-file on kube-controller-manager.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.3.5"),
        ],
        peers: [
            checkov("CKV_K8S_111"),
            kics("05fb986f-ac73-4ebb-a5b2-7faafa93d882"),
            trivy("KCV0037"),
        ],
        fixable: false,
    }
}

impl Rule for ControllerManagerRootCaMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ControllerManager) {
            let message = format!(
                "{} does not give pods the cluster CA",
                invocation.describe()
            );
            invocation.require_flags(cx, &["root-ca-file"], &message);
        }
    }
}
