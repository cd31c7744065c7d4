use super::shared::{Pod, SECCOMP_CONTAINER_ANNOTATION_PREFIX, SECCOMP_POD_ANNOTATION};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) that get no seccomp profile: neither their own
    /// `securityContext.seccompProfile` nor the pod's sets one. The container's setting wins
    /// over the pod's, as the kubelet resolves them. The legacy annotations
    /// (`seccomp.security.alpha.kubernetes.io/pod` and
    /// `container.seccomp.security.alpha.kubernetes.io/<name>`), which the API server still
    /// turns into the fields when it creates a pod that lacks them, count as settings.
    ///
    /// When nothing is set anywhere, the pod is reported once, at its `securityContext` (or its
    /// spec when it has none), where one setting fixes every container. When the pod sets
    /// nothing but some containers do, each container without a profile is reported, at its
    /// `securityContext` (or itself). An `Unconfined` profile is a setting, reported by
    /// `k8s-seccomp-unconfined`, not here.
    ///
    /// Windows pods (`spec.os.name: windows`) are not reported: seccomp is Linux-only, and the
    /// Pod Security Standards exempt them from this control.
    ///
    /// ## Why it matters
    ///
    /// Unless the kubelet runs with `--seccomp-default`, a container with no profile runs
    /// `Unconfined`: every system call of the node's kernel is open to it, including the rarely
    /// needed ones behind many kernel exploits and container escapes. The runtime's default
    /// profile blocks those at almost no cost to ordinary applications. The restricted Pod
    /// Security Standard requires a profile to be set explicitly.
    ///
    /// ## How to fix
    ///
    /// Set the runtime's default profile on the pod, so that every container inherits it.
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     seccompProfile:
    ///       type: RuntimeDefault
    /// ```
    pub struct SeccompProfileMissing {
        id: "k8s-seccomp-profile-missing",
        title: "No seccomp profile is set",
        severity: Low,
        remediation: "Set spec.securityContext.seccompProfile.type to RuntimeDefault (or a Localhost profile).",
        frameworks: [
            nsa("Kubernetes Pod security: hardening container environments"),
            mitre("T1611"),
            mitre("T1068"),
            cis("5.7.2"),
            pss_restricted("Seccomp"),
        ],
        peers: [
            checkov("CKV_K8S_31"),
            kics("f377b83e-bd07-4f48-a591-60c82b14a78b"),
            kics("455f2e0c-686d-4fcb-8b5f-3f953f12c43c"),
            kubescape("C-0210"),
            trivy("KSV030"),
        ],
        fixable: false,
    }
}

impl Rule for SeccompProfileMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if object.is_windows_pod() {
            return;
        }
        let Some(pod) = Pod::of(object) else {
            return;
        };
        let annotation = |key: &str| {
            pod.annotations
                .and_then(|a| a.get(key))
                .filter(|value| !value.is_null())
        };

        if has_profile_field(pod.security_context) || annotation(SECCOMP_POD_ANNOTATION).is_some() {
            return;
        }
        let without: Vec<&Container<'_>> = pod
            .containers
            .iter()
            .filter(|container| {
                let own_annotation = container.name.and_then(|name| {
                    annotation(&format!("{SECCOMP_CONTAINER_ANNOTATION_PREFIX}{name}"))
                });
                !has_profile_field(container.security_context()) && own_annotation.is_none()
            })
            .collect();
        pod.report_unset(
            cx,
            &without,
            "pod sets no seccomp profile, and none of its containers sets one",
            |container| {
                format!(
                    "{} has no seccomp profile, and the pod sets none",
                    container.describe()
                )
            },
        );
    }
}

/// Whether a security context sets `seccompProfile` (to anything: `Unconfined` is another
/// rule's, and a malformed profile is rejected by the API server).
fn has_profile_field(security_context: Option<&Node>) -> bool {
    security_context
        .and_then(|sc| sc.get("seccompProfile"))
        .is_some_and(|profile| !profile.is_null())
}
