use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_sns_topic` resources that do not set `kms_master_key_id`, or set it to an empty
    /// string. SNS topics are not encrypted at rest by default. A key that is not known before
    /// apply is not reported.
    ///
    /// ## Why it matters
    ///
    /// Without server-side encryption, the messages published to the topic (alerts, events,
    /// often with personal data or identifiers in them) are stored unencrypted while SNS holds
    /// them for delivery, and access to them is not governed by a KMS key policy.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_sns_topic" "alerts" {
    ///   name              = "alerts"
    ///   kms_master_key_id = aws_kms_key.sns.arn # or "alias/aws/sns"
    /// }
    /// ```
    pub struct SnsTopicNotEncrypted {
        id: "aws-sns-topic-not-encrypted",
        platform: Terraform,
        title: "SNS topic is not encrypted",
        severity: Medium,
        remediation: "Set kms_master_key_id (a customer-managed key, or alias/aws/sns).",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_26"),
            kics("28545147-2fc6-42d5-a1f9-cf226658e591"),
        ],
        fixable: false,
    }
}

const EFFECT: &str = "messages are stored unencrypted";

impl TerraformRule for SnsTopicNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_sns_topic"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        match resource.attribute("kms_master_key_id") {
            Some(key) if !key.value.is_null() => {
                if key.value.as_str().is_some_and(|k| k.trim().is_empty()) {
                    cx.report_value(
                        key,
                        &key.value,
                        "kms_master_key_id",
                        format!("kms_master_key_id is empty: {EFFECT}"),
                    );
                }
            }
            _ => {
                cx.report(
                    resource.instance.span,
                    "",
                    format!("kms_master_key_id is not set: {EFFECT}"),
                );
            }
        }
    }
}
