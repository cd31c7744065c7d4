use super::shared::ContainerFlag;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) whose `securityContext.readOnlyRootFilesystem`
    /// is not `true`. An explicit `false` is reported at the entry; a missing setting at the
    /// container's `securityContext`, or at the container when it has none. There is no
    /// pod-level setting. Values are read as the API server reads them (`yes` is true; a quoted
    /// `"true"` is a string the API server rejects, and is not reported).
    ///
    /// Windows pods (`spec.os.name: windows`) are not reported for a missing setting: the API
    /// server rejects the field on them.
    ///
    /// ## Why it matters
    ///
    /// With a writable root filesystem, an attacker who gets code execution in the container can
    /// download tools, drop binaries and scripts, change the application's code or
    /// configuration, and keep a foothold for as long as the container lives. A read-only root
    /// filesystem makes the image immutable at run time: writes can only go to the volumes the
    /// workload declares, which are easy to review and can be mounted `noexec` or in memory.
    ///
    /// ## How to fix
    ///
    /// Set `readOnlyRootFilesystem: true`, and mount an `emptyDir` volume at each path the
    /// application must write to (`/tmp`, a cache directory).
    ///
    /// ```yaml
    /// containers:
    ///   - name: web
    ///     image: example/web:1.0.0
    ///     securityContext:
    ///       readOnlyRootFilesystem: true
    ///     volumeMounts:
    ///       - name: tmp
    ///         mountPath: /tmp
    /// volumes:
    ///   - name: tmp
    ///     emptyDir: {}
    /// ```
    pub struct WritableRootFilesystem {
        id: "k8s-writable-root-filesystem",
        title: "Container root filesystem is writable",
        severity: Low,
        remediation: "Set securityContext.readOnlyRootFilesystem to true; mount emptyDir volumes where the application writes.",
        frameworks: [
            nsa("Kubernetes Pod security: immutable container file systems"),
            mitre("T1105"),
        ],
        peers: [
            checkov("CKV_K8S_22"),
            kics("a9c2f49d-0671-4fc9-9ece-f4e261e128d0"),
            kics("d532566b-8d9d-4f3b-80bd-361fe802f9c2"),
            kubescape("C-0017"),
            kube_linter("no-read-only-root-fs"),
            polaris("notReadOnlyRootFilesystem"),
            trivy("KSV014"),
        ],
        fixable: false,
    }
}

impl Rule for WritableRootFilesystem {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        FLAG.check(object, cx);
    }
}

/// Only an explicit `true` makes the root filesystem read-only: it is writable when unset.
const FLAG: ContainerFlag = ContainerFlag {
    field: "readOnlyRootFilesystem",
    safe: true,
    unsafe_effect: "has a writable root filesystem",
};
