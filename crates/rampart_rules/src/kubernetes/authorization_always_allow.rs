use super::control_plane::{kubelet_configuration, Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// API servers and kubelets that authorize every request:
    ///
    /// - a container that runs `kube-apiserver` or the `kubelet` (its `command`, or its `args`
    ///   when it has no command, starts the binary) whose `--authorization-mode` lists
    ///   `AlwaysAllow`;
    /// - an API server with neither `--authorization-mode` nor `--authorization-config`, and a
    ///   kubelet with neither `--authorization-mode` nor a `--config` file: both then default to
    ///   `AlwaysAllow`;
    /// - a `KubeletConfiguration` whose `authorization.mode` is `AlwaysAllow` (left out, it
    ///   defaults to `Webhook` in the file).
    ///
    /// Values still to be substituted (`$(VAR)`, Helm templates) are not judged.
    ///
    /// ## Why it matters
    ///
    /// Authorizers are asked in order, and `AlwaysAllow` says yes to whatever the others did not
    /// decide: listed anywhere, it grants every authenticated request (and every anonymous one,
    /// when anonymous access is on) full control. On the API server that is cluster-admin for
    /// any credential; on a kubelet, `exec` into every pod of the node for anyone who can reach
    /// port 10250.
    ///
    /// ## How to fix
    ///
    /// Give the API server `--authorization-mode=Node,RBAC`, and the kubelet
    /// `--authorization-mode=Webhook` (or `authorization.mode: Webhook` in its configuration
    /// file), which asks the API server.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --authorization-mode=Node,RBAC
    /// ```
    pub struct AuthorizationAlwaysAllow {
        id: "k8s-authorization-always-allow",
        title: "API server or kubelet authorizes every request",
        severity: Critical,
        remediation: "Use --authorization-mode=Node,RBAC on the API server and Webhook on the kubelet.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.6"),
            cis("4.2.2"),
        ],
        peers: [
            checkov("CKV_K8S_74"),
            checkov("CKV_K8S_139"),
            kics("f1f4d8da-1ac4-47d0-b1aa-91e69d33f7d5"),
            trivy("KCV0007"),
        ],
        fixable: false,
    }
}

impl Rule for AuthorizationAlwaysAllow {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of(object) {
            let default_source = match invocation.component {
                Component::ApiServer => "authorization-config",
                Component::Kubelet => "config",
                _ => continue,
            };
            let mut listed = false;
            for (flag, mode) in invocation.list("authorization-mode") {
                if mode == "AlwaysAllow" {
                    listed = true;
                    cx.report_node(
                        flag.node,
                        format!(
                            "{} authorizes every request (AlwaysAllow)",
                            invocation.describe()
                        ),
                    );
                }
            }
            if !listed && invocation.lacks("authorization-mode") && invocation.lacks(default_source)
            {
                invocation.report_missing(
                    cx,
                    format!(
                        "{} sets no --authorization-mode, which defaults to AlwaysAllow",
                        invocation.describe()
                    ),
                );
            }
        }
        let Some(entry) = kubelet_configuration(object)
            .and_then(|config| config.get("authorization"))
            .and_then(|authorization| authorization.entry("mode"))
        else {
            return;
        };
        if entry.value.as_str() == Some("AlwaysAllow") {
            cx.report_entry(entry, "the kubelet authorizes every request (AlwaysAllow)");
        }
    }
}
