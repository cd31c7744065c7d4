use super::{forbid_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_mssql_server` resources whose `public_network_access_enabled` is `true` or not
    /// set (it defaults to `true`). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// With public network access, the server's endpoint is reachable from the internet,
    /// guarded only by its firewall rules and logins: one overly wide firewall rule, or the
    /// "allow Azure services" rule (which admits every Azure tenant), exposes the databases.
    /// Private endpoints keep the server off the internet altogether.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_mssql_server" "main" {
    ///   # ...
    ///   public_network_access_enabled = false
    /// }
    /// ```
    ///
    /// and reach it through an `azurerm_private_endpoint`.
    pub struct AzureSqlServerPublicNetworkAccess {
        id: "azure-sql-server-public-network-access",
        platform: Terraform,
        title: "SQL server allows public network access",
        severity: Medium,
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        frameworks: [mitre("T1133")],
        peers: [
            checkov("CKV_AZURE_113"),
            kics("ade36cf4-329f-4830-a83d-9db72c800507"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureSqlServerPublicNetworkAccess {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_mssql_server"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_true_in(
            resource,
            cx,
            &["azurerm_mssql_server"],
            "public_network_access_enabled",
            true,
            "the server's endpoint is reachable from the internet",
        );
    }
}
