use super::policy_document::report_public_grants;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Secrets Manager resource policies (`aws_secretsmanager_secret_policy`, and the `policy`
    /// of `aws_secretsmanager_secret`) with an `Allow` statement for any principal (`"*"` or
    /// `{"AWS": "*"}`) and no condition that restricts the callers (`aws:PrincipalOrgID`,
    /// `aws:PrincipalAccount`, `aws:SourceVpce` and the other keys that tie a request to known
    /// accounts, networks or resources). The policy is read as JSON (heredoc, `jsonencode`,
    /// `file`) or from the `aws_iam_policy_document` data source it refers to. A secret
    /// without a policy is reachable from its own account only, and is not reported.
    /// `block_public_policy = true` makes AWS refuse such a policy, but the configuration is
    /// still reported: it cannot be applied as written.
    ///
    /// ## Why it matters
    ///
    /// Any identity of any AWS account can then read the secret's value (database passwords,
    /// API keys), or change or delete it, for the actions the statement lists, limited only by
    /// whether it may also use the secret's KMS key.
    ///
    /// ## How to fix
    ///
    /// Grant the roles that read the secret:
    ///
    /// ```hcl
    /// statement {
    ///   actions   = ["secretsmanager:GetSecretValue"]
    ///   resources = ["*"]
    ///   principals {
    ///     type        = "AWS"
    ///     identifiers = [aws_iam_role.app.arn]
    ///   }
    /// }
    /// ```
    pub struct SecretsmanagerSecretPolicyPublic {
        id: "aws-secretsmanager-secret-policy-public",
        platform: Terraform,
        title: "Secrets Manager secret policy grants access to anyone",
        severity: High,
        remediation: "Grant named roles, or restrict the statement with aws:PrincipalOrgID or aws:PrincipalAccount.",
        frameworks: [mitre("T1555.006")],
        peers: [kics("fa00ce45-386d-4718-8392-fb485e1f3c5b")],
        fixable: false,
    }
}

impl TerraformRule for SecretsmanagerSecretPolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "aws_secretsmanager_secret",
            "aws_secretsmanager_secret_policy",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Some(policy) = resource.attribute("policy") {
            report_public_grants(resource, cx, policy, "secret policy");
        }
    }
}
