use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Workloads whose pods get a service account token (the pod spec does not set
    /// `automountServiceAccountToken: false`, nor, when it leaves it unset, does the
    /// ServiceAccount in the scan) for a ServiceAccount that a RoleBinding or
    /// ClusterRoleBinding of the scan grants a powerful role: every verb on every resource
    /// (`cluster-admin`, wildcards), reading Secrets, exec into pods, creating pods, or the
    /// `escalate`, `bind` and `impersonate` verbs. The role is the Role or ClusterRole of the
    /// scan that the binding names, or a default ClusterRole known by name (`cluster-admin`,
    /// `admin`, `edit`). Subjects that are groups of service accounts
    /// (`system:serviceaccounts`, `system:serviceaccounts:<namespace>`) count.
    ///
    /// Reported at the pod spec's `serviceAccountName` (or at the pod spec, for the `default`
    /// account), with each binding's subject and each role as related locations. When the
    /// workload's own file holds such bindings, only those are named (copies of one install in
    /// other files bind their own copies of the account). The roles and
    /// bindings themselves are reported by the RBAC rules (`k8s-rbac-wildcard`,
    /// `k8s-binding-cluster-admin`...); this rule names the workloads that carry them.
    ///
    /// ## Why it matters
    ///
    /// The token is mounted in every container of the pod. Anyone who gets code execution in
    /// one of them (a remote code execution bug, a malicious dependency) reads it from
    /// `/var/run/secrets/kubernetes.io/serviceaccount/token` and has the role's rights: with
    /// `cluster-admin`, or with the right to create pods or read Secrets, that is the whole
    /// cluster.
    ///
    /// ## How to fix
    ///
    /// Give the workload a dedicated ServiceAccount bound to a Role with only the verbs and
    /// resources it calls, in its own namespace; or, if it never calls the Kubernetes API, stop
    /// mounting the token.
    ///
    /// ```yaml
    /// spec:
    ///   template:
    ///     spec:
    ///       serviceAccountName: storefront
    ///       automountServiceAccountToken: false
    /// ```
    pub struct WorkloadPowerfulServiceAccount {
        id: "k8s-workload-powerful-service-account",
        title: "Workload runs with a powerful service account token",
        severity: High,
        remediation: "Bind the workload's ServiceAccount to a minimal Role, or set automountServiceAccountToken: false if it does not call the API.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            nsa("Kubernetes Pod security: protecting Pod service account tokens"),
            mitre("T1528"),
        ],
        peers: [
            kubescape("C-0267"),
            kubescape("C-0272"),
        ],
        fixable: false,
    }
}

impl Rule for WorkloadPowerfulServiceAccount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        let inventory = cluster.inventory;
        for (w, workload) in inventory.workloads.iter().enumerate() {
            // The bindings of the workload's own file when it has any: copies of one install
            // (a folder of `install.yaml`, `ha/install.yaml`...) each bind their own copy.
            let all = &cluster.grants[w];
            let same_file: Vec<_> = (all.iter())
                .filter(|g| g.binding.meta.path == workload.meta.path)
                .collect();
            let grants = if same_file.is_empty() {
                all.iter().collect()
            } else {
                same_file
            };
            if grants.is_empty() {
                continue;
            }
            let mut roles: Vec<String> = Vec::new();
            for grant in &grants {
                let role = format!("{} grants {}", grant.role, grant.powers.join(", "));
                if !roles.contains(&role) {
                    roles.push(role);
                }
            }
            let at = workload
                .service_account_entry
                .as_ref()
                .unwrap_or(&workload.pod_spec);
            let finding = cx.report(
                &workload.meta,
                at,
                format!(
                    "{} runs with the token of {}, which {}",
                    workload.meta.describe(),
                    workload.account(),
                    roles.join("; and ")
                ),
            );
            for grant in grants {
                relate(
                    finding,
                    &grant.subject.location,
                    format!(
                        "{} binds {} {} to {}",
                        grant.binding.meta.describe(),
                        grant.subject.kind,
                        grant.subject.name,
                        grant.role
                    ),
                );
                let role = inventory
                    .bindings
                    .iter()
                    .position(|b| std::ptr::eq(b, grant.binding))
                    .and_then(|b| cluster.bound[b].as_ref())
                    .and_then(|bound| bound.index)
                    .map(|r| &inventory.roles[r]);
                let (location, what) = match role {
                    Some(role) => (&role.meta.anchor, role.meta.describe()),
                    None => (&grant.binding.role_location, grant.role.clone()),
                };
                relate(
                    finding,
                    location,
                    format!("{what} grants {}", grant.powers.join(", ")),
                );
            }
        }
    }
}
