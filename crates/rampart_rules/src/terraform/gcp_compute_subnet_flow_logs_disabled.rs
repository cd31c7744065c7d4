use super::{bool_setting, nested, Nested, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_compute_subnetwork` resources without a `log_config` block (VPC flow logs are
    /// off unless it is written), unless the deprecated `enable_flow_logs = true` turns them on.
    /// Only subnets that can have flow logs are judged: `purpose` not set, `PRIVATE` or
    /// `PRIVATE_RFC_1918`; proxy-only, Private Service Connect and other special-purpose
    /// subnets are not, nor is a subnet whose `purpose` or `enable_flow_logs` is unknown.
    ///
    /// ## Why it matters
    ///
    /// Flow logs record the connections to and from every VM of the subnet. Without them,
    /// there is no record of which hosts a compromised VM reached, of data leaving the
    /// network, or of scanning inside it, for an investigation or for detection.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_compute_subnetwork" "main" {
    ///   # ...
    ///   log_config {
    ///     aggregation_interval = "INTERVAL_5_SEC"
    ///     flow_sampling        = 1
    ///     metadata             = "INCLUDE_ALL_METADATA"
    ///   }
    /// }
    /// ```
    pub struct GcpComputeSubnetFlowLogsDisabled {
        id: "gcp-compute-subnet-flow-logs-disabled",
        platform: Terraform,
        title: "VPC subnet has flow logs disabled",
        severity: Low,
        remediation: "Add a log_config block to the subnetwork.",
        frameworks: [cis_gcp("3.8")],
        peers: [
            checkov("CKV_GCP_26"),
            kics("40430747-442d-450a-a34f-dc57149f4609"),
            trivy("AVD-GCP-0029"),
        ],
        fixable: false,
    }
}

/// The subnet purposes that support flow logs.
const LOGGED_PURPOSES: [&str; 2] = ["PRIVATE", "PRIVATE_RFC_1918"];

const EFFECT: &str = "the subnet's connections are not recorded";

impl TerraformRule for GcpComputeSubnetFlowLogsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_compute_subnetwork"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let logged = match resource.attribute("purpose") {
            Some(p) if !p.value.is_null() => p
                .value
                .as_str()
                .is_some_and(|p| LOGGED_PURPOSES.iter().any(|l| l.eq_ignore_ascii_case(p))),
            _ => true,
        };
        if !logged || !matches!(nested(resource.body(), "log_config"), Nested::Missing) {
            return;
        }
        match bool_setting(resource.body(), "enable_flow_logs") {
            Setting::Known(false, attribute) => {
                cx.report_value(
                    attribute,
                    &attribute.value,
                    "enable_flow_logs",
                    format!("enable_flow_logs is false and there is no log_config block: {EFFECT}"),
                );
            }
            Setting::Missing => {
                cx.report(
                    resource.instance.span,
                    "",
                    format!("no log_config block (flow logs are off by default): {EFFECT}"),
                );
            }
            Setting::Known(true, _) | Setting::Unknown => {}
        }
    }
}
