use super::{forbid_false, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_redshift_cluster` resources whose `encrypted` is `false`. AWS encrypts new
    /// clusters by default, and the provider's default has changed across versions, so a
    /// cluster that does not set it is not reported.
    ///
    /// ## Why it matters
    ///
    /// A warehouse gathers an organisation's data in one place. Unencrypted, its storage and
    /// snapshots (automated and manual, possibly copied to other regions or shared with other
    /// accounts) are readable to anyone who obtains a copy of them.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_redshift_cluster" "warehouse" {
    ///   # ...
    ///   encrypted  = true
    ///   kms_key_id = aws_kms_key.redshift.arn
    /// }
    /// ```
    pub struct RedshiftNotEncrypted {
        id: "aws-redshift-not-encrypted",
        platform: Terraform,
        title: "Redshift cluster is not encrypted",
        severity: High,
        remediation: "Set encrypted = true (with a customer-managed kms_key_id).",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_64"),
            kics("cfdcabb0-fc06-427c-865b-c59f13e898ce"),
        ],
        fixable: false,
    }
}

impl TerraformRule for RedshiftNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_redshift_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource.is("aws_redshift_cluster") {
            forbid_false(
                cx,
                resource.body(),
                "",
                "encrypted",
                "the cluster's storage and snapshots are unencrypted",
            );
        }
    }
}
