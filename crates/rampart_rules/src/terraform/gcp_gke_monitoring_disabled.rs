use super::gke_telemetry::report_telemetry_off;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_container_cluster` resources that turn Cloud Monitoring off: `monitoring_service
    /// = "none"`, or a `monitoring_config` block whose `enable_components` is an empty list. The
    /// provider's default (`monitoring.googleapis.com/kubernetes`) sends the metrics, so a
    /// cluster that sets neither is not reported, nor is an unknown value.
    ///
    /// ## Why it matters
    ///
    /// Without monitoring, no alert can fire on the cluster's metrics: a node pegged by a
    /// cryptominer, a workload crash-looping after a tampered deployment or a control plane
    /// under load goes unseen.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   # ...
    ///   monitoring_config {
    ///     enable_components = ["SYSTEM_COMPONENTS"]
    ///   }
    /// }
    /// ```
    pub struct GcpGkeMonitoringDisabled {
        id: "gcp-gke-monitoring-disabled",
        platform: Terraform,
        title: "GKE cluster has Cloud Monitoring turned off",
        severity: Low,
        remediation: "Remove monitoring_service = \"none\" and enable at least the SYSTEM_COMPONENTS metrics.",
        frameworks: [mitre("T1562.001")],
        peers: [
            checkov("CKV_GCP_8"),
            kics("30e8dfd2-3591-4d19-8d11-79e93106c93d"),
            trivy("AVD-GCP-0052"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpGkeMonitoringDisabled {
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
            ("monitoring_service", "monitoring_config"),
            "no metric reaches Cloud Monitoring, so no alert can fire on the cluster",
        );
    }
}
