use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Container ports with a non-zero `hostPort`, read as the API server reads integers
    /// (`0x1F90` is 8080; a quoted `"8080"` is a string the API server rejects). Each is reported
    /// at its `hostPort` entry. A pod with `hostNetwork: true` binds its container ports on the
    /// node whether or not they name a `hostPort`; that is reported by `k8s-host-network`.
    ///
    /// ## Why it matters
    ///
    /// A host port binds the container to that port on every address of the node it runs on, so
    /// the container is reachable from outside the cluster network, past the Services and
    /// Ingresses meant to front it, and often past NetworkPolicies. It also limits scheduling to
    /// one such pod per node and port, and lets a pod claim a port that a node service expects.
    ///
    /// ## How to fix
    ///
    /// Remove `hostPort` and expose the container through a Service (of type `NodePort` or
    /// `LoadBalancer` if it must be reached from outside).
    ///
    /// ```yaml
    /// ports:
    ///   - name: http
    ///     containerPort: 8080
    /// ```
    pub struct HostPort {
        id: "k8s-host-port",
        title: "Container binds a host port",
        severity: Medium,
        remediation: "Remove hostPort and expose the container through a Service.",
        frameworks: [
            cis("5.2.13"),
            pss_baseline("Host Ports"),
        ],
        peers: [
            checkov("CKV_K8S_26"),
            kics("2b1836f1-dcce-416e-8e16-da8c71920633"),
            kics("4e74cf4f-ff65-4c1a-885c-67ab608206ce"),
            kubescape("C-0044"),
            polaris("hostPortSet"),
            trivy("KSV024"),
        ],
        fixable: false,
    }
}

impl Rule for HostPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            for port in container
                .node
                .get("ports")
                .into_iter()
                .flat_map(Node::items)
            {
                let Some(entry) = port.entry("hostPort") else {
                    continue;
                };
                let Some(number) = int_value(&entry.value).filter(|n| *n != 0) else {
                    continue;
                };
                cx.report_entry(
                    entry,
                    format!("{} binds port {number} of the node", container.describe()),
                );
            }
        }
    }
}
