use super::compute_metadata::{metadata_bool, metadata_value, ALL_KINDS};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Compute Engine metadata that turns OS Login off: `enable-oslogin` set to `false` (or
    /// `FALSE`, `0`) in the `metadata` of `google_compute_instance`,
    /// `google_compute_instance_template`, `google_compute_instance_from_template` or
    /// `google_compute_project_metadata`, or by a `google_compute_project_metadata_item`. A
    /// missing key is not reported (the project or organization may turn OS Login on); an
    /// unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Without OS Login, SSH access is granted by keys written into metadata: they are not tied
    /// to IAM identities, survive the departure of their owner, and are not covered by two-step
    /// verification or audit of who logged in.
    ///
    /// ## How to fix
    ///
    /// Remove the override, and turn OS Login on for the project:
    ///
    /// ```hcl
    /// resource "google_compute_project_metadata_item" "oslogin" {
    ///   key   = "enable-oslogin"
    ///   value = "TRUE"
    /// }
    /// ```
    pub struct GcpComputeOsLoginDisabled {
        id: "gcp-compute-os-login-disabled",
        platform: Terraform,
        title: "Compute metadata turns OS Login off",
        severity: Medium,
        remediation: "Remove enable-oslogin = false, and set enable-oslogin = TRUE in project metadata.",
        frameworks: [cis_gcp("4.4")],
        peers: [
            checkov("CKV_GCP_34"),
            kics("d0b4d550-c001-46c3-bbdb-d5d75d33f05f"),
            kics("32ecd6eb-0711-421f-9627-1a28d9eff217"),
            trivy("AVD-GCP-0036"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpComputeOsLoginDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &ALL_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(set) = metadata_value(resource, "enable-oslogin") else {
            return;
        };
        if metadata_bool(set.value) == Some(false) {
            cx.report_value_at(
                set.span,
                set.attribute,
                set.value,
                &set.route,
                "OS Login is off: SSH access goes through metadata keys, not IAM",
            );
        }
    }
}
