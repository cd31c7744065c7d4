use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Workloads whose pods run as their namespace's `default` ServiceAccount:
    ///
    /// - `serviceAccountName: default`, or an empty or null one: reported at that entry;
    /// - no `serviceAccountName`: reported at the pod spec. The deprecated `serviceAccount`
    ///   field, which the API server copies into `serviceAccountName` when that is empty, counts
    ///   as setting it.
    ///
    /// Every kind that runs pods is checked, Jobs and CronJobs included. Pods that do not mount a
    /// token (`automountServiceAccountToken: false`) are reported too: they still run as that
    /// identity, and get its image pull secrets and any projected token a volume asks for.
    /// Rights bound to the `default` ServiceAccount itself are
    /// `k8s-binding-default-service-account`'s concern.
    ///
    /// ## Why it matters
    ///
    /// The `default` ServiceAccount is shared by every pod of the namespace that names no other.
    /// Any right granted to it, for one application's sake or by a chart that binds a role to
    /// `default`, goes to all of them, and an attacker who takes over any one pod holds it. Which
    /// workload needs which right can no longer be seen, audited or revoked on its own.
    ///
    /// ## How to fix
    ///
    /// Give each workload its own ServiceAccount, with only the rights it needs (often none),
    /// and keep the `default` one without bindings and with `automountServiceAccountToken: false`.
    ///
    /// ```yaml
    /// apiVersion: v1
    /// kind: ServiceAccount
    /// metadata:
    ///   name: web
    /// automountServiceAccountToken: false
    /// ---
    /// # In the pod spec:
    /// spec:
    ///   serviceAccountName: web
    /// ```
    pub struct DefaultServiceAccount {
        id: "k8s-default-service-account",
        title: "Pod runs as the default ServiceAccount",
        severity: Low,
        remediation: "Create a dedicated ServiceAccount for the workload and set serviceAccountName to it.",
        frameworks: [
            nsa("Kubernetes Pod security: protecting Pod service account tokens"),
            mitre("T1078.001"),
            cis("5.1.5"),
        ],
        peers: [
            kics("591ade62-d6b0-4580-b1ae-209f80ba1cd9"),
            kics("24b132df-5cc7-4823-8029-f898e1c50b72"),
            kube_linter("default-service-account"),
        ],
        fixable: false,
    }
}

impl Rule for DefaultServiceAccount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let Some(spec) = object.pod_spec() else {
            return;
        };
        // A field that names an account: not null, not empty.
        let named = |key| {
            spec.entry(key).filter(|entry| {
                !entry.value.is_null() && entry.value.as_str().is_some_and(|name| !name.is_empty())
            })
        };
        let what = object.describe();
        let (runs, pods_run) = if object.kind == "Pod" {
            ("runs", "it runs")
        } else {
            ("runs its pods", "its pods run")
        };
        let default = format!("{what} {runs} as the default ServiceAccount");
        match (named("serviceAccountName"), named("serviceAccount")) {
            // A name, other than `default`, wins; the deprecated field fills an empty one.
            (Some(entry), _) | (None, Some(entry)) if entry.value.as_str() == Some("default") => {
                cx.report_entry(entry, default);
            }
            (Some(_), _) | (None, Some(_)) => {}
            (None, None) => match spec.entry("serviceAccountName") {
                Some(entry) => {
                    let message = format!(
                        "{what} sets an empty serviceAccountName, so {pods_run} as the default \
                         ServiceAccount"
                    );
                    cx.report_entry(entry, message);
                }
                None => {
                    let message = format!(
                        "{what} sets no serviceAccountName, so {pods_run} as the default \
                         ServiceAccount"
                    );
                    cx.report_node(spec, message);
                }
            },
        }
    }
}
