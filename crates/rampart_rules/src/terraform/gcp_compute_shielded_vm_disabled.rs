use super::{forbid_false, nested, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

/// The resources that launch Compute Engine instances.
const KINDS: [&str; 3] = [
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_instance_from_template",
];

declare_rule! {
    /// ## What it checks
    ///
    /// Compute Engine instances and templates (`google_compute_instance`,
    /// `google_compute_instance_template`, `google_compute_instance_from_template`) whose
    /// `shielded_instance_config` sets `enable_vtpm` or `enable_integrity_monitoring` to
    /// `false` (both default to `true`). Secure Boot (`enable_secure_boot`, off by default and
    /// not supported by every image) is not judged, nor are unknown values.
    ///
    /// ## Why it matters
    ///
    /// The virtual TPM measures the boot sequence and integrity monitoring compares it with a
    /// known-good baseline: with either off, a bootkit or a tampered kernel on the instance
    /// goes unnoticed.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_compute_instance" "main" {
    ///   # ...
    ///   shielded_instance_config {
    ///     enable_secure_boot          = true
    ///     enable_vtpm                 = true
    ///     enable_integrity_monitoring = true
    ///   }
    /// }
    /// ```
    pub struct GcpComputeShieldedVmDisabled {
        id: "gcp-compute-shielded-vm-disabled",
        platform: Terraform,
        title: "Compute instance turns off Shielded VM's vTPM or integrity monitoring",
        severity: Medium,
        remediation: "Remove enable_vtpm = false and enable_integrity_monitoring = false (both default to true).",
        frameworks: [cis_gcp("4.8")],
        peers: [
            checkov("CKV_GCP_39"),
            kics("1b44e234-3d73-41a8-9954-0b154135280e"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpComputeShieldedVmDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Nested::Blocks(blocks) = nested(resource.body(), "shielded_instance_config") else {
            return;
        };
        for block in blocks {
            for name in ["enable_vtpm", "enable_integrity_monitoring"] {
                forbid_false(
                    cx,
                    &block.body,
                    "shielded_instance_config",
                    name,
                    "a tampered boot sequence goes unnoticed",
                );
            }
        }
    }
}
