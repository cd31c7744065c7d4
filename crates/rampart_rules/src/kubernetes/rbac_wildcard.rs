use super::shared::PolicyRule;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Roles and ClusterRoles (`rbac.authorization.k8s.io`, any version) with `"*"` in a rule's
    /// `verbs` or `resources`. Each `"*"` item is reported, and the message says which list it is
    /// in.
    ///
    /// Only the bare `"*"` is a wildcard: RBAC has no partial patterns, so `"c*e"` or `"p*ds"`
    /// match nothing but a resource or verb of that literal name. Not reported, on purpose:
    ///
    /// - `"*"` in `apiGroups` alone: with named resources and verbs the grant stays bounded by
    ///   those names (it also covers a same-named resource in another group, such as a CRD).
    /// - Subresource patterns such as `"*/scale"`, which grant one subresource (the usual way to
    ///   let an autoscaler scale any workload). `"*/exec"` and `"*/attach"` are reported by
    ///   `k8s-rbac-pod-exec-or-create`.
    /// - The `rules` of an aggregated ClusterRole (one with an `aggregationRule`): the aggregation
    ///   controller overwrites them with the rules of the ClusterRoles it selects, which are
    ///   checked on their own.
    ///
    /// A `"*"` that reaches secrets or pods is reported here only, not also by
    /// `k8s-rbac-read-secrets` or `k8s-rbac-pod-exec-or-create`, which report the resources a
    /// rule names.
    ///
    /// ## Why it matters
    ///
    /// `"*"` in `verbs` grants every action, including `delete`, `deletecollection`, `escalate`,
    /// `bind` and `impersonate`; `"*"` in `resources` grants every resource of the rule's API
    /// groups, including Secrets, `pods/exec` and RBAC objects. Either one is usually far more
    /// than the subject needs, and it silently grows to cover resources and verbs that are added
    /// later by new Kubernetes versions and CRDs. A role with both is cluster-admin by another
    /// name.
    ///
    /// ## How to fix
    ///
    /// List the resources and verbs the subject really uses (`kubectl auth can-i --list`, or the
    /// audit log, shows what it calls).
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["apps"]
    ///     resources: ["deployments"]
    ///     verbs: ["get", "list", "watch", "patch"]
    /// ```
    pub struct RbacWildcard {
        id: "k8s-rbac-wildcard",
        title: "RBAC rule grants every verb or every resource",
        severity: High,
        remediation: "Replace \"*\" in verbs and resources with the specific verbs and resources the subject needs.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            cis("5.1.3"),
        ],
        peers: [
            checkov("CKV_K8S_49"),
            kics("6b896afb-ca07-467a-b256-1a0077a1c08e"),
            kubescape("C-0187"),
            kube_linter("wildcard-in-rules"),
            trivy("KSV044"),
            trivy("KSV045"),
            trivy("KSV046"),
        ],
        fixable: false,
    }
}

impl Rule for RbacWildcard {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let role = object.describe();
        for rule in PolicyRule::of(object) {
            for (field, grant) in [
                ("verbs", "every verb"),
                ("resources", "every resource of its API groups"),
            ] {
                for item in rule.list(field) {
                    if item.as_str() == Some("*") {
                        cx.report_node(item, format!("{role} grants {grant} (\"*\" in {field})"));
                    }
                }
            }
        }
    }
}
