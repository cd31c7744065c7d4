use super::shared::ContainerFlag;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) whose `securityContext.allowPrivilegeEscalation`
    /// is not `false`: set to `true`, or not set at all. Kubernetes has no pod-level setting for
    /// it, and when it is unset the container runtime lets processes gain privileges, so only an
    /// explicit `false` on each container turns it off. An explicit `true` is reported at the
    /// entry; a missing setting at the container's `securityContext`, or at the container when it
    /// has none. Values are read as the API server reads them (`no` is false, a quoted `"false"`
    /// is a string the API server rejects, and is not reported).
    ///
    /// Windows pods (`spec.os.name: windows`) are not reported for a missing setting: the field
    /// is Linux-only, the API server rejects it on them, and the Pod Security Standards exempt
    /// them from this control.
    ///
    /// ## Why it matters
    ///
    /// `allowPrivilegeEscalation` controls the `no_new_privs` flag of the container's processes.
    /// Without it, a process can gain privileges it did not start with, through a set-user-ID or
    /// set-group-ID binary (`sudo`, `su`, `passwd`, or one an attacker writes) or file
    /// capabilities. An attacker who gets a shell as an unprivileged user can then become root
    /// in the container, the first step of most container escapes. The restricted Pod Security
    /// Standard requires it to be `false`.
    ///
    /// ## How to fix
    ///
    /// Set `allowPrivilegeEscalation: false` in every container's `securityContext`. It cannot
    /// be combined with `privileged: true` or with adding `CAP_SYS_ADMIN`: remove those first.
    ///
    /// ```yaml
    /// containers:
    ///   - name: web
    ///     image: example/web:1.0.0
    ///     securityContext:
    ///       allowPrivilegeEscalation: false
    /// ```
    pub struct AllowPrivilegeEscalation {
        id: "k8s-allow-privilege-escalation",
        title: "Container allows privilege escalation",
        severity: Medium,
        remediation: "Set securityContext.allowPrivilegeEscalation to false on every container.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            mitre("T1548.001"),
            mitre("T1611"),
            cis("5.2.6"),
            pss_restricted("Privilege Escalation"),
        ],
        peers: [
            checkov("CKV_K8S_20"),
            kics("5572cc5e-1e4c-4113-92a6-7a8a3bd25e6d"),
            kics("c878abb4-cca5-4724-92b9-289be68bd47c"),
            kubescape("C-0016"),
            kube_linter("privilege-escalation-container"),
            polaris("privilegeEscalationAllowed"),
            trivy("KSV001"),
        ],
        fixable: false,
    }
}

impl Rule for AllowPrivilegeEscalation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        FLAG.check(object, cx);
    }
}

/// Only an explicit `false` turns privilege escalation off: the runtime allows it when unset.
const FLAG: ContainerFlag = ContainerFlag {
    field: "allowPrivilegeEscalation",
    safe: false,
    unsafe_effect: "allows privilege escalation",
};
