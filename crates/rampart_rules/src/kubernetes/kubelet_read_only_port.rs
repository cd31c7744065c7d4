use super::control_plane::{kubelet_configuration, Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Kubelets that serve the unauthenticated read-only port:
    ///
    /// - a container that runs the `kubelet` (its `command`, or its `args` when it has no
    ///   command, starts the binary) with a `--read-only-port` other than 0, or with neither the
    ///   flag nor a `--config` file (the flag defaults to 10255);
    /// - a `KubeletConfiguration` whose `readOnlyPort` is not 0 (left out, it defaults to 0 in
    ///   the file).
    ///
    /// Values still to be substituted (`$(VAR)`, Helm templates) are not judged.
    ///
    /// ## Why it matters
    ///
    /// The read-only port answers without authentication or authorization: anyone who reaches
    /// the node can list every pod on it with its specification (environment variables,
    /// volumes, service accounts) and read the kubelet's metrics, which maps the cluster for an
    /// attacker.
    ///
    /// ## How to fix
    ///
    /// Set `--read-only-port=0` (or `readOnlyPort: 0` in the configuration file), and read
    /// metrics from the authenticated port 10250.
    ///
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// readOnlyPort: 0
    /// ```
    pub struct KubeletReadOnlyPort {
        id: "k8s-kubelet-read-only-port",
        title: "Kubelet serves the unauthenticated read-only port",
        severity: Medium,
        remediation: "Set --read-only-port=0 (readOnlyPort: 0 in the kubelet configuration).",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("4.2.4"),
        ],
        peers: [
            checkov("CKV_K8S_141"),
            kics("2940d48a-dc5e-4178-a3f8-bfbd80720b41"),
        ],
        fixable: false,
    }
}

impl Rule for KubeletReadOnlyPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::Kubelet) {
            match invocation.flag("read-only-port") {
                Some(flag) => {
                    let Some(port) = flag.text() else { continue };
                    if port.trim() != "0" {
                        cx.report_node(
                            flag.node,
                            format!("{} serves the read-only port {port}", invocation.describe()),
                        );
                    }
                }
                None if invocation.lacks("read-only-port") => {
                    invocation.report_missing(
                        cx,
                        format!(
                            "{} does not set --read-only-port=0 (it defaults to 10255)",
                            invocation.describe()
                        ),
                    );
                }
                None => {}
            }
        }
        let Some(entry) = kubelet_configuration(object).and_then(|c| c.entry("readOnlyPort"))
        else {
            return;
        };
        if let Some(port) = int_value(&entry.value).filter(|port| *port != 0) {
            cx.report_entry(
                entry,
                format!("the kubelet serves the read-only port {port}"),
            );
        }
    }
}
