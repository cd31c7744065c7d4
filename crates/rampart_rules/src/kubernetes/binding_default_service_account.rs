use super::shared::subjects;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// RoleBindings and ClusterRoleBindings (`rbac.authorization.k8s.io`, any version) with the
    /// subject `kind: ServiceAccount`, `name: default`: the service account that Kubernetes
    /// creates in every namespace. Each such subject is reported. The message names the
    /// namespace: the subject's `namespace`, or for a RoleBinding that leaves it out, the
    /// binding's own, as the authorizer reads it. (A ClusterRoleBinding subject without a
    /// namespace names no service account: the API server rejects it.)
    ///
    /// ## Why it matters
    ///
    /// Every pod that does not name a service account runs as its namespace's `default` one, and
    /// by default gets its token mounted. A role bound to it is given to every such pod, present
    /// and future, however little it needs the API: one compromised container in the namespace is
    /// enough to use the role. The CIS Benchmark asks that default service accounts have no
    /// rights of their own, so that granting access is always a deliberate choice for one
    /// workload.
    ///
    /// ## How to fix
    ///
    /// Create a service account for the workload that needs the role, bind the role to it, and
    /// set `serviceAccountName` in that workload's pod spec.
    ///
    /// ```yaml
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: report-generator
    ///     namespace: billing
    /// ```
    pub struct BindingDefaultServiceAccount {
        id: "k8s-binding-default-service-account",
        title: "Binding grants a role to a default service account",
        severity: Medium,
        remediation: "Bind the role to a dedicated service account and set serviceAccountName in the pods that need it.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            mitre("T1078.001"),
            cis("5.1.5"),
        ],
        peers: [
            checkov("CKV_K8S_42"),
            kics("1e749bc9-fde8-471c-af0c-8254efd2dee5"),
            kics("3360c01e-c8c0-4812-96a2-a6329b9b7f9f"),
        ],
        fixable: false,
    }
}

impl Rule for BindingDefaultServiceAccount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for subject in subjects(object) {
            if subject.kind != Some("ServiceAccount") || subject.name != Some("default") {
                continue;
            }
            let namespace = match subject.namespace {
                Some(namespace) => format!("namespace \"{namespace}\""),
                None if object.kind == "RoleBinding" => match object.namespace {
                    Some(namespace) => format!("namespace \"{namespace}\""),
                    None => "its namespace".to_owned(),
                },
                // A ClusterRoleBinding subject needs a namespace.
                None => continue,
            };
            subject.report(
                object,
                cx,
                &format!("the default service account of {namespace}"),
            );
        }
    }
}
