use super::control_plane::{Component, Invocation};
use crate::prelude::*;

/// The admission plugins on by default that enforce security, with what each enforces.
const SECURITY_PLUGINS: &[(&str, &str)] = &[
    (
        "PodSecurity",
        "the Pod Security Standards of each namespace",
    ),
    (
        "ServiceAccount",
        "that pods use service accounts that exist",
    ),
    (
        "NamespaceLifecycle",
        "that nothing is created in a namespace being deleted, or that does not exist",
    ),
];

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) whose `--disable-admission-plugins` turns off an admission
    /// plugin that is on by default and enforces security: `PodSecurity`, `ServiceAccount` or
    /// `NamespaceLifecycle`.
    ///
    /// ## Why it matters
    ///
    /// `PodSecurity` is what enforces the `pod-security.kubernetes.io/enforce` labels of
    /// namespaces: without it, a namespace labelled `restricted` admits privileged pods.
    /// `ServiceAccount` makes pods run as service accounts that exist and mounts their tokens as
    /// the API server expects; `NamespaceLifecycle` keeps objects out of namespaces that are
    /// being deleted or do not exist, and protects the system namespaces from deletion.
    ///
    /// ## How to fix
    ///
    /// Remove the plugin from `--disable-admission-plugins`.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --enable-admission-plugins=NodeRestriction
    /// ```
    pub struct ApiserverAdmissionPluginDisabled {
        id: "k8s-apiserver-admission-plugin-disabled",
        title: "API server disables a security admission plugin",
        severity: High,
        remediation: "Remove PodSecurity, ServiceAccount and NamespaceLifecycle from --disable-admission-plugins.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            cis("1.2.13"),
            cis("1.2.14"),
        ],
        peers: [
            checkov("CKV_K8S_82"),
            checkov("CKV_K8S_83"),
            kics("9587c890-0524-40c2-9ce2-663af7c2f063"),
            kics("1ffe7bf7-563b-4b3d-a71d-ba6bd8d49b37"),
            trivy("KCV0014"),
            trivy("KCV0015"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverAdmissionPluginDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            for (flag, plugin) in invocation.list("disable-admission-plugins") {
                let Some((_, enforces)) = SECURITY_PLUGINS.iter().find(|(name, _)| *name == plugin)
                else {
                    continue;
                };
                cx.report_node(
                    flag.node,
                    format!(
                        "{} disables the {plugin} admission plugin, which enforces {enforces}",
                        invocation.describe()
                    ),
                );
            }
        }
    }
}
