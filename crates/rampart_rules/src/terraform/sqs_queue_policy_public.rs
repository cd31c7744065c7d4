use super::policy_document::report_public_grants;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// SQS queue policies (`aws_sqs_queue_policy`, and the `policy` of `aws_sqs_queue`) with an
    /// `Allow` statement for any principal (`"*"` or `{"AWS": "*"}`) and no condition that
    /// restricts the callers (`aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID`,
    /// `aws:SourceVpce` and the other keys that tie a request to known accounts, networks or
    /// resources). The policy is read as JSON (heredoc, `jsonencode`, `file`) or from the
    /// `aws_iam_policy_document` data source it refers to.
    ///
    /// ## Why it matters
    ///
    /// Anyone with an AWS account can then send messages into the queue (feeding forged work
    /// to its consumers), read and delete them (stealing or dropping the work), or purge it,
    /// for the actions the statement lists.
    ///
    /// ## How to fix
    ///
    /// Grant the service or account that needs the queue, and tie it to its source:
    ///
    /// ```hcl
    /// statement {
    ///   actions   = ["sqs:SendMessage"]
    ///   resources = [aws_sqs_queue.events.arn]
    ///   principals {
    ///     type        = "Service"
    ///     identifiers = ["sns.amazonaws.com"]
    ///   }
    ///   condition {
    ///     test     = "ArnEquals"
    ///     variable = "aws:SourceArn"
    ///     values   = [aws_sns_topic.events.arn]
    ///   }
    /// }
    /// ```
    pub struct SqsQueuePolicyPublic {
        id: "aws-sqs-queue-policy-public",
        platform: Terraform,
        title: "SQS queue policy grants access to anyone",
        severity: High,
        remediation: "Grant named principals, or restrict the statement with a condition on the source (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID).",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_168"),
            kics("730675f9-52ed-49b6-8ead-0acb5dd7df7f"),
        ],
        fixable: false,
    }
}

impl TerraformRule for SqsQueuePolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_sqs_queue", "aws_sqs_queue_policy"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Some(policy) = resource.attribute("policy") {
            report_public_grants(resource, cx, policy, "queue policy");
        }
    }
}
