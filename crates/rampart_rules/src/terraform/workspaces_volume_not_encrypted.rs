use super::{require_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_workspaces_workspace` resources whose `root_volume_encryption_enabled` or
    /// `user_volume_encryption_enabled` is `false` or not set (both default to `false`). Each
    /// volume is reported on its own; an unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// A WorkSpace's root volume holds the operating system with its cached credentials and
    /// configuration, and its user volume the user's profile and files. Unencrypted, both are
    /// stored in clear, as are the snapshots AWS takes of them; encryption can only be chosen
    /// when the WorkSpace is created.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_workspaces_workspace" "desk" {
    ///   directory_id                   = aws_workspaces_directory.main.id
    ///   bundle_id                      = data.aws_workspaces_bundle.standard.id
    ///   user_name                      = "jdoe"
    ///   root_volume_encryption_enabled = true
    ///   user_volume_encryption_enabled = true
    ///   volume_encryption_key          = aws_kms_key.workspaces.arn
    /// }
    /// ```
    pub struct WorkspacesVolumeNotEncrypted {
        id: "aws-workspaces-volume-not-encrypted",
        platform: Terraform,
        title: "WorkSpaces volume is not encrypted",
        severity: Medium,
        remediation: "Set root_volume_encryption_enabled = true and user_volume_encryption_enabled = true, with a volume_encryption_key.",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_155"),
            checkov("CKV_AWS_156"),
            kics("b9033580-6886-401a-8631-5f19f5bb24c7"),
        ],
        fixable: false,
    }
}

impl TerraformRule for WorkspacesVolumeNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_workspaces_workspace"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_true_in(
            resource,
            cx,
            self.examines(),
            "root_volume_encryption_enabled",
            "the WorkSpace's system volume is stored unencrypted",
        );
        require_true_in(
            resource,
            cx,
            self.examines(),
            "user_volume_encryption_enabled",
            "the user's volume is stored unencrypted",
        );
    }
}
