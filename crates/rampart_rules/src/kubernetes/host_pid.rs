use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Pod specs with `hostPID: true`. Values are read as the API server reads them:
    /// `hostPID: yes` is true (YAML 1.1), while a quoted `"true"` is a string the API server
    /// rejects.
    ///
    /// ## Why it matters
    ///
    /// A pod in the host's PID namespace sees every process on the node. It can read their
    /// command lines and, as the same user, their environment (where credentials often are), send
    /// them signals, and with `SYS_PTRACE` attach to them; through `/proc/<pid>/root` it can reach
    /// the filesystems of other containers and of the node. It is a short step to escaping the
    /// container.
    ///
    /// ## How to fix
    ///
    /// Remove `hostPID`, or set it to `false`. To let the containers of one pod see each other's
    /// processes, use `shareProcessNamespace` instead.
    ///
    /// ```yaml
    /// spec:
    ///   hostPID: false
    ///   shareProcessNamespace: true
    /// ```
    pub struct HostPid {
        id: "k8s-host-pid",
        title: "Pod uses the host PID namespace",
        severity: High,
        remediation: "Remove hostPID: true; use shareProcessNamespace to share processes within the pod.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            mitre("T1611"),
            cis("5.2.3"),
            pss_baseline("Host Namespaces"),
        ],
        peers: [
            checkov("CKV_K8S_17"),
            kics("302736f4-b16c-41b8-befe-c0baffa0bd9d"),
            kics("587d5d82-70cf-449b-9817-f60f9bccb88c"),
            kubescape("C-0038"),
            kube_linter("host-pid"),
            polaris("hostPIDSet"),
            trivy("KSV010"),
        ],
        fixable: false,
    }
}

impl Rule for HostPid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let Some(entry) = object.pod_spec().and_then(|spec| spec.entry("hostPID")) else {
            return;
        };
        if bool_value(&entry.value) == Some(true) {
            cx.report_entry(entry, "pod uses the node's PID namespace");
        }
    }
}
