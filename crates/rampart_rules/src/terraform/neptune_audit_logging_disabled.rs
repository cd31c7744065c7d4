use super::{require_listed, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_neptune_cluster` resources whose `enable_cloudwatch_logs_exports` is not set (no
    /// log is exported: the provider's default) or leaves out `"audit"`. (`slowquery` records
    /// slow queries, not who did what, and is not required here.) A list with an unknown
    /// element is not judged. Neptune writes audit events only when the cluster parameter group
    /// also sets `neptune_enable_audit_log`; parameter groups are not judged.
    ///
    /// ## Why it matters
    ///
    /// The audit log records each request to the database with the identity and address it
    /// came from. Without it exported, nobody can tell after the fact who read or changed the
    /// graph.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_neptune_cluster" "main" {
    ///   # ...
    ///   enable_cloudwatch_logs_exports = ["audit"]
    /// }
    /// ```
    pub struct NeptuneAuditLoggingDisabled {
        id: "aws-neptune-audit-logging-disabled",
        platform: Terraform,
        title: "Neptune cluster does not export audit logs",
        severity: Medium,
        remediation: "Add \"audit\" to enable_cloudwatch_logs_exports (and set neptune_enable_audit_log in the cluster parameter group).",
        frameworks: [mitre("T1562.008")],
        peers: [
            checkov("CKV_AWS_101"),
            kics("45cff7b6-3b80-40c1-ba7b-2cf480678bb8"),
            trivy("AVD-AWS-0075"),
        ],
        fixable: false,
    }
}

impl TerraformRule for NeptuneAuditLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_neptune_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_listed(
            resource,
            cx,
            "enable_cloudwatch_logs_exports",
            &["audit"],
            "no audit log is exported, so requests to the database are not recorded",
            Some("requests to the database are not recorded"),
        );
    }
}
