use super::azure_network_access::judge_network_rules;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_key_vault` resources whose `network_acls` block sets `default_action` to
    /// `Allow`, or that have no `network_acls` block: Azure creates a vault with its firewall
    /// off, and it then accepts requests from every network. A vault's network ACLs can only be
    /// written in that block (the provider has no separate resource for them), so a missing
    /// block is always the default.
    ///
    /// A vault that turns public network access off (`public_network_access_enabled = false`;
    /// the provider's default is `true`) is not reported. A vault without `network_acls` whose
    /// `public_network_access_enabled` is not known is not reported either (an explicit `Allow`
    /// still is).
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
            trivy("AVD-AZU-0013"),
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
        // A vault's network ACLs have no resource of their own: the block is the only place.
        if judge_network_rules(resource, cx, "network_acls", EFFECT) {
            cx.report(
                resource.instance.span,
                "",
                format!("no network_acls block: {EFFECT}"),
            );
        }
    }
}
