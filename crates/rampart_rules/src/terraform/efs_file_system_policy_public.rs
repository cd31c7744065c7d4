use super::policy_document::report_public_grants;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// EFS file system policies (`aws_efs_file_system_policy`) with an `Allow` statement for
    /// any principal (`"*"` or `{"AWS": "*"}`) and no condition that restricts the callers
    /// (`elasticfilesystem:AccessedViaMountTarget`, `aws:SourceVpc`, `aws:PrincipalOrgID`,
    /// `aws:PrincipalAccount` and the other keys that tie a request to known accounts, networks
    /// or resources). The policy is read as JSON (heredoc, `jsonencode`, `file`) or from the
    /// `aws_iam_policy_document` data source it refers to. A file system without a policy is
    /// not reported: access is then decided by the network path to its mount targets, which
    /// this rule does not judge.
    ///
    /// ## Why it matters
    ///
    /// A policy that grants `"*"` lets any identity of any AWS account that reaches the file
    /// system (through a peered or shared network, or an access point) mount it, read and
    /// write its files, or act as root on them, for the actions the statement lists.
    ///
    /// ## How to fix
    ///
    /// Grant named roles, or require that clients come through a mount target:
    ///
    /// ```hcl
    /// statement {
    ///   actions = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
    ///   principals {
    ///     type        = "AWS"
    ///     identifiers = ["*"]
    ///   }
    ///   condition {
    ///     test     = "Bool"
    ///     variable = "elasticfilesystem:AccessedViaMountTarget"
    ///     values   = ["true"]
    ///   }
    /// }
    /// ```
    pub struct EfsFileSystemPolicyPublic {
        id: "aws-efs-file-system-policy-public",
        platform: Terraform,
        title: "EFS file system policy grants access to anyone",
        severity: Medium,
        remediation: "Grant named principals, or restrict the statement with elasticfilesystem:AccessedViaMountTarget or aws:PrincipalOrgID.",
        frameworks: [mitre("T1530")],
        peers: [kics("fae52418-bb8b-4ac2-b287-0b9082d6a3fd")],
        fixable: false,
    }
}

impl TerraformRule for EfsFileSystemPolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_efs_file_system_policy"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Some(policy) = resource.attribute("policy") {
            report_public_grants(resource, cx, policy, "file system policy");
        }
    }
}
