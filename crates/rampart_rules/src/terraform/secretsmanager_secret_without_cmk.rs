use super::{require_set, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_secretsmanager_secret` resources that do not set `kms_key_id` (or set it to
    /// `null`): the secret is then encrypted with the AWS-managed key `aws/secretsmanager`. A
    /// key that is not known before apply is not reported.
    ///
    /// ## Why it matters
    ///
    /// The AWS-managed key's policy cannot be changed: anyone in the account with
    /// `secretsmanager:GetSecretValue` on the secret can decrypt it, there is no second,
    /// key-level control, no separation between secrets of different sensitivity, and the
    /// secret cannot be shared with another account. A customer-managed key adds a key policy
    /// that must also allow the reader, and its own audit trail in CloudTrail.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_secretsmanager_secret" "db" {
    ///   name       = "db-password"
    ///   kms_key_id = aws_kms_key.secrets.arn
    /// }
    /// ```
    pub struct SecretsmanagerSecretWithoutCmk {
        id: "aws-secretsmanager-secret-without-cmk",
        platform: Terraform,
        title: "Secrets Manager secret is not encrypted with a customer-managed key",
        severity: Low,
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        frameworks: [mitre("T1552")],
        peers: [
            checkov("CKV_AWS_149"),
            kics("a2f548f2-188c-4fff-b172-e9a6acb216bd"),
        ],
        fixable: false,
    }
}

impl TerraformRule for SecretsmanagerSecretWithoutCmk {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_secretsmanager_secret"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_set(
            resource,
            cx,
            "kms_key_id",
            "kms_key_id is not set: the secret is encrypted with the AWS-managed key, whose policy cannot restrict who decrypts it",
        );
    }
}
