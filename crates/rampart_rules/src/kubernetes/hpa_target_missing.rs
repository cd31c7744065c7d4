use crate::cluster::describe_namespace;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// HorizontalPodAutoscalers whose `scaleTargetRef` names a Deployment, StatefulSet,
    /// ReplicaSet or ReplicationController that is not in the scan: no workload of that kind
    /// and name in the autoscaler's namespace, judged across every file of the scan. Targets
    /// of other kinds (custom resources with a scale subresource, such as an Argo Rollout)
    /// are not judged.
    ///
    /// The scan only knows what it holds, so an autoscaler is reported only when its own
    /// folder holds workloads of its namespace, and the scan holds no custom resource in that
    /// namespace. An autoscaler for a workload deployed from another repository is therefore
    /// not reported: scan them together to judge it.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// An autoscaler whose target does not exist scales nothing: the workload it was meant for
    /// (usually the same one under a new name) runs at its fixed replica count and does not
    /// grow under load, while the manifests suggest it does. The API server accepts the
    /// autoscaler, and it only reports the failure in its status.
    ///
    /// ## How to fix
    ///
    /// Point `scaleTargetRef` at the workload's kind and name.
    ///
    /// ```yaml
    /// spec:
    ///   scaleTargetRef:
    ///     apiVersion: apps/v1
    ///     kind: Deployment
    ///     name: web
    /// ```
    pub struct HpaTargetMissing {
        id: "k8s-hpa-target-missing",
        title: "HorizontalPodAutoscaler targets a workload that does not exist",
        severity: Low,
        remediation: "Point scaleTargetRef at the kind and name of the workload to scale.",
        frameworks: [],
        peers: [
            kube_linter("dangling-horizontalpodautoscaler"),
        ],
        fixable: false,
    }
}

/// The kinds of workload an autoscaler can scale that the scan reads.
const SCALABLE: [&str; 5] = [
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
    "Rollout",
];

impl Rule for HpaTargetMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        let workloads = &cluster.inventory.workloads;
        for autoscaler in &cluster.inventory.autoscalers {
            if !SCALABLE.contains(&autoscaler.target_kind.as_str()) {
                continue;
            }
            let namespace = autoscaler.meta.namespace.as_deref();
            let exists = workloads.iter().any(|w| {
                w.meta.kind == autoscaler.target_kind
                    && w.meta.name.as_deref() == Some(autoscaler.target_name.as_str())
                    && w.meta.namespace.as_deref() == namespace
            });
            if exists
                || !cluster.knows(
                    &autoscaler.meta,
                    namespace,
                    workloads.iter().map(|w| &w.meta),
                )
            {
                continue;
            }
            cx.report(
                &autoscaler.meta,
                &autoscaler.target,
                format!(
                    "{} scales {} {}, which {} does not hold",
                    autoscaler.meta.describe(),
                    autoscaler.target_kind,
                    autoscaler.target_name,
                    describe_namespace(namespace)
                ),
            );
        }
    }
}
