use super::policy_document::{statements, IDENTITY_POLICY_KINDS};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// IAM identity policies with a statement that allows every action (`"*"`) on every
    /// resource (`"*"`): full administrator access. Policies are read wherever the
    /// configuration writes them: `statement` blocks of `aws_iam_policy_document` data sources,
    /// and the JSON `policy` of `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy`,
    /// `aws_iam_group_policy` and the `inline_policy` blocks of `aws_iam_role` (a heredoc,
    /// `jsonencode({...})` or `file(...)`, once evaluated). A policy that is a data source's
    /// `.json` is judged at the data source. Statements with a principal (trust and resource
    /// policies) are not identity policies and are left out.
    ///
    /// ## Why it matters
    ///
    /// Whoever holds such a policy (a user, a role an instance or a CI job assumes) owns the
    /// account: they can read every bucket, create users and keys for themselves, and turn
    /// off CloudTrail. One leaked credential or one SSRF on an instance with that role is a
    /// full account compromise.
    ///
    /// ## How to fix
    ///
    /// Grant the actions the principal needs on the resources it needs:
    ///
    /// ```hcl
    /// data "aws_iam_policy_document" "app" {
    ///   statement {
    ///     actions   = ["s3:GetObject", "s3:PutObject"]
    ///     resources = ["${aws_s3_bucket.uploads.arn}/*"]
    ///   }
    /// }
    /// ```
    ///
    /// Where administrator access is truly needed, attach the AWS-managed
    /// `AdministratorAccess` policy to a role that people assume with MFA, so that its use is
    /// deliberate and visible.
    pub struct IamPolicyAdminAccess {
        id: "aws-iam-policy-admin-access",
        platform: Terraform,
        title: "IAM policy grants full administrator access",
        severity: High,
        remediation: "Replace Action \"*\" on Resource \"*\" with the actions and resources the principal needs.",
        frameworks: [cis_aws("1.16")],
        peers: [
            checkov("CKV_AWS_1"),
            checkov("CKV_AWS_62"),
            kics("2f37c4a3-58b9-4afe-8a87-d7f1d2286f84"),
        ],
        fixable: false,
    }
}

impl TerraformRule for IamPolicyAdminAccess {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &IDENTITY_POLICY_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for statement in statements(resource) {
            let star = |list: &[String]| list.iter().any(|s| s == "*");
            if statement.allow && star(&statement.actions) && star(&statement.resources) {
                cx.report_value(
                    statement.attribute,
                    &statement.attribute.value,
                    &statement.route,
                    "a statement allows every action (\"*\") on every resource (\"*\")",
                );
            }
        }
    }
}
