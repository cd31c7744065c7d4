use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// RoleBindings and ClusterRoleBindings (`rbac.authorization.k8s.io`, any version) with a
    /// subject that stands for everyone:
    ///
    /// - the group `system:unauthenticated` and the user `system:anonymous`: every request that
    ///   carries no credentials, when the API server allows anonymous requests (its default);
    /// - the group `system:authenticated`: every user and every service account of the cluster,
    ///   and on some managed platforms any account of the identity provider.
    ///
    /// Each such subject is reported. A subject counts only with the kind Kubernetes gives that
    /// name (`Group` for the two groups, `User` for `system:anonymous`); any other pairing names
    /// nobody. Bindings to the ClusterRoles that Kubernetes itself binds to these groups
    /// (`system:public-info-viewer`, `system:discovery`, `system:basic-user`, which expose only
    /// version, health, API discovery and self-review) are not reported.
    ///
    /// ## Why it matters
    ///
    /// Whatever the bound role allows, anyone who can reach the API server gets it, without (or
    /// with any) credentials. Binding a role to `system:anonymous` is a known way into clusters:
    /// attackers scan for API servers that answer anonymous requests and use the granted rights to
    /// read Secrets or start pods. `system:authenticated` is nearly as broad: every pod's service
    /// account token is an authenticated identity.
    ///
    /// ## How to fix
    ///
    /// Bind the role to the specific users, groups or service accounts that need it.
    ///
    /// ```yaml
    /// subjects:
    ///   - kind: Group
    ///     name: platform-team
    ///     apiGroup: rbac.authorization.k8s.io
    /// ```
    pub struct BindingToPublicGroup {
        id: "k8s-binding-to-public-group",
        title: "Binding grants a role to anonymous or all authenticated users",
        severity: Critical,
        remediation: "Bind the role to the specific users, groups or service accounts that need it, not to system:anonymous, system:unauthenticated or system:authenticated.",
        frameworks: [
            nsa("Authentication and authorization: authentication"),
            nsa("Authentication and authorization: role-based access control"),
            mitre("T1098.006"),
        ],
        peers: [
            kubescape("C-0262"),
            trivy("KSV122"),
        ],
        fixable: false,
    }
}

/// ClusterRoles that Kubernetes binds to the public groups by default, and that grant nothing
/// beyond discovery, version, health and self-review.
const DEFAULT_PUBLIC_ROLES: [&str; 3] = [
    "system:public-info-viewer",
    "system:discovery",
    "system:basic-user",
];

impl Rule for BindingToPublicGroup {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if !object.is_rbac_binding() {
            return;
        }
        let role_ref = object.node.get("roleRef");
        let text = |key| role_ref.and_then(|r| r.get(key)).and_then(Node::as_str);
        let role_kind = text("kind").unwrap_or("role");
        let role_name = text("name").unwrap_or("<unnamed>");
        if role_kind == "ClusterRole" && DEFAULT_PUBLIC_ROLES.contains(&role_name) {
            return;
        }
        let binding = object.describe();
        for subject in object
            .node
            .get("subjects")
            .into_iter()
            .flat_map(Node::items)
        {
            let kind = subject.get("kind").and_then(Node::as_str);
            let name = subject.get("name").and_then(Node::as_str);
            let who = match (kind, name) {
                (Some("Group"), Some("system:unauthenticated")) => {
                    "the group system:unauthenticated (every request without credentials)"
                }
                (Some("User"), Some("system:anonymous")) => {
                    "the user system:anonymous (every request without credentials)"
                }
                (Some("Group"), Some("system:authenticated")) => {
                    "the group system:authenticated (every user and service account)"
                }
                _ => continue,
            };
            cx.report_node(
                subject,
                format!("{binding} grants {role_kind} \"{role_name}\" to {who}"),
            );
        }
    }
}
