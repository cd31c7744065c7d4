use super::azure_network_access::{judge_network_rules, report_default_allow};
use super::{companion_by, link, Link, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Storage accounts that accept requests from every network:
    ///
    /// - a `network_rules` block of `azurerm_storage_account`, or an
    ///   `azurerm_storage_account_network_rules`, whose `default_action` is `Allow`;
    /// - an `azurerm_storage_account` with no `network_rules` block and no
    ///   `azurerm_storage_account_network_rules` in the configuration that refers to it, by
    ///   `storage_account_id` (`azurerm_storage_account.data.id`) or, as older provider versions
    ///   write it, by `storage_account_name` together with `resource_group_name`. Azure gives an
    ///   account without network rules the default action `Allow`: it accepts connections from
    ///   clients on any network. A rules resource whose account is not known (a variable without
    ///   a value, a data source) might be the account's, so then nothing is reported.
    ///
    /// An account that turns public network access off (`public_network_access_enabled =
    /// false`; the provider's default is `true`) is not reported. An account without network
    /// rules whose `public_network_access_enabled` is not known is not reported either (an
    /// explicit `Allow` still is).
    ///
    /// The rule reported only an explicit `Allow` when it was added (December 2026); an account
    /// without rules is the same exposure, an account that accepts every network, so the rule
    /// id keeps its meaning.
    ///
    /// ## Why it matters
    ///
    /// The network rules are the storage firewall: with the default action `Allow`, whether
    /// written or left to Azure's default, the IP and virtual network rules restrict nothing and
    /// the account's public endpoints answer requests from any network on the internet. A leaked
    /// account key or SAS token is then usable from anywhere.
    ///
    /// ## How to fix
    ///
    /// Set the default action to `Deny` and allow the networks that need the account, in the
    /// account's `network_rules` block or in one `azurerm_storage_account_network_rules` (the
    /// provider warns against using both for one account). An account reached only through
    /// private endpoints can turn public network access off instead.
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
        title: "Storage account accepts every network by default",
        severity: Medium,
        remediation: "Add network rules with default_action = \"Deny\" (a network_rules block or an azurerm_storage_account_network_rules) and allow the networks that need access with ip_rules and virtual_network_subnet_ids.",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AZURE_35"),
            kics("a5613650-32ec-4975-a305-31af783153ea"),
            trivy("AVD-AZU-0012"),
        ],
        fixable: false,
    }
}

/// The resource that sets an account's network rules apart from the account.
const RULES: &str = "azurerm_storage_account_network_rules";

const EFFECT: &str = "the account answers requests from any network";

impl TerraformRule for AzureStorageNetworkDefaultAllow {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_storage_account", RULES]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource.is(RULES) {
            report_default_allow(cx, resource.body(), "", EFFECT);
            return;
        }
        if judge_network_rules(resource, cx, "network_rules", EFFECT)
            && rules_link(resource) == Link::No
        {
            cx.report(
                resource.instance.span,
                "",
                format!(
                    "no network_rules block and no {RULES} refers to {}: {EFFECT}",
                    resource.instance.address
                ),
            );
        }
    }
}

/// How the `azurerm_storage_account_network_rules` of the configuration refer to `account`:
/// by `storage_account_id`, or (older provider versions) by `storage_account_name` together
/// with `resource_group_name`.
fn rules_link(account: &Resource<'_>) -> Link {
    let known = |name: &str| account.attribute(name).and_then(|a| a.value.as_str());
    let (name, group) = (known("name"), known("resource_group_name"));
    companion_by(account, RULES, |rules, key| {
        let by = |attribute: &str, value: Option<Option<&str>>| {
            rules
                .attribute(attribute)
                .map_or(Link::No, |a| link(&a.value, key, value))
        };
        by("storage_account_id", None)
            .or(by("storage_account_name", Some(name)).and(by("resource_group_name", Some(group))))
    })
    .0
}
