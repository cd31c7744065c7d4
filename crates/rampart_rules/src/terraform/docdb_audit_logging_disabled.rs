use super::{require_listed, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_docdb_cluster` resources whose `enabled_cloudwatch_logs_exports` is not set (no log
    /// is exported: the provider's default) or leaves out `"audit"`. (`profiler` records slow
    /// operations, not who did what, and is not required here.) A list with an unknown element
    /// is not judged. DocumentDB writes audit events only when the cluster parameter group also
    /// sets `audit_logs`; parameter groups are not judged.
    ///
    /// ## Why it matters
    ///
    /// The audit log records authentication attempts, user and role changes and DDL
    /// operations. Without it exported, nobody can tell after the fact who logged in, who
    /// created a user or who dropped a collection.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_docdb_cluster" "main" {
    ///   # ...
    ///   enabled_cloudwatch_logs_exports = ["audit", "profiler"]
    /// }
    /// ```
    pub struct DocdbAuditLoggingDisabled {
        id: "aws-docdb-audit-logging-disabled",
        platform: Terraform,
        title: "DocumentDB cluster does not export audit logs",
        severity: Medium,
        remediation: "Add \"audit\" to enabled_cloudwatch_logs_exports (and set audit_logs in the cluster parameter group).",
        frameworks: [mitre("T1562.008")],
        peers: [
            checkov("CKV_AWS_85"),
            kics("56f6a008-1b14-4af4-b9b2-ab7cf7e27641"),
            trivy("AVD-AWS-0020"),
        ],
        fixable: false,
    }
}

impl TerraformRule for DocdbAuditLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_docdb_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_listed(
            resource,
            cx,
            "enabled_cloudwatch_logs_exports",
            &["audit"],
            "no audit log is exported, so logins and user changes are not recorded",
            Some("logins and user changes are not recorded"),
        );
    }
}
