use super::shared::{quoted_verbs, PolicyRule};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Roles and ClusterRoles (`rbac.authorization.k8s.io`, any version) with a rule that can
    /// delete the objects an application's data and configuration live in: `delete`,
    /// `deletecollection` or `"*"` in `verbs` on any of
    ///
    /// - core API group (`""`): `persistentvolumeclaims`, `persistentvolumes`, `secrets`,
    ///   `configmaps`, `services`, `namespaces`;
    /// - `apps`: `deployments`, `statefulsets`, `daemonsets`, `replicasets`;
    /// - `batch`: `jobs`, `cronjobs`.
    ///
    /// One finding per rule item, at its first such resource; the message lists them all.
    ///
    /// Not reported: a rule restricted by `resourceNames` (deleting a few named objects is the
    /// least-privilege form), a rule that reaches these resources only through `"*"` in
    /// `resources` (`k8s-rbac-wildcard` reports that), the `rules` of an aggregated
    /// ClusterRole, and `pods`: a controller recreates a deleted pod, so deleting one destroys
    /// nothing lasting (Kubescape's control lists it).
    ///
    /// ## Why it matters
    ///
    /// Deleting a PersistentVolumeClaim releases its volume, and with the usual `Delete`
    /// reclaim policy the storage and its data are destroyed; deleting a namespace deletes
    /// everything in it; deleting Secrets, ConfigMaps and workloads takes applications down
    /// until someone restores them from outside the cluster. An attacker who holds such a role
    /// (through a stolen service account token, for example) can do lasting damage in one
    /// request, and a `deletecollection` removes every object of the kind at once.
    ///
    /// ## How to fix
    ///
    /// Give delete rights only to the people and controllers that must have them, on the
    /// resources they manage, and keep them out of the roles of workloads and daily users.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["apps"]
    ///     resources: ["deployments"]
    ///     verbs: ["get", "list", "watch", "update", "patch"]
    /// ```
    pub struct RbacDeleteResources {
        id: "k8s-rbac-delete-resources",
        title: "RBAC rule can delete workloads, storage or configuration",
        severity: Low,
        remediation: "Remove delete and deletecollection from roles that do not need to remove these objects, or restrict them with resourceNames.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            mitre("T1485"),
        ],
        peers: [
            kubescape("C-0007"),
        ],
        fixable: false,
    }
}

const VERBS: [&str; 3] = ["delete", "deletecollection", "*"];

/// The resources whose deletion destroys data or configuration, by API group.
const RESOURCES: [(&str, &[&str]); 3] = [
    (
        "",
        &[
            "persistentvolumeclaims",
            "persistentvolumes",
            "secrets",
            "configmaps",
            "services",
            "namespaces",
        ],
    ),
    (
        "apps",
        &["deployments", "statefulsets", "daemonsets", "replicasets"],
    ),
    ("batch", &["jobs", "cronjobs"]),
];

impl Rule for RbacDeleteResources {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for rule in PolicyRule::of(object) {
            if rule.is_restricted_by_name() {
                continue;
            }
            let verbs = rule.verbs_among(&VERBS);
            if verbs.is_empty() {
                continue;
            }
            let items: Vec<(&Node, &str)> = rule
                .list("resources")
                .filter_map(|item| Some((item, item.as_str()?)))
                .filter(|(_, resource)| {
                    RESOURCES
                        .iter()
                        .any(|(group, names)| names.contains(resource) && rule.in_group(group))
                })
                .collect();
            let Some(&(first, _)) = items.first() else {
                continue;
            };
            let names: Vec<&str> = items.iter().map(|(_, name)| *name).collect();
            cx.report_node(
                first,
                format!(
                    "{} can delete {} ({})",
                    object.describe(),
                    names.join(", "),
                    quoted_verbs(&verbs)
                ),
            );
        }
    }
}
