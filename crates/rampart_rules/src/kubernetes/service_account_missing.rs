use crate::cluster::describe_namespace;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Workloads whose `serviceAccountName` (or deprecated `serviceAccount`) names a service
    /// account that is not in the scan: no ServiceAccount of that name in the workload's
    /// namespace, judged across every file of the scan. `default`, which every namespace has,
    /// is not judged.
    ///
    /// The scan only knows what it holds, so a workload is reported only when its own folder
    /// holds ServiceAccounts of its namespace (the folder creates the service accounts it
    /// uses there, and this one is in none of the scan's files), and when the scan holds no
    /// custom resource in that namespace (an operator may create the account). An account
    /// created elsewhere (by another chart, by Terraform, by `eksctl`) is therefore not
    /// reported unless the folder also creates others.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// The API server refuses to create a pod whose service account does not exist: the
    /// workload's controller retries forever and no pod starts. The mistake is usually a
    /// renamed account, or a chart value that disables creating the account while the
    /// workload still names it.
    ///
    /// ## How to fix
    ///
    /// Create the service account with the workload, or name one that exists.
    ///
    /// ```yaml
    /// apiVersion: v1
    /// kind: ServiceAccount
    /// metadata:
    ///   name: web
    /// ```
    pub struct ServiceAccountMissing {
        id: "k8s-service-account-missing",
        title: "Workload names a service account that does not exist",
        severity: Low,
        remediation: "Create the ServiceAccount the workload names, or name an existing one.",
        frameworks: [],
        peers: [
            kube_linter("non-existent-service-account"),
        ],
        fixable: false,
    }
}

impl Rule for ServiceAccountMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        let accounts = &cluster.inventory.accounts;
        for workload in &cluster.inventory.workloads {
            let Some(entry) = &workload.service_account_entry else {
                continue;
            };
            if workload.service_account == "default" {
                continue;
            }
            let namespace = workload.meta.namespace.as_deref();
            let exists = accounts.iter().any(|a| {
                a.meta.name.as_deref() == Some(workload.service_account.as_str())
                    && a.meta.namespace.as_deref() == namespace
            });
            if exists || !cluster.knows(&workload.meta, namespace, accounts.iter().map(|a| &a.meta))
            {
                continue;
            }
            cx.report(
                &workload.meta,
                entry,
                format!(
                    "{} runs as {}, which {} does not hold, so its pods cannot be created",
                    workload.meta.describe(),
                    workload.account(),
                    describe_namespace(namespace)
                ),
            );
        }
    }
}
