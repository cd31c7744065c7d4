use super::control_plane::{is_zero_duration, Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Kubelets whose streaming connections never time out: a container that runs the `kubelet`
    /// (its `command`, or its `args` when it has no command, starts the binary) with
    /// `--streaming-connection-idle-timeout=0` (or `0s`, `0h0m0s`). Left out, the timeout is 4
    /// hours, and is not reported.
    ///
    /// A `KubeletConfiguration` is not reported for `streamingConnectionIdleTimeout: 0s`: the
    /// kubelet's defaulting treats a zero duration in the file as unset and replaces it with 4
    /// hours (`SetDefaults_KubeletConfiguration`), which is why kubeadm writes `0s` there. Only
    /// the flag, applied after the file, can set the timeout to zero.
    ///
    /// ## Why it matters
    ///
    /// `exec`, `attach`, `port-forward` and `logs -f` sessions are streams held open by the
    /// kubelet. Without an idle timeout a forgotten or hijacked session stays open forever, and
    /// idle connections pile up until the kubelet runs out of resources.
    ///
    /// ## How to fix
    ///
    /// Remove the flag, or give it a duration such as `5m` (or set
    /// `streamingConnectionIdleTimeout` in the configuration file instead).
    ///
    /// ```yaml
    /// command:
    ///   - kubelet
    ///   - --config=/var/lib/kubelet/config.yaml
    ///   - --streaming-connection-idle-timeout=5m
    /// ```
    pub struct KubeletStreamingTimeoutDisabled {
        id: "k8s-kubelet-streaming-timeout-disabled",
        title: "Kubelet streaming connections never time out",
        severity: Low,
        remediation: "Remove --streaming-connection-idle-timeout=0, or set it to a duration such as 5m.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("4.2.5"),
        ],
        peers: [
            checkov("CKV_K8S_143"),
            kics("ed89b97d-04e9-4fd4-919f-ee5b27e555e9"),
        ],
        fixable: false,
    }
}

impl Rule for KubeletStreamingTimeoutDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::Kubelet) {
            let Some(flag) = invocation.flag("streaming-connection-idle-timeout") else {
                continue;
            };
            if flag.text().is_some_and(is_zero_duration) {
                cx.report_node(
                    flag.node,
                    format!(
                        "{} never times out idle streaming connections",
                        invocation.describe()
                    ),
                );
            }
        }
    }
}
