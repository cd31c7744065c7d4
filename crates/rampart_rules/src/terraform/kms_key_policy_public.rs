use super::policy_document::report_public_grants;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// KMS key policies (the `policy` of `aws_kms_key`, `aws_kms_replica_key`,
    /// `aws_kms_external_key` and `aws_kms_replica_external_key`, and
    /// `aws_kms_key_policy`) with an `Allow` statement for any principal (`"*"` or
    /// `{"AWS": "*"}`) and no condition that restricts the callers (`kms:CallerAccount`,
    /// `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceVpce` and the other keys that
    /// tie a request to known accounts, networks or resources). The policy is read as JSON
    /// (heredoc, `jsonencode`, `file`) or from the `aws_iam_policy_document` data source it
    /// refers to. A key without a `policy` is not reported: KMS then gives it the default key
    /// policy, which trusts the key's own account only.
    ///
    /// ## Why it matters
    ///
    /// A key policy is the only gate on a KMS key: with `"*"` as principal, any identity in any
    /// AWS account can use the key for the actions the statement lists: decrypt whatever was
    /// encrypted with it, or, with `kms:*`, change its policy, disable it or schedule its
    /// deletion, making that data unreadable for good.
    ///
    /// ## How to fix
    ///
    /// Grant the key's account (and through it, IAM policies) or named roles:
    ///
    /// ```hcl
    /// statement {
    ///   actions   = ["kms:*"]
    ///   resources = ["*"]
    ///   principals {
    ///     type        = "AWS"
    ///     identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    ///   }
    /// }
    /// ```
    pub struct KmsKeyPolicyPublic {
        id: "aws-kms-key-policy-public",
        platform: Terraform,
        title: "KMS key policy grants access to anyone",
        severity: High,
        remediation: "Grant the key's account or named principals, or restrict the statement with kms:CallerAccount or aws:PrincipalOrgID.",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_33"),
            kics("7ebc9038-0bde-479a-acc4-6ed7b6758899"),
        ],
        fixable: false,
    }
}

impl TerraformRule for KmsKeyPolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "aws_kms_key",
            "aws_kms_replica_key",
            "aws_kms_external_key",
            "aws_kms_replica_external_key",
            "aws_kms_key_policy",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Some(policy) = resource.attribute("policy") {
            report_public_grants(resource, cx, policy, "key policy");
        }
    }
}
