use super::gke_node_management::{forbid_management_false, NODE_POOL_KINDS};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// GKE node pools (`google_container_node_pool`, and the `node_pool` blocks of
    /// `google_container_cluster`) whose `management` block sets `auto_upgrade = false` (it
    /// defaults to `true`). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Node auto-upgrade keeps the nodes' Kubernetes version and operating system image in step
    /// with the control plane, security fixes included. With it off, the nodes keep known
    /// vulnerabilities (container escapes, kubelet flaws) until someone upgrades them by hand.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_container_node_pool" "main" {
    ///   # ...
    ///   management {
    ///     auto_upgrade = true
    ///   }
    /// }
    /// ```
    pub struct GcpGkeNodeAutoUpgradeDisabled {
        id: "gcp-gke-node-auto-upgrade-disabled",
        platform: Terraform,
        title: "GKE node pool has auto-upgrade disabled",
        severity: Medium,
        remediation: "Set management.auto_upgrade = true (or remove it), and use maintenance windows to choose when upgrades happen.",
        frameworks: [mitre("T1068")],
        peers: [
            checkov("CKV_GCP_10"),
            kics("b139213e-7d24-49c2-8025-c18faa21ecaa"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpGkeNodeAutoUpgradeDisabled {
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
            "auto_upgrade",
            "the nodes keep known vulnerabilities until upgraded by hand",
        );
    }
}
