use super::policy_document::{statements, IDENTITY_POLICY_KINDS};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Identity policies (`aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy`,
    /// `aws_iam_group_policy`, the `inline_policy` of `aws_iam_role`, and
    /// `aws_iam_policy_document` statements without principals) with an `Allow` statement that
    /// grants `iam:PassRole` (written out, or through `iam:*`, `iam:Pass*` and other wildcards)
    /// on every resource (`"*"`) with no condition. A bare `"*"` action is left to
    /// `aws-iam-policy-admin-access`, and a statement with a condition (`iam:PassedToService`,
    /// say) is not reported.
    ///
    /// ## Why it matters
    ///
    /// `iam:PassRole` decides which roles an identity can hand to a service (an EC2 instance, a
    /// Lambda function, a Glue job). On `"*"`, it can hand any role of the account, the
    /// administrator roles included, to a resource it controls and act with that role's
    /// permissions: a classic privilege escalation.
    ///
    /// ## How to fix
    ///
    /// Name the roles, and the service they are passed to:
    ///
    /// ```hcl
    /// data "aws_iam_policy_document" "deploy" {
    ///   statement {
    ///     actions   = ["iam:PassRole"]
    ///     resources = [aws_iam_role.lambda.arn]
    ///     condition {
    ///       test     = "StringEquals"
    ///       variable = "iam:PassedToService"
    ///       values   = ["lambda.amazonaws.com"]
    ///     }
    ///   }
    /// }
    /// ```
    pub struct IamPolicyPassroleAnyRole {
        id: "aws-iam-policy-passrole-any-role",
        platform: Terraform,
        title: "IAM policy allows passing any role",
        severity: High,
        remediation: "Restrict iam:PassRole to the ARNs of the roles that need to be passed, with an iam:PassedToService condition.",
        frameworks: [mitre("T1098")],
        peers: [kics("e39bee8c-fe54-4a3f-824d-e5e2d1cca40a")],
        fixable: false,
    }
}

impl TerraformRule for IamPolicyPassroleAnyRole {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &IDENTITY_POLICY_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for statement in statements(resource) {
            let passes = statement
                .actions
                .iter()
                .any(|action| action != "*" && grants(action, "iam:passrole"));
            let any_resource = statement.resources.iter().any(|r| r == "*");
            if statement.allow && !statement.conditional && passes && any_resource {
                cx.report_value(
                    statement.attribute,
                    &statement.attribute.value,
                    &statement.route,
                    "a statement allows iam:PassRole on every resource (\"*\"): any role of the account can be handed to a service",
                );
            }
        }
    }
}

/// Whether the IAM action pattern `pattern` (with `*` and `?` wildcards, compared without case)
/// matches `action` (lower case).
fn grants(pattern: &str, action: &str) -> bool {
    fn matches(p: &[u8], a: &[u8]) -> bool {
        match (p.first(), a.first()) {
            (None, None) => true,
            (Some(b'*'), _) => matches(&p[1..], a) || (!a.is_empty() && matches(p, &a[1..])),
            (Some(b'?'), Some(_)) => matches(&p[1..], &a[1..]),
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => matches(&p[1..], &a[1..]),
            _ => false,
        }
    }
    matches(pattern.as_bytes(), action.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::grants;

    #[test]
    fn wildcards() {
        assert!(grants("iam:PassRole", "iam:passrole"));
        assert!(grants("IAM:*", "iam:passrole"));
        assert!(grants("iam:Pass*", "iam:passrole"));
        assert!(grants("iam:P?ssRole", "iam:passrole"));
        assert!(!grants("iam:GetRole", "iam:passrole"));
        assert!(!grants("iam:PassRoles", "iam:passrole"));
        assert!(!grants("s3:*", "iam:passrole"));
    }
}
