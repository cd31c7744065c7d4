use super::{require_true, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_kms_key` resources for symmetric encryption (`key_usage` `ENCRYPT_DECRYPT` and
    /// `customer_master_key_spec` `SYMMETRIC_DEFAULT`, the defaults) whose `enable_key_rotation`
    /// is `false` or not set (the default is `false`). Asymmetric and HMAC keys cannot be
    /// rotated automatically and are not judged, nor are keys in a custom key store
    /// (`custom_key_store_id`, which AWS does not rotate) or whose spec is not known.
    ///
    /// ## Why it matters
    ///
    /// Automatic rotation creates new key material every year (or the period set by
    /// `rotation_period_in_days`) and keeps the old material to decrypt what it encrypted.
    /// Without it, one key material protects data for as long as the key lives, so a leak of
    /// that material, or a cryptanalytic advance, exposes everything ever encrypted with it.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_kms_key" "data" {
    ///   description         = "data at rest"
    ///   enable_key_rotation = true
    /// }
    /// ```
    pub struct KmsKeyRotationDisabled {
        id: "aws-kms-key-rotation-disabled",
        platform: Terraform,
        title: "KMS key rotation is off",
        severity: Medium,
        remediation: "Set enable_key_rotation = true on symmetric KMS keys.",
        frameworks: [cis_aws("3.6")],
        peers: [
            checkov("CKV_AWS_7"),
            kics("22fbfeac-7b5a-421a-8a27-7a2178bb910b"),
            trivy("AVD-AWS-0065"),
        ],
        fixable: false,
    }
}

impl TerraformRule for KmsKeyRotationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_kms_key"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let is = |name: &str, default: &str| {
            resource
                .attribute(name)
                .map_or(Some(default), |a| a.value.as_str())
                == Some(default)
        };
        let custom_store = resource
            .attribute("custom_key_store_id")
            .is_some_and(|a| !a.value.is_null());
        if !is("customer_master_key_spec", "SYMMETRIC_DEFAULT")
            || !is("key_usage", "ENCRYPT_DECRYPT")
            || custom_store
        {
            return;
        }
        require_true(
            cx,
            resource.body(),
            resource.instance.span,
            "",
            "enable_key_rotation",
            "the same key material encrypts for as long as the key lives",
        );
    }
}
