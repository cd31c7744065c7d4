use super::shared::{quoted_verbs, PolicyRule};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Roles and ClusterRoles (`rbac.authorization.k8s.io`, any version) with a rule that can
    /// change the CoreDNS configuration: `update`, `patch` or `"*"` in `verbs` on
    /// `configmaps` of the core API group, either for every ConfigMap or with `coredns` in
    /// `resourceNames`. CoreDNS reads its configuration from the ConfigMap `coredns` in
    /// `kube-system`, so only a ClusterRole, or a Role of namespace `kube-system`, can reach
    /// it; a Role of any other namespace (or of none, whose namespace is chosen at deploy
    /// time) is not reported.
    ///
    /// Also not reported: a rule that reaches ConfigMaps only through `"*"` in `resources`
    /// (`k8s-rbac-wildcard` reports that), and the `rules` of an aggregated ClusterRole. A
    /// ClusterRole is reported as written, whoever binds it: bound through a ClusterRoleBinding
    /// (or a RoleBinding in `kube-system`) it reaches CoreDNS.
    ///
    /// ## Why it matters
    ///
    /// The Corefile decides how every pod's DNS queries are answered. A subject that can
    /// rewrite it can answer the name of any Service, or of any outside host, with an address
    /// it controls, and so take over the traffic of other workloads (credentials sent to a
    /// database or an API included): DNS poisoning across the cluster. The Microsoft threat
    /// matrix for Kubernetes lists it as a lateral movement technique.
    ///
    /// ## How to fix
    ///
    /// Restrict ConfigMap write access to the ConfigMaps a subject owns, by name, in its own
    /// namespace; leave the `coredns` ConfigMap to cluster administrators.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["configmaps"]
    ///     resourceNames: ["app-settings"]
    ///     verbs: ["get", "update", "patch"]
    /// ```
    pub struct RbacUpdateCoredns {
        id: "k8s-rbac-update-coredns",
        title: "RBAC rule can rewrite the CoreDNS configuration",
        severity: Medium,
        remediation: "Remove update and patch on configmaps, or restrict them with resourceNames to ConfigMaps other than coredns.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            mitre("T1557"),
        ],
        peers: [
            kubescape("C-0037"),
        ],
        fixable: false,
    }
}

const VERBS: [&str; 3] = ["update", "patch", "*"];

impl Rule for RbacUpdateCoredns {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if object.kind != "ClusterRole" && object.namespace != Some("kube-system") {
            return;
        }
        for rule in PolicyRule::of(object) {
            if !rule.in_core_group() {
                continue;
            }
            if rule.is_restricted_by_name() && !rule.resource_names().any(|n| n == "coredns") {
                continue;
            }
            let verbs = rule.verbs_among(&VERBS);
            if verbs.is_empty() {
                continue;
            }
            for resource in rule.list("resources") {
                if resource.as_str() == Some("configmaps") {
                    cx.report_node(
                        resource,
                        format!(
                            "{} can rewrite the CoreDNS ConfigMap ({} on configmaps)",
                            object.describe(),
                            quoted_verbs(&verbs)
                        ),
                    );
                }
            }
        }
    }
}
