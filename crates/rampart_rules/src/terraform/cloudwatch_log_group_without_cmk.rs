use super::{require_set, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_cloudwatch_log_group` resources that do not set `kms_key_id` (or set it to
    /// `null`). A key that is not known before apply is not reported.
    ///
    /// CloudWatch Logs encrypts every log group at rest anyway, with keys AWS owns and
    /// manages: a log group without `kms_key_id` is not stored in clear. What a
    /// customer-managed key adds is a second control, hence the low severity.
    ///
    /// ## Why it matters
    ///
    /// Logs gather what applications let slip: tokens, personal data, request bodies. With a
    /// customer-managed key, reading them needs the key policy's consent as well as
    /// `logs:GetLogEvents`, every decryption is recorded in CloudTrail, and disabling the key
    /// cuts off access to the logs at once. With the AWS-owned key, any principal allowed to
    /// read the log group reads it.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_cloudwatch_log_group" "app" {
    ///   name              = "/app/api"
    ///   retention_in_days = 90
    ///   kms_key_id        = aws_kms_key.logs.arn
    /// }
    /// ```
    ///
    /// The key policy must allow the `logs.<region>.amazonaws.com` service principal to use it.
    pub struct CloudwatchLogGroupWithoutCmk {
        id: "aws-cloudwatch-log-group-without-cmk",
        platform: Terraform,
        title: "CloudWatch log group is not encrypted with a customer-managed key",
        severity: Low,
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_158"),
            kics("0afbcfe9-d341-4b92-a64c-7e6de0543879"),
            trivy("AVD-AWS-0017"),
        ],
        fixable: false,
    }
}

impl TerraformRule for CloudwatchLogGroupWithoutCmk {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_cloudwatch_log_group"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_set(
            resource,
            cx,
            "kms_key_id",
            "kms_key_id is not set: the log group is encrypted with an AWS-owned key, with no key policy to limit who reads it",
        );
    }
}
