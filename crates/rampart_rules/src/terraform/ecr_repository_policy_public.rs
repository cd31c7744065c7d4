use super::policy_document::report_public_grants;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// ECR repository policies (`aws_ecr_repository_policy`) with an `Allow` statement for any
    /// principal (`"*"` or `{"AWS": "*"}`) and no condition that restricts the callers
    /// (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceArn` and the other keys that
    /// tie a request to known accounts, networks or resources). The policy is read as JSON
    /// (heredoc, `jsonencode`, `file`) or from the `aws_iam_policy_document` data source it
    /// refers to. Public ECR repositories (`aws_ecrpublic_repository`), which exist to be
    /// pulled by anyone, are not judged.
    ///
    /// ## Why it matters
    ///
    /// Any identity in any AWS account can then pull the repository's images (and the code,
    /// configuration and secrets baked into them) or, for the push and delete actions the
    /// statement lists, replace them with images of its own that the workloads will run.
    ///
    /// ## How to fix
    ///
    /// Grant the accounts that pull, or the organisation:
    ///
    /// ```hcl
    /// statement {
    ///   actions = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    ///   principals {
    ///     type        = "AWS"
    ///     identifiers = ["*"]
    ///   }
    ///   condition {
    ///     test     = "StringEquals"
    ///     variable = "aws:PrincipalOrgID"
    ///     values   = ["o-a1b2c3d4e5"]
    ///   }
    /// }
    /// ```
    pub struct EcrRepositoryPolicyPublic {
        id: "aws-ecr-repository-policy-public",
        platform: Terraform,
        title: "ECR repository policy grants access to anyone",
        severity: High,
        remediation: "Grant named accounts or roles, or restrict the statement with aws:PrincipalOrgID or aws:PrincipalAccount.",
        frameworks: [mitre("T1525")],
        peers: [
            checkov("CKV_AWS_32"),
            kics("e86e26fc-489e-44f0-9bcd-97305e4ba69a"),
            trivy("AVD-AWS-0032"),
        ],
        fixable: false,
    }
}

impl TerraformRule for EcrRepositoryPolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_ecr_repository_policy"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Some(policy) = resource.attribute("policy") {
            report_public_grants(resource, cx, policy, "repository policy");
        }
    }
}
