use super::{bool_setting, nested, string_in, Nested, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_key_vault` resources whose `network_acls` block sets `default_action` to
    /// `Allow`, or that have no `network_acls` block (the vault then accepts every network). A
    /// vault that turns public network access off (`public_network_access_enabled = false`) is
    /// not reported, nor is an unknown value.
    ///
    /// ## Why it matters
    ///
    /// A vault that accepts every network can be reached from anywhere on the internet: a
    /// stolen token or a misconfigured access policy is then enough to read its keys and
    /// secrets, with no network boundary in the way.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_key_vault" "main" {
    ///   # ...
    ///   network_acls {
    ///     default_action             = "Deny"
    ///     bypass                     = "AzureServices"
    ///     virtual_network_subnet_ids = [azurerm_subnet.app.id]
    ///   }
    /// }
    /// ```
    pub struct AzureKeyVaultNetworkDefaultAllow {
        id: "azure-key-vault-network-default-allow",
        platform: Terraform,
        title: "Key Vault accepts every network by default",
        severity: Medium,
        remediation: "Add network_acls { default_action = \"Deny\" } and allow the networks that need the vault.",
        frameworks: [mitre("T1555.006")],
        peers: [
            checkov("CKV_AZURE_109"),
        ],
        fixable: false,
    }
}

const EFFECT: &str = "the vault answers requests from any network";

impl TerraformRule for AzureKeyVaultNetworkDefaultAllow {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_key_vault"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Setting::Known(false, _) =
            bool_setting(resource.body(), "public_network_access_enabled")
        {
            return;
        }
        match nested(resource.body(), "network_acls") {
            Nested::Missing => {
                cx.report(
                    resource.instance.span,
                    "",
                    format!("no network_acls block: {EFFECT}"),
                );
            }
            Nested::Blocks(blocks) => {
                for block in blocks {
                    if let Some((attribute, _)) =
                        string_in(&block.body, "default_action", &["Allow"])
                    {
                        cx.report_value(
                            attribute,
                            &attribute.value,
                            "network_acls.default_action",
                            format!("default_action is Allow: {EFFECT}"),
                        );
                    }
                }
            }
            Nested::Opaque => {}
        }
    }
}
