use super::shared::{security_contexts, string_value};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Custom SELinux options, in the pod's `securityContext.seLinuxOptions` and in each
    /// container's (regular, init or ephemeral), as the baseline Pod Security Standard restricts
    /// them:
    ///
    /// - `type` set to anything but empty or one of the container types `container_t`,
    ///   `container_init_t`, `container_kvm_t` and `container_engine_t` (allowed since
    ///   Kubernetes 1.31), for example `spc_t` or `unconfined_t`;
    /// - `user` or `role` set to anything but empty.
    ///
    /// Each offending field is reported at its entry. `level` (the MCS categories that keep
    /// containers apart) is not restricted.
    ///
    /// ## Why it matters
    ///
    /// On SELinux nodes, the container runtime labels each container `container_t` with its own
    /// categories, and the policy lets that type touch only the container's own files. Another
    /// type or user changes what the process may do on the node: `spc_t` (the "super privileged
    /// container" type) and `unconfined_t` are not confined at all, and other host types reach
    /// the files, sockets and processes of the services they belong to. A container that escapes
    /// its namespaces with such a label meets no SELinux barrier.
    ///
    /// ## How to fix
    ///
    /// Remove `type`, `user` and `role` from `seLinuxOptions` and let the runtime choose the
    /// label; set only `level` if volumes must be shared between pods. If a workload needs more
    /// than `container_t` allows, write a policy module for it and run it in a namespace kept
    /// for node agents.
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     seLinuxOptions:
    ///       level: "s0:c123,c456"
    /// ```
    pub struct SelinuxCustomOptions {
        id: "k8s-selinux-custom-options",
        title: "Pod sets a custom SELinux type, user or role",
        severity: Medium,
        remediation: "Remove seLinuxOptions.type (or use container_t), user and role from the pod and container securityContext.",
        frameworks: [
            nsa("Kubernetes Pod security: hardening container environments"),
            mitre("T1611"),
            pss_baseline("SELinux"),
        ],
        peers: [
            trivy("KSV025"),
        ],
        fixable: false,
    }
}

/// The SELinux types a container may run as under the baseline profile (besides none).
const ALLOWED_TYPES: &[&str] = &[
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

impl Rule for SelinuxCustomOptions {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for security_context in security_contexts(object) {
            let Some(options) = security_context.node.get("seLinuxOptions") else {
                continue;
            };
            for field in ["type", "user", "role"] {
                let Some(entry) = options.entry(field) else {
                    continue;
                };
                let Some(value) = string_value(&entry.value).filter(|v| !v.is_empty()) else {
                    continue;
                };
                if field == "type" && ALLOWED_TYPES.contains(&value) {
                    continue;
                }
                cx.report_entry(
                    entry,
                    format!("{} sets SELinux {field} {value}", security_context.owner()),
                );
            }
        }
    }
}
