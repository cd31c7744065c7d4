use super::server_parameter::parameter_off;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// PostgreSQL server parameters that turn connection and checkpoint logging, or connection
    /// throttling, off: an `azurerm_postgresql_configuration` (single server) or
    /// `azurerm_postgresql_flexible_server_configuration` whose `name` is `log_checkpoints`,
    /// `log_connections`, `log_disconnections`, `connection_throttling` or
    /// `connection_throttle.enable` and whose `value` is `off`.
    ///
    /// A server that does not set the parameter keeps Azure's default (logging on for single
    /// servers; it varies with the version for flexible servers), which is not reported; an
    /// unknown name or value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Connection and disconnection logs show who reached the database, from where and when:
    /// without them a password-guessing attack or a stolen login leaves no trace. Connection
    /// throttling slows down repeated failed logins, and checkpoint logs help tell an attack
    /// that exhausts the server from a fault.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_postgresql_flexible_server_configuration" "log_connections" {
    ///   name      = "log_connections"
    ///   server_id = azurerm_postgresql_flexible_server.main.id
    ///   value     = "on"
    /// }
    /// ```
    pub struct AzurePostgresqlLoggingDisabled {
        id: "azure-postgresql-logging-disabled",
        platform: Terraform,
        title: "PostgreSQL server turns connection logging or throttling off",
        severity: Low,
        remediation: "Set the parameter's value to \"on\" (or remove the configuration resource).",
        frameworks: [
            cis_azure("5.2.2"),
            cis_azure("5.2.3"),
            cis_azure("5.2.6"),
            cis_azure("5.2.7"),
        ],
        peers: [
            checkov("CKV_AZURE_30"),
            checkov("CKV_AZURE_31"),
            checkov("CKV_AZURE_32"),
            kics("3790d386-be81-4dcf-9850-eaa7df6c10d9"),
            kics("c640d783-10c5-4071-b6c1-23507300d333"),
            kics("07f7134f-9f37-476e-8664-670c218e4702"),
            kics("2b3c671f-1b76-4741-8789-ed1fe0785dc4"),
        ],
        fixable: false,
    }
}

/// The parameters, and what turning each off costs.
const PARAMETERS: [(&str, &str); 5] = [
    (
        "log_checkpoints",
        "checkpoints are not logged, which hides load that exhausts the server",
    ),
    (
        "log_connections",
        "connection attempts are not logged, so password guessing and stolen logins leave no trace",
    ),
    (
        "log_disconnections",
        "session ends are not logged, so how long an intruder stayed connected is unknown",
    ),
    (
        "connection_throttling",
        "repeated failed logins are not slowed down",
    ),
    (
        "connection_throttle.enable",
        "repeated failed logins are not slowed down",
    ),
];

impl TerraformRule for AzurePostgresqlLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "azurerm_postgresql_configuration",
            "azurerm_postgresql_flexible_server_configuration",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for (parameter, effect) in PARAMETERS {
            if let Some((name, value)) = parameter_off(resource, &[parameter]) {
                cx.report_value(
                    value,
                    &value.value,
                    "value",
                    format!("{name} is off: {effect}"),
                );
            }
        }
    }
}
