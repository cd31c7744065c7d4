use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// StatefulSets (`apps`) whose `spec.serviceName` is missing (reported at the spec), or null
    /// or empty (reported at the entry), or names a Service of the scan (same name and
    /// namespace) that is not headless: it does not set `clusterIP: None` (reported at the
    /// entry, with the Service as a related location).
    ///
    /// A Service that is not in the scan is not judged: it may be created by another chart. Nor
    /// is one in another folder when the StatefulSet's own folder deploys Services of its
    /// namespace but none of that name: such a folder is a bundle (an install manifest, a
    /// chart's output) that brings its Services, and a Service of the same name elsewhere
    /// belongs to another bundle, such as another variant of the same application. Without
    /// Services of its own, the nearest Service of that name in the scan is judged.
    ///
    /// A reliability check: it maps no framework control.
    ///
    /// ## Why it matters
    ///
    /// `serviceName` names the headless Service that governs the StatefulSet and gives each pod
    /// its stable network identity (`web-0.nginx.default.svc`). Without it the pods get no DNS
    /// records of their own: peers that find each other by name (databases, consensus clusters)
    /// cannot, and clients fall back to addresses that change with every restart. Older API
    /// servers rejected a StatefulSet without it.
    ///
    /// ## How to fix
    ///
    /// Create a headless Service (`clusterIP: None`) selecting the StatefulSet's pods, and name
    /// it in `serviceName`.
    ///
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata:
    ///   name: web
    /// spec:
    ///   serviceName: web
    ///   selector:
    ///     matchLabels:
    ///       app: web
    /// ```
    pub struct StatefulsetWithoutServiceName {
        id: "k8s-statefulset-without-service-name",
        title: "StatefulSet does not name a headless governing Service",
        severity: Low,
        remediation: "Set spec.serviceName to a headless Service that selects the StatefulSet's pods.",
        frameworks: [],
        peers: [
            kics("bb241e61-77c3-4b97-9575-c0f8a1e008d0"),
            kics("420e6360-47bb-46f6-9072-b20ed22c842d"),
        ],
        fixable: false,
    }
}

impl Rule for StatefulsetWithoutServiceName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        let inventory = cluster.inventory;
        for workload in &inventory.workloads {
            let meta = &workload.meta;
            if meta.kind != "StatefulSet" || !meta.api_version.starts_with("apps/") {
                continue;
            }
            let Some((name, entry)) = &workload.service_name else {
                continue;
            };
            // A folder that deploys Services of the namespace is a bundle that brings its own:
            // a Service of that name elsewhere in the scan belongs to another bundle (another
            // variant of the application), not to this StatefulSet.
            let bundled = (inventory.services.iter())
                .any(|s| s.meta.scope() == meta.scope() && s.meta.namespace == meta.namespace);
            let candidates = (inventory.services.iter())
                .filter(|s| {
                    s.meta.name.as_deref() == Some(name)
                        && s.meta.namespace == meta.namespace
                        && (!bundled || s.meta.scope() == meta.scope())
                })
                .map(|s| (&s.meta, s))
                .collect();
            let services = crate::cluster::nearest(meta, candidates);
            if services.is_empty() || services.iter().any(|s| s.headless) {
                continue;
            }
            let finding = cx.report(
                meta,
                entry,
                format!(
                    "StatefulSet \"{}\" names Service \"{name}\" in spec.serviceName, which is \
                     not headless (it does not set clusterIP: None)",
                    meta.name()
                ),
            );
            for service in services {
                relate(
                    finding,
                    &service.cluster_ip_location,
                    format!("{} has a cluster IP", service.meta.describe()),
                );
            }
        }
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if object.workload_kind() != Some(WorkloadKind::StatefulSet) {
            return;
        }
        let Some(spec) = object.node.get("spec").filter(|s| s.as_mapping().is_some()) else {
            return;
        };
        let message = format!("{} does not set spec.serviceName", object.describe());
        match spec.entry("serviceName") {
            None => {
                cx.report_node(spec, message);
            }
            Some(entry) if entry.value.is_null() || entry.value.as_str() == Some("") => {
                cx.report_entry(entry, message);
            }
            Some(_) => {}
        }
    }
}
