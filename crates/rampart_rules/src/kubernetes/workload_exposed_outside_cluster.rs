use super::shared::external_exposures;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Workloads reachable from outside the cluster, judged across every file of the scan: a
    /// Service of type `LoadBalancer` or `NodePort` (or one with `externalIPs`) selects their
    /// pods, or an Ingress or a Gateway API HTTPRoute sends traffic to a Service that selects
    /// them. The finding is at the workload, names what exposes it (the Service and its ports,
    /// the route and its host), and has each of those as a related location. A LoadBalancer that
    /// a cloud annotation makes internal (as `k8s-service-load-balancer` reads them) does not
    /// count, nor does a mesh route: an HTTPRoute whose `parentRefs` are all Services (the
    /// Gateway API for service meshes, GAMMA) steers traffic between the cluster's own
    /// workloads.
    ///
    /// A Service selects a workload when it is in the same namespace and every key and value of
    /// its selector is among the pod template's labels. Objects without a namespace are taken to
    /// be applied together into one namespace. A Service or route of another repository is not
    /// seen; `hostPort` is `k8s-host-port`'s to report.
    ///
    /// Exposure is often intended (a web front end must be reachable). The finding is an
    /// inventory of the cluster's attack surface, kept on the record: suppress it for the
    /// workloads that are meant to face the internet, with the reason.
    ///
    /// ## Why it matters
    ///
    /// Whatever is reachable from outside is what an attacker tries first: every bug in it is
    /// remotely exploitable, and its compromise is the first step into the cluster. Exposure
    /// that nobody decided on (a debug NodePort, an Ingress left to a back-office service) is a
    /// common way in.
    ///
    /// ## How to fix
    ///
    /// Expose only the workloads that must be, through one Ingress or Gateway with TLS and
    /// authentication in front; make the other Services `ClusterIP`.
    ///
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: reports
    /// spec:
    ///   type: ClusterIP
    ///   selector:
    ///     app: reports
    ///   ports:
    ///     - port: 8080
    /// ```
    pub struct WorkloadExposedOutsideCluster {
        id: "k8s-workload-exposed-outside-cluster",
        title: "Workload is reachable from outside the cluster",
        severity: Low,
        remediation: "Expose only the workloads that must be reachable, through an Ingress or Gateway with TLS and authentication; make other Services ClusterIP.",
        frameworks: [
            mitre("T1190"),
        ],
        peers: [
            kubescape("C-0256"),
            kubescape("C-0266"),
        ],
        fixable: false,
    }
}

impl Rule for WorkloadExposedOutsideCluster {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        for (w, workload) in cluster.inventory.workloads.iter().enumerate() {
            let ways = external_exposures(cluster, w);
            if ways.is_empty() {
                continue;
            }
            let names: Vec<&str> = ways.iter().map(|(text, _)| text.as_str()).collect();
            let meta = &workload.meta;
            let finding = cx.report(
                meta,
                &meta.as_fact("workload"),
                format!(
                    "{} is reachable from outside the cluster through {}",
                    meta.describe(),
                    names.join(", and ")
                ),
            );
            for (text, location) in &ways {
                relate(finding, location, format!("{text} exposes it"));
            }
        }
    }
}
