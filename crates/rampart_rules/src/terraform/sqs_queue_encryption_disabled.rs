use super::{bool_setting, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_sqs_queue` resources whose `sqs_managed_sse_enabled` is `false` and that do not set
    /// a `kms_master_key_id` (SSE-KMS). New queues are encrypted with SQS-managed keys by
    /// default, so a queue that does not set `sqs_managed_sse_enabled` is not reported, nor one
    /// whose KMS key is not known.
    ///
    /// ## Why it matters
    ///
    /// `sqs_managed_sse_enabled = false` without a KMS key turns server-side encryption off:
    /// the messages, which often carry personal data or credentials for the work they
    /// describe, are stored in clear for as long as they stay in the queue.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_sqs_queue" "orders" {
    ///   name              = "orders"
    ///   kms_master_key_id = aws_kms_key.sqs.arn
    /// }
    /// ```
    ///
    /// or leave SQS-managed encryption on (`sqs_managed_sse_enabled = true`, the default).
    pub struct SqsQueueEncryptionDisabled {
        id: "aws-sqs-queue-encryption-disabled",
        platform: Terraform,
        title: "SQS queue server-side encryption is turned off",
        severity: Medium,
        remediation: "Set kms_master_key_id, or leave sqs_managed_sse_enabled at true.",
        frameworks: [mitre("T1530")],
        peers: [checkov("CKV_AWS_27")],
        fixable: false,
    }
}

impl TerraformRule for SqsQueueEncryptionDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_sqs_queue"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Setting::Known(false, attribute) =
            bool_setting(resource.body(), "sqs_managed_sse_enabled")
        else {
            return;
        };
        // A KMS key (known or not) gives SSE-KMS.
        if resource
            .attribute("kms_master_key_id")
            .is_some_and(|key| !key.value.is_null())
        {
            return;
        }
        cx.report_value(
            attribute,
            &attribute.value,
            "sqs_managed_sse_enabled",
            "sqs_managed_sse_enabled is false and no kms_master_key_id is set: the queue's messages are stored unencrypted",
        );
    }
}
