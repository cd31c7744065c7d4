use super::shared::resource_grants;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// ClusterRoles (`rbac.authorization.k8s.io`, any version) with a rule in the core API group
    /// (`""` or `"*"` in `apiGroups`) that grants `create` (or `"*"`) on `persistentvolumes`. The
    /// finding is on the resource item, and the message lists the verbs.
    ///
    /// Not reported:
    ///
    /// - Roles: PersistentVolumes are cluster-scoped, and a Role grants nothing on them.
    /// - A rule restricted by `resourceNames`: Kubernetes cannot restrict `create` by name, so
    ///   such a rule grants no create at all.
    /// - `persistentvolumeclaims`, which ask for storage from a StorageClass or an existing
    ///   volume and cannot choose where it comes from.
    /// - A rule that reaches PersistentVolumes only through `"*"` in `resources`:
    ///   `k8s-rbac-wildcard` reports that `"*"`. (A named `persistentvolumes` with `"*"` in
    ///   `verbs` is reported by both rules, at the two items, since each must be fixed.)
    /// - The `rules` of an aggregated ClusterRole, which the aggregation controller overwrites.
    ///
    /// ## Why it matters
    ///
    /// A PersistentVolume says where its storage is, and that can be a `hostPath` on the node,
    /// such as `/` or `/var/lib/kubelet`. A pod that mounts it through a claim reads and writes the
    /// node's files, and the Pod Security Standards do not stop it: they check the volumes of a
    /// pod spec, and a claim is not a `hostPath` volume. Creating PersistentVolumes turns a
    /// restricted namespace's permission to create pods and claims into a way onto the node.
    ///
    /// ## How to fix
    ///
    /// Provision volumes through StorageClasses and let users create only
    /// PersistentVolumeClaims. Leave PersistentVolumes to administrators and storage drivers.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["persistentvolumeclaims"]
    ///     verbs: ["get", "list", "create", "delete"]
    /// ```
    pub struct RbacCreatePersistentVolumes {
        id: "k8s-rbac-create-persistent-volumes",
        title: "RBAC rule can create PersistentVolumes",
        severity: Medium,
        remediation: "Remove create on persistentvolumes; let users claim storage through PersistentVolumeClaims and StorageClasses.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            mitre("T1611"),
            cis("5.1.9"),
        ],
        peers: [
            kubescape("C-0278"),
        ],
        fixable: false,
    }
}

const VERBS: [&str; 2] = ["create", "*"];

impl Rule for RbacCreatePersistentVolumes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let wanted = |r: &str| r == "persistentvolumes";
        for grant in resource_grants(object, "", wanted, true, &VERBS) {
            // Kubernetes cannot restrict create by name: a rule with names grants none.
            if grant.rule.is_restricted_by_name() {
                continue;
            }
            grant.report(object, cx, "create PersistentVolumes");
        }
    }
}
