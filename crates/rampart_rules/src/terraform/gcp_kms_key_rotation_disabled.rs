use super::{is_one_of, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_kms_crypto_key` resources for symmetric encryption (`purpose` not set or
    /// `ENCRYPT_DECRYPT`) whose `rotation_period` is not set (the key is never rotated) or is
    /// longer than 90 days (`7776000s`). Asymmetric and MAC keys, which Cloud KMS cannot rotate
    /// automatically, are not judged, nor is an unknown period.
    ///
    /// ## Why it matters
    ///
    /// Rotation limits how much data one key version protects, and how long a leaked version
    /// stays useful: without it, the same key material protects everything encrypted over the
    /// key's whole life.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_kms_crypto_key" "data" {
    ///   name            = "data"
    ///   key_ring        = google_kms_key_ring.main.id
    ///   rotation_period = "7776000s" # 90 days
    /// }
    /// ```
    pub struct GcpKmsKeyRotationDisabled {
        id: "gcp-kms-key-rotation-disabled",
        platform: Terraform,
        title: "KMS key is not rotated at least every 90 days",
        severity: Medium,
        remediation: "Set rotation_period to 7776000s (90 days) or less.",
        frameworks: [cis_gcp("1.10")],
        peers: [
            checkov("CKV_GCP_43"),
            kics("d8c57c4e-bf6f-4e32-a2bf-8643532de77b"),
            trivy("AVD-GCP-0065"),
        ],
        fixable: false,
    }
}

/// 90 days, in seconds.
const MAX_PERIOD: f64 = 7_776_000.0;

impl TerraformRule for GcpKmsKeyRotationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_kms_crypto_key"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let symmetric = resource
            .attribute("purpose")
            .is_none_or(|p| p.value.is_null() || is_one_of(&p.value, &["ENCRYPT_DECRYPT"]));
        if !symmetric {
            return;
        }
        match resource.attribute("rotation_period") {
            Some(period) if !period.value.is_null() => {
                let Some(text) = period.value.as_str() else {
                    return;
                };
                let seconds = text.strip_suffix('s').and_then(|s| s.parse::<f64>().ok());
                if let Some(seconds) = seconds.filter(|s| *s > MAX_PERIOD) {
                    cx.report_value(
                        period,
                        &period.value,
                        "rotation_period",
                        format!(
                            "the key rotates every {} days, more than 90",
                            (seconds / 86_400.0).round()
                        ),
                    );
                }
            }
            _ => {
                cx.report(
                    resource.instance.span,
                    "",
                    "rotation_period is not set: the key is never rotated",
                );
            }
        }
    }
}
