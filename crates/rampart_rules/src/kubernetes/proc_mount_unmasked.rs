use super::shared::{container_security_context, string_value};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) whose `securityContext.procMount` is set to
    /// anything but `Default`, that is `Unmasked`. Each is reported at its entry.
    ///
    /// The rule follows the Pod Security Standards' `/proc Mount Type` control as the
    /// restricted profile enforces it, with no exception. Since Kubernetes 1.35, Pod Security
    /// admission's baseline profile lets a pod that runs in a user namespace (`hostUsers:
    /// false`) use `Unmasked`; such a pod is still reported here, and the restricted profile
    /// still rejects it.
    ///
    /// ## Why it matters
    ///
    /// The container runtime hides the parts of `/proc` and `/sys` that leak information about
    /// the node (`/proc/kcore`, `/proc/keys`, `/proc/timer_list`, `/sys/firmware`...) and mounts
    /// those that control its kernel (`/proc/sys`, `/proc/sysrq-trigger`, `/proc/irq`...)
    /// read-only. `Unmasked` turns that off: what a process in the container may then read or
    /// write there is bounded only by its privileges, and a root process with capabilities can
    /// change kernel settings or reboot the node.
    ///
    /// ## How to fix
    ///
    /// Remove `procMount`, or set it to `Default`. Only nested container runtimes (building or
    /// running containers inside a container) need an unmasked `/proc`; run them in a user
    /// namespace, in a namespace kept for them.
    ///
    /// ```yaml
    /// securityContext:
    ///   procMount: Default
    /// ```
    pub struct ProcMountUnmasked {
        id: "k8s-proc-mount-unmasked",
        title: "Container unmasks /proc",
        severity: Medium,
        remediation: "Remove securityContext.procMount or set it to Default.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            mitre("T1611"),
            pss_baseline("/proc Mount Type"),
        ],
        peers: [
            kube_linter("unsafe-proc-mount"),
            trivy("KSV027"),
        ],
        fixable: false,
    }
}

impl Rule for ProcMountUnmasked {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            let Some(entry) =
                container_security_context(&container).and_then(|sc| sc.entry("procMount"))
            else {
                continue;
            };
            let Some(mount) = string_value(&entry.value).filter(|m| !m.is_empty()) else {
                continue;
            };
            if mount != "Default" {
                cx.report_entry(
                    entry,
                    format!("{} sets procMount {mount}", container.describe()),
                );
            }
        }
    }
}
