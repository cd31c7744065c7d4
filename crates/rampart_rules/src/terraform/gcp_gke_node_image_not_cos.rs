use super::gke_node_management::{node_configs, NODE_POOL_KINDS};
use super::{route, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// GKE node configurations (`node_config` of `google_container_node_pool`, and of
    /// `google_container_cluster` and its `node_pool` blocks) whose `image_type` is not a
    /// Container-Optimized OS image (`COS_CONTAINERD`, `COS`): `UBUNTU_CONTAINERD`, say. Not set,
    /// GKE uses `COS_CONTAINERD`, so it is not reported, nor is an unknown value. Windows images
    /// (`WINDOWS_LTSC_CONTAINERD`...) are not reported: Windows workloads need them and COS has
    /// no Windows variant. A cluster's own `node_config` is not judged when
    /// `remove_default_node_pool` is `true` or unknown: it only makes the default node pool,
    /// which is then deleted.
    ///
    /// ## Why it matters
    ///
    /// Container-Optimized OS is built to run containers: a read-only root file system, a
    /// minimal set of packages, no package manager, kernel hardening and automatic updates from
    /// Google. A general-purpose image gives a container that escapes to the node more tools
    /// to use and more places to persist.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_container_node_pool" "main" {
    ///   # ...
    ///   node_config {
    ///     image_type = "COS_CONTAINERD"
    ///   }
    /// }
    /// ```
    pub struct GcpGkeNodeImageNotCos {
        id: "gcp-gke-node-image-not-cos",
        platform: Terraform,
        title: "GKE nodes do not run Container-Optimized OS",
        severity: Low,
        remediation: "Set image_type = \"COS_CONTAINERD\" (or remove it: it is the default).",
        frameworks: [mitre("T1611")],
        peers: [
            checkov("CKV_GCP_22"),
            kics("8a893e46-e267-485a-8690-51f39951de58"),
            trivy("AVD-GCP-0054"),
        ],
        fixable: false,
    }
}

/// Whether `image` names a Container-Optimized OS or a Windows image.
fn allowed(image: &str) -> bool {
    let image = image.to_ascii_uppercase();
    image.starts_with("COS") || image.starts_with("WINDOWS")
}

impl TerraformRule for GcpGkeNodeImageNotCos {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &NODE_POOL_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for (body, prefix) in node_configs(resource) {
            let Some(attribute) = body.attribute("image_type") else {
                continue;
            };
            let Some(image) = attribute.value.as_str().filter(|i| !allowed(i)) else {
                continue;
            };
            cx.report_value(
                attribute,
                &attribute.value,
                &route(prefix, "image_type"),
                format!("image_type is {image}: the nodes do not run the hardened, read-only Container-Optimized OS"),
            );
        }
    }
}
