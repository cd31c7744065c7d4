use super::shared::{quoted_verbs, PolicyRule};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Roles and ClusterRoles (`rbac.authorization.k8s.io`, any version) with a rule that lets its
    /// subjects read Secrets: `secrets` in `resources`, the core API group (`""`) or `"*"` in
    /// `apiGroups`, and `get`, `list`, `watch` or `"*"` in `verbs`. The finding is on the
    /// `secrets` item, and the message lists the verbs.
    ///
    /// Not reported:
    ///
    /// - A rule restricted by `resourceNames`: reading a few named Secrets is the least-privilege
    ///   form this rule asks for.
    /// - A rule that reaches Secrets only through `"*"` in `resources`: `k8s-rbac-wildcard`
    ///   reports that `"*"`, and one finding per cause is enough. (A named `secrets` with `"*"` in
    ///   `verbs` is reported by both rules, at the two items, since each must be fixed.)
    /// - The `rules` of an aggregated ClusterRole, which the aggregation controller overwrites.
    ///
    /// ## Why it matters
    ///
    /// Secrets hold database passwords, API keys, TLS private keys and, in many clusters, service
    /// account tokens. `list` and `watch` return every Secret's data, not just names. A subject
    /// that reads all Secrets of a namespace can usually act as every service account in it; one
    /// that reads them cluster-wide (a ClusterRole bound by a ClusterRoleBinding) is close to
    /// cluster-admin.
    ///
    /// ## How to fix
    ///
    /// Remove read access to Secrets, or restrict it to the Secrets the subject uses with
    /// `resourceNames` (and only `get`). Mount the Secrets a workload needs as volumes instead of
    /// reading them through the API.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["secrets"]
    ///     resourceNames: ["app-tls"]
    ///     verbs: ["get"]
    /// ```
    pub struct RbacReadSecrets {
        id: "k8s-rbac-read-secrets",
        title: "RBAC rule can read Secrets",
        severity: High,
        remediation: "Remove get, list and watch on secrets, or restrict get to named Secrets with resourceNames.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            mitre("T1552.007"),
            cis("5.1.2"),
        ],
        peers: [
            kics("b7bca5c4-1dab-4c2c-8cbe-3050b9d59b14"),
            kics("056ac60e-fe07-4acc-9b34-8e1d51716ab9"),
            kics("826abb30-3cd5-4e0b-a93b-67729b4f7e63"),
            kics("07fc3413-e572-42f7-9877-5c8fc6fccfb5"),
            kubescape("C-0186"),
            kubescape("C-0015"),
            kube_linter("access-to-secrets"),
            trivy("KSV041"),
        ],
        fixable: false,
    }
}

const READ_VERBS: [&str; 4] = ["get", "list", "watch", "*"];

impl Rule for RbacReadSecrets {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let role = object.describe();
        for rule in PolicyRule::of(object) {
            if !rule.in_core_group() || rule.is_restricted_by_name() {
                continue;
            }
            let verbs = rule.verbs_among(&READ_VERBS);
            if verbs.is_empty() {
                continue;
            }
            for resource in rule.list("resources") {
                if resource.as_str() == Some("secrets") {
                    cx.report_node(
                        resource,
                        format!("{role} can read Secrets ({})", quoted_verbs(&verbs)),
                    );
                }
            }
        }
    }
}
