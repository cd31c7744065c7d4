use super::{forbid_false, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_container_cluster` resources whose `enable_shielded_nodes` is `false`. Shielded
    /// nodes are on by default, so a missing setting is not reported; an unknown value is not
    /// judged.
    ///
    /// ## Why it matters
    ///
    /// Shielded GKE nodes prove their identity to the control plane with a verifiable boot
    /// and a vTPM. Without them, an attacker who takes a pod with access to the node's
    /// metadata can read its bootstrap credentials and join a node of its own to the
    /// cluster, which then receives pods and their secrets.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   # ...
    ///   enable_shielded_nodes = true
    /// }
    /// ```
    pub struct GcpGkeShieldedNodesDisabled {
        id: "gcp-gke-shielded-nodes-disabled",
        platform: Terraform,
        title: "GKE cluster has shielded nodes disabled",
        severity: Medium,
        remediation: "Set enable_shielded_nodes = true (or remove it: it defaults to true).",
        frameworks: [mitre("T1542")],
        peers: [
            checkov("CKV_GCP_71"),
            kics("579a0727-9c29-4d58-8195-fc5802a8bdb4"),
            trivy("AVD-GCP-0055"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpGkeShieldedNodesDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_container_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_false(
            cx,
            resource.body(),
            "",
            "enable_shielded_nodes",
            "nodes cannot prove their identity, and a forged node can join the cluster",
        );
    }
}
