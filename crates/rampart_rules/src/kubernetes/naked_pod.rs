use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Pods written as Pod objects with no `metadata.ownerReferences`: pods that no
    /// controller (Deployment, StatefulSet, DaemonSet, Job...) creates and looks after.
    ///
    /// Not reported: pods in `kube-system` (static pods of the control plane are written as
    /// bare Pod manifests on purpose, and the kubelet runs them), and Helm hooks (a Pod with
    /// the `helm.sh/hook` annotation, such as a chart's test pod, runs once by design).
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// A bare Pod is not rescheduled when its node fails or is drained, and nothing replaces
    /// it when it is deleted or evicted: the service it runs simply stops. It is also changed
    /// by hand rather than through a template that a controller rolls out, so its
    /// configuration drifts from what was reviewed. The Kubernetes documentation advises
    /// against naked Pods ("Don't use naked Pods ... if you can avoid it").
    ///
    /// ## How to fix
    ///
    /// Run the pod through a controller: a Deployment for a long-running service, a Job for a
    /// task that runs to completion.
    ///
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: web
    ///           image: registry.example.com/web:1.4.2
    /// ```
    pub struct NakedPod {
        id: "k8s-naked-pod",
        title: "Pod is not managed by a controller",
        severity: Low,
        remediation: "Run the pod through a Deployment, StatefulSet, DaemonSet or Job instead of a bare Pod.",
        frameworks: [],
        peers: [
            kubescape("C-0073"),
        ],
        fixable: false,
    }
}

/// The annotation that makes a Pod a Helm hook (a chart test, a pre-install task).
const HELM_HOOK: &str = "helm.sh/hook";

impl Rule for NakedPod {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if object.workload_kind() != Some(WorkloadKind::Pod)
            || object.namespace == Some("kube-system")
        {
            return;
        }
        let metadata = object.metadata();
        let owned = metadata
            .and_then(|m| m.get("ownerReferences"))
            .is_some_and(|refs| refs.items().next().is_some());
        let hook = metadata
            .and_then(|m| m.get("annotations"))
            .and_then(|a| a.get(HELM_HOOK))
            .is_some();
        if owned || hook {
            return;
        }
        let message = format!(
            "{} is a bare Pod: no controller reschedules or replaces it",
            object.describe()
        );
        match metadata.and_then(|m| m.entry("name")) {
            Some(entry) => cx.report_entry(entry, message),
            None => cx.report_node(object.node, message),
        };
    }
}
