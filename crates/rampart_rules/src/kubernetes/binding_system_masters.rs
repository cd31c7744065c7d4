use super::shared::{role_ref, subjects};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// RoleBindings and ClusterRoleBindings (`rbac.authorization.k8s.io`, any version) with the
    /// subject `kind: Group`, `name: system:masters`. Each such subject is reported. A `User` or
    /// `ServiceAccount` that happens to be named `system:masters` is another identity and is not
    /// reported.
    ///
    /// The ClusterRoleBinding `cluster-admin` that binds the ClusterRole `cluster-admin` to the
    /// group is built into every cluster and appears in exports of its RBAC objects; it is not
    /// reported.
    ///
    /// ## Why it matters
    ///
    /// The API server allows every request of a member of `system:masters` before it consults
    /// RBAC or any other authorizer: a binding to the group grants nothing its members do not
    /// already have.
    /// A manifest that binds roles to it is a sign that the cluster hands out membership in the
    /// group, which comes from outside RBAC (a client certificate whose organization is
    /// `system:masters`, or a cloud provider's mapping of IAM identities to groups) and cannot be
    /// taken back by editing RBAC: a certificate stays a cluster-admin credential until it
    /// expires. The binding also misleads reviewers into thinking that removing it reduces what
    /// the group can do. The CIS Benchmark asks to avoid the group altogether.
    ///
    /// ## How to fix
    ///
    /// Remove the binding, and grant administrators access through a group of your own bound to
    /// the role they need (`cluster-admin` only where it is truly required), so that it can be
    /// reviewed and revoked. Keep `system:masters` credentials for break-glass use only.
    ///
    /// ```yaml
    /// subjects:
    ///   - kind: Group
    ///     name: platform-admins
    ///     apiGroup: rbac.authorization.k8s.io
    /// ```
    pub struct BindingSystemMasters {
        id: "k8s-binding-system-masters",
        title: "Binding names the group system:masters",
        severity: Low,
        remediation: "Bind roles to a group of your own instead of system:masters, and issue no credentials in that group except for break-glass access.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            cis("5.1.7"),
        ],
        peers: [
            kubescape("C-0246"),
        ],
        fixable: false,
    }
}

const MASTERS: &str = "system:masters";

impl Rule for BindingSystemMasters {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let role = role_ref(object);
        let built_in = object.kind == "ClusterRoleBinding"
            && object.name == Some("cluster-admin")
            && role.kind == Some("ClusterRole")
            && role.name == Some("cluster-admin");
        if built_in {
            return;
        }
        for subject in subjects(object) {
            if subject.kind == Some("Group") && subject.name == Some(MASTERS) {
                subject.report(
                    object,
                    cx,
                    &format!("the group {MASTERS}, whose members bypass RBAC"),
                );
            }
        }
    }
}
