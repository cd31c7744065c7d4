use super::shared::RequiredProbe;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Regular containers without a `livenessProbe`, in workloads whose pods keep running:
    /// Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, and Pods (or
    /// PodTemplates) whose `restartPolicy` is `Always`, the default. A missing probe is reported at
    /// the container, a null one at its entry.
    ///
    /// Not reported: Jobs, CronJobs and Pods with `restartPolicy: Never` or `OnFailure`, whose
    /// containers are meant to exit; init and ephemeral containers, which the kubelet does not
    /// probe. A `startupProbe` or a `readinessProbe` does not count: neither restarts a container
    /// that has stopped working.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// Without a liveness probe the kubelet restarts a container only when its process exits. An
    /// application that deadlocks, leaks its way into a stall, or loses a connection it never
    /// re-establishes keeps running and keeps its place, serving errors or nothing until someone
    /// notices and restarts it by hand. That turns a bug, or a request crafted to trigger it, into
    /// a lasting outage.
    ///
    /// Probe something that only fails when a restart would help (not a database the application
    /// depends on: a shared dependency failing would restart every replica at once), and give slow
    /// starters a `startupProbe` rather than a long `initialDelaySeconds`.
    ///
    /// ## How to fix
    ///
    /// ```yaml
    /// containers:
    ///   - name: web
    ///     image: registry.example.com/web:1.4.2
    ///     livenessProbe:
    ///       httpGet:
    ///         path: /livez
    ///         port: 8080
    ///       periodSeconds: 10
    ///       failureThreshold: 3
    /// ```
    pub struct LivenessProbeMissing {
        id: "k8s-liveness-probe-missing",
        title: "Container has no liveness probe",
        severity: Low,
        remediation: "Add a livenessProbe that fails only when restarting the container would help.",
        frameworks: [
        ],
        peers: [
            checkov("CKV_K8S_8"),
            kics("ade74944-a674-4e00-859e-c6eab5bde441"),
            kics("5b6d53dd-3ba3-4269-b4d7-f82e880e43c3"),
            kubescape("C-0056"),
            kube_linter("no-liveness-probe"),
            polaris("livenessProbeMissing"),
        ],
        fixable: false,
    }
}

impl Rule for LivenessProbeMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        RequiredProbe {
            field: "livenessProbe",
            noun: "liveness probe",
        }
        .check(object, cx);
    }
}
