use crate::cluster::{describe_namespace, describe_selector, selects};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Services whose `selector` matches the pod template of no workload of their namespace,
    /// judged across every file of the scan. A Service without a selector (its endpoints are
    /// managed by hand, or it is an `ExternalName`) is not judged.
    ///
    /// The scan only knows what it holds, so a Service is reported only when its own folder
    /// holds workloads of its namespace (the folder deploys pods there, and none of them, nor
    /// any workload elsewhere in the scan, matches), and when the scan holds no custom
    /// resource in that namespace (an operator may create the pods from it). A Service whose
    /// pods are deployed from another repository is therefore not reported: scan them
    /// together to judge it.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// A Service that selects no pod has no endpoints: every connection to it is refused or
    /// times out, and an Ingress or load balancer in front of it answers with errors. It is
    /// almost always a typo or a label renamed on one side only, and it fails silently: the
    /// API server accepts it, and nothing reports it until traffic is lost.
    ///
    /// ## How to fix
    ///
    /// Make the selector match the labels of the pod template it should route to.
    ///
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   selector:
    ///     app: web
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    /// ```
    pub struct ServiceSelectsNoPod {
        id: "k8s-service-selects-no-pod",
        title: "Service selects no pod",
        severity: Low,
        remediation: "Make the Service's selector match the pod template labels of the workload it serves.",
        frameworks: [],
        peers: [
            kics("3ca03a61-3249-4c16-8427-6f8e47dda729"),
            kube_linter("dangling-service"),
        ],
        fixable: false,
    }
}

impl Rule for ServiceSelectsNoPod {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        let workloads = &cluster.inventory.workloads;
        for service in &cluster.inventory.services {
            if service.selector.is_empty() || workloads.iter().any(|w| selects(service, w)) {
                continue;
            }
            let namespace = service.meta.namespace.as_deref();
            if !cluster.knows(&service.meta, namespace, workloads.iter().map(|w| &w.meta)) {
                continue;
            }
            let at = service
                .selector_entry
                .clone()
                .unwrap_or_else(|| service.meta.as_fact("service"));
            cx.report(
                &service.meta,
                &at,
                format!(
                    "{} selects {}, which no pod template of {} carries, so it has no endpoints",
                    service.meta.describe(),
                    describe_selector(service),
                    describe_namespace(namespace)
                ),
            );
        }
    }
}
