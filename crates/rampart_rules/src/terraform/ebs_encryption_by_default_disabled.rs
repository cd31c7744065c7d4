use super::{forbid_false, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_ebs_encryption_by_default` resources whose `enabled` is `false`. The attribute
    /// defaults to `true`, so a resource that does not set it is not reported.
    ///
    /// ## Why it matters
    ///
    /// With encryption by default off, every EBS volume created in the account and region
    /// without `encrypted = true` (by an instance launch, an Auto Scaling group, a copy of an
    /// unencrypted snapshot) stores its data, and its snapshots, in clear. Writing the resource
    /// with `enabled = false` turns the account-wide safeguard off on purpose.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_ebs_encryption_by_default" "this" {
    ///   enabled = true
    /// }
    /// ```
    pub struct EbsEncryptionByDefaultDisabled {
        id: "aws-ebs-encryption-by-default-disabled",
        platform: Terraform,
        title: "EBS encryption by default is turned off",
        severity: High,
        remediation: "Set enabled = true on aws_ebs_encryption_by_default (or leave it out: it defaults to true).",
        frameworks: [cis_aws("2.2.1")],
        peers: [
            checkov("CKV_AWS_106"),
            kics("3d3f6270-546b-443c-adb4-bb6fb2187ca6"),
        ],
        fixable: false,
    }
}

impl TerraformRule for EbsEncryptionByDefaultDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_ebs_encryption_by_default"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_false(
            cx,
            resource.body(),
            "",
            "enabled",
            "new EBS volumes in the region are not encrypted unless they ask for it",
        );
    }
}
