use super::{require_block_true, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_container_cluster` resources whose nodes get public IP addresses: no
    /// `private_cluster_config` block, or one whose `enable_private_nodes` is `false` or not
    /// set. A dynamic block over an unknown collection, or an unknown value, is not judged.
    ///
    /// ## Why it matters
    ///
    /// Nodes with public addresses are reachable from the internet through every port a
    /// firewall rule or a `NodePort` service opens, and their kubelets and SSH daemons are in
    /// reach of scanners. Private nodes reach the internet through Cloud NAT and are not
    /// reachable from it.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// private_cluster_config {
    ///   enable_private_nodes    = true
    ///   enable_private_endpoint = false
    ///   master_ipv4_cidr_block  = "172.16.0.0/28"
    /// }
    /// ```
    pub struct GcpGkePrivateNodesDisabled {
        id: "gcp-gke-private-nodes-disabled",
        platform: Terraform,
        title: "GKE cluster nodes have public IP addresses",
        severity: Medium,
        remediation: "Add private_cluster_config with enable_private_nodes = true, and give the nodes egress through Cloud NAT.",
        frameworks: [mitre("T1133")],
        peers: [
            checkov("CKV_GCP_25"),
            kics("6ccb85d7-0420-4907-9380-50313f80946b"),
            trivy("AVD-GCP-0059"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpGkePrivateNodesDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_container_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_block_true(
            resource,
            cx,
            "private_cluster_config",
            "enable_private_nodes",
            "the nodes get public IP addresses reachable from the internet",
        );
    }
}
