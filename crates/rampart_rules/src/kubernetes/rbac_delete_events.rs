use super::shared::{names_resource, resource_grants};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Roles and ClusterRoles (`rbac.authorization.k8s.io`, any version) with a rule that can
    /// delete Kubernetes events: `delete`, `deletecollection` or `"*"` in `verbs` on `events`,
    /// in the core API group (`""`) or `events.k8s.io` (or `"*"` in `apiGroups`). The finding
    /// is on the `events` item.
    ///
    /// Not reported: a rule that reaches events only through `"*"` in `resources`
    /// (`k8s-rbac-wildcard` reports that), and the `rules` of an aggregated ClusterRole.
    ///
    /// ## Why it matters
    ///
    /// Events record what happens in the cluster: pods scheduled and killed, images pulled,
    /// probes failing, volumes attached. They are often the first place an investigation
    /// looks. A subject that can delete them can erase the trace of what it did (`kubectl
    /// delete events --all`), which is why the Microsoft threat matrix for Kubernetes lists it
    /// as a defense-evasion technique. Few applications need to delete events: they expire on
    /// their own.
    ///
    /// ## How to fix
    ///
    /// Keep `create` and `patch` on events for controllers that record them; remove delete
    /// rights.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["", "events.k8s.io"]
    ///     resources: ["events"]
    ///     verbs: ["create", "patch"]
    /// ```
    pub struct RbacDeleteEvents {
        id: "k8s-rbac-delete-events",
        title: "RBAC rule can delete events",
        severity: Low,
        remediation: "Remove delete and deletecollection on events from roles; events expire on their own.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            mitre("T1070"),
        ],
        peers: [
            kubescape("C-0031"),
        ],
        fixable: false,
    }
}

const VERBS: [&str; 3] = ["delete", "deletecollection", "*"];

impl Rule for RbacDeleteEvents {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let wanted = |r: &str| names_resource(r, "events");
        let mut grants = resource_grants(object, "", wanted, false, &VERBS);
        for grant in resource_grants(object, "events.k8s.io", wanted, false, &VERBS) {
            if !grants.iter().any(|g| std::ptr::eq(g.item, grant.item)) {
                grants.push(grant);
            }
        }
        grants.sort_by_key(|g| g.item.range.start);
        for grant in grants {
            grant.report(object, cx, "delete events");
        }
    }
}
