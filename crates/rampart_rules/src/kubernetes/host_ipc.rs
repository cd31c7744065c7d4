use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Pod specs with `hostIPC: true`. Values are read as the API server reads them:
    /// `hostIPC: yes` is true (YAML 1.1), while a quoted `"true"` is a string the API server
    /// rejects.
    ///
    /// ## Why it matters
    ///
    /// A pod in the host's IPC namespace shares System V IPC objects and POSIX message queues
    /// with the node's own processes and with every other pod that uses `hostIPC`. It can read
    /// and tamper with their shared memory segments and message queues, which often hold data in
    /// the clear, and disturb those processes.
    ///
    /// ## How to fix
    ///
    /// Remove `hostIPC`, or set it to `false`. Containers of the same pod already share an IPC
    /// namespace; to share memory between them, mount an `emptyDir` with `medium: Memory`.
    ///
    /// ```yaml
    /// spec:
    ///   hostIPC: false
    ///   volumes:
    ///     - name: shm
    ///       emptyDir:
    ///         medium: Memory
    /// ```
    pub struct HostIpc {
        id: "k8s-host-ipc",
        title: "Pod uses the host IPC namespace",
        severity: Medium,
        remediation: "Remove hostIPC: true; share memory within the pod through an emptyDir volume.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            mitre("T1611"),
            cis("5.2.4"),
            pss_baseline("Host Namespaces"),
        ],
        peers: [
            checkov("CKV_K8S_18"),
            kics("cd290efd-6c82-4e9d-a698-be12ae31d536"),
            kics("e94d3121-c2d1-4e34-a295-139bfeb73ea3"),
            kubescape("C-0038"),
            kube_linter("host-ipc"),
            polaris("hostIPCSet"),
            trivy("KSV008"),
        ],
        fixable: false,
    }
}

impl Rule for HostIpc {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let Some(entry) = object.pod_spec().and_then(|spec| spec.entry("hostIPC")) else {
            return;
        };
        if bool_value(&entry.value) == Some(true) {
            cx.report_entry(entry, "pod uses the node's IPC namespace");
        }
    }
}
