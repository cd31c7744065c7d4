use super::shared::string_value;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Workloads whose update strategy replaces their pods all at once, or never:
    ///
    /// - Deployments with `spec.strategy.type: Recreate`, which stops every old pod before it
    ///   starts a new one;
    /// - DaemonSets and StatefulSets with `spec.updateStrategy.type: OnDelete`, which rolls
    ///   out a new template only as pods are deleted by hand.
    ///
    /// The finding is on the `type` entry. A Deployment that mounts a PersistentVolumeClaim is
    /// not reported: a `ReadWriteOnce` volume attaches to one node at a time, so a rolling
    /// update can hang with the new pod waiting for the old one's volume, and `Recreate` is the
    /// documented way out. An unset strategy is a rolling update (the default of all three).
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// With `Recreate`, every rollout is an outage: all pods stop, and nothing serves until
    /// the new ones are ready, or ever, if the new version fails to start. With `OnDelete`, a
    /// changed template (a patched image, a security fix) does not reach the running pods at
    /// all until someone deletes them, so the cluster keeps running the old version while the
    /// manifests say otherwise.
    ///
    /// ## How to fix
    ///
    /// Use a rolling update, and tune how many pods it replaces at a time.
    ///
    /// ```yaml
    /// spec:
    ///   strategy:
    ///     type: RollingUpdate
    ///     rollingUpdate:
    ///       maxUnavailable: 0
    ///       maxSurge: 1
    /// ```
    pub struct NoRollingUpdate {
        id: "k8s-no-rolling-update",
        title: "Workload does not use a rolling update",
        severity: Low,
        remediation: "Use the RollingUpdate strategy (the default), with maxUnavailable and maxSurge set for the workload.",
        frameworks: [],
        peers: [
            kube_linter("no-rolling-update-strategy"),
        ],
        fixable: false,
    }
}

impl Rule for NoRollingUpdate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let (key, bad) = match object.workload_kind() {
            Some(WorkloadKind::Deployment) => ("strategy", "Recreate"),
            Some(WorkloadKind::DaemonSet | WorkloadKind::StatefulSet) => {
                ("updateStrategy", "OnDelete")
            }
            _ => return,
        };
        let Some(entry) = object
            .node
            .get_path(&["spec", key])
            .and_then(|strategy| strategy.entry("type"))
        else {
            return;
        };
        if string_value(&entry.value) != Some(bad) {
            return;
        }
        if bad == "Recreate" && mounts_claim(object) {
            return;
        }
        let what = object.describe();
        let message = if bad == "Recreate" {
            format!("{what} stops all its pods before starting new ones on every rollout")
        } else {
            format!("{what} rolls out a new pod template only when its pods are deleted by hand")
        };
        cx.report_entry(entry, message);
    }
}

/// Whether the pod spec mounts a PersistentVolumeClaim.
fn mounts_claim(object: &Object<'_>) -> bool {
    object
        .pod_spec()
        .and_then(|spec| spec.get("volumes"))
        .into_iter()
        .flat_map(Node::items)
        .any(|volume| volume.get("persistentVolumeClaim").is_some())
}
