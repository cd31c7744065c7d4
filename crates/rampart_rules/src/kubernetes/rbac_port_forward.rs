use super::shared::{names_resource, resource_grants};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Roles and ClusterRoles (`rbac.authorization.k8s.io`, any version) with a rule in the core
    /// API group (`""` or `"*"` in `apiGroups`) that grants `create` or `get` (or `"*"`) on
    /// `pods/portforward`, the subresource behind `kubectl port-forward`. `"*/portforward"` counts
    /// as it. Both verbs matter: `kubectl` has long opened the stream with an HTTP POST, which RBAC
    /// checks as `create`, while WebSocket clients (and recent `kubectl`) open it with an HTTP GET,
    /// which RBAC checks as `get`. The finding is on the resource item, and the message lists the
    /// verbs.
    ///
    /// A rule restricted by `resourceNames` is reported too: it still opens a tunnel into the
    /// named pods. Not reported:
    ///
    /// - A rule that reaches pods only through `"*"` in `resources`: `k8s-rbac-wildcard` reports
    ///   that `"*"`. (A named `pods/portforward` with `"*"` in `verbs` is reported by both rules,
    ///   at the two items, since each must be fixed.)
    /// - The `rules` of an aggregated ClusterRole, which the aggregation controller overwrites.
    ///
    /// ## Why it matters
    ///
    /// Port-forwarding opens a tunnel from the client, through the API server and the kubelet,
    /// to any port of a pod, including ports that no Service exposes and that NetworkPolicies
    /// shield: database admin ports, debug endpoints, unauthenticated metrics and admin APIs. It
    /// bypasses the network controls of the cluster, and the traffic itself is not in the API
    /// server's audit log.
    ///
    /// ## How to fix
    ///
    /// Remove port-forwarding from roles that do not need it. Give it only to people who debug,
    /// in the namespaces they own, and expose what applications must reach through Services.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["pods", "pods/log"]
    ///     verbs: ["get", "list", "watch"]
    /// ```
    pub struct RbacPortForward {
        id: "k8s-rbac-port-forward",
        title: "RBAC rule can port-forward to pods",
        severity: Medium,
        remediation: "Remove create and get on pods/portforward from roles that do not need to tunnel into pods.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
        ],
        peers: [
            kics("38fa11ef-dbcc-4da8-9680-7e1fd855b6fb"),
            kubescape("C-0063"),
        ],
        fixable: false,
    }
}

const VERBS: [&str; 3] = ["create", "get", "*"];

impl Rule for RbacPortForward {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let wanted = |r: &str| names_resource(r, "pods/portforward");
        for grant in resource_grants(object, "", wanted, false, &VERBS) {
            grant.report(object, cx, "port-forward to pods");
        }
    }
}
