use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) whose `securityContext.capabilities.add` list
    /// names a dangerous Linux capability. Each offending item is reported. Names are compared
    /// as container runtimes compare them: in any case, with or without the `CAP_` prefix
    /// (`sys_admin` and `CAP_SYS_ADMIN` are both `SYS_ADMIN`).
    ///
    /// The dangerous capabilities are `ALL` and those that reach past the container's
    /// namespaces or its security modules: `SYS_ADMIN`, `SYS_MODULE`, `SYS_RAWIO`, `SYS_PTRACE`,
    /// `SYS_BOOT`, `SYS_TIME`, `SYSLOG`, `DAC_READ_SEARCH`, `NET_ADMIN`, `NET_RAW`, `BPF`,
    /// `PERFMON`, `MAC_ADMIN`, `MAC_OVERRIDE` and `AUDIT_CONTROL`. None of them is in the set the
    /// baseline Pod Security Standard allows a container to add. `k8s-pss-capabilities-baseline`
    /// is that control exactly: it reports every capability outside the set (these too, so an
    /// item here is reported by both rules), as Pod Security admission spells them.
    ///
    /// ## Why it matters
    ///
    /// Capabilities split root's powers; these are the ones that break isolation.
    /// `SYS_ADMIN` can mount filesystems and create namespaces and is nearly root on the node;
    /// `SYS_MODULE` loads kernel modules; `SYS_RAWIO` reads and writes raw memory and devices;
    /// `DAC_READ_SEARCH` opens host files by handle (the "shocker" escape); `SYS_PTRACE` attaches
    /// to other processes and reads their secrets; `BPF` and `PERFMON` load programs into and
    /// read from the kernel; `NET_RAW` and `NET_ADMIN` spoof and redirect traffic to other pods;
    /// `SYS_TIME`, `SYS_BOOT`, `AUDIT_CONTROL`, `MAC_ADMIN` and `MAC_OVERRIDE` change the clock,
    /// reboot, blind the audit log or lift AppArmor and SELinux for the whole node; `SYSLOG`
    /// reads kernel addresses from the kernel log. `ALL` grants every one of them.
    ///
    /// ## How to fix
    ///
    /// Drop all capabilities and add back only the harmless ones the process needs, typically
    /// `NET_BIND_SERVICE` to bind a port below 1024. Move work that needs a dangerous capability
    /// out of the workload (a node agent, a CNI plugin) or grant it to one small, reviewed
    /// container.
    ///
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: ["ALL"]
    ///     add: ["NET_BIND_SERVICE"]
    /// ```
    pub struct DangerousCapabilities {
        id: "k8s-dangerous-capabilities",
        title: "Container adds a dangerous capability",
        severity: High,
        remediation: "Remove dangerous capabilities from securityContext.capabilities.add; drop ALL and add back only what the process needs.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            mitre("T1611"),
            cis("5.2.8"),
            cis("5.2.9"),
            pss_baseline("Capabilities"),
        ],
        peers: [
            checkov("CKV_K8S_39"),
            kics("235236ee-ad78-4065-bd29-61b061f28ce0"),
            kics("19ebaa28-fc86-4a58-bcfa-015c9e22fe40"),
            kics("fe771ff7-ba15-4f8f-ad7a-8aa232b49a28"),
            kics("3f55386d-75cd-4e9a-ac47-167b26c04724"),
            kubescape("C-0046"),
            polaris("dangerousCapabilities"),
            trivy("KSV005"),
            trivy("KSV022"),
        ],
        fixable: false,
    }
}

/// Capabilities that break out of the container's isolation, without the `CAP_` prefix.
const DANGEROUS: &[&str] = &[
    "ALL",
    "AUDIT_CONTROL",
    "BPF",
    "DAC_READ_SEARCH",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "NET_ADMIN",
    "NET_RAW",
    "PERFMON",
    "SYSLOG",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_MODULE",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "SYS_TIME",
];

impl Rule for DangerousCapabilities {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            let added = container
                .security_context()
                .and_then(|sc| sc.get_path(&["capabilities", "add"]));
            for item in added.into_iter().flat_map(Node::items) {
                let Some(name) = item.as_str().and_then(dangerous) else {
                    continue;
                };
                cx.report_node(
                    item,
                    format!("{} adds dangerous capability {name}", container.describe()),
                );
            }
        }
    }
}

/// The [`DANGEROUS`] capability that a name, as written in a manifest, stands for.
fn dangerous(name: &str) -> Option<&'static str> {
    let upper = name.trim().to_ascii_uppercase();
    let bare = upper.strip_prefix("CAP_").unwrap_or(&upper);
    DANGEROUS.iter().copied().find(|known| *known == bare)
}
