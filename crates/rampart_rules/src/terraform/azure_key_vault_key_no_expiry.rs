use super::key_vault::require_expiration;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_key_vault_key` resources without an `expiration_date`. The attribute has no
    /// default: a key without it never expires. Any written value, even one not known before
    /// apply, is accepted. A `rotation_policy` does not replace it: CIS asks for the date on
    /// every key.
    ///
    /// ## Why it matters
    ///
    /// A key that never expires can be used for as long as it exists: if it leaks, or is
    /// wrapped into an export, whatever it encrypts or signs stays exposed. An expiration date
    /// forces rotation and bounds how much data one key protects.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_key_vault_key" "data" {
    ///   name            = "data"
    ///   key_vault_id    = azurerm_key_vault.main.id
    ///   key_type        = "RSA"
    ///   key_size        = 3072
    ///   key_opts        = ["wrapKey", "unwrapKey"]
    ///   expiration_date = "2027-06-30T00:00:00Z"
    /// }
    /// ```
    pub struct AzureKeyVaultKeyNoExpiry {
        id: "azure-key-vault-key-no-expiry",
        platform: Terraform,
        title: "Key Vault key has no expiration date",
        severity: Low,
        remediation: "Set expiration_date on the key and rotate it before that date.",
        frameworks: [cis_azure("3.3.1"), cis_azure("3.3.2")],
        peers: [
            checkov("CKV_AZURE_40"),
            kics("4d080822-5ee2-49a4-8984-68f3d4c890fc"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureKeyVaultKeyNoExpiry {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_key_vault_key"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_expiration(resource, cx, "key");
    }
}
