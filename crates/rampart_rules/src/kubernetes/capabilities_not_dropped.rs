use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) whose `securityContext.capabilities.drop` list
    /// does not include `ALL` (in any case, as container runtimes read it). A `drop` list without
    /// `ALL` is reported at that entry; a missing one at the container's `capabilities` mapping,
    /// or its `securityContext`, or the container itself, whichever is the closest that exists.
    ///
    /// A list that drops `NET_RAW` but not `ALL` is reported too: some peers ask only for
    /// `NET_RAW`, and their findings are a subset of this rule's.
    ///
    /// Windows pods (`spec.os.name: windows`) are not reported: Linux capabilities do not apply
    /// to them, the API server rejects the field, and the Pod Security Standards exempt them.
    ///
    /// ## Why it matters
    ///
    /// A container that drops nothing keeps the runtime's default capabilities: `CHOWN`,
    /// `DAC_OVERRIDE`, `FOWNER`, `SETUID`, `SETGID`, `MKNOD`, `KILL`, `SETFCAP`, and under some
    /// runtimes `NET_RAW`. A process running as root inside the container, or one that gains
    /// root through a set-user-ID binary, can use them to read any file in the container,
    /// change owners and modes, forge packets against other pods, and widen the reach of a
    /// kernel bug. Few applications need any of them. The restricted Pod Security Standard
    /// requires every container to drop `ALL`.
    ///
    /// ## How to fix
    ///
    /// Drop `ALL` and add back only what the process needs (the restricted profile allows only
    /// `NET_BIND_SERVICE`).
    ///
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: ["ALL"]
    ///     add: ["NET_BIND_SERVICE"]
    /// ```
    pub struct CapabilitiesNotDropped {
        id: "k8s-capabilities-not-dropped",
        title: "Container does not drop all capabilities",
        severity: Low,
        remediation: "Add ALL to securityContext.capabilities.drop on every container; add back only the capabilities it needs.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            mitre("T1611"),
            cis("5.2.10"),
            pss_restricted("Capabilities"),
        ],
        peers: [
            checkov("CKV_K8S_37"),
            kics("268ca686-7fb7-4ae9-b129-955a2a89064e"),
            kics("dbbc6705-d541-43b0-b166-dd4be8208b54"),
            kics("e5587d53-a673-4a6b-b3f2-ba07ec274def"),
            kics("21cef75f-289f-470e-8038-c7cee0664164"),
            kube_linter("drop-net-raw-capability"),
            trivy("KSV003"),
        ],
        fixable: false,
    }
}

impl Rule for CapabilitiesNotDropped {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if object.is_windows_pod() {
            return;
        }
        for container in object.containers() {
            let security_context = mapping(container.security_context());
            let capabilities = mapping(security_context.and_then(|sc| sc.get("capabilities")));
            let missing = format!("{} does not drop ALL capabilities", container.describe());
            match capabilities.and_then(|caps| caps.entry("drop")) {
                Some(entry) if entry.value.is_null() => {
                    cx.report_entry(entry, missing);
                }
                Some(entry) => {
                    let Some(items) = entry.value.as_sequence() else {
                        // Not a list: the API server rejects it.
                        continue;
                    };
                    let drops_all = items
                        .iter()
                        .filter_map(Node::as_str)
                        .any(|name| name.trim().eq_ignore_ascii_case("ALL"));
                    if drops_all {
                        continue;
                    }
                    let message = if items.is_empty() {
                        missing
                    } else {
                        format!(
                            "{} drops some capabilities but not ALL",
                            container.describe()
                        )
                    };
                    cx.report_entry(entry, message);
                }
                None => {
                    let at = capabilities.or(security_context).unwrap_or(container.node);
                    cx.report_node(at, missing);
                }
            }
        }
    }
}

/// `node` when it is a mapping.
fn mapping(node: Option<&Node>) -> Option<&Node> {
    node.filter(|n| n.as_mapping().is_some())
}
