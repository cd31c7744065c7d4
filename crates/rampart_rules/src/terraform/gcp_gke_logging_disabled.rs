use super::gke_telemetry::report_telemetry_off;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_container_cluster` resources that turn Cloud Logging off: `logging_service =
    /// "none"`, or a `logging_config` block whose `enable_components` is an empty list. The
    /// provider's default (`logging.googleapis.com/kubernetes`) sends the logs, so a cluster that
    /// sets neither is not reported, nor is an unknown value. The legacy
    /// `logging.googleapis.com` service still logs and is not reported.
    ///
    /// ## Why it matters
    ///
    /// Without logging, the cluster's system, API server and workload logs are not kept
    /// outside the nodes: an intrusion, a crash or a misuse of the cluster leaves nothing to
    /// investigate, and an attacker on a node can erase what is there.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   # ...
    ///   logging_config {
    ///     enable_components = ["SYSTEM_COMPONENTS", "WORKLOADS"]
    ///   }
    /// }
    /// ```
    pub struct GcpGkeLoggingDisabled {
        id: "gcp-gke-logging-disabled",
        platform: Terraform,
        title: "GKE cluster has Cloud Logging turned off",
        severity: Medium,
        remediation: "Remove logging_service = \"none\" and enable the SYSTEM_COMPONENTS and WORKLOADS logs.",
        frameworks: [mitre("T1562.008")],
        peers: [
            checkov("CKV_GCP_1"),
            kics("4c7ebcb2-eae2-461e-bc83-456ee2d4f694"),
            trivy("AVD-GCP-0060"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpGkeLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_container_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        report_telemetry_off(
            resource,
            cx,
            ("logging_service", "logging_config"),
            "the cluster's logs are not kept, and an intrusion leaves no trace to investigate",
        );
    }
}
