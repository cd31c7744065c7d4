use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_db_instance` and `aws_rds_cluster` resources whose `backup_retention_period` is
    /// `0`: automated backups are off. When it is not set, AWS keeps backups for one day, so a
    /// missing setting is not reported. Read replicas (`replicate_source_db`), whose backups
    /// are their source's concern, are not judged.
    ///
    /// ## Why it matters
    ///
    /// Without automated backups there is no point-in-time restore: a dropped table, a bad
    /// migration or ransomware that encrypts the data leaves only whatever manual snapshot
    /// someone happened to take.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_db_instance" "app" {
    ///   # ...
    ///   backup_retention_period = 7
    /// }
    /// ```
    pub struct RdsBackupsDisabled {
        id: "aws-rds-backups-disabled",
        platform: Terraform,
        title: "RDS automated backups are off",
        severity: Medium,
        remediation: "Set backup_retention_period to 1 or more days (7 or more in production).",
        frameworks: [mitre("T1485")],
        peers: [
            checkov("CKV_AWS_133"),
            kics("1dc73fb4-5b51-430c-8c5f-25dcf9090b02"),
            kics("e542bd46-58c4-4e0f-a52a-1fb4f9548e02"),
        ],
        fixable: false,
    }
}

impl TerraformRule for RdsBackupsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_db_instance", "aws_rds_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource
            .attribute("replicate_source_db")
            .is_some_and(|r| !r.value.is_null())
        {
            return;
        }
        if let Some(period) = resource.attribute("backup_retention_period") {
            if period.value.as_number() == Some(0.0) {
                cx.report_value(
                    period,
                    &period.value,
                    "backup_retention_period",
                    "backup_retention_period is 0: automated backups are off",
                );
            }
        }
    }
}
