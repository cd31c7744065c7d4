use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Pod specs with `hostNetwork: true`. Values are read as the API server reads them:
    /// `hostNetwork: yes` is true (YAML 1.1), while a quoted `"true"` is a string the API server
    /// rejects.
    ///
    /// ## Why it matters
    ///
    /// A pod on the host network has no network namespace of its own: it sees every interface of
    /// the node, can reach services that listen only on the node's loopback address (the kubelet's
    /// local ports, a control plane's etcd), can sniff the node's traffic with the default
    /// `NET_RAW` capability, and is not isolated by NetworkPolicies. Its ports are the node's
    /// ports.
    ///
    /// ## How to fix
    ///
    /// Remove `hostNetwork`, or set it to `false`, and expose the pod through a Service. Only
    /// node-level agents such as CNI plugins need the host network.
    ///
    /// ```yaml
    /// spec:
    ///   hostNetwork: false
    ///   containers:
    ///     - name: web
    ///       ports:
    ///         - containerPort: 8080
    /// ```
    pub struct HostNetwork {
        id: "k8s-host-network",
        title: "Pod uses the host network namespace",
        severity: High,
        remediation: "Remove hostNetwork: true and expose the pod through a Service.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            mitre("T1040"),
            cis("5.2.5"),
            pss_baseline("Host Namespaces"),
        ],
        peers: [
            checkov("CKV_K8S_19"),
            kics("6b6bdfb3-c3ae-44cb-88e4-7405c1ba2c8a"),
            kics("ac1564a3-c324-4747-9fa1-9dfc234dace0"),
            kubescape("C-0041"),
            kube_linter("host-network"),
            polaris("hostNetworkSet"),
            trivy("KSV009"),
        ],
        fixable: false,
    }
}

impl Rule for HostNetwork {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let Some(entry) = object.pod_spec().and_then(|spec| spec.entry("hostNetwork")) else {
            return;
        };
        if bool_value(&entry.value) == Some(true) {
            cx.report_entry(entry, "pod uses the node's network namespace");
        }
    }
}
