use super::shared::resource_grants;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Roles and ClusterRoles (`rbac.authorization.k8s.io`, any version) that grant the verb
    /// `impersonate` (or `"*"`) on an identity:
    ///
    /// | API group | resources | what it allows |
    /// | --- | --- | --- |
    /// | core (`""`) | `users`, `groups` | act as any user, or as a member of any group |
    /// | core (`""`) | `serviceaccounts` | act as a service account |
    /// | `authentication.k8s.io` | `uids`, `userextras/<key>` | set the UID or extra fields of the identity acted as |
    ///
    /// `"*"` in `apiGroups` counts as each group. The finding is on the resource item, and the
    /// message lists the verbs. Users, groups, UIDs and extra fields are cluster-wide, so only a
    /// ClusterRole grants impersonating them; a Role can grant impersonating the service accounts
    /// of its namespace.
    ///
    /// Not reported:
    ///
    /// - A rule restricted by `resourceNames`, which lets its subjects act only as the named
    ///   identities, unless it names the group `system:masters`: impersonating that group
    ///   bypasses RBAC altogether.
    /// - A rule that reaches these resources only through `"*"` in `resources`:
    ///   `k8s-rbac-wildcard` reports that `"*"`. (A named resource with `"*"` in `verbs` is
    ///   reported by both rules, at the two items, since each must be fixed.)
    /// - The `rules` of an aggregated ClusterRole, which the aggregation controller overwrites.
    ///
    /// ## Why it matters
    ///
    /// A subject that can impersonate sends requests with `Impersonate-User` and
    /// `Impersonate-Group` headers and gets the permissions of whoever it names. Impersonating any
    /// group includes `system:masters`, whose members bypass RBAC, so an unrestricted
    /// `impersonate` on `groups` is cluster-admin; impersonating users or service accounts gives
    /// the rights of the most privileged one. The API server's audit log records the impersonated
    /// identity, which also makes the requests harder to attribute.
    ///
    /// ## How to fix
    ///
    /// Remove `impersonate` from roles that do not need it. Where a person or tool must act as
    /// another identity, name that identity with `resourceNames`.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["serviceaccounts"]
    ///     resourceNames: ["ci-deployer"]
    ///     verbs: ["impersonate"]
    /// ```
    pub struct RbacImpersonate {
        id: "k8s-rbac-impersonate",
        title: "RBAC rule can impersonate users, groups or service accounts",
        severity: High,
        remediation: "Remove impersonate from roles that do not need it, or restrict it with resourceNames to the identities the subject may act as.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            cis("5.1.8"),
        ],
        peers: [
            checkov("CKV2_K8S_3"),
            kics("9f85c3f6-26fd-4007-938a-2e0cb0100980"),
            kubescape("C-0065"),
            kubescape("C-0191"),
            trivy("KSV043"),
        ],
        fixable: false,
    }
}

const VERBS: [&str; 2] = ["impersonate", "*"];

/// The group whose members bypass RBAC: impersonating it is never bounded.
const MASTERS: &str = "system:masters";

impl Rule for RbacImpersonate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let grants = [
            resource_grants(
                object,
                "",
                |r| matches!(r, "users" | "groups"),
                true,
                &VERBS,
            ),
            resource_grants(object, "", |r| r == "serviceaccounts", false, &VERBS),
            resource_grants(
                object,
                "authentication.k8s.io",
                |r| r == "uids" || r.starts_with("userextras/"),
                true,
                &VERBS,
            ),
        ];
        for grant in grants.iter().flatten() {
            let masters = grant.resource == "groups"
                && grant.rule.resource_names().any(|name| name == MASTERS);
            let bounded = grant.rule.is_restricted_by_name() && !masters;
            if bounded {
                continue;
            }
            grant.report(object, cx, "impersonate other identities");
        }
    }
}
