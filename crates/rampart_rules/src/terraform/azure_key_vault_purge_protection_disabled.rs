use super::{require_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_key_vault` resources whose `purge_protection_enabled` is `false` or not set
    /// (it defaults to `false`). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Soft delete keeps a deleted vault, key or secret for a retention period; without purge
    /// protection, anyone with the purge permission (an attacker with a stolen identity, a
    /// script gone wrong) can erase it for good during that period. Data encrypted with a
    /// purged key is lost.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_key_vault" "main" {
    ///   # ...
    ///   soft_delete_retention_days = 90
    ///   purge_protection_enabled   = true
    /// }
    /// ```
    pub struct AzureKeyVaultPurgeProtectionDisabled {
        id: "azure-key-vault-purge-protection-disabled",
        platform: Terraform,
        title: "Key Vault does not have purge protection",
        severity: Medium,
        remediation: "Set purge_protection_enabled = true.",
        frameworks: [cis_azure("3.3.5")],
        peers: [
            checkov("CKV_AZURE_110"),
            trivy("AVD-AZU-0016"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureKeyVaultPurgeProtectionDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_key_vault"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_true_in(
            resource,
            cx,
            &["azurerm_key_vault"],
            "purge_protection_enabled",
            "deleted keys and secrets can be purged for good before their retention ends",
        );
    }
}
