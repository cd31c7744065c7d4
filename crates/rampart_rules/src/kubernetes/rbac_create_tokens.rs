use super::shared::{names_resource, resource_grants};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Roles and ClusterRoles (`rbac.authorization.k8s.io`, any version) with a rule in the core
    /// API group (`""` or `"*"` in `apiGroups`) that grants `create` (or `"*"`) on
    /// `serviceaccounts/token`, the TokenRequest API behind `kubectl create token`.
    /// `"*/token"` counts as it. The finding is on the resource item, and the message lists the
    /// verbs.
    ///
    /// Not reported:
    ///
    /// - A rule restricted by `resourceNames`, which mints tokens only for the named service
    ///   accounts: that is the least-privilege form this rule asks for.
    /// - A rule that reaches service accounts only through `"*"` in `resources`:
    ///   `k8s-rbac-wildcard` reports that `"*"`. (A named `serviceaccounts/token` with `"*"` in
    ///   `verbs` is reported by both rules, at the two items, since each must be fixed.)
    /// - The `rules` of an aggregated ClusterRole, which the aggregation controller overwrites.
    ///
    /// ## Why it matters
    ///
    /// A subject that can request tokens for a service account gets a credential for it, with an
    /// audience and a lifetime of its choosing (up to the API server's maximum), and acts with
    /// all its rights from anywhere. Granted for a namespace, it is every service account of that
    /// namespace, operators and controllers included; granted cluster-wide, it reaches the
    /// service accounts of `kube-system`. The tokens outlive the grant: removing the role does not
    /// revoke the tokens already issued.
    ///
    /// ## How to fix
    ///
    /// Remove `create` on `serviceaccounts/token` from roles that do not issue tokens. Let pods
    /// get their own tokens through projected volumes, which the kubelet requests for them, and
    /// restrict any remaining grant to the named service account it is for.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["serviceaccounts/token"]
    ///     resourceNames: ["registry-pusher"]
    ///     verbs: ["create"]
    /// ```
    pub struct RbacCreateTokens {
        id: "k8s-rbac-create-tokens",
        title: "RBAC rule can create service account tokens",
        severity: High,
        remediation: "Remove create on serviceaccounts/token from roles that do not issue tokens, or restrict it to the named service account with resourceNames.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            mitre("T1528"),
            cis("5.1.13"),
        ],
        peers: [
            kubescape("C-0282"),
        ],
        fixable: false,
    }
}

const VERBS: [&str; 2] = ["create", "*"];

impl Rule for RbacCreateTokens {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let wanted = |r: &str| names_resource(r, "serviceaccounts/token");
        for grant in resource_grants(object, "", wanted, false, &VERBS) {
            if grant.rule.is_restricted_by_name() {
                continue;
            }
            grant.report(object, cx, "create service account tokens");
        }
    }
}
