use super::shared::{Pod, SECCOMP_CONTAINER_ANNOTATION_PREFIX, SECCOMP_POD_ANNOTATION};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Seccomp explicitly turned off: `seccompProfile.type: Unconfined` in the pod's
    /// `securityContext` or in a container's (regular, init or ephemeral), and the legacy
    /// annotations `seccomp.security.alpha.kubernetes.io/pod: unconfined` and
    /// `container.seccomp.security.alpha.kubernetes.io/<name>: unconfined` (for a container of
    /// the pod) on the pod template. Each setting is reported at its entry. A pod-level
    /// `Unconfined` is reported even when every container sets its own profile: it still
    /// applies to the pod sandbox and to any container added later, and the baseline Pod
    /// Security Standard rejects it.
    ///
    /// ## Why it matters
    ///
    /// Seccomp filters the system calls a container may make. The runtime's default profile
    /// blocks the rarely needed ones behind many kernel exploits and container escapes
    /// (`unshare`, `keyctl`, `bpf`, `ptrace` of other processes, `mount`, `kexec_load`...).
    /// `Unconfined` removes that filter, leaving the whole kernel attack surface of the node
    /// reachable from the container.
    ///
    /// ## How to fix
    ///
    /// Use the runtime's default profile, or a `Localhost` profile made for the workload if the
    /// default blocks a call it needs.
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     seccompProfile:
    ///       type: RuntimeDefault
    /// ```
    pub struct SeccompUnconfined {
        id: "k8s-seccomp-unconfined",
        title: "Seccomp profile is Unconfined",
        severity: Medium,
        remediation: "Set seccompProfile.type to RuntimeDefault (or Localhost) instead of Unconfined, and remove unconfined seccomp annotations.",
        frameworks: [
            nsa("Kubernetes Pod security: hardening container environments"),
            mitre("T1611"),
            mitre("T1068"),
            cis("5.7.2"),
            pss_baseline("Seccomp"),
            pss_restricted("Seccomp"),
        ],
        peers: [
            kics("f377b83e-bd07-4f48-a591-60c82b14a78b"),
            kics("455f2e0c-686d-4fcb-8b5f-3f953f12c43c"),
            trivy("KSV104"),
        ],
        fixable: false,
    }
}

impl Rule for SeccompUnconfined {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let Some(pod) = Pod::of(object) else {
            return;
        };

        if let Some(entry) = unconfined_type(pod.security_context) {
            cx.report_entry(entry, "pod securityContext sets seccomp profile Unconfined");
        }
        for container in &pod.containers {
            if let Some(entry) = unconfined_type(container.security_context()) {
                cx.report_entry(
                    entry,
                    format!("{} sets seccomp profile Unconfined", container.describe()),
                );
            }
        }

        let annotations = pod.annotations.and_then(Node::as_mapping).unwrap_or(&[]);
        for entry in annotations {
            let (Some(key), Some(value)) = (entry.key.as_str(), entry.value.as_str()) else {
                continue;
            };
            if value != "unconfined" {
                continue;
            }
            if key == SECCOMP_POD_ANNOTATION {
                cx.report_entry(entry, format!("pod annotation {key} turns seccomp off"));
            } else if let Some(name) = key.strip_prefix(SECCOMP_CONTAINER_ANNOTATION_PREFIX) {
                if let Some(container) = pod.containers.iter().find(|c| c.name == Some(name)) {
                    cx.report_entry(
                        entry,
                        format!(
                            "annotation {key} turns seccomp off for {}",
                            container.describe()
                        ),
                    );
                }
            }
        }
    }
}

/// The `seccompProfile.type: Unconfined` entry of a security context.
fn unconfined_type(security_context: Option<&Node>) -> Option<&Entry> {
    security_context?
        .get("seccompProfile")?
        .entry("type")
        .filter(|entry| entry.value.as_str() == Some("Unconfined"))
}
