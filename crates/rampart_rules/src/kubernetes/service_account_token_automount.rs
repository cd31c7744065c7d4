use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Workloads whose pod spec does not set `automountServiceAccountToken: false`:
    ///
    /// - set to `true` (or `yes`, read as YAML 1.1 like the API server does): reported at that
    ///   entry;
    /// - absent (or null): reported at the pod spec that should carry it.
    ///
    /// Kubernetes mounts a token when the pod spec sets `true`, or when it leaves the field unset
    /// and the pod's ServiceAccount does not set `automountServiceAccountToken: false`. The pod's
    /// setting wins over the ServiceAccount's, in both directions. The rule judges with every
    /// file of the scan:
    ///
    /// - ServiceAccount objects are never reported: a ServiceAccount's `true` (or its default)
    ///   only matters for pods that leave the field unset, and those pods are reported already;
    ///   its `false` is a useful default, but any pod can override it. (That the `default`
    ///   ServiceAccount sets `false`, as CIS 5.1.5 asks, is
    ///   `k8s-default-service-account-automount`'s concern.)
    /// - A pod spec that leaves the field unset is not reported when the ServiceAccount it uses
    ///   (`serviceAccountName`, else `default`, in the pod's namespace) is in the scan and sets
    ///   `automountServiceAccountToken: false`: no token is mounted. When that ServiceAccount is
    ///   not in the scan (another chart, or created by hand), the pod is reported; setting
    ///   `false` in the pod spec as well makes the intent explicit and survives a change to the
    ///   ServiceAccount.
    ///
    /// ## Why it matters
    ///
    /// The token is a credential for the Kubernetes API with the rights of the pod's service
    /// account. Most applications never call the API, but anyone who gets code execution in the
    /// container (a remote code execution bug, a malicious dependency) can read the token from
    /// `/var/run/secrets/kubernetes.io/serviceaccount` and use it to explore the cluster or, if
    /// the account has been granted rights, to read Secrets and start pods.
    ///
    /// ## How to fix
    ///
    /// Set `automountServiceAccountToken: false` in the pod spec of workloads that do not call the
    /// Kubernetes API. A workload that does call it keeps the token; give it a dedicated service
    /// account with a minimal role, and suppress the finding for it.
    ///
    /// ```yaml
    /// spec:
    ///   template:
    ///     spec:
    ///       automountServiceAccountToken: false
    ///       containers:
    ///         - name: web
    ///           image: example/web:1.0.0
    /// ```
    pub struct ServiceAccountTokenAutomount {
        id: "k8s-service-account-token-automount",
        title: "Pod mounts a service account token",
        severity: Medium,
        remediation: "Set automountServiceAccountToken: false in the pod spec unless the workload calls the Kubernetes API.",
        frameworks: [
            nsa("Kubernetes Pod security: protecting Pod service account tokens"),
            mitre("T1528"),
            cis("5.1.6"),
        ],
        peers: [
            checkov("CKV_K8S_38"),
            kics("48471392-d4d0-47c0-b135-cdec95eb3eef"),
            kics("a9a13d4f-f17a-491b-b074-f54bffffcb4a"),
            kubescape("C-0190"),
            kubescape("C-0034"),
            polaris("automountServiceAccountToken"),
            trivy("KSV036"),
        ],
        fixable: false,
    }
}

impl Rule for ServiceAccountTokenAutomount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cluster: &Graph<'_>, cx: &mut ClusterContext) {
        for (w, workload) in cluster.inventory.workloads.iter().enumerate() {
            let meta = &workload.meta;
            let described = format!("{} \"{}\"", meta.kind, meta.name());
            let (pods, mounts) = if meta.kind == "Pod" {
                (
                    "it gets a service account token unless its",
                    "mounts a service account token",
                )
            } else {
                (
                    "its pods get a service account token unless their",
                    "mounts a service account token in its pods",
                )
            };
            let unset = format!(
                "{described} does not set automountServiceAccountToken: false, so {pods} \
                 ServiceAccount opts out"
            );
            // Unset (absent or null), and the ServiceAccount in the scan opts out: no token.
            let opted_out = !cluster.token[w];
            match &workload.automount_entry {
                None if !opted_out => {
                    cx.report(meta, &workload.pod_spec, unset);
                }
                Some((entry, true)) if !opted_out => {
                    cx.report(meta, entry, unset);
                }
                // A quoted "false" or any other non-boolean is rejected by the API server.
                Some((entry, false)) if workload.automount == Some(true) => {
                    cx.report(meta, entry, format!("{described} {mounts}"));
                }
                _ => {}
            }
        }
    }
}
