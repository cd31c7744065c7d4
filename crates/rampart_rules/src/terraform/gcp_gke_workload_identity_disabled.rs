use super::{bool_setting, nested, Nested, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_container_cluster` resources without a `workload_identity_config` block, or
    /// whose `workload_pool` is an empty string. A Standard cluster has no Workload Identity
    /// unless the block is written. Autopilot clusters (`enable_autopilot = true`, where it is
    /// always on) and clusters whose `enable_autopilot` is unknown are not reported, nor is an
    /// unknown pool. Its peer, Checkov's CKV_GCP_69 (the GKE metadata server on the nodes),
    /// judges the nodes' half of the same feature: nodes cannot serve it without the cluster's
    /// workload pool.
    ///
    /// ## Why it matters
    ///
    /// Without Workload Identity, pods that call Google Cloud APIs use the node's service
    /// account, read from the metadata server: every pod on a node has the same permissions,
    /// and one compromised pod acts with the permissions that all of them need. Workload
    /// Identity gives each Kubernetes service account its own Google identity and hides the
    /// node's credentials from pods.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   # ...
    ///   workload_identity_config {
    ///     workload_pool = "my-project.svc.id.goog"
    ///   }
    /// }
    /// ```
    pub struct GcpGkeWorkloadIdentityDisabled {
        id: "gcp-gke-workload-identity-disabled",
        platform: Terraform,
        title: "GKE cluster does not use Workload Identity",
        severity: Medium,
        remediation: "Add a workload_identity_config block with the project's workload pool (PROJECT_ID.svc.id.goog).",
        frameworks: [mitre("T1552.005")],
        peers: [
            checkov("CKV_GCP_69"),
        ],
        fixable: false,
    }
}

const EFFECT: &str = "pods use the node's service account instead of an identity of their own";

impl TerraformRule for GcpGkeWorkloadIdentityDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_container_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        match bool_setting(resource.body(), "enable_autopilot") {
            Setting::Known(false, _) | Setting::Missing => {}
            Setting::Known(true, _) | Setting::Unknown => return,
        }
        match nested(resource.body(), "workload_identity_config") {
            Nested::Missing => {
                cx.report(
                    resource.instance.span,
                    "",
                    format!("no workload_identity_config block: {EFFECT}"),
                );
            }
            Nested::Blocks(blocks) => {
                for block in blocks {
                    if let Some(pool) = block
                        .body
                        .attribute("workload_pool")
                        .filter(|p| p.value.as_str().is_some_and(str::is_empty))
                    {
                        cx.report_value(
                            pool,
                            &pool.value,
                            "workload_identity_config.workload_pool",
                            format!("workload_pool is empty: {EFFECT}"),
                        );
                    }
                }
            }
            Nested::Opaque => {}
        }
    }
}
