use super::shared::{container_security_context, Pod};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) whose effective `runAsUser` is a UID from 1 to
    /// 9999. The pod-level and container-level `securityContext` are resolved as the kubelet
    /// resolves them: a `runAsUser` set on the container wins, otherwise the pod's applies. A
    /// container's own value is reported at its entry; a pod value that some container inherits
    /// is reported once, at the pod's entry.
    ///
    /// Not reported: UID 0, which is `k8s-run-as-root`'s; an unset `runAsUser` (the image decides,
    /// and `k8s-run-as-root` covers an image user that may be root); Windows pods, where
    /// `runAsUser` does not apply.
    ///
    /// ## Why it matters
    ///
    /// UIDs below 10000 are the ones the node's own accounts use: system services, daemons and
    /// login users. The kernel knows users by number, not by name, so a container that escapes,
    /// or that reaches a host path mounted into it, acts on the node with the rights of whichever
    /// host account shares its UID, and can read or change what that account owns. A high UID
    /// that no host account uses leaves an escaped process with nothing of its own.
    ///
    /// ## How to fix
    ///
    /// Run as a UID (and group) of 10000 or more, and build the image so that it works as that
    /// user.
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    ///     runAsUser: 10001
    ///     runAsGroup: 10001
    /// ```
    pub struct LowUid {
        id: "k8s-low-uid",
        title: "Container runs with a low UID",
        severity: Low,
        remediation: "Set runAsUser (on the pod or the container) to a UID of 10000 or more.",
        frameworks: [
            nsa("Kubernetes Pod security: non-root containers and rootless container engines"),
            mitre("T1611"),
        ],
        peers: [
            checkov("CKV_K8S_40"),
            kics("02323c00-cdc3-4fdc-a310-4f2b3e7a1660"),
            trivy("KSV020"),
        ],
        fixable: false,
    }
}

/// The lowest UID that host accounts are taken not to use.
const MIN_UID: i64 = 10000;

impl Rule for LowUid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let Some(pod) = Pod::of(object) else {
            return;
        };
        if object.is_windows_pod() {
            return;
        }
        let low = |entry: &Entry| int_value(&entry.value).filter(|uid| (1..MIN_UID).contains(uid));
        let pod_user = user_entry(pod.security_context);
        let mut pod_user_inherited = false;
        for container in &pod.containers {
            match user_entry(container_security_context(container)) {
                Some(entry) => {
                    if let Some(uid) = low(entry) {
                        cx.report_entry(
                            entry,
                            format!(
                                "{} runs as UID {uid}, below {MIN_UID}",
                                container.describe()
                            ),
                        );
                    }
                }
                None => pod_user_inherited |= pod_user.is_some(),
            }
        }
        if let Some(entry) = pod_user.filter(|_| pod_user_inherited) {
            if let Some(uid) = low(entry) {
                cx.report_entry(
                    entry,
                    format!(
                        "pod securityContext runs its containers as UID {uid}, below {MIN_UID}"
                    ),
                );
            }
        }
    }
}

/// The `runAsUser` entry of a security context, unless it is null (which leaves it unset).
fn user_entry(security_context: Option<&Node>) -> Option<&Entry> {
    security_context?
        .entry("runAsUser")
        .filter(|entry| !entry.value.is_null())
}
