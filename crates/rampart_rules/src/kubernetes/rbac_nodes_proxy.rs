use super::shared::{names_resource, resource_grants};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// ClusterRoles (`rbac.authorization.k8s.io`, any version) with a rule in the core API group
    /// (`""` or `"*"` in `apiGroups`) that grants access to `nodes/proxy`, the subresource that
    /// relays requests to a node's kubelet API: `get`, `create`, `update`, `patch`, `delete` or
    /// `"*"`, the verbs that RBAC checks for the HTTP methods it relays. `"*/proxy"` counts as
    /// `nodes/proxy`. The finding is on the resource item, and the message lists the verbs.
    ///
    /// Not reported:
    ///
    /// - Roles: nodes are cluster-scoped, and a Role grants nothing on them.
    /// - A rule that reaches nodes only through `"*"` in `resources`: `k8s-rbac-wildcard` reports
    ///   that `"*"`. (A named `nodes/proxy` with `"*"` in `verbs` is reported by both rules, at
    ///   the two items, since each must be fixed.)
    /// - The `rules` of an aggregated ClusterRole, which the aggregation controller overwrites.
    ///
    /// A rule restricted by `resourceNames` is reported: it still reaches the kubelet of the
    /// named nodes.
    ///
    /// ## Why it matters
    ///
    /// The kubelet API runs commands in any container of its node (`/exec`, `/run`) and attaches
    /// to them. The kubelet authorizes such a request by asking the API server about
    /// `nodes/proxy`, whether the client calls it directly or through the API server's proxy.
    /// Either way the command is not a `pods/exec` request: admission policies that guard exec
    /// never see it, and a direct call never reaches the API server's audit log. Even `get` is
    /// enough, since a WebSocket upgrade to `/exec` is an HTTP GET. Access to `nodes/proxy` on
    /// every node is access to every pod of the cluster, control plane pods included.
    ///
    /// ## How to fix
    ///
    /// Remove `nodes/proxy` from roles. Monitoring agents that scrape kubelet metrics need only the
    /// `nodes/metrics` and `nodes/stats` subresources.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["nodes/metrics", "nodes/stats"]
    ///     verbs: ["get"]
    /// ```
    pub struct RbacNodesProxy {
        id: "k8s-rbac-nodes-proxy",
        title: "RBAC rule can reach the kubelet API through nodes/proxy",
        severity: High,
        remediation: "Remove access to nodes/proxy; grant get on nodes/metrics or nodes/stats to monitoring agents instead.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            mitre("T1609"),
            cis("5.1.10"),
        ],
        peers: [
            checkov("CKV2_K8S_2"),
            kubescape("C-0279"),
            trivy("KSV047"),
        ],
        fixable: false,
    }
}

/// The verbs RBAC checks for the HTTP methods a proxy relays: GET, POST, PUT, PATCH, DELETE.
const VERBS: [&str; 6] = ["get", "create", "update", "patch", "delete", "*"];

impl Rule for RbacNodesProxy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let wanted = |r: &str| names_resource(r, "nodes/proxy");
        for grant in resource_grants(object, "", wanted, true, &VERBS) {
            grant.report(object, cx, "reach the kubelet API of nodes");
        }
    }
}
