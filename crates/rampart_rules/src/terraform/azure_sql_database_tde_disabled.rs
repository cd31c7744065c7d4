use super::{forbid_false, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_mssql_database` resources with `transparent_data_encryption_enabled = false`.
    /// Transparent data encryption is on by default (and Azure only lets it be turned off for
    /// dedicated SQL pools, the `DW` SKUs), so a missing setting is not reported; an unknown
    /// value is not judged.
    ///
    /// ## Why it matters
    ///
    /// TDE encrypts the database files, their backups and the transaction log at rest. Without
    /// it, whoever gets hold of a copy of the storage (a backup exported to a storage account,
    /// a snapshot shared by mistake, a decommissioned disk) reads the data without ever
    /// authenticating to the server.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_mssql_database" "reports" {
    ///   name      = "reports"
    ///   server_id = azurerm_mssql_server.main.id
    ///   # transparent_data_encryption_enabled defaults to true: remove the `false`
    ///   transparent_data_encryption_enabled = true
    /// }
    /// ```
    pub struct AzureSqlDatabaseTdeDisabled {
        id: "azure-sql-database-tde-disabled",
        platform: Terraform,
        title: "SQL database has transparent data encryption turned off",
        severity: High,
        remediation: "Set transparent_data_encryption_enabled = true (or remove it: it defaults to true).",
        frameworks: [cis_azure("5.1.5")],
        peers: [checkov("CKV2_AZURE_25")],
        fixable: false,
    }
}

impl TerraformRule for AzureSqlDatabaseTdeDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_mssql_database"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_false(
            cx,
            resource.body(),
            "",
            "transparent_data_encryption_enabled",
            "the database files, backups and transaction log are stored unencrypted",
        );
    }
}
