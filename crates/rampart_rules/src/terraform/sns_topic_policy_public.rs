use super::policy_document::report_public_grants;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// SNS topic policies (`aws_sns_topic_policy`, and the `policy` of `aws_sns_topic`) with an
    /// `Allow` statement for any principal (`"*"` or `{"AWS": "*"}`) and no condition that
    /// restricts the callers (`aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID` and
    /// the other keys that tie a request to known accounts, networks or resources). The policy
    /// is read as JSON (heredoc, `jsonencode`, `file`) or from the `aws_iam_policy_document`
    /// data source it refers to.
    ///
    /// ## Why it matters
    ///
    /// Anyone with an AWS account can then publish to the topic (pushing forged notifications
    /// to every subscriber: queues, functions, e-mail and SMS), subscribe to it and receive
    /// every message, or change its settings, for the actions the statement lists.
    ///
    /// ## How to fix
    ///
    /// Grant the service or account that publishes, and tie it to its source:
    ///
    /// ```hcl
    /// statement {
    ///   actions   = ["sns:Publish"]
    ///   resources = [aws_sns_topic.alerts.arn]
    ///   principals {
    ///     type        = "Service"
    ///     identifiers = ["events.amazonaws.com"]
    ///   }
    ///   condition {
    ///     test     = "StringEquals"
    ///     variable = "aws:SourceAccount"
    ///     values   = [data.aws_caller_identity.current.account_id]
    ///   }
    /// }
    /// ```
    pub struct SnsTopicPolicyPublic {
        id: "aws-sns-topic-policy-public",
        platform: Terraform,
        title: "SNS topic policy grants access to anyone",
        severity: High,
        remediation: "Grant named principals, or restrict the statement with a condition on the source (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID).",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_169"),
            kics("b26d2b7e-60f6-413d-a3a1-a57db24aa2b3"),
        ],
        fixable: false,
    }
}

impl TerraformRule for SnsTopicPolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_sns_topic", "aws_sns_topic_policy"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Some(policy) = resource.attribute("policy") {
            report_public_grants(resource, cx, policy, "topic policy");
        }
    }
}
