use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Deployments, StatefulSets, ReplicaSets and ReplicationControllers that set
    /// `spec.replicas` while a HorizontalPodAutoscaler of the scan scales them (same
    /// namespace, kind and name in its `scaleTargetRef`). The finding is on `replicas`, with
    /// the autoscaler as a related location. A null `replicas` leaves the count unset and is
    /// not reported, nor is a Terraform `kubernetes_deployment` whose `lifecycle` ignores
    /// changes to `spec[0].replicas` (Terraform then sets the count once, at creation).
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// The autoscaler owns the replica count once it runs. Every `kubectl apply` (or GitOps
    /// sync) of a manifest that still sets `replicas` puts the count back to that number:
    /// a workload scaled up under load drops to it at once, and pods are killed while
    /// traffic is high, until the autoscaler scales it up again. The Kubernetes documentation
    /// asks to remove `spec.replicas` from the manifests of autoscaled workloads.
    ///
    /// ## How to fix
    ///
    /// Remove `replicas` from the workload and let the autoscaler's `minReplicas` set the
    /// floor.
    ///
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   # no replicas: the HorizontalPodAutoscaler sets them
    ///   selector:
    ///     matchLabels: {app: web}
    /// ```
    pub struct HpaTargetSetsReplicas {
        id: "k8s-hpa-target-sets-replicas",
        title: "Autoscaled workload sets a fixed replica count",
        severity: Low,
        remediation: "Remove spec.replicas from workloads that a HorizontalPodAutoscaler scales.",
        frameworks: [],
        peers: [
            kics("5744cbb8-5946-4b75-a196-ade44449525b"),
        ],
        fixable: false,
    }
}

impl Rule for HpaTargetSetsReplicas {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        let autoscalers = &cluster.inventory.autoscalers;
        for workload in &cluster.inventory.workloads {
            let Some((_, replicas)) = &workload.replicas else {
                continue;
            };
            let scaled_by: Vec<_> = autoscalers.iter().filter(|a| a.scales(workload)).collect();
            let Some(first) = scaled_by.first() else {
                continue;
            };
            let finding = cx.report(
                &workload.meta,
                replicas,
                format!(
                    "{} {}, but {} scales it: each apply resets the count the autoscaler set",
                    workload.meta.describe(),
                    replicas.what,
                    first.meta.describe()
                ),
            );
            for autoscaler in scaled_by {
                relate(
                    finding,
                    &autoscaler.target.location,
                    format!("{} {}", autoscaler.meta.describe(), autoscaler.target.what),
                );
            }
        }
    }
}
