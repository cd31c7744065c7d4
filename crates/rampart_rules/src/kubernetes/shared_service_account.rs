use crate::cluster::Workload;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Service accounts that several workloads of one folder name in `serviceAccountName`
    /// (or the deprecated `serviceAccount`), in the same namespace. Each such workload is
    /// reported at its `serviceAccountName`, with the others as related locations.
    ///
    /// Not reported: the `default` service account (pods that name no account, or name
    /// `default`, are `k8s-default-service-account`'s finding), workloads of different
    /// folders (the same manifests for two environments, `dev/` and `prod/`, are not
    /// sharing), the same workload written twice (a kind and name that repeat), and versions
    /// or parts of one application, which may rightly share one identity (pod templates with
    /// the same `app` label, or the same `app.kubernetes.io/name` and
    /// `app.kubernetes.io/component` labels: `reviews-v1` and `reviews-v2` of one service, the
    /// two admission Jobs of one component).
    ///
    /// ## Why it matters
    ///
    /// Each workload's pods carry the token of their service account, and with it every
    /// permission bound to the account (RBAC roles, and cloud roles through IRSA or Workload
    /// Identity). When workloads share an account, each gets the permissions all of them
    /// need: the account grows to the union, and compromising the least protected workload
    /// gives the attacker the rights of the most powerful one. Audit logs cannot tell them
    /// apart either.
    ///
    /// ## How to fix
    ///
    /// Give each workload its own service account, bound to the roles it needs.
    ///
    /// ```yaml
    /// apiVersion: v1
    /// kind: ServiceAccount
    /// metadata:
    ///   name: web
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       serviceAccountName: web
    /// ```
    pub struct SharedServiceAccount {
        id: "k8s-shared-service-account",
        title: "Service account is shared by several workloads",
        severity: Low,
        remediation: "Give each workload its own service account with only the permissions it needs.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
        ],
        peers: [
            kics("c1032cf7-3628-44e2-bd53-38c17cf31b6b"),
            kics("f74b9c43-161a-4799-bc95-0b0ec81801b9"),
        ],
        fixable: false,
    }
}

/// Whether two entries are the same workload written twice (same kind and name): a patch, or
/// the same manifest in two files of a folder.
fn same_workload(a: &Workload, b: &Workload) -> bool {
    a.meta.kind == b.meta.kind && a.meta.name == b.meta.name
}

/// Whether two workloads are versions or parts of one application, which may share its
/// identity: the same `app` label, or the same `app.kubernetes.io/name` and
/// `app.kubernetes.io/component` labels (a component absent from both counts as the same).
fn same_application(a: &Workload, b: &Workload) -> bool {
    let label = |w: &Workload, key: &str| w.labels.get(key).filter(|v| !v.is_empty()).cloned();
    let same = |key: &str| label(a, key).is_some() && label(a, key) == label(b, key);
    same("app")
        || (same("app.kubernetes.io/name")
            && label(a, "app.kubernetes.io/component") == label(b, "app.kubernetes.io/component"))
}

impl Rule for SharedServiceAccount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        let workloads = &cluster.inventory.workloads;
        let named =
            |w: &&Workload| w.service_account_entry.is_some() && w.service_account != "default";
        for workload in workloads.iter().filter(named) {
            let Some(entry) = &workload.service_account_entry else {
                continue;
            };
            let mut others: Vec<&Workload> = Vec::new();
            for other in workloads.iter().filter(named) {
                let shares = other.service_account == workload.service_account
                    && other.meta.namespace == workload.meta.namespace
                    && other.meta.scope() == workload.meta.scope()
                    && !same_workload(other, workload)
                    && !same_application(other, workload)
                    && !others.iter().any(|seen| same_workload(seen, other));
                if shares {
                    others.push(other);
                }
            }
            if others.is_empty() {
                continue;
            }
            let finding = cx.report(
                &workload.meta,
                entry,
                format!(
                    "{} shares {} with {}",
                    workload.meta.describe(),
                    workload.account(),
                    match others.len() {
                        1 => others[0].meta.describe(),
                        n => format!("{n} other workloads"),
                    }
                ),
            );
            for other in others {
                if let Some(fact) = &other.service_account_entry {
                    relate(
                        finding,
                        &fact.location,
                        format!("{} uses it too", other.meta.describe()),
                    );
                }
            }
        }
    }
}
