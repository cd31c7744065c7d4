use super::control_plane::{kubelet_configuration, Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// API servers and kubelets that accept anonymous requests:
    ///
    /// - a container that runs `kube-apiserver` or the `kubelet` (its `command`, or its `args`
    ///   when it has no command, starts the binary) with `--anonymous-auth=true`, or
    ///   `--anonymous-auth` alone;
    /// - a `kubelet` started without `--anonymous-auth` and without a `--config` file: the flag
    ///   defaults to true;
    /// - a `KubeletConfiguration` with `authentication.anonymous.enabled: true`.
    ///
    /// An API server that leaves the flag out is not reported: the default lets anonymous
    /// requests through to authorization, where RBAC gives `system:anonymous` only the health and
    /// discovery endpoints, and the CIS recommendation for it is a manual one. A
    /// `KubeletConfiguration` that leaves the field out is not reported either: in the file it
    /// defaults to false. Values still to be substituted (`$(VAR)`, Helm templates) are not
    /// judged.
    ///
    /// ## Why it matters
    ///
    /// An anonymous request carries no credentials: anyone who can reach the port is
    /// `system:anonymous`. On a kubelet, whose authorization often defaults to allowing every
    /// authenticated request, that is remote command execution in every pod of the node
    /// (`/exec`, `/run`) and a read of every pod's environment. On the API server, one
    /// misplaced binding to `system:anonymous` or `system:unauthenticated` opens the cluster to
    /// the network.
    ///
    /// ## How to fix
    ///
    /// Set `--anonymous-auth=false` on the kubelet (or `authentication.anonymous.enabled: false`
    /// in its configuration file), and on the API server when its health checks do not need
    /// anonymous access.
    ///
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authentication:
    ///   anonymous:
    ///     enabled: false
    ///   webhook:
    ///     enabled: true
    /// authorization:
    ///   mode: Webhook
    /// ```
    pub struct AnonymousAuthEnabled {
        id: "k8s-anonymous-auth-enabled",
        title: "API server or kubelet accepts anonymous requests",
        severity: High,
        remediation: "Set --anonymous-auth=false (kubelet: authentication.anonymous.enabled: false).",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.1"),
            cis("4.2.1"),
        ],
        peers: [
            checkov("CKV_K8S_68"),
            checkov("CKV_K8S_138"),
            kics("1de5cc51-f376-4638-a940-20f2e85ae238"),
            trivy("KCV0001"),
        ],
        fixable: false,
    }
}

impl Rule for AnonymousAuthEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of(object) {
            let message = format!("{} accepts anonymous requests", invocation.describe());
            match invocation.component {
                Component::Kubelet => invocation.require_false(cx, "anonymous-auth", &message),
                Component::ApiServer => {
                    // The API server's default is left to RBAC (see the docs).
                    if let Some(flag) = invocation
                        .flag("anonymous-auth")
                        .filter(|flag| flag.bool() == Some(true))
                    {
                        cx.report_node(flag.node, message);
                    }
                }
                _ => {}
            }
        }
        let Some(config) = kubelet_configuration(object) else {
            return;
        };
        let Some(entry) = config
            .get_path(&["authentication", "anonymous"])
            .and_then(|anonymous| anonymous.entry("enabled"))
        else {
            return;
        };
        if bool_value(&entry.value) == Some(true) {
            cx.report_entry(entry, "the kubelet accepts anonymous requests");
        }
    }
}
