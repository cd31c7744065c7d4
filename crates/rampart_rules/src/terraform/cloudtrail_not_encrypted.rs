use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_cloudtrail` trails without a `kms_key_id`: their log files are encrypted with
    /// S3-managed keys only.
    ///
    /// ## Why it matters
    ///
    /// With a customer-managed KMS key, reading the logs needs both read access to the bucket
    /// and decrypt permission on the key, and every decryption is itself logged. With the
    /// default S3-managed encryption, anyone who can read the bucket reads the account's whole
    /// API history: who holds which role, which resources exist, where the data is.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   # ...
    ///   kms_key_id = aws_kms_key.trail.arn
    /// }
    /// ```
    pub struct CloudtrailNotEncrypted {
        id: "aws-cloudtrail-not-encrypted",
        platform: Terraform,
        title: "CloudTrail logs are not encrypted with a KMS key",
        severity: Medium,
        remediation: "Set kms_key_id to a customer-managed KMS key whose policy lets CloudTrail encrypt.",
        frameworks: [cis_aws("3.5")],
        peers: [
            checkov("CKV_AWS_35"),
            kics("5d9e3164-9265-470c-9a10-57ae454ac0c7"),
            trivy("AVD-AWS-0015"),
        ],
        fixable: false,
    }
}

impl TerraformRule for CloudtrailNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_cloudtrail"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let key = resource.attribute("kms_key_id");
        if key.is_none_or(|k| k.value.is_null() || k.value.as_str() == Some("")) {
            cx.report(
                resource.instance.span,
                "",
                "kms_key_id is not set: the logs are encrypted with S3-managed keys only",
            );
        }
    }
}
