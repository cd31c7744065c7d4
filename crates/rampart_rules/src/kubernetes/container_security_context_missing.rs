use super::shared::Pod;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) with no `securityContext` at all, in a pod that
    /// sets none either: the field is missing, null or an empty mapping, on the container and on
    /// the pod. When that is every container of the pod, the pod is reported once, at its spec
    /// (or its empty `securityContext`), where one setting covers them all; otherwise each such
    /// container is reported.
    ///
    /// A container is not reported when the pod has a `securityContext` of its own, or when the
    /// container has one: what they set, or fail to set, is for the rules on each setting
    /// (`k8s-run-as-root`, `k8s-allow-privilege-escalation`, `k8s-capabilities-not-dropped`...).
    ///
    /// ## Why it matters
    ///
    /// A container without any security context runs with every default of its runtime: as the
    /// image's user (usually root), with privilege escalation allowed, the default capability
    /// set, a writable root filesystem and no seccomp profile unless the cluster imposes one.
    /// Nobody has decided how it should be confined; it is the first sign of a workload that was
    /// never hardened.
    ///
    /// ## How to fix
    ///
    /// Set a security context on the pod, and on each container for what only containers can set.
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    ///     runAsUser: 10001
    ///     seccompProfile:
    ///       type: RuntimeDefault
    ///   containers:
    ///     - name: web
    ///       image: registry.example.com/web:1.4.2
    ///       securityContext:
    ///         allowPrivilegeEscalation: false
    ///         readOnlyRootFilesystem: true
    ///         capabilities:
    ///           drop: ["ALL"]
    /// ```
    pub struct ContainerSecurityContextMissing {
        id: "k8s-container-security-context-missing",
        title: "Container has no security context",
        severity: Low,
        remediation: "Set a securityContext on the pod and on each container.",
        frameworks: [
            nsa("Kubernetes Pod security: hardening container environments"),
        ],
        peers: [
            checkov("CKV_K8S_29"),
            checkov("CKV_K8S_30"),
            kics("a97a340a-0063-418e-b3a1-3028941d0995"),
            kics("ad69e38a-d92e-4357-a8da-f2f29d545883"),
        ],
        fixable: false,
    }
}

impl Rule for ContainerSecurityContextMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let Some(pod) = Pod::of(object) else {
            return;
        };
        let pod_spec_sc = pod.spec.get("securityContext");
        if !is_unset(pod_spec_sc) {
            return;
        }
        let unset: Vec<_> = pod
            .containers
            .iter()
            .filter(|container| is_unset(container.security_context()))
            .collect();
        pod.report_unset(
            cx,
            &unset,
            "pod sets no securityContext, and neither do its containers",
            |container| {
                format!(
                    "{} has no securityContext, and the pod sets none",
                    container.describe()
                )
            },
        );
    }
}

/// Whether a `securityContext` sets nothing: missing, null or an empty mapping.
fn is_unset(security_context: Option<&Node>) -> bool {
    security_context
        .is_none_or(|sc| sc.is_null() || sc.as_mapping().is_some_and(<[Entry]>::is_empty))
}
