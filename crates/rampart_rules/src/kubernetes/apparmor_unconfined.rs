use super::shared::{security_contexts, string_value};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// AppArmor profiles other than the two the baseline Pod Security Standard allows, the
    /// runtime's default and a profile loaded on the node:
    ///
    /// - `securityContext.appArmorProfile.type` on the pod or on a container (regular, init or
    ///   ephemeral) set to anything but `RuntimeDefault` or `Localhost`, that is `Unconfined`.
    ///   A pod-level `Unconfined` is reported even when every container sets its own profile:
    ///   any container added later inherits it, and the standard restricts the field wherever
    ///   it is set.
    /// - The legacy annotations `container.apparmor.security.beta.kubernetes.io/<name>` on the
    ///   pod template (for a Pod, on the Pod) set to anything but empty, `runtime/default` or a
    ///   `localhost/<profile>`, that is `unconfined`. The API server still turns them into the
    ///   field, and Pod Security admission still checks them.
    ///
    /// Each setting is reported at its entry.
    ///
    /// ## Why it matters
    ///
    /// On nodes with AppArmor, the container runtime confines every container with its default
    /// profile, which denies writes to `/proc` and `/sys` files that control the kernel, mounts,
    /// and access to other processes' memory. An `unconfined` container has none of that: a
    /// process that gains root in it meets one barrier fewer on its way to the node. Some known
    /// escapes, such as the cgroup `release_agent` one (CVE-2022-0492), which needs a mount, are
    /// stopped by the default profile alone.
    ///
    /// ## How to fix
    ///
    /// Remove the `Unconfined` profile (and the legacy annotation), so that the runtime default
    /// applies, or set it explicitly. If the workload needs more than the default allows, write a
    /// profile for it, load it on the nodes and use it as a `Localhost` profile.
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     appArmorProfile:
    ///       type: RuntimeDefault
    /// ```
    pub struct ApparmorUnconfined {
        id: "k8s-apparmor-unconfined",
        title: "AppArmor profile is Unconfined",
        severity: Medium,
        remediation: "Set appArmorProfile.type to RuntimeDefault (or Localhost) instead of Unconfined, and remove unconfined AppArmor annotations.",
        frameworks: [
            nsa("Kubernetes Pod security: hardening container environments"),
            mitre("T1611"),
            pss_baseline("AppArmor"),
        ],
        peers: [
            trivy("KSV002"),
        ],
        fixable: false,
    }
}

/// The prefix of the legacy annotation that sets one container's AppArmor profile; the
/// container's name follows it.
const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

impl Rule for ApparmorUnconfined {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for security_context in security_contexts(object) {
            let Some(entry) = security_context.nested_entry("appArmorProfile", "type") else {
                continue;
            };
            let Some(kind) = string_value(&entry.value) else {
                continue;
            };
            if !matches!(kind, "RuntimeDefault" | "Localhost") {
                cx.report_entry(
                    entry,
                    format!("{} sets AppArmor profile {kind}", security_context.owner()),
                );
            }
        }

        let annotations = object
            .pod_metadata()
            .and_then(|metadata| metadata.get("annotations"))
            .and_then(Node::as_mapping)
            .unwrap_or(&[]);
        for entry in annotations {
            let Some(key) = entry.key.as_str() else {
                continue;
            };
            if !key.starts_with(ANNOTATION_PREFIX) {
                continue;
            }
            let Some(profile) = string_value(&entry.value) else {
                continue;
            };
            let allowed = profile.is_empty()
                || profile == "runtime/default"
                || profile.starts_with("localhost/");
            if !allowed {
                cx.report_entry(
                    entry,
                    format!("annotation {key} sets AppArmor profile {profile}"),
                );
            }
        }
    }
}
