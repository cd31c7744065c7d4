use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// PodDisruptionBudgets (`policy`, any version) that never allow a voluntary disruption:
    /// `maxUnavailable: 0` (or `"0%"`), or `minAvailable: "100%"`. The finding is on that
    /// entry.
    ///
    /// A `minAvailable` number equal to the replica count has the same effect, but depends on
    /// the workloads the budget selects and on their current scale (an autoscaler may change
    /// it), so it is not judged here.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// A node drain evicts pods through the eviction API, which refuses any eviction that
    /// would break a budget. A budget that allows no disruption at all blocks every drain of a
    /// node that runs one of its pods: cluster upgrades, node pool rotations and the
    /// autoscaler's scale-downs stall until someone deletes the budget by hand, and security
    /// patches for the nodes wait with them. The Kubernetes documentation warns that such a
    /// budget makes the pods impossible to evict.
    ///
    /// ## How to fix
    ///
    /// Allow at least one pod to be disrupted at a time; run enough replicas that the
    /// application stays available while it is.
    ///
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    /// spec:
    ///   maxUnavailable: 1
    ///   selector:
    ///     matchLabels: {app: web}
    /// ```
    pub struct PdbBlocksDisruption {
        id: "k8s-pdb-blocks-disruption",
        title: "PodDisruptionBudget allows no disruption",
        severity: Low,
        remediation: "Set maxUnavailable to 1 or more (or minAvailable below the replica count), so that nodes can be drained.",
        frameworks: [],
        peers: [
            kube_linter("pdb-max-unavailable"),
            kube_linter("pdb-min-available"),
            polaris("pdbDisruptionsIsZero"),
        ],
        fixable: false,
    }
}

/// Whether an int-or-percent value is zero: `0`, `"0%"`.
fn is_zero(node: &Node) -> bool {
    int_value(node) == Some(0)
        || node
            .as_str()
            .and_then(|s| s.trim().strip_suffix('%'))
            .and_then(|n| n.trim().parse::<f64>().ok())
            == Some(0.0)
}

/// Whether an int-or-percent value is `100%` (or more).
fn is_everything(node: &Node) -> bool {
    node.as_str()
        .and_then(|s| s.trim().strip_suffix('%'))
        .and_then(|n| n.trim().parse::<f64>().ok())
        .is_some_and(|n| n >= 100.0)
}

impl Rule for PdbBlocksDisruption {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if object.kind != "PodDisruptionBudget" || object.group() != "policy" {
            return;
        }
        let Some(spec) = object.node.get("spec") else {
            return;
        };
        let what = object.describe();
        if let Some(entry) = spec.entry("maxUnavailable").filter(|e| is_zero(&e.value)) {
            cx.report_entry(
                entry,
                format!("{what} allows no pod to be unavailable, so no node running its pods can be drained"),
            );
        } else if let Some(entry) = spec
            .entry("minAvailable")
            .filter(|e| is_everything(&e.value))
        {
            cx.report_entry(
                entry,
                format!("{what} requires all its pods to stay available, so no node running them can be drained"),
            );
        }
    }
}
