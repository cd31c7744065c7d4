use super::{string_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Azure database firewall rules that admit the whole IPv4 internet: `start_ip_address`
    /// `0.0.0.0` with `end_ip_address` `255.255.255.255`, on `azurerm_mssql_firewall_rule`,
    /// `azurerm_sql_firewall_rule`, and the PostgreSQL, MySQL and MariaDB firewall rules
    /// (single and flexible servers). The rule `0.0.0.0`-`0.0.0.0`, which admits Azure
    /// services only, is not reported; unknown addresses are not judged.
    ///
    /// ## Why it matters
    ///
    /// The server's endpoint then accepts connections from any address: its login is the only
    /// barrier left against password spraying and engine vulnerabilities.
    ///
    /// ## How to fix
    ///
    /// Admit only the addresses that need the database, or use a private endpoint:
    ///
    /// ```hcl
    /// resource "azurerm_mssql_firewall_rule" "office" {
    ///   name             = "office"
    ///   server_id        = azurerm_mssql_server.main.id
    ///   start_ip_address = "203.0.113.10"
    ///   end_ip_address   = "203.0.113.10"
    /// }
    /// ```
    pub struct AzureDatabaseFirewallOpen {
        id: "azure-database-firewall-open",
        platform: Terraform,
        title: "Database firewall rule admits the whole internet",
        severity: Critical,
        remediation: "Narrow start_ip_address and end_ip_address to known addresses, or use a private endpoint.",
        frameworks: [cis_azure("5.1.2")],
        peers: [
            checkov("CKV_AZURE_11"),
            kics("25c0ea09-f1c5-4380-b055-3b83863f2bb8"),
            trivy("AVD-AZU-0029"),
        ],
        fixable: false,
    }
}

const KINDS: [&str; 8] = [
    "azurerm_mssql_firewall_rule",
    "azurerm_sql_firewall_rule",
    "azurerm_postgresql_firewall_rule",
    "azurerm_postgresql_flexible_server_firewall_rule",
    "azurerm_mysql_firewall_rule",
    "azurerm_mysql_flexible_server_firewall_rule",
    "azurerm_mariadb_firewall_rule",
    "azurerm_synapse_firewall_rule",
];

impl TerraformRule for AzureDatabaseFirewallOpen {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let body = resource.body();
        let start = string_in(body, "start_ip_address", &["0.0.0.0"]);
        let end = string_in(body, "end_ip_address", &["255.255.255.255"]);
        if let (Some((start, _)), Some(_)) = (start, end) {
            cx.report_value(
                start,
                &start.value,
                "start_ip_address",
                "the rule admits every IPv4 address (0.0.0.0 to 255.255.255.255)",
            );
        }
    }
}
