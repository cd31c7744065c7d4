use super::server_parameter::parameter_off;
use super::{forbid_false, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Database servers that do not require TLS from their clients:
    ///
    /// - `azurerm_postgresql_server`, `azurerm_mysql_server` and `azurerm_mariadb_server`
    ///   (single servers) whose `ssl_enforcement_enabled` (`ssl_enforcement` `"Disabled"` in
    ///   azurerm 1 and 2 configurations) turns SSL enforcement off;
    /// - PostgreSQL and MySQL flexible servers whose `require_secure_transport` parameter is
    ///   set `off` by an `azurerm_postgresql_flexible_server_configuration` or
    ///   `azurerm_mysql_flexible_server_configuration`. Flexible servers require TLS by
    ///   default, so a server without that configuration resource is not reported.
    ///
    /// An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Without enforcement, clients may connect in clear: credentials and query results cross
    /// the network readable, and a man in the middle can change them.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_postgresql_server" "main" {
    ///   # ...
    ///   ssl_enforcement_enabled          = true
    ///   ssl_minimal_tls_version_enforced = "TLS1_2"
    /// }
    /// ```
    ///
    /// On a flexible server, remove the configuration resource that turns
    /// `require_secure_transport` off, or set it back `on`.
    pub struct AzureDatabaseSslDisabled {
        id: "azure-database-ssl-disabled",
        platform: Terraform,
        title: "Database server does not enforce SSL",
        severity: High,
        remediation: "Set ssl_enforcement_enabled = true (require_secure_transport = \"on\" on flexible servers).",
        frameworks: [mitre("T1040"), cis_azure("5.2.1"), cis_azure("5.3.1")],
        peers: [
            checkov("CKV_AZURE_28"),
            checkov("CKV_AZURE_29"),
            kics("0437633b-daa6-4bbc-8526-c0d2443b946e"),
            kics("73e42469-3a86-4f39-ad78-098f325b4e9f"),
        ],
        fixable: false,
    }
}

const KINDS: [&str; 5] = [
    "azurerm_postgresql_server",
    "azurerm_mysql_server",
    "azurerm_mariadb_server",
    "azurerm_postgresql_flexible_server_configuration",
    "azurerm_mysql_flexible_server_configuration",
];

/// The flexible servers' parameter resources.
const FLEXIBLE_PARAMETERS: [&str; 2] = [
    "azurerm_postgresql_flexible_server_configuration",
    "azurerm_mysql_flexible_server_configuration",
];

impl TerraformRule for AzureDatabaseSslDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let effect = "clients may connect without encryption";
        if resource.is_any(&FLEXIBLE_PARAMETERS) {
            if let Some((name, value)) = parameter_off(resource, &["require_secure_transport"]) {
                cx.report_value(
                    value,
                    &value.value,
                    "value",
                    format!("{name} is off: {effect}"),
                );
            }
            return;
        }
        forbid_false(cx, resource.body(), "", "ssl_enforcement_enabled", effect);
        if let Some(attribute) = resource.attribute("ssl_enforcement") {
            if attribute
                .value
                .as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case("Disabled"))
            {
                cx.report_value(
                    attribute,
                    &attribute.value,
                    "ssl_enforcement",
                    format!("ssl_enforcement is Disabled: {effect}"),
                );
            }
        }
    }
}
