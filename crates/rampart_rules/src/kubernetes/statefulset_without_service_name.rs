use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// StatefulSets (`apps`) whose `spec.serviceName` is missing (reported at the spec), or null
    /// or empty (reported at the entry).
    ///
    /// Whether the Service it names exists, and is headless, is not checked: it may live in
    /// another file or be created by another chart.
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
        title: "StatefulSet does not name its governing Service",
        severity: Low,
        remediation: "Set spec.serviceName to a headless Service that selects the StatefulSet's pods.",
        frameworks: [],
        peers: [
            kics("bb241e61-77c3-4b97-9575-c0f8a1e008d0"),
        ],
        fixable: false,
    }
}

impl Rule for StatefulsetWithoutServiceName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
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
