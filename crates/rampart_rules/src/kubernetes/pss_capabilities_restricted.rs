use super::shared::{added_capabilities, PSS_BASELINE_CAPABILITIES};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// The part of the restricted Pod Security Standard's Capabilities control that the
    /// baseline one does not hold: containers (regular, init and ephemeral) that add a
    /// capability the baseline profile allows but the restricted one does not, that is any of
    /// `AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `MKNOD`, `SETFCAP`,
    /// `SETGID`, `SETPCAP`, `SETUID` and `SYS_CHROOT`. The restricted profile lets a container
    /// add only `NET_BIND_SERVICE`. Each offending item of `securityContext.capabilities.add`
    /// is reported.
    ///
    /// The restricted profile holds every baseline control, so the rest of its Capabilities
    /// control is reported by other rules: a capability outside the baseline set (`SYS_ADMIN`,
    /// `NET_RAW`, a misspelled name...) by `k8s-pss-capabilities-baseline`, and a container that
    /// does not drop `ALL` by `k8s-capabilities-not-dropped`. Together the three rules are the
    /// restricted control.
    ///
    /// Windows pods (`spec.os.name: windows`) are not reported: Linux capabilities do not apply
    /// to them, and the restricted profile exempts them.
    ///
    /// ## Why it matters
    ///
    /// These capabilities are in the runtime's default set, so adding them back undoes part of
    /// dropping `ALL`. A process that runs as root, or becomes root, in the container can use
    /// them to read and write any file regardless of its owner and mode (`DAC_OVERRIDE`,
    /// `FOWNER`, `CHOWN`), switch to any user or group (`SETUID`, `SETGID`), create device
    /// nodes (`MKNOD`) or signal any process of the container (`KILL`), which widens what a
    /// compromise of one process gives the attacker.
    ///
    /// ## How to fix
    ///
    /// Drop `ALL` and add back at most `NET_BIND_SERVICE`. A process that needs to change file
    /// ownership or identity at startup can usually be given the right user, group and
    /// `fsGroup` in the pod spec instead.
    ///
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    ///   capabilities:
    ///     drop: ["ALL"]
    ///     add: ["NET_BIND_SERVICE"]
    /// ```
    pub struct PssCapabilitiesRestricted {
        id: "k8s-pss-capabilities-restricted",
        title: "Container adds a capability other than NET_BIND_SERVICE",
        severity: Low,
        remediation: "Add no capability but NET_BIND_SERVICE; drop ALL.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            cis("5.2.9"),
            pss_restricted("Capabilities"),
        ],
        peers: [
            trivy("KSV106"),
        ],
        fixable: false,
    }
}

impl Rule for PssCapabilitiesRestricted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if object.is_windows_pod() {
            return;
        }
        for added in added_capabilities(object) {
            if added.name == "NET_BIND_SERVICE" || !PSS_BASELINE_CAPABILITIES.contains(&added.name)
            {
                continue;
            }
            cx.report_node(
                added.node,
                format!(
                    "{} adds capability {}; the restricted Pod Security Standard allows only NET_BIND_SERVICE",
                    added.container.describe(),
                    added.name
                ),
            );
        }
    }
}
