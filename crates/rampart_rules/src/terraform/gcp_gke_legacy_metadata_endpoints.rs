use super::compute_metadata::{metadata_bool, metadata_entry, report_entry};
use super::gke_node_management::{node_configs, NODE_POOL_KINDS};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// GKE node configurations (`node_config` of `google_container_node_pool`, and of
    /// `google_container_cluster` and its `node_pool` blocks) whose `metadata` sets
    /// `disable-legacy-endpoints` to `false` (or `0`). GKE disables the legacy endpoints by
    /// default since 1.12, so a node configuration that does not set the key is not reported,
    /// nor is an unknown value.
    ///
    /// ## Why it matters
    ///
    /// The legacy metadata endpoints (`v0.1`, `v1beta1`) answer requests without the
    /// `Metadata-Flavor: Google` header: a server-side request forgery in any pod can read the
    /// node's service account token and the kubelet's credentials from them.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_container_node_pool" "main" {
    ///   # ...
    ///   node_config {
    ///     metadata = {
    ///       disable-legacy-endpoints = "true"
    ///     }
    ///   }
    /// }
    /// ```
    pub struct GcpGkeLegacyMetadataEndpoints {
        id: "gcp-gke-legacy-metadata-endpoints",
        platform: Terraform,
        title: "GKE nodes serve the legacy metadata endpoints",
        severity: High,
        remediation: "Set disable-legacy-endpoints = \"true\" in the node metadata (or remove it).",
        frameworks: [mitre("T1552.005")],
        peers: [
            checkov("CKV_GCP_67"),
        ],
        fixable: false,
    }
}

const KEY: &str = "disable-legacy-endpoints";

impl TerraformRule for GcpGkeLegacyMetadataEndpoints {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &NODE_POOL_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for (body, prefix) in node_configs(resource) {
            let Some(set) = metadata_entry(body, prefix, KEY) else {
                continue;
            };
            if metadata_bool(set.value) == Some(false) {
                report_entry(cx, &set, format!("{KEY} is false: pods can read the node's credentials without the metadata header"));
            }
        }
    }
}
