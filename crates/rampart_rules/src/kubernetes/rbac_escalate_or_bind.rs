use super::shared::{names_resource, resource_grants};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Roles and ClusterRoles (`rbac.authorization.k8s.io`, any version) with a rule in the RBAC
    /// API group (`rbac.authorization.k8s.io` or `"*"` in `apiGroups`) that grants `escalate` or
    /// `bind` (or `"*"`) on `roles` or `clusterroles`. The finding is on the resource item, and the
    /// message lists the verbs.
    ///
    /// These are the two verbs that lift RBAC's own guard against privilege escalation: `escalate`
    /// lets a subject create or update a role with permissions it does not hold, and `bind` lets
    /// it create a binding to a role whose permissions it does not hold. Neither has any effect on
    /// other resources (`bind` on `rolebindings` grants nothing), so those are not reported.
    ///
    /// Not reported:
    ///
    /// - `bind` in a rule restricted by `resourceNames`, unless it names the ClusterRole
    ///   `cluster-admin`: binding a few named roles is how Kubernetes documents delegating
    ///   role assignment, and the named roles bound what can be granted. `escalate` is reported
    ///   even when restricted: whoever can write a role can put any permission in it.
    /// - A rule that reaches roles only through `"*"` in `resources`: `k8s-rbac-wildcard` reports
    ///   that `"*"`. (A named `roles` with `"*"` in `verbs` is reported by both rules, at the two
    ///   items, since each must be fixed.)
    /// - The `rules` of an aggregated ClusterRole, which the aggregation controller overwrites.
    ///
    /// ## Why it matters
    ///
    /// Kubernetes normally lets a subject grant only the permissions it already has. With
    /// `escalate`, a subject bound to a role can rewrite that role to allow everything; with
    /// `bind` (and permission to create bindings), it can bind itself to `cluster-admin`. Either
    /// one turns a modest role into a path to cluster-admin, which is why the CIS Benchmark asks
    /// to keep these verbs to the few identities that manage RBAC.
    ///
    /// ## How to fix
    ///
    /// Remove `escalate` and `bind` from roles that do not manage RBAC. When a subject must
    /// delegate access, let it bind only the roles it may hand out, by name.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["rbac.authorization.k8s.io"]
    ///     resources: ["rolebindings"]
    ///     verbs: ["create", "delete"]
    ///   - apiGroups: ["rbac.authorization.k8s.io"]
    ///     resources: ["clusterroles"]
    ///     resourceNames: ["view", "edit"]
    ///     verbs: ["bind"]
    /// ```
    pub struct RbacEscalateOrBind {
        id: "k8s-rbac-escalate-or-bind",
        title: "RBAC rule can escalate or bind roles",
        severity: High,
        remediation: "Remove escalate and bind on roles and clusterroles, or restrict bind to the named roles the subject may hand out.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            mitre("T1098.006"),
            cis("5.1.8"),
        ],
        peers: [
            checkov("CKV_K8S_157"),
            checkov("CKV_K8S_158"),
            kics("8320826e-7a9c-4b0b-9535-578333193432"),
            kubescape("C-0191"),
            trivy("KSV050"),
        ],
        fixable: false,
    }
}

const VERBS: [&str; 3] = ["escalate", "bind", "*"];

impl Rule for RbacEscalateOrBind {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let roles = |r: &str| names_resource(r, "roles") || names_resource(r, "clusterroles");
        for mut grant in resource_grants(object, "rbac.authorization.k8s.io", roles, false, &VERBS)
        {
            // Binding named roles is bounded by them, unless one is the superuser's.
            let superuser = grant.resource == "clusterroles"
                && grant
                    .rule
                    .resource_names()
                    .any(|name| name == "cluster-admin");
            let bounded = grant.rule.is_restricted_by_name() && !superuser;
            if bounded {
                grant.verbs.retain(|verb| *verb != "bind");
            }
            if grant.verbs.is_empty() {
                continue;
            }
            grant.report(object, cx, "grant permissions it does not hold");
        }
    }
}
