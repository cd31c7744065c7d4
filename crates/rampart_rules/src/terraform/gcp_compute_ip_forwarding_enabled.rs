use super::{forbid_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_compute_instance`, `google_compute_instance_template` and
    /// `google_compute_instance_from_template` resources whose `can_ip_forward` is `true` (the
    /// default is `false`). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// With IP forwarding on, the instance may send packets with any source address and receive
    /// packets for any destination: it can spoof other machines of the network and route
    /// traffic around the firewall rules that apply to them. Only routers and NAT appliances
    /// need it.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_compute_instance" "app" {
    ///   # ...
    ///   can_ip_forward = false
    /// }
    /// ```
    pub struct GcpComputeIpForwardingEnabled {
        id: "gcp-compute-ip-forwarding-enabled",
        platform: Terraform,
        title: "Compute instance can forward IP packets",
        severity: Medium,
        remediation: "Set can_ip_forward = false (or remove it) unless the instance is a router or NAT appliance.",
        frameworks: [cis_gcp("4.6")],
        peers: [
            checkov("CKV_GCP_36"),
            kics("f34c0c25-47b4-41eb-9c79-249b4dd47b89"),
            trivy("AVD-GCP-0043"),
        ],
        fixable: false,
    }
}

const KINDS: [&str; 3] = [
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_instance_from_template",
];

impl TerraformRule for GcpComputeIpForwardingEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_true_in(
            resource,
            cx,
            &KINDS,
            "can_ip_forward",
            false,
            "the instance can send and receive packets for other addresses",
        );
    }
}
