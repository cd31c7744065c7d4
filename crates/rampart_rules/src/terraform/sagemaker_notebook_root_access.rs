use super::{forbid_enabled, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_sagemaker_notebook_instance` resources whose `root_access` is `Enabled`, or not set
    /// (the default is `Enabled`). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// With root access, every user of the notebook can become root on the instance: change
    /// its software and lifecycle configuration, read what other sessions leave on it, and
    /// use the notebook's execution role however the instance allows, beyond what the
    /// notebook's code is meant to do.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_sagemaker_notebook_instance" "research" {
    ///   name          = "research"
    ///   role_arn      = aws_iam_role.notebook.arn
    ///   instance_type = "ml.t3.medium"
    ///   root_access   = "Disabled"
    /// }
    /// ```
    ///
    /// Install what the notebook needs with a lifecycle configuration, which runs as root
    /// whatever `root_access` says.
    pub struct SagemakerNotebookRootAccess {
        id: "aws-sagemaker-notebook-root-access",
        platform: Terraform,
        title: "SageMaker notebook instance users have root access",
        severity: Medium,
        remediation: "Set root_access = \"Disabled\".",
        frameworks: [mitre("T1548")],
        peers: [checkov("CKV_AWS_307")],
        fixable: false,
    }
}

impl TerraformRule for SagemakerNotebookRootAccess {
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
            "root_access",
            "notebook users can become root on the instance",
        );
    }
}
