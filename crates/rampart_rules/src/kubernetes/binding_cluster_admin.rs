use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// RoleBindings and ClusterRoleBindings (`rbac.authorization.k8s.io`, any version) whose
    /// `roleRef` is the ClusterRole `cluster-admin`. The finding is on the `roleRef` `name`.
    ///
    /// A Role that happens to be named `cluster-admin` (`roleRef.kind: Role`) is not the built-in
    /// superuser role and is not reported. Nor are bindings that grant it to nobody (no
    /// `subjects`), or only to the group `system:masters`, whose members bypass RBAC anyway (that
    /// is the built-in `cluster-admin` binding every cluster has).
    ///
    /// ## Why it matters
    ///
    /// `cluster-admin` allows every verb on every resource. Bound by a ClusterRoleBinding it is
    /// full control of the cluster: read every Secret, run privileged pods on any node, rewrite
    /// RBAC. Bound by a RoleBinding it is the same within one namespace, including its Secrets
    /// and service account tokens. Whoever holds the subject's credentials (a CI job, a
    /// controller's service account, a compromised pod) owns that scope, and the grant is rarely
    /// needed: most tools document a narrower role.
    ///
    /// ## How to fix
    ///
    /// Bind a role that grants only what the subject does, such as the built-in `view` or `edit`,
    /// or a dedicated Role, and keep `cluster-admin` for break-glass access.
    ///
    /// ```yaml
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: view
    /// ```
    pub struct BindingClusterAdmin {
        id: "k8s-binding-cluster-admin",
        title: "Binding grants the cluster-admin role",
        severity: High,
        remediation: "Bind a role that grants only what the subject needs instead of cluster-admin.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            mitre("T1098.006"),
            cis("5.1.1"),
        ],
        peers: [
            kics("249328b8-5f0f-409f-b1dd-029f07882e11"),
            kics("17172bc2-56fb-4f17-916f-a014147706cd"),
            kubescape("C-0185"),
            kubescape("C-0035"),
            kube_linter("cluster-admin-role-binding"),
            polaris("clusterrolebindingClusterAdmin"),
            polaris("rolebindingClusterAdminClusterRole"),
            trivy("KSV111"),
        ],
        fixable: false,
    }
}

impl Rule for BindingClusterAdmin {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if !object.is_rbac_binding() {
            return;
        }
        let Some(role_ref) = object.node.get("roleRef") else {
            return;
        };
        let text = |key| role_ref.get(key).and_then(Node::as_str);
        if text("kind") != Some("ClusterRole") {
            return;
        }
        // An empty apiGroup defaults to the RBAC group; any other is rejected by the API server.
        if !matches!(
            text("apiGroup"),
            None | Some("" | "rbac.authorization.k8s.io")
        ) {
            return;
        }
        let Some(name) = role_ref.entry("name") else {
            return;
        };
        if name.value.as_str() != Some("cluster-admin") {
            return;
        }
        let subjects: Vec<&Node> = object
            .node
            .get("subjects")
            .into_iter()
            .flat_map(Node::items)
            .collect();
        // No subject, or only system:masters (which bypasses RBAC): the binding adds no power.
        let masters_only = subjects.iter().all(|subject| {
            subject.get("kind").and_then(Node::as_str) == Some("Group")
                && subject.get("name").and_then(Node::as_str) == Some("system:masters")
        });
        if masters_only {
            return;
        }
        let binding = object.describe();
        let scope = if object.kind == "ClusterRoleBinding" {
            "across the whole cluster".to_owned()
        } else if let Some(namespace) = object.namespace.filter(|ns| !ns.is_empty()) {
            format!("in namespace \"{namespace}\"")
        } else {
            "in its namespace".to_owned()
        };
        cx.report_entry(name, format!("{binding} grants cluster-admin {scope}"));
    }
}
