use rampart_terraform::Value;

use super::{is_one_of, Resource, TerraformRule, TfContext};
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

/// The resources with a `metadata` map (the project's applies to every instance).
const KINDS: [&str; 4] = [
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_instance_from_template",
    "google_compute_project_metadata",
];

impl TerraformRule for GcpComputeSerialPortEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "google_compute_instance",
            "google_compute_instance_template",
            "google_compute_instance_from_template",
            "google_compute_project_metadata",
            "google_compute_project_metadata_item",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        const EFFECT: &str = "the interactive serial console is reachable from any IP address";
        if resource.is("google_compute_project_metadata_item") {
            let key = resource.attribute("key");
            if !key.is_some_and(|k| is_one_of(&k.value, &[KEY])) {
                return;
            }
            if let Some(value) = resource.attribute("value").filter(|v| is_on(&v.value)) {
                cx.report_value(value, &value.value, "value", EFFECT);
            }
            return;
        }
        if !resource.is_any(&KINDS) {
            return;
        }
        let Some(metadata) = resource.attribute("metadata") else {
            return;
        };
        if let Some(value) = metadata.value.get(KEY).filter(|v| is_on(v)) {
            cx.report_value(metadata, value, "metadata.serial-port-enable", EFFECT);
        }
    }
}

/// The metadata key that turns the serial console on.
const KEY: &str = "serial-port-enable";

/// Whether a metadata value turns the setting on (`true`, `TRUE`, `1`).
fn is_on(value: &Value) -> bool {
    value.as_bool() == Some(true)
        || value
            .as_str()
            .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}
