use super::{bool_setting, nested, string_in, Nested, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Storage account network rules whose `default_action` is `Allow`: the `network_rules`
    /// block of `azurerm_storage_account`, and `azurerm_storage_account_network_rules`
    /// resources. An account that turns public network access off
    /// (`public_network_access_enabled = false`) is not reported, nor is an unknown value. An
    /// account without network rules also accepts every network, but its rules may be set by a
    /// separate `azurerm_storage_account_network_rules` resource, so it is not judged.
    ///
    /// ## Why it matters
    ///
    /// With the default action `Allow`, the IP and virtual network rules restrict nothing:
    /// the account's endpoints answer requests from any network on the internet, and a leaked
    /// account key or SAS token is usable from anywhere.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_storage_account" "main" {
    ///   # ...
    ///   network_rules {
    ///     default_action             = "Deny"
    ///     ip_rules                   = ["203.0.113.0/24"]
    ///     virtual_network_subnet_ids = [azurerm_subnet.app.id]
    ///   }
    /// }
    /// ```
    pub struct AzureStorageNetworkDefaultAllow {
        id: "azure-storage-network-default-allow",
        platform: Terraform,
        title: "Storage account network rules allow every network by default",
        severity: Medium,
        remediation: "Set default_action = \"Deny\" and allow the networks that need access with ip_rules and virtual_network_subnet_ids.",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AZURE_35"),
            kics("a5613650-32ec-4975-a305-31af783153ea"),
        ],
        fixable: false,
    }
}

const EFFECT: &str = "the account answers requests from any network";

impl TerraformRule for AzureStorageNetworkDefaultAllow {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "azurerm_storage_account",
            "azurerm_storage_account_network_rules",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource.is("azurerm_storage_account_network_rules") {
            if let Some((attribute, _)) = string_in(resource.body(), "default_action", &["Allow"]) {
                cx.report_value(
                    attribute,
                    &attribute.value,
                    "default_action",
                    format!("default_action is Allow: {EFFECT}"),
                );
            }
            return;
        }
        if !resource.is("azurerm_storage_account") {
            return;
        }
        if let Setting::Known(false, _) =
            bool_setting(resource.body(), "public_network_access_enabled")
        {
            return;
        }
        if let Nested::Blocks(blocks) = nested(resource.body(), "network_rules") {
            for block in blocks {
                if let Some((attribute, _)) = string_in(&block.body, "default_action", &["Allow"]) {
                    cx.report_value(
                        attribute,
                        &attribute.value,
                        "network_rules.default_action",
                        format!("default_action is Allow: {EFFECT}"),
                    );
                }
            }
        }
    }
}
