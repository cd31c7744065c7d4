use super::{require_block_true, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_dynamodb_table` resources without point-in-time recovery: no
    /// `point_in_time_recovery` block (the default is off), or one whose `enabled` is `false`
    /// or not set.
    ///
    /// ## Why it matters
    ///
    /// Point-in-time recovery keeps continuous backups of the last 35 days, so a table can be
    /// restored to the second before a faulty deployment, a bad script or an attacker
    /// overwrote or deleted its items. Without it, only on-demand backups, if anyone took
    /// them, can bring the data back.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_dynamodb_table" "orders" {
    ///   # ...
    ///   point_in_time_recovery {
    ///     enabled = true
    ///   }
    /// }
    /// ```
    pub struct DynamodbPitrDisabled {
        id: "aws-dynamodb-pitr-disabled",
        platform: Terraform,
        title: "DynamoDB table has no point-in-time recovery",
        severity: Medium,
        remediation: "Add point_in_time_recovery { enabled = true }.",
        frameworks: [mitre("T1485")],
        peers: [
            checkov("CKV_AWS_28"),
            kics("741f1291-47ac-4a85-a07b-3d32a9d6bd3e"),
            trivy("AVD-AWS-0024"),
        ],
        fixable: false,
    }
}

impl TerraformRule for DynamodbPitrDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_dynamodb_table"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_block_true(
            resource,
            cx,
            "point_in_time_recovery",
            "enabled",
            "the table cannot be restored to an earlier time",
        );
    }
}
