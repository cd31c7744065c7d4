use super::shared::service_type_entry;
use crate::cluster::is_internal_load_balancer;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Services (core `v1`) of `type: LoadBalancer`, reported at that entry, unless an
    /// annotation asks the cloud for an internal load balancer, reachable only from the private
    /// network:
    ///
    /// - `service.beta.kubernetes.io/aws-load-balancer-internal: "true"` (or any value but
    ///   `false`, as older AWS controllers read it), or
    ///   `service.beta.kubernetes.io/aws-load-balancer-scheme: internal`;
    /// - `networking.gke.io/load-balancer-type: Internal`, or the older
    ///   `cloud.google.com/load-balancer-type: Internal`;
    /// - `service.beta.kubernetes.io/azure-load-balancer-internal: "true"`;
    /// - `service.beta.kubernetes.io/oci-load-balancer-internal: "true"`,
    ///   `service.beta.kubernetes.io/openstack-internal-load-balancer: "true"`,
    ///   `service.kubernetes.io/qcloud-loadbalancer-internal-subnetid` (any value), and
    ///   `service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet`.
    ///
    /// A load balancer restricted by `loadBalancerSourceRanges` is still reported: the ranges
    /// narrow who can reach it, but it is still outside the cluster.
    ///
    /// ## Why it matters
    ///
    /// A LoadBalancer Service asks the cloud provider for a load balancer with an address of its
    /// own, by default a public one: the pods behind it are reachable from the internet, without
    /// the TLS, authentication and rate limits an Ingress controller or API gateway would put in
    /// front of them. Services created this way are easy to forget, and each is one more entry
    /// point to watch.
    ///
    /// ## How to fix
    ///
    /// Expose HTTP applications through an Ingress (or Gateway) and keep the Service a
    /// ClusterIP. When a load balancer is needed, make it internal with the cloud's annotation,
    /// or restrict it with `loadBalancerSourceRanges`.
    ///
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: api
    ///   annotations:
    ///     networking.gke.io/load-balancer-type: Internal
    /// spec:
    ///   type: LoadBalancer
    ///   selector:
    ///     app: api
    ///   ports:
    ///     - port: 443
    ///       targetPort: 8443
    /// ```
    pub struct ServiceLoadBalancer {
        id: "k8s-service-load-balancer",
        title: "Service is exposed through an external load balancer",
        severity: Medium,
        remediation: "Use a ClusterIP Service behind an Ingress, or make the load balancer internal with the cloud provider's annotation.",
        frameworks: [
            mitre("T1190"),
        ],
        peers: [
            kics("26763a1c-5dda-4772-b507-5fca7fb5f165"),
            kics("2a52567c-abb8-4651-a038-52fa27c77aed"),
        ],
        fixable: false,
    }
}

impl Rule for ServiceLoadBalancer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let Some(entry) = service_type_entry(object, "LoadBalancer") else {
            return;
        };
        if is_internal_load_balancer(object) {
            return;
        }
        cx.report_entry(
            entry,
            format!(
                "{} is of type LoadBalancer, which exposes it outside the cluster",
                object.describe()
            ),
        );
    }
}
