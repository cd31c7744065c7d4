use super::{string_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_mssql_server` resources whose `minimum_tls_version` is `1.0`, `1.1` or
    /// `Disabled` (no minimum: every version is accepted). Not set, it defaults to `1.2`, which
    /// is not reported.
    ///
    /// ## Why it matters
    ///
    /// TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996): a server that
    /// accepts them lets a client, or an attacker who downgrades the connection, talk to the
    /// database over a protocol that no longer protects credentials and data.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_mssql_server" "main" {
    ///   # ...
    ///   minimum_tls_version = "1.2"
    /// }
    /// ```
    pub struct AzureSqlServerOutdatedTls {
        id: "azure-sql-server-outdated-tls",
        platform: Terraform,
        title: "SQL server accepts TLS older than 1.2",
        severity: Medium,
        remediation: "Set minimum_tls_version = \"1.2\" (or remove it: 1.2 is the default).",
        frameworks: [mitre("T1040")],
        peers: [
            checkov("CKV_AZURE_52"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureSqlServerOutdatedTls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_mssql_server"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Some((attribute, version)) = string_in(
            resource.body(),
            "minimum_tls_version",
            &["1.0", "1.1", "Disabled"],
        ) {
            cx.report_value(
                attribute,
                &attribute.value,
                "minimum_tls_version",
                format!(
                    "minimum_tls_version is {version}: the server accepts deprecated TLS versions"
                ),
            );
        }
    }
}
