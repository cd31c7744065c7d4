use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Deployments, StatefulSets and Argo Rollouts that run a single pod: `replicas: 1`, reported
    /// at that entry, or no `replicas` at all (or null), which the API server sets to 1, reported
    /// at the spec. `replicas: 0` is a workload scaled down on purpose, and is not reported.
    ///
    /// A HorizontalPodAutoscaler may own the replica count, and then the manifest rightly leaves
    /// `replicas` out: a workload that an autoscaler of the scan (same namespace, kind and name)
    /// scales with `minReplicas` of 2 or more is not reported. One whose autoscaler allows a
    /// single pod (`minReplicas` of 1, the default) still is. An autoscaler kept in another
    /// repository is not seen: scan it with the workload, or suppress the finding.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// With one pod, every disruption is an outage: a node drained for an upgrade, a node that
    /// fails, an eviction under memory pressure, a crash, or a rollout of a version that does not
    /// start. While the single pod is replaced nothing serves, and a PodDisruptionBudget can only
    /// block the drain or let it cause the outage. It also leaves no headroom against a flood of
    /// requests.
    ///
    /// ## How to fix
    ///
    /// Run at least two replicas (three for a quorum), spread over nodes, with a
    /// PodDisruptionBudget; or let an autoscaler set the count.
    ///
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 3
    /// ```
    pub struct SingleReplica {
        id: "k8s-single-replica",
        title: "Workload runs a single replica",
        severity: Low,
        remediation: "Set replicas to 2 or more, or let a HorizontalPodAutoscaler with minReplicas of 2 or more own it.",
        frameworks: [
        ],
        peers: [
            kube_linter("minimum-three-replicas"),
            polaris("deploymentMissingReplicas"),
        ],
        fixable: false,
    }
}

impl Rule for SingleReplica {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        for (workload, autoscaler) in cluster.inventory.replicated() {
            if autoscaler.is_some_and(|a| a.min_replicas.unwrap_or(1) >= 2) {
                continue;
            }
            let what = workload.meta.describe();
            match (&workload.replicas, &workload.default_replicas) {
                (Some((Some(1), at)), _) => {
                    cx.report(&workload.meta, at, format!("{what} runs a single replica"));
                }
                (_, Some(at)) => {
                    cx.report(
                        &workload.meta,
                        at,
                        format!("{what} sets no replicas, so it runs a single replica"),
                    );
                }
                _ => {}
            }
        }
    }
}
