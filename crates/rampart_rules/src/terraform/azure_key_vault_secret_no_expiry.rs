use super::key_vault::require_expiration;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_key_vault_secret` resources without an `expiration_date`. The attribute has
    /// no default: a secret without it never expires. Any written value, even one not known
    /// before apply, is accepted.
    ///
    /// ## Why it matters
    ///
    /// A secret that never expires is never forced through rotation: a password or connection
    /// string copied to a laptop, a log or a former employee's notes keeps working for years.
    /// An expiration date bounds that window and makes the rotation visible.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_key_vault_secret" "db" {
    ///   name            = "db-password"
    ///   value           = random_password.db.result
    ///   key_vault_id    = azurerm_key_vault.main.id
    ///   expiration_date = timeadd(plantimestamp(), "2160h")
    /// }
    /// ```
    pub struct AzureKeyVaultSecretNoExpiry {
        id: "azure-key-vault-secret-no-expiry",
        platform: Terraform,
        title: "Key Vault secret has no expiration date",
        severity: Low,
        remediation: "Set expiration_date on the secret and rotate it before that date.",
        frameworks: [cis_azure("3.3.3"), cis_azure("3.3.4")],
        peers: [
            checkov("CKV_AZURE_41"),
            kics("dfa20ffa-f476-428f-a490-424b41e91c7f"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureKeyVaultSecretNoExpiry {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_key_vault_secret"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_expiration(resource, cx, "secret");
    }
}
