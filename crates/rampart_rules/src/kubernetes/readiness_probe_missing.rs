use super::shared::RequiredProbe;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Regular containers without a `readinessProbe`, in workloads whose pods keep running:
    /// Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, and Pods (or
    /// PodTemplates) whose `restartPolicy` is `Always`, the default. A missing probe is reported at
    /// the container, a null one at its entry.
    ///
    /// Not reported: Jobs, CronJobs and Pods with `restartPolicy: Never` or `OnFailure`, whose
    /// containers are meant to exit; init and ephemeral containers, whose readiness the kubelet
    /// does not probe. A `startupProbe` does not stand in for a readiness probe: it runs only until
    /// the container has started, and says nothing about whether it can take traffic afterwards.
    /// Neither does a `livenessProbe`.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// Without a readiness probe a container counts as ready as soon as it starts. Services send
    /// it traffic before it has loaded its configuration or warmed its caches, and keep sending
    /// traffic to it while it is overloaded or has lost a dependency, so clients see errors instead
    /// of being served by the other replicas. Rolling updates and StatefulSets move on as soon as a
    /// new pod runs, so a broken version replaces a working one without anything holding it back.
    ///
    /// ## How to fix
    ///
    /// ```yaml
    /// containers:
    ///   - name: web
    ///     image: registry.example.com/web:1.4.2
    ///     readinessProbe:
    ///       httpGet:
    ///         path: /readyz
    ///         port: 8080
    ///       periodSeconds: 5
    ///       failureThreshold: 3
    /// ```
    pub struct ReadinessProbeMissing {
        id: "k8s-readiness-probe-missing",
        title: "Container has no readiness probe",
        severity: Low,
        remediation: "Add a readinessProbe that fails while the container cannot serve traffic.",
        frameworks: [
        ],
        peers: [
            checkov("CKV_K8S_9"),
            kics("a659f3b5-9bf0-438a-bd9a-7d3a6427f1e3"),
            kics("8657197e-3f87-4694-892b-8144701d83c1"),
            kubescape("C-0018"),
            kube_linter("no-readiness-probe"),
            polaris("readinessProbeMissing"),
        ],
        fixable: false,
    }
}

impl Rule for ReadinessProbeMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        RequiredProbe {
            field: "readinessProbe",
            noun: "readiness probe",
        }
        .check(object, cx);
    }
}
