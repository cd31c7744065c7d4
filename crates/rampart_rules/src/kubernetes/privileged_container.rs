use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) whose `securityContext.privileged` is true.
    /// Values are read as the API server reads them: `privileged: yes` is true (YAML 1.1).
    ///
    /// ## Why it matters
    ///
    /// A privileged container runs with every capability and with the host's devices visible:
    /// it can load kernel modules, mount the host filesystem and escape to the node, and from
    /// the node reach every other pod on it. It is the most direct container escape there is.
    ///
    /// ## How to fix
    ///
    /// Remove `privileged: true`, or set it to `false`. If the workload needs one specific power
    /// (binding a low port, changing file ownership), add only that capability.
    ///
    /// ```yaml
    /// securityContext:
    ///   privileged: false
    ///   capabilities:
    ///     drop: ["ALL"]
    ///     add: ["NET_BIND_SERVICE"]
    /// ```
    pub struct PrivilegedContainer {
        id: "k8s-privileged-container",
        title: "Container runs privileged",
        severity: Critical,
        remediation: "Set securityContext.privileged to false; add only the capabilities the container needs.",
        frameworks: [
            nsa("Kubernetes Pod security: non-root containers and rootless container engines"),
            mitre("T1611"),
            cis("5.2.2"),
            pss_baseline("Privileged Containers"),
        ],
        peers: [
            checkov("CKV_K8S_16"),
            kics("dd29336b-fe57-445b-a26e-e6aa867ae609"),
            kics("87065ef8-de9b-40d8-9753-f4a4303e27a4"),
            kubescape("C-0057"),
            kube_linter("privileged-container"),
            polaris("runAsPrivileged"),
            trivy("KSV017"),
        ],
        fixable: false,
    }
}

impl Rule for PrivilegedContainer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            let Some(entry) = container
                .security_context()
                .and_then(|sc| sc.entry("privileged"))
            else {
                continue;
            };
            if bool_value(&entry.value) == Some(true) {
                cx.report_entry(entry, format!("{} runs privileged", container.describe()));
            }
        }
    }
}
