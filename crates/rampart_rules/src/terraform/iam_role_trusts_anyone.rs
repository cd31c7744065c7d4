use super::policy_document::report_public_grants_in;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_iam_role` resources whose trust policy (`assume_role_policy`) has an `Allow`
    /// statement for any principal (`"*"` or `{"AWS": "*"}`) and no condition that restricts the
    /// callers (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`,
    /// `aws:SourceAccount` and the other keys that tie a request to known accounts, networks or
    /// resources). The policy is read as JSON (heredoc, `jsonencode`, `file`) or from the
    /// `aws_iam_policy_document` data source it refers to. Service and federated principals
    /// are not judged.
    ///
    /// ## Why it matters
    ///
    /// Any identity in any AWS account can then call `sts:AssumeRole` on the role and act with
    /// its permissions. An `sts:ExternalId` condition only asks for a value that whoever was
    /// given it can pass on.
    ///
    /// ## How to fix
    ///
    /// Name the account or role that needs the role:
    ///
    /// ```hcl
    /// resource "aws_iam_role" "deploy" {
    ///   name = "deploy"
    ///   assume_role_policy = jsonencode({
    ///     Version = "2012-10-17"
    ///     Statement = [{
    ///       Effect    = "Allow"
    ///       Action    = "sts:AssumeRole"
    ///       Principal = { AWS = "arn:aws:iam::123456789012:role/ci" }
    ///     }]
    ///   })
    /// }
    /// ```
    pub struct IamRoleTrustsAnyone {
        id: "aws-iam-role-trusts-anyone",
        platform: Terraform,
        title: "IAM role can be assumed by any principal",
        severity: Critical,
        remediation: "Trust named accounts, roles or services, or restrict the statement with aws:PrincipalOrgID or aws:PrincipalAccount.",
        frameworks: [mitre("T1078.004")],
        peers: [
            checkov("CKV_AWS_60"),
            kics("12b7e704-37f0-4d1e-911a-44bf60c48c21"),
        ],
        fixable: false,
    }
}

impl TerraformRule for IamRoleTrustsAnyone {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_iam_role"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Some(policy) = resource.attribute("assume_role_policy") {
            report_public_grants_in(resource, cx, policy, "assume_role_policy", "trust policy");
        }
    }
}
