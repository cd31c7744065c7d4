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
        let windows = object.is_windows_pod();
        for container in object.containers() {
            let security_context = container
                .security_context()
                .filter(|sc| sc.as_mapping().is_some());
            let missing = format!(
                "{} does not set readOnlyRootFilesystem to true",
                container.describe()
            );
            match security_context.and_then(|sc| sc.entry("readOnlyRootFilesystem")) {
                Some(entry) => match bool_value(&entry.value) {
                    Some(false) => {
                        cx.report_entry(
                            entry,
                            format!("{} has a writable root filesystem", container.describe()),
                        );
                    }
                    // `readOnlyRootFilesystem: null` (or empty) leaves it unset.
                    None if entry.value.is_null() && !windows => {
                        cx.report_entry(entry, missing);
                    }
                    // `true`, or a value the API server rejects.
                    _ => {}
                },
                None if !windows => {
                    cx.report_node(security_context.unwrap_or(container.node), missing);
                }
                None => {}
            }
        }
    }
}
