use super::control_plane::{scheduler_configuration, Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Control-plane components that serve profiling data:
    ///
    /// - a container that runs `kube-apiserver`, `kube-controller-manager` or `kube-scheduler`
    ///   (its `command`, or its `args` when it has no command, starts the binary) with
    ///   `--profiling=true` (or `--profiling` alone), or without `--profiling`, which defaults to
    ///   true. A scheduler started with `--config` ignores the flag and is judged by that file;
    /// - a `KubeSchedulerConfiguration` whose `enableProfiling` is true, or left out (it
    ///   defaults to true).
    ///
    /// Values still to be substituted (`$(VAR)`, Helm templates) are not judged.
    ///
    /// ## Why it matters
    ///
    /// Profiling serves `/debug/pprof` on the component's secure port: stack traces,
    /// goroutines, heap and CPU profiles that reveal the component's internals to whoever is
    /// authorized for the path, and that can be pulled repeatedly to load the control plane.
    /// A control plane that is not being debugged has no use for it.
    ///
    /// ## How to fix
    ///
    /// Set `--profiling=false` on each component (`enableProfiling: false` in the scheduler's
    /// configuration file), and turn it on only while diagnosing a problem.
    ///
    /// ```yaml
    /// command:
    ///   - kube-controller-manager
    ///   - --profiling=false
    /// ```
    pub struct ProfilingEnabled {
        id: "k8s-profiling-enabled",
        title: "Control-plane component serves profiling data",
        severity: Low,
        remediation: "Set --profiling=false (scheduler configuration: enableProfiling: false).",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.16"),
            cis("1.3.2"),
            cis("1.4.1"),
        ],
        peers: [
            checkov("CKV_K8S_90"),
            checkov("CKV_K8S_107"),
            checkov("CKV_K8S_114"),
            kics("2f491173-6375-4a84-b28e-a4e2b9a58a69"),
            trivy("KCV0018"),
            trivy("KCV0034"),
            trivy("KCV0040"),
        ],
        fixable: false,
    }
}

impl Rule for ProfilingEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let components = [
            Component::ApiServer,
            Component::ControllerManager,
            Component::Scheduler,
        ];
        for invocation in Invocation::of_components(object, &components) {
            // A scheduler started with --config ignores the flag; the file decides.
            if invocation.uses_config_file() {
                continue;
            }
            let message = format!("{} serves profiling data", invocation.describe());
            invocation.require_false(cx, "profiling", &message);
        }
        let Some(config) = scheduler_configuration(object) else {
            return;
        };
        match config.entry("enableProfiling") {
            Some(entry) if bool_value(&entry.value) == Some(true) => {
                cx.report_entry(entry, "the scheduler serves profiling data");
            }
            None => {
                cx.report_node(
                    config,
                    "the scheduler configuration does not set enableProfiling: false (it defaults to true)",
                );
            }
            _ => {}
        }
    }
}
