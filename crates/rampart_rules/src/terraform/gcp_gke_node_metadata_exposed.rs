use super::gke_node_management::{node_configs, NODE_POOL_KINDS};
use super::{nested, route, string_in, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// GKE node configurations (`node_config` of `google_container_node_pool`, and of
    /// `google_container_cluster` and its `node_pool` blocks) whose
    /// `workload_metadata_config` exposes the node's metadata server to pods: `mode =
    /// "GCE_METADATA"`, or the legacy `node_metadata = "EXPOSE"`. Not set (the cluster's
    /// workload identity setting decides) and unknown values are not judged.
    ///
    /// ## Why it matters
    ///
    /// With the Compute Engine metadata server exposed, every pod on the node can fetch the
    /// node's service account token and act with its permissions, instead of the identity of
    /// its own Kubernetes service account (Workload Identity's GKE metadata server).
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_container_node_pool" "main" {
    ///   # ...
    ///   node_config {
    ///     workload_metadata_config {
    ///       mode = "GKE_METADATA"
    ///     }
    ///   }
    /// }
    /// ```
    pub struct GcpGkeNodeMetadataExposed {
        id: "gcp-gke-node-metadata-exposed",
        platform: Terraform,
        title: "GKE nodes expose the Compute Engine metadata server to pods",
        severity: Medium,
        remediation: "Set workload_metadata_config { mode = \"GKE_METADATA\" } and use Workload Identity.",
        frameworks: [mitre("T1552.005")],
        peers: [
            checkov("CKV_GCP_69"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpGkeNodeMetadataExposed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &NODE_POOL_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for (body, prefix) in node_configs(resource) {
            let Nested::Blocks(blocks) = nested(body, "workload_metadata_config") else {
                continue;
            };
            let prefix = route(prefix, "workload_metadata_config");
            for block in blocks {
                for (name, bad) in [("mode", "GCE_METADATA"), ("node_metadata", "EXPOSE")] {
                    if let Some((attribute, text)) = string_in(&block.body, name, &[bad]) {
                        cx.report_value(
                            attribute,
                            &attribute.value,
                            &route(&prefix, name),
                            format!(
                                "{name} is {text}: pods can take the node's service account token"
                            ),
                        );
                    }
                }
            }
        }
    }
}
