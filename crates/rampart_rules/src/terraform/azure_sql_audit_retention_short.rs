use super::{route, short_retention, Resource, TerraformRule, TfContext};
use crate::prelude::*;
use rampart_terraform::EvalBody;

declare_rule! {
    /// ## What it checks
    ///
    /// Azure SQL auditing policies that keep their audit logs fewer than 90 days:
    /// `retention_in_days` between 1 and 89 in an `azurerm_mssql_server_extended_auditing_policy`
    /// or `azurerm_mssql_database_extended_auditing_policy`, or in the inline
    /// `extended_auditing_policy` block that azurerm 2.x configurations write in
    /// `azurerm_mssql_server`, `azurerm_sql_server`, `azurerm_mssql_database` and
    /// `azurerm_sql_database`.
    ///
    /// `0`, the provider's default, keeps the logs without limit and is not reported, nor is a
    /// missing or unknown value. Auditing turned off altogether is
    /// `azure-sql-server-auditing-disabled`'s finding.
    ///
    /// ## Why it matters
    ///
    /// Intrusions are often found weeks or months after they start. When the audit log of a
    /// database is deleted after a few days, the record of how an attacker got in and what
    /// they read is gone by the time anyone looks.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_mssql_server_extended_auditing_policy" "main" {
    ///   server_id         = azurerm_mssql_server.main.id
    ///   storage_endpoint  = azurerm_storage_account.audit.primary_blob_endpoint
    ///   retention_in_days = 90
    /// }
    /// ```
    pub struct AzureSqlAuditRetentionShort {
        id: "azure-sql-audit-retention-short",
        platform: Terraform,
        title: "SQL audit logs are kept fewer than 90 days",
        severity: Low,
        remediation: "Set retention_in_days to 90 or more (or 0, to keep the logs without limit).",
        frameworks: [cis_azure("5.1.6")],
        peers: [
            checkov("CKV_AZURE_24"),
            kics("9c301481-e6ec-44f7-8a49-8ec63e2969ea"),
            kics("59acb56b-2b10-4c2c-ba38-f2223c3f5cfc"),
        ],
        fixable: false,
    }
}

/// The auditing policy resources, which hold `retention_in_days` at the top.
const POLICIES: [&str; 2] = [
    "azurerm_mssql_server_extended_auditing_policy",
    "azurerm_mssql_database_extended_auditing_policy",
];

/// The fewest days of audit logs to keep.
const MIN_DAYS: f64 = 90.0;

impl TerraformRule for AzureSqlAuditRetentionShort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "azurerm_mssql_server_extended_auditing_policy",
            "azurerm_mssql_database_extended_auditing_policy",
            "azurerm_mssql_server",
            "azurerm_sql_server",
            "azurerm_mssql_database",
            "azurerm_sql_database",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource.is_any(&POLICIES) {
            check_retention(cx, resource.body(), "");
            return;
        }
        for block in resource.body().blocks_of("extended_auditing_policy") {
            check_retention(cx, &block.body, "extended_auditing_policy");
        }
    }
}

/// Reports `retention_in_days` of `body` when it is known and between 1 and 89.
fn check_retention(cx: &mut TfContext<'_>, body: &EvalBody, prefix: &str) {
    let Some(attribute) = body.attribute("retention_in_days") else {
        return;
    };
    if let Some(days) = short_retention(&attribute.value, MIN_DAYS) {
        cx.report_value(
            attribute,
            &attribute.value,
            &route(prefix, "retention_in_days"),
            format!("retention_in_days is {days}: audit logs are deleted before a late-found intrusion can be investigated"),
        );
    }
}
