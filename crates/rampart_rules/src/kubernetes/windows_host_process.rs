use super::shared::security_contexts;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Windows HostProcess containers: `securityContext.windowsOptions.hostProcess: true` on the
    /// pod, which makes every container of the pod a HostProcess container, or on a container
    /// (regular, init or ephemeral). Each such setting is reported at its entry, as the baseline
    /// Pod Security Standard's HostProcess control restricts the field at both levels. Values are
    /// read as the API server reads them: `hostProcess: yes` is true (YAML 1.1), while a quoted
    /// `"true"` is a string the API server rejects.
    ///
    /// A HostProcess pod must also set `hostNetwork: true`; that setting is reported by
    /// `k8s-host-network`.
    ///
    /// ## Why it matters
    ///
    /// A HostProcess container is not isolated from its Windows node at all: it runs as a
    /// process directly on the host, in the host's network namespace, sees the host's
    /// filesystem, processes and devices, and usually runs as `NT AUTHORITY\SYSTEM`. It is the
    /// Windows counterpart of a privileged container: whoever controls it controls the node and
    /// the credentials of every pod on it.
    ///
    /// ## How to fix
    ///
    /// Remove `hostProcess`, or set it to `false`, and run the workload as an ordinary Windows
    /// container. Keep HostProcess pods to node agents (CNI, CSI, kube-proxy, log collectors)
    /// in namespaces that only cluster administrators can deploy to.
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     windowsOptions:
    ///       hostProcess: false
    ///       runAsUserName: ContainerUser
    /// ```
    pub struct WindowsHostProcess {
        id: "k8s-windows-host-process",
        title: "Pod runs Windows HostProcess containers",
        severity: Critical,
        remediation: "Remove securityContext.windowsOptions.hostProcess (or set it to false) on the pod and its containers.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            mitre("T1611"),
            cis("5.2.11"),
            pss_baseline("HostProcess"),
        ],
        peers: [
            trivy("KSV103"),
        ],
        fixable: false,
    }
}

impl Rule for WindowsHostProcess {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for security_context in security_contexts(object) {
            let Some(entry) = security_context.nested_entry("windowsOptions", "hostProcess") else {
                continue;
            };
            if bool_value(&entry.value) != Some(true) {
                continue;
            }
            let message = match &security_context.container {
                None => "pod securityContext makes every container a Windows HostProcess container"
                    .to_owned(),
                Some(container) => format!(
                    "{} runs as a Windows HostProcess container",
                    container.describe()
                ),
            };
            cx.report_entry(entry, message);
        }
    }
}
