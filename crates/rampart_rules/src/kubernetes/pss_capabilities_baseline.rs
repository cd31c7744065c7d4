use super::shared::{added_capabilities, PSS_BASELINE_CAPABILITIES};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// The baseline Pod Security Standard's Capabilities control, exactly: containers (regular,
    /// init and ephemeral) whose `securityContext.capabilities.add` list names a capability
    /// outside the set the standard allows, `AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`,
    /// `FSETID`, `KILL`, `MKNOD`, `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`, `SETPCAP`, `SETUID`
    /// and `SYS_CHROOT`. Each offending item is reported. Names are compared exactly, as Pod
    /// Security admission compares them: `chown` or `CAP_CHOWN`, which container runtimes would
    /// read as `CHOWN`, are outside the set, and admission rejects them.
    ///
    /// `k8s-dangerous-capabilities` reports a narrower list, the capabilities that break out of
    /// the container (`SYS_ADMIN`, `NET_RAW`, `ALL`...), with a higher severity and whatever
    /// their spelling. An item on that list is reported by both rules: this one says the pod
    /// fails the baseline profile, that one says how dangerous the capability is. This rule
    /// also reports the capabilities outside the set that are not on that list (`SYS_NICE`,
    /// `IPC_LOCK`, `SYS_RESOURCE`, `WAKE_ALARM`...). The restricted profile's stricter rule, that
    /// only `NET_BIND_SERVICE` may be added, is `k8s-pss-capabilities-restricted`.
    ///
    /// ## Why it matters
    ///
    /// The allowed set is the default set of container runtimes minus `NET_RAW`: adding one of
    /// them back gives a container nothing a default container lacks. Any other capability
    /// gives it a power that ordinary containers do not have, and that the baseline profile
    /// treats as a known privilege escalation: locking memory, raising scheduling priorities,
    /// overriding resource limits, and, for the dangerous ones, reaching past the container's
    /// namespaces to the node.
    ///
    /// ## How to fix
    ///
    /// Add only capabilities from the allowed set, spelled as the standard spells them. Better,
    /// drop `ALL` and add back only what the process needs.
    ///
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: ["ALL"]
    ///     add: ["NET_BIND_SERVICE"]
    /// ```
    pub struct PssCapabilitiesBaseline {
        id: "k8s-pss-capabilities-baseline",
        title: "Container adds a capability outside the baseline set",
        severity: Medium,
        remediation: "Add only capabilities from the baseline Pod Security Standard's set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            mitre("T1611"),
            cis("5.2.9"),
            pss_baseline("Capabilities"),
        ],
        peers: [
            trivy("KSV022"),
        ],
        fixable: false,
    }
}

impl Rule for PssCapabilitiesBaseline {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for added in added_capabilities(object) {
            if PSS_BASELINE_CAPABILITIES.contains(&added.name) {
                continue;
            }
            let container = added.container.describe();
            let name = added.name;
            let message = match as_listed(name) {
                Some(listed) => format!(
                    "{container} adds capability {name}; the baseline Pod Security Standard allows it only spelled {listed}"
                ),
                None => format!(
                    "{container} adds capability {name}, outside the baseline Pod Security Standard's set"
                ),
            };
            cx.report_node(added.node, message);
        }
    }
}

/// The allowed capability that a differently spelled name (`chown`, `CAP_CHOWN`) stands for.
fn as_listed(name: &str) -> Option<&'static str> {
    let upper = name.trim().to_ascii_uppercase();
    let bare = upper.strip_prefix("CAP_").unwrap_or(&upper);
    PSS_BASELINE_CAPABILITIES
        .iter()
        .copied()
        .find(|listed| *listed == bare)
}
