use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Deployments, StatefulSets and Argo Rollouts that run several pods (`replicas` of 2 or more,
    /// or a HorizontalPodAutoscaler of the scan with `minReplicas` of 2 or more scales them) and
    /// whose pods no PodDisruptionBudget of their namespace selects, judged across every file of
    /// the scan. The finding is on `replicas` (or on the workload's name when an autoscaler sets
    /// the count).
    ///
    /// A workload of one replica is not reported: a budget cannot keep one pod available
    /// through a drain without blocking it (`k8s-single-replica` reports the single replica).
    /// A budget kept in another repository is not seen: scan it with the workload, or
    /// suppress the finding.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// Without a budget, nothing stops a node drain, a cluster upgrade or the cluster
    /// autoscaler from evicting all the replicas of a workload at once when they share a
    /// node, or several nodes are drained together. The replicas were there to keep the
    /// application up through exactly such disruptions; a PodDisruptionBudget tells the
    /// eviction API how many of them must stay up.
    ///
    /// ## How to fix
    ///
    /// Add a PodDisruptionBudget that selects the workload's pods and allows at least one to
    /// be disrupted.
    ///
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    /// spec:
    ///   maxUnavailable: 1
    ///   selector:
    ///     matchLabels: {app: web}
    /// ```
    pub struct WorkloadWithoutPdb {
        id: "k8s-workload-without-pdb",
        title: "Replicated workload has no PodDisruptionBudget",
        severity: Low,
        remediation: "Add a PodDisruptionBudget that selects the workload's pods, with maxUnavailable of 1 or more.",
        frameworks: [],
        peers: [
            kics("b23e9b98-0cb6-4fc9-b257-1f3270442678"),
            kics("1db3a5a5-bf75-44e5-9e44-c56cfc8b1ac5"),
            kics("a05331ee-1653-45cb-91e6-13637a76e4f0"),
            kics("7249e3b0-9231-4af3-bc5f-5daf4988ecbf"),
            polaris("missingPodDisruptionBudget"),
        ],
        fixable: false,
    }
}

impl Rule for WorkloadWithoutPdb {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        let inventory = cluster.inventory;
        for (workload, autoscaled) in inventory.replicated() {
            let (count, at) = match (autoscaled, &workload.replicas) {
                (Some(a), _) => (a.min_replicas, workload.meta.as_fact("workload")),
                (None, Some((count, fact))) => (*count, fact.clone()),
                (None, None) => continue,
            };
            if count.is_none_or(|n| n < 2) {
                continue;
            }
            let covered = inventory.budgets.iter().any(|b| {
                b.meta.namespace == workload.meta.namespace
                    && b.selector
                        .as_ref()
                        .is_some_and(|s| s.matches(&workload.labels))
            });
            if covered {
                continue;
            }
            let runs = match autoscaled {
                Some(a) => format!(
                    "runs at least {} pods ({})",
                    count.unwrap_or(2),
                    a.meta.describe()
                ),
                None => format!("runs {} pods", count.unwrap_or(2)),
            };
            cx.report(
                &workload.meta,
                &at,
                format!(
                    "{} {runs}, and no PodDisruptionBudget selects them, so a drain may evict them all at once",
                    workload.meta.describe()
                ),
            );
        }
    }
}
