use super::{is_one_of, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_kinesis_stream` resources whose `encryption_type` is `NONE` or not set (the
    /// default is `NONE`).
    ///
    /// ## Why it matters
    ///
    /// Without server-side encryption the records of the stream (often events, clicks, logs or
    /// change data carrying personal data) are stored unencrypted for the whole retention
    /// period. Encryption with KMS also makes reading them depend on the key's policy, not
    /// only on the stream's.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_kinesis_stream" "events" {
    ///   # ...
    ///   encryption_type = "KMS"
    ///   kms_key_id      = aws_kms_key.kinesis.arn # or "alias/aws/kinesis"
    /// }
    /// ```
    pub struct KinesisStreamNotEncrypted {
        id: "aws-kinesis-stream-not-encrypted",
        platform: Terraform,
        title: "Kinesis stream is not encrypted",
        severity: Medium,
        remediation: "Set encryption_type = \"KMS\" with a kms_key_id.",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_43"),
            kics("862fe4bf-3eec-4767-a517-40f378886b88"),
            trivy("AVD-AWS-0064"),
        ],
        fixable: false,
    }
}

impl TerraformRule for KinesisStreamNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_kinesis_stream"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        match resource.attribute("encryption_type") {
            Some(kind) if is_one_of(&kind.value, &["NONE"]) => {
                cx.report_value(
                    kind,
                    &kind.value,
                    "encryption_type",
                    "encryption_type is NONE: the stream's records are stored unencrypted",
                );
            }
            Some(kind) if !kind.value.is_null() => {}
            _ => {
                cx.report(
                    resource.instance.span,
                    "",
                    "encryption_type is not set (it defaults to NONE): the stream's records are stored unencrypted",
                );
            }
        }
    }
}
