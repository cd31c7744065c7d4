use super::{known_strings, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// IAM policies given to users directly instead of through groups or roles: inline user
    /// policies (`aws_iam_user_policy`), managed policies attached to a user
    /// (`aws_iam_user_policy_attachment`), and `aws_iam_policy_attachment` resources that list
    /// `users`.
    ///
    /// ## Why it matters
    ///
    /// Permissions scattered over individual users are hard to review and are rarely taken
    /// away: a user who changes team keeps what they had, and an audit has to read every
    /// user. Granting through groups (for people) and roles (for workloads) keeps the
    /// permissions in a few places where they can be reviewed and revoked.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_iam_group_policy_attachment" "readers" {
    ///   group      = aws_iam_group.readers.name
    ///   policy_arn = aws_iam_policy.read.arn
    /// }
    ///
    /// resource "aws_iam_user_group_membership" "alice" {
    ///   user   = aws_iam_user.alice.name
    ///   groups = [aws_iam_group.readers.name]
    /// }
    /// ```
    pub struct IamUserDirectPolicy {
        id: "aws-iam-user-direct-policy",
        platform: Terraform,
        title: "IAM policy is attached directly to a user",
        severity: Low,
        remediation: "Attach the policy to a group and add the user to it (or use a role).",
        frameworks: [cis_aws("1.15")],
        peers: [
            checkov("CKV_AWS_40"),
            kics("b4378389-a9aa-44ee-91e7-ef183f11079e"),
            trivy("AVD-AWS-0143"),
        ],
        fixable: false,
    }
}

impl TerraformRule for IamUserDirectPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "aws_iam_user_policy",
            "aws_iam_user_policy_attachment",
            "aws_iam_policy_attachment",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource.is_any(&["aws_iam_user_policy", "aws_iam_user_policy_attachment"]) {
            let kind = if resource.is("aws_iam_user_policy") {
                "an inline policy"
            } else {
                "a managed policy"
            };
            match resource.attribute("user") {
                Some(user) => {
                    cx.report_value(
                        user,
                        &user.value,
                        "user",
                        format!("{kind} is given to the user directly instead of through a group"),
                    );
                }
                None => {
                    cx.report(
                        resource.instance.span,
                        "",
                        format!("{kind} is given to a user directly instead of through a group"),
                    );
                }
            }
        } else if resource.is("aws_iam_policy_attachment") {
            let Some(users) = resource.attribute("users") else {
                return;
            };
            if let Some((_, first)) = known_strings(&users.value).next() {
                cx.report_value(
                    users,
                    first,
                    "users",
                    "the policy is attached to users directly instead of through a group",
                );
            } else if users.value.as_list().is_some_and(|list| !list.is_empty()) {
                cx.report_value(
                    users,
                    &users.value,
                    "users",
                    "the policy is attached to users directly instead of through a group",
                );
            }
        }
    }
}
