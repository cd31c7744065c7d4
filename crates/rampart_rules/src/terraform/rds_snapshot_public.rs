use super::{known_strings, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_db_snapshot` and `aws_db_cluster_snapshot` resources whose `shared_accounts`
    /// contains `all`: the snapshot is public.
    ///
    /// ## Why it matters
    ///
    /// Any AWS account can restore a public snapshot into a database of its own and read every
    /// table. Public RDS snapshots are found by scanning for them, and have leaked customer
    /// databases more than once.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_db_snapshot" "release" {
    ///   db_instance_identifier = aws_db_instance.app.identifier
    ///   db_snapshot_identifier = "release-2026-12"
    ///   shared_accounts        = ["123456789012"]
    /// }
    /// ```
    pub struct RdsSnapshotPublic {
        id: "aws-rds-snapshot-public",
        platform: Terraform,
        title: "RDS snapshot is public",
        severity: Critical,
        remediation: "Remove \"all\" from shared_accounts; share the snapshot with named accounts.",
        frameworks: [mitre("T1530")],
        peers: [checkov("CKV_AWS_302")],
        fixable: false,
    }
}

impl TerraformRule for RdsSnapshotPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_db_snapshot", "aws_db_cluster_snapshot"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(shared) = resource.attribute("shared_accounts") else {
            return;
        };
        for (account, element) in known_strings(&shared.value) {
            if account == "all" {
                cx.report_value(
                    shared,
                    element,
                    "shared_accounts",
                    "shared_accounts contains \"all\": any AWS account can restore the snapshot",
                );
            }
        }
    }
}
