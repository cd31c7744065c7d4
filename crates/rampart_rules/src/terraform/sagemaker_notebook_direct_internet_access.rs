use super::{forbid_enabled, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_sagemaker_notebook_instance` resources whose `direct_internet_access` is
    /// `Enabled`, or not set (the default is `Enabled`). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// With direct internet access, SageMaker gives the notebook a network interface with a
    /// route to the internet outside your VPC: code run in the notebook (or a compromised
    /// package it installs) can send the data and credentials it holds anywhere, past the
    /// security groups, network ACLs and flow logs of your VPC.
    ///
    /// ## How to fix
    ///
    /// Place the notebook in a subnet and turn direct access off; reach the internet, when
    /// needed, through a NAT gateway you control:
    ///
    /// ```hcl
    /// resource "aws_sagemaker_notebook_instance" "research" {
    ///   name                   = "research"
    ///   role_arn               = aws_iam_role.notebook.arn
    ///   instance_type          = "ml.t3.medium"
    ///   subnet_id              = aws_subnet.private.id
    ///   security_groups        = [aws_security_group.notebook.id]
    ///   direct_internet_access = "Disabled"
    /// }
    /// ```
    pub struct SagemakerNotebookDirectInternetAccess {
        id: "aws-sagemaker-notebook-direct-internet-access",
        platform: Terraform,
        title: "SageMaker notebook instance has direct internet access",
        severity: Medium,
        remediation: "Set direct_internet_access = \"Disabled\" with a subnet_id and security_groups.",
        frameworks: [mitre("T1048")],
        peers: [checkov("CKV_AWS_122")],
        fixable: false,
    }
}

impl TerraformRule for SagemakerNotebookDirectInternetAccess {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_sagemaker_notebook_instance"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_enabled(
            resource,
            cx,
            "direct_internet_access",
            "the notebook reaches the internet outside the VPC",
        );
    }
}
