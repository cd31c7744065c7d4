use super::gke_node_management::{forbid_management_false, NODE_POOL_KINDS};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// GKE node pools (`google_container_node_pool`, and the `node_pool` blocks of
    /// `google_container_cluster`) whose `management` block sets `auto_repair = false` (it
    /// defaults to `true`). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Auto-repair recreates nodes that fail their health checks. Without it, a node left in a
    /// degraded state (a crashed kubelet, a full disk, a node someone tampered with) stays in
    /// the cluster, in an unknown state, until someone notices.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_container_node_pool" "main" {
    ///   # ...
    ///   management {
    ///     auto_repair = true
    ///   }
    /// }
    /// ```
    pub struct GcpGkeNodeAutoRepairDisabled {
        id: "gcp-gke-node-auto-repair-disabled",
        platform: Terraform,
        title: "GKE node pool has auto-repair disabled",
        severity: Low,
        remediation: "Set management.auto_repair = true (or remove it).",
        frameworks: [mitre("T1499")],
        peers: [
            checkov("CKV_GCP_9"),
            kics("acfdbec6-4a17-471f-b412-169d77553332"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpGkeNodeAutoRepairDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &NODE_POOL_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_management_false(
            resource,
            cx,
            "auto_repair",
            "nodes that fail their health checks stay in the cluster",
        );
    }
}
