use super::compute_metadata::{metadata_bool, metadata_value, report_entry};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

/// The resources that launch instances with their own metadata. An instance made from a
/// template (`google_compute_instance_from_template`) takes the template's metadata when it
/// sets none, so it is judged only when it sets the key.
const INSTANCE_KINDS: [&str; 2] = [
    "google_compute_instance",
    "google_compute_instance_template",
];

const KEY: &str = "block-project-ssh-keys";

declare_rule! {
    /// ## What it checks
    ///
    /// `google_compute_instance` and `google_compute_instance_template` resources whose
    /// `metadata` does not set `block-project-ssh-keys` to `true` (it is not set by default),
    /// and `google_compute_instance_from_template` resources that set it to `false`. An
    /// instance whose metadata turns OS Login on (`enable-oslogin`), which ignores metadata SSH
    /// keys, is not reported; unknown metadata is not judged.
    ///
    /// ## Why it matters
    ///
    /// SSH keys in the project's metadata open every instance of the project that does not
    /// block them: one leaked project-wide key, or one user allowed to edit project metadata,
    /// gives a shell on all of them.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_compute_instance" "main" {
    ///   # ...
    ///   metadata = {
    ///     block-project-ssh-keys = true
    ///   }
    /// }
    /// ```
    pub struct GcpComputeProjectSshKeysAllowed {
        id: "gcp-compute-project-ssh-keys-allowed",
        platform: Terraform,
        title: "Compute instance accepts project-wide SSH keys",
        severity: Medium,
        remediation: "Set block-project-ssh-keys = true in the instance metadata (or use OS Login).",
        frameworks: [cis_gcp("4.3")],
        peers: [
            checkov("CKV_GCP_32"),
            kics("3e4d5ce6-3280-4027-8010-c26eeea1ec01"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpComputeProjectSshKeysAllowed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "google_compute_instance",
            "google_compute_instance_template",
            "google_compute_instance_from_template",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        const EFFECT: &str = "SSH keys in the project metadata open this instance";
        if !resource.is_any(&INSTANCE_KINDS)
            && !resource.is("google_compute_instance_from_template")
        {
            return;
        }
        if let Some(set) = metadata_value(resource, KEY) {
            if metadata_bool(set.value) == Some(false) {
                report_entry(cx, &set, format!("{KEY} is false: {EFFECT}"));
            }
            return;
        }
        if !resource.is_any(&INSTANCE_KINDS) {
            return;
        }
        let oslogin = metadata_value(resource, "enable-oslogin")
            .is_some_and(|set| metadata_bool(set.value) != Some(false));
        if oslogin {
            return;
        }
        match resource
            .attribute("metadata")
            .filter(|a| !a.value.is_null())
        {
            None => {
                cx.report(
                    resource.instance.span,
                    "",
                    format!("no metadata sets {KEY}: {EFFECT}"),
                );
            }
            Some(attribute) if attribute.value.as_map().is_some() => {
                cx.report(
                    attribute.span,
                    "metadata",
                    format!("the metadata does not set {KEY}: {EFFECT}"),
                );
            }
            Some(_) => {}
        }
    }
}
