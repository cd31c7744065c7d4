use super::{bool_setting, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_ebs_volume` resources whose `encrypted` is `false`, or not set (the default is
    /// `false`, unless EBS encryption by default is on for the account and region, which the
    /// configuration does not show), and that are not created from a snapshot (a volume made
    /// from an encrypted snapshot is encrypted).
    ///
    /// ## Why it matters
    ///
    /// An unencrypted volume keeps its data, and every snapshot taken of it, in clear: a
    /// snapshot shared by mistake, or copied by anyone with snapshot permissions, exposes it.
    /// Encryption is set at creation and cannot be added to an existing volume.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_ebs_volume" "data" {
    ///   availability_zone = "eu-west-1a"
    ///   size              = 100
    ///   encrypted         = true
    ///   kms_key_id        = aws_kms_key.ebs.arn
    /// }
    /// ```
    ///
    /// Turn on `aws_ebs_encryption_by_default` for every region as well.
    pub struct EbsVolumeNotEncrypted {
        id: "aws-ebs-volume-not-encrypted",
        platform: Terraform,
        title: "EBS volume is not encrypted",
        severity: High,
        remediation: "Set encrypted = true (with a customer-managed kms_key_id).",
        frameworks: [cis_aws("2.2.1")],
        peers: [
            checkov("CKV_AWS_3"),
            kics("cc997676-481b-4e93-aa81-d19f8c5e9b12"),
            trivy("AVD-AWS-0026"),
        ],
        fixable: false,
    }
}

impl TerraformRule for EbsVolumeNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_ebs_volume"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        match bool_setting(resource.body(), "encrypted") {
            Setting::Known(false, attribute) => {
                cx.report_value(
                    attribute,
                    &attribute.value,
                    "encrypted",
                    "EBS volume is not encrypted",
                );
            }
            Setting::Missing if resource.attribute("snapshot_id").is_none() => {
                cx.report(
                    resource.instance.span,
                    "",
                    "EBS volume does not set encrypted (it defaults to false)",
                );
            }
            _ => {}
        }
    }
}
