use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) with `--token-auth-file` (static bearer tokens) or
    /// `--basic-auth-file` (static passwords, removed in Kubernetes 1.19).
    ///
    /// ## Why it matters
    ///
    /// The credentials of these files are plain text on the control-plane node, never expire,
    /// and cannot be revoked or rotated without editing the file and restarting the API server.
    /// Whoever reads the file, a backup of it or a copy of the manifest that mounts it holds the
    /// identities it lists, often administrators, for as long as the file is in place.
    ///
    /// ## How to fix
    ///
    /// Remove the flag, and authenticate people through client certificates or an OIDC
    /// provider, and workloads through service account tokens.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --oidc-issuer-url=https://login.example.com
    ///   - --oidc-client-id=kubernetes
    /// ```
    pub struct ApiserverStaticAuthFile {
        id: "k8s-apiserver-static-auth-file",
        title: "API server authenticates with a static token or password file",
        severity: High,
        remediation: "Remove --token-auth-file and --basic-auth-file; use certificates, OIDC or service account tokens.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.2"),
        ],
        peers: [
            checkov("CKV_K8S_69"),
            checkov("CKV_K8S_70"),
            kics("32ecd76e-7bbf-402e-bf48-8b9485749558"),
            kics("5da47109-f8d6-4585-9e2b-96a8958a12f5"),
            trivy("KCV0002"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverStaticAuthFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            for (name, what) in [
                ("token-auth-file", "static tokens"),
                ("basic-auth-file", "static passwords"),
            ] {
                if let Some(flag) = invocation.flag(name) {
                    cx.report_node(
                        flag.node,
                        format!(
                            "{} authenticates {what} from a file (--{name})",
                            invocation.describe()
                        ),
                    );
                }
            }
        }
    }
}
