use crate::cluster::describe_namespace;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Ingress backends (`service.name`, or the older `serviceName`) and Gateway API
    /// `HTTPRoute`/`GRPCRoute` backend references to a Service that is not in the scan: no
    /// Service of that name in the backend's namespace (the route's, unless an HTTPRoute
    /// backend names another), judged across every file of the scan. Each such backend is
    /// reported.
    ///
    /// The scan only knows what it holds, so a backend is reported only when the route's own
    /// folder holds Services of that namespace (the folder deploys Services there, and none
    /// of them, nor any Service elsewhere in the scan, has the name), and when the scan holds
    /// no custom resource in that namespace (an operator may create the Service). A route to
    /// a Service deployed from another repository is therefore not reported: scan them
    /// together to judge it.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// The ingress controller cannot route to a Service that does not exist: requests for
    /// that host and path get an error (503 or 404) instead of the application. It is almost
    /// always a renamed Service, or a chart value that differs between the Ingress and the
    /// Service, and the API server accepts it without complaint.
    ///
    /// ## How to fix
    ///
    /// Point the backend at the Service's name (and a port it serves).
    ///
    /// ```yaml
    /// backend:
    ///   service:
    ///     name: web
    ///     port:
    ///       number: 80
    /// ```
    pub struct RouteBackendMissing {
        id: "k8s-route-backend-missing",
        title: "Ingress or route sends traffic to a Service that does not exist",
        severity: Low,
        remediation: "Point the backend at an existing Service, or add the Service it names.",
        frameworks: [],
        peers: [
            kube_linter("dangling-ingress"),
        ],
        fixable: false,
    }
}

impl Rule for RouteBackendMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        let services = &cluster.inventory.services;
        for route in &cluster.inventory.routes {
            for backend in &route.backends {
                let namespace = backend.namespace.as_deref();
                let exists = services.iter().any(|s| {
                    s.meta.name.as_deref() == Some(backend.service.as_str())
                        && s.meta.namespace.as_deref() == namespace
                });
                if exists
                    || !cluster.knows(&route.meta, namespace, services.iter().map(|s| &s.meta))
                {
                    continue;
                }
                let at = Fact {
                    what: format!("backend Service {}", backend.service),
                    location: backend.location.clone(),
                    route: backend.route.clone(),
                };
                cx.report(
                    &route.meta,
                    &at,
                    format!(
                        "{} sends traffic to Service {}, which {} does not hold",
                        route.meta.describe(),
                        backend.service,
                        describe_namespace(namespace)
                    ),
                );
            }
        }
    }
}
