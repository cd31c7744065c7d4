use super::{require_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_cloudtrail` trails whose `enable_log_file_validation` is `false` or not set (the
    /// default is `false`).
    ///
    /// ## Why it matters
    ///
    /// Log file validation makes CloudTrail write a signed digest of every log file it
    /// delivers. Without it, an attacker who gains write access to the log bucket can delete
    /// or edit the records of what they did, and nobody can tell.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   # ...
    ///   enable_log_file_validation = true
    /// }
    /// ```
    pub struct CloudtrailLogValidationDisabled {
        id: "aws-cloudtrail-log-validation-disabled",
        platform: Terraform,
        title: "CloudTrail log file validation is off",
        severity: Medium,
        remediation: "Set enable_log_file_validation = true.",
        frameworks: [cis_aws("3.2")],
        peers: [
            checkov("CKV_AWS_36"),
            kics("52ffcfa6-6c70-4ea6-8376-d828d3961669"),
            trivy("AVD-AWS-0016"),
        ],
        fixable: false,
    }
}

impl TerraformRule for CloudtrailLogValidationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_cloudtrail"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_true_in(
            resource,
            cx,
            &["aws_cloudtrail"],
            "enable_log_file_validation",
            "tampering with the delivered log files cannot be detected",
        );
    }
}
