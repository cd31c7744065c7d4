use super::{forbid_publicly_accessible, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_dms_replication_instance` resources whose `publicly_accessible` is `true`. The
    /// DMS API makes an instance public when it is not told otherwise, but the Terraform
    /// provider always sends the setting, `false` when it is not written, so a missing
    /// setting is not reported. An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// A public replication instance gets a public IP address, reachable from the internet
    /// as far as its security groups allow. It holds the credentials of the source and
    /// target databases and reads every row it migrates: it belongs in a private subnet that
    /// reaches both databases through the VPC, a peering, a VPN or Direct Connect.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_dms_replication_instance" "migration" {
    ///   replication_instance_id     = "migration"
    ///   replication_instance_class  = "dms.t3.medium"
    ///   publicly_accessible         = false
    ///   replication_subnet_group_id = aws_dms_replication_subnet_group.private.id
    /// }
    /// ```
    ///
    /// The setting cannot be changed in place: the instance is replaced.
    pub struct DmsReplicationInstancePublic {
        id: "aws-dms-replication-instance-public",
        platform: Terraform,
        title: "DMS replication instance is publicly accessible",
        severity: High,
        remediation: "Set publicly_accessible = false and use a private replication subnet group.",
        frameworks: [mitre("T1190")],
        peers: [
            checkov("CKV_AWS_89"),
            kics("030d3b18-1821-45b4-9e08-50efbe7becbb"),
        ],
        fixable: false,
    }
}

impl TerraformRule for DmsReplicationInstancePublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_dms_replication_instance"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_publicly_accessible(
            resource,
            cx,
            "the replication instance, which holds the databases' credentials, gets a public address",
        );
    }
}
