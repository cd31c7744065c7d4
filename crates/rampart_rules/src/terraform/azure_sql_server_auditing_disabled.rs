use super::{companion, forbid_false, nested, Link, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Azure SQL servers without server-level auditing:
    ///
    /// - an `azurerm_mssql_server` (or legacy `azurerm_sql_server`) with no inline
    ///   `extended_auditing_policy` block (azurerm 2.x) and no
    ///   `azurerm_mssql_server_extended_auditing_policy` in the configuration whose
    ///   `server_id` refers to it; a policy whose `server_id` is not known might be the
    ///   server's, so then nothing is reported;
    /// - an `azurerm_mssql_server_extended_auditing_policy` whose `enabled` is `false` (it
    ///   defaults to `true`, which is not reported).
    ///
    /// Auditing of a single database (`azurerm_mssql_database_extended_auditing_policy`) does
    /// not count: the server policy is the one that covers every database, present and future.
    ///
    /// ## Why it matters
    ///
    /// Without an audit log there is no record of who logged in, what they queried or changed,
    /// and no trail to investigate a breach or a misuse of the data. Auditing is off by
    /// default on Azure SQL.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_mssql_server_extended_auditing_policy" "main" {
    ///   server_id              = azurerm_mssql_server.main.id
    ///   log_monitoring_enabled = true
    /// }
    /// ```
    pub struct AzureSqlServerAuditingDisabled {
        id: "azure-sql-server-auditing-disabled",
        platform: Terraform,
        title: "SQL server has no auditing",
        severity: Medium,
        remediation: "Add an azurerm_mssql_server_extended_auditing_policy for the server.",
        frameworks: [cis_azure("5.1.1")],
        peers: [
            checkov("CKV_AZURE_23"),
            kics("f7e296b0-6660-4bc5-8f87-22ac4a815edf"),
            kics("609839ae-bd81-4375-9910-5bce72ae7b92"),
        ],
        fixable: false,
    }
}

/// The auditing policy of a whole server.
const SERVER_POLICY: &str = "azurerm_mssql_server_extended_auditing_policy";

const EFFECT: &str = "logins, queries and changes to the databases leave no audit trail";

impl TerraformRule for AzureSqlServerAuditingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_mssql_server", "azurerm_sql_server", SERVER_POLICY]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource.is(SERVER_POLICY) {
            forbid_false(cx, resource.body(), "", "enabled", EFFECT);
            return;
        }
        if !matches!(
            nested(resource.body(), "extended_auditing_policy"),
            Nested::Missing
        ) {
            return;
        }
        if companion(resource, SERVER_POLICY, "server_id", None).0 == Link::No {
            cx.report(
                resource.instance.span,
                "",
                format!(
                    "no extended_auditing_policy block and no {SERVER_POLICY} refers to {}: {EFFECT}",
                    resource.instance.address
                ),
            );
        }
    }
}
