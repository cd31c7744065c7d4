use super::{forbid_true, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_storage_account` resources that let containers be made public:
    /// `allow_nested_items_to_be_public` (azurerm 3 and 4) set to `true` or not set (it
    /// defaults to `true`), or, in azurerm 2 configurations that write it,
    /// `allow_blob_public_access` set to `true`. An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// When the account allows it, a single container with `container_access_type = "blob"`
    /// (or `"container"`) serves its blobs to anyone on the internet, without a key or a
    /// token. Turning the setting off at the account is the guard that makes such a mistake
    /// impossible.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_storage_account" "data" {
    ///   # ...
    ///   allow_nested_items_to_be_public = false
    /// }
    /// ```
    pub struct AzureStoragePublicBlobAccess {
        id: "azure-storage-public-blob-access",
        platform: Terraform,
        title: "Storage account allows public blob access",
        severity: High,
        remediation: "Set allow_nested_items_to_be_public = false.",
        frameworks: [cis_azure("4.17")],
        peers: [
            checkov("CKV_AZURE_190"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureStoragePublicBlobAccess {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_storage_account"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let effect = "any container can be made readable by anyone on the internet";
        let body = resource.body();
        if body.attribute("allow_blob_public_access").is_some() {
            // azurerm 2: defaults to false.
            forbid_true(
                cx,
                body,
                resource.instance.span,
                "",
                "allow_blob_public_access",
                false,
                effect,
            );
        } else {
            forbid_true(
                cx,
                body,
                resource.instance.span,
                "",
                "allow_nested_items_to_be_public",
                true,
                effect,
            );
        }
    }
}
