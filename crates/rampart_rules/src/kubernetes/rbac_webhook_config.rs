use super::shared::resource_grants;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// ClusterRoles (`rbac.authorization.k8s.io`, any version) with a rule in the
    /// `admissionregistration.k8s.io` API group (or `"*"` in `apiGroups`) that can change the
    /// admission webhooks of the cluster: `create`, `update`, `patch`, `delete` or
    /// `deletecollection` (or `"*"`) on `validatingwebhookconfigurations` or
    /// `mutatingwebhookconfigurations`. The finding is on the resource item, and the message lists
    /// the verbs.
    ///
    /// A rule restricted by `resourceNames` is reported for `update`, `patch` and `delete`: a
    /// subject that can rewrite even one webhook configuration can point it at any server and
    /// widen its rules to every request. (Such a rule grants no `create` or `deletecollection`,
    /// which Kubernetes cannot restrict by name.) Not reported:
    ///
    /// - Roles: webhook configurations are cluster-scoped, and a Role grants nothing on them.
    /// - Read access (`get`, `list`, `watch`).
    /// - A rule that reaches these resources only through `"*"` in `resources`:
    ///   `k8s-rbac-wildcard` reports that `"*"`. (A named resource with `"*"` in `verbs` is
    ///   reported by both rules, at the two items, since each must be fixed.)
    /// - The `rules` of an aggregated ClusterRole, which the aggregation controller overwrites.
    ///
    /// ## Why it matters
    ///
    /// The API server sends every request that a webhook's rules match to the webhook's server,
    /// with the whole object. A mutating webhook can rewrite objects as they are created, such as
    /// adding a privileged container to every pod; any webhook receives the objects of the
    /// requests it matches, Secrets included. Deleting or loosening a validating webhook switches off the policy
    /// engine (Gatekeeper, Kyverno) or the checks it enforces. Control over webhook configurations
    /// is control over what the cluster admits.
    ///
    /// ## How to fix
    ///
    /// Leave webhook configurations to the tools that install them. A controller that only keeps
    /// its webhook's CA bundle current needs `get` and `update` (or `patch`) on its own
    /// configuration, by name; review that grant, which this rule still reports.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["admissionregistration.k8s.io"]
    ///     resources: ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]
    ///     verbs: ["get", "list", "watch"]
    /// ```
    pub struct RbacWebhookConfig {
        id: "k8s-rbac-webhook-config",
        title: "RBAC rule can change admission webhook configurations",
        severity: High,
        remediation: "Remove create, update, patch and delete on validatingwebhookconfigurations and mutatingwebhookconfigurations from roles that do not manage admission webhooks.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            cis("5.1.12"),
        ],
        peers: [
            checkov("CKV_K8S_155"),
            kubescape("C-0281"),
            trivy("KSV114"),
        ],
        fixable: false,
    }
}

const VERBS: [&str; 6] = [
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "*",
];

/// Verbs that `resourceNames` cannot restrict: a rule with names grants none of them.
const UNNAMED_VERBS: [&str; 2] = ["create", "deletecollection"];

impl Rule for RbacWebhookConfig {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let webhooks = |r: &str| {
            matches!(
                r,
                "validatingwebhookconfigurations" | "mutatingwebhookconfigurations"
            )
        };
        for mut grant in resource_grants(
            object,
            "admissionregistration.k8s.io",
            webhooks,
            true,
            &VERBS,
        ) {
            if grant.rule.is_restricted_by_name() {
                grant.verbs.retain(|verb| !UNNAMED_VERBS.contains(verb));
            }
            if grant.verbs.is_empty() {
                continue;
            }
            grant.report(object, cx, "change admission webhooks");
        }
    }
}
