use super::{require_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_efs_file_system` resources whose `encrypted` is `false` or not set (the default
    /// is `false`).
    ///
    /// ## Why it matters
    ///
    /// An unencrypted file system keeps its files, and its backups, in clear on AWS storage.
    /// Encryption at rest is set when the file system is created: turning it on later means
    /// creating a new file system and copying the data over.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_efs_file_system" "shared" {
    ///   encrypted  = true
    ///   kms_key_id = aws_kms_key.efs.arn
    /// }
    /// ```
    pub struct EfsNotEncrypted {
        id: "aws-efs-not-encrypted",
        platform: Terraform,
        title: "EFS file system is not encrypted",
        severity: High,
        remediation: "Set encrypted = true (with a customer-managed kms_key_id).",
        frameworks: [cis_aws("2.4.1")],
        peers: [
            checkov("CKV_AWS_42"),
            kics("48207659-729f-4b5c-9402-f884257d794f"),
            trivy("AVD-AWS-0037"),
        ],
        fixable: false,
    }
}

impl TerraformRule for EfsNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_efs_file_system"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_true_in(
            resource,
            cx,
            &["aws_efs_file_system"],
            "encrypted",
            "the files are stored unencrypted",
        );
    }
}
