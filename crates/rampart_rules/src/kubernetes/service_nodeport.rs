use super::shared::service_type_entry;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Services (core `v1`) of `type: NodePort`, reported at that entry.
    ///
    /// LoadBalancer Services also open a node port on every node (unless
    /// `allocateLoadBalancerNodePorts: false`), but exist to be reached from outside; they are not
    /// this rule's concern.
    ///
    /// ## Why it matters
    ///
    /// A NodePort Service listens on a port (30000-32767) of every node, on every node address,
    /// and forwards to the pods from there. That bypasses the controls placed in front of the
    /// cluster's intended entry points (the Ingress controller's TLS, authentication and rate
    /// limits, a WAF), and exposes the application to anything that can reach a node: with nodes
    /// on a public network, to the internet. Network policies see the traffic after the node has
    /// rewritten its source (with the default `externalTrafficPolicy: Cluster`), so they cannot
    /// tell where it came from.
    ///
    /// ## How to fix
    ///
    /// Use a ClusterIP Service, and expose it through an Ingress (or Gateway) or a LoadBalancer
    /// Service with `loadBalancerSourceRanges`. For access from a workstation, use
    /// `kubectl port-forward`.
    ///
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   type: ClusterIP
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    /// ```
    pub struct ServiceNodeport {
        id: "k8s-service-nodeport",
        title: "Service is exposed on a port of every node",
        severity: Low,
        remediation: "Use a ClusterIP Service behind an Ingress, or a LoadBalancer Service restricted by loadBalancerSourceRanges.",
        frameworks: [
            mitre("T1190"),
        ],
        peers: [
            kics("845acfbe-3e10-4b8e-b656-3b404d36dfb2"),
            kics("5c281bf8-d9bb-47f2-b909-3f6bb11874ad"),
            kube_linter("exposed-services"),
        ],
        fixable: false,
    }
}

impl Rule for ServiceNodeport {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let Some(entry) = service_type_entry(object, "NodePort") else {
            return;
        };
        cx.report_entry(
            entry,
            format!(
                "{} is of type NodePort, so it listens on a port of every node",
                object.describe()
            ),
        );
    }
}
