use super::shared::string_value;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Sysctls in the pod's `securityContext.sysctls` whose `name` is not in the safe set of
    /// the baseline Pod Security Standard. Each is reported at its `name` entry. Names are
    /// compared exactly, as Pod Security admission compares them: the slash form
    /// (`net/ipv4/tcp_syncookies`), which the kubelet accepts, is not in the set.
    ///
    /// The safe set is the one Pod Security admission allows at its latest policy version:
    /// `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.tcp_syncookies`,
    /// `net.ipv4.ping_group_range`, `net.ipv4.ip_unprivileged_port_start`,
    /// `net.ipv4.ip_local_reserved_ports` (since Kubernetes 1.27), `net.ipv4.tcp_keepalive_time`,
    /// `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`,
    /// `net.ipv4.tcp_keepalive_probes` (since 1.29), `net.ipv4.tcp_rmem` and
    /// `net.ipv4.tcp_wmem` (since 1.32; the kubernetes.io page has not listed these two yet).
    ///
    /// ## Why it matters
    ///
    /// A sysctl is safe when the kernel namespaces it per pod and isolates it from the other
    /// pods and processes of the node. Any other one either changes the whole node (memory,
    /// scheduling or kernel behaviour that every pod shares) or lets the pod take shared kernel
    /// resources beyond its limits, and some turn security mechanisms off. The kubelet refuses
    /// them unless the node allows them with `--allowed-unsafe-sysctls`; where it does, one pod
    /// can degrade or destabilise every other on the node.
    ///
    /// ## How to fix
    ///
    /// Keep to the safe sysctls. Tune node-wide kernel settings on the nodes themselves (a node
    /// image, a tuning operator), and run a workload that really needs an unsafe one on nodes
    /// dedicated to it.
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     sysctls:
    ///       - name: net.ipv4.ip_local_port_range
    ///         value: "1024 65000"
    /// ```
    pub struct UnsafeSysctl {
        id: "k8s-unsafe-sysctl",
        title: "Pod sets an unsafe sysctl",
        severity: Medium,
        remediation: "Remove sysctls outside the safe set from spec.securityContext.sysctls; tune node-wide settings on the nodes.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            pss_baseline("Sysctls"),
        ],
        peers: [
            kics("9127f0d9-2310-42e7-866f-5fd9d20dcbad"),
            kics("a9174d31-d526-4ad9-ace4-ce7ddbf52e03"),
            kube_linter("unsafe-sysctls"),
            trivy("KSV026"),
        ],
        fixable: false,
    }
}

/// The sysctls the baseline profile allows a pod to set.
const SAFE: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];

impl Rule for UnsafeSysctl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let sysctls = object
            .pod_security_context()
            .and_then(|sc| sc.get("sysctls"));
        for sysctl in sysctls.into_iter().flat_map(Node::items) {
            let Some(entry) = sysctl.entry("name") else {
                continue;
            };
            let Some(name) = string_value(&entry.value) else {
                continue;
            };
            if !SAFE.contains(&name) {
                cx.report_entry(
                    entry,
                    format!("pod sets sysctl {name}, which is not in the safe set"),
                );
            }
        }
    }
}
