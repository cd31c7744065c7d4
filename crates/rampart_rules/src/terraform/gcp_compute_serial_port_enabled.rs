use super::compute_metadata::{metadata_bool, metadata_value, ALL_KINDS};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_compute_instance`, `google_compute_instance_template` and
    /// `google_compute_instance_from_template` resources whose `metadata` sets
    /// `serial-port-enable` to `true` (or `1`), and project-wide metadata that does
    /// (`google_compute_project_metadata`, `google_compute_project_metadata_item`), which
    /// applies to every instance of the project. Unknown metadata is not judged.
    ///
    /// ## Why it matters
    ///
    /// The interactive serial console accepts connections from any IP address, outside the
    /// VPC's firewall rules: anyone holding a project SSH key or the right IAM permission can
    /// log in to the machine's console from anywhere.
    ///
    /// ## How to fix
    ///
    /// Remove the key, or set it to `false`:
    ///
    /// ```hcl
    /// metadata = {
    ///   serial-port-enable = "false"
    /// }
    /// ```
    pub struct GcpComputeSerialPortEnabled {
        id: "gcp-compute-serial-port-enabled",
        platform: Terraform,
        title: "Compute instance enables the interactive serial console",
        severity: Medium,
        remediation: "Remove serial-port-enable from the instance metadata (or set it to false).",
        frameworks: [cis_gcp("4.5")],
        peers: [
            checkov("CKV_GCP_35"),
            kics("97fa667a-d05b-4f16-9071-58b939f34751"),
            trivy("AVD-GCP-0032"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpComputeSerialPortEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &ALL_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(set) = metadata_value(resource, "serial-port-enable") else {
            return;
        };
        if metadata_bool(set.value) == Some(true) {
            cx.report_value_at(
                set.span,
                set.attribute,
                set.value,
                &set.route,
                "the interactive serial console is reachable from any IP address",
            );
        }
    }
}
