use super::{bool_setting, short_retention, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_network_watcher_flow_log` resources that do not keep 90 days of flow logs:
    ///
    /// - `enabled` is `false`: no traffic is logged;
    /// - an enabled `retention_policy` whose `days` is between 1 and 89: logs are deleted
    ///   after that.
    ///
    /// `days = 0` keeps the logs without limit, and a `retention_policy` with `enabled = false`
    /// deletes nothing: neither is reported. Unknown values are not judged.
    ///
    /// ## Why it matters
    ///
    /// Flow logs record which addresses talked to which, on what ports: they are how an
    /// investigation finds the source of an intrusion, lateral movement and exfiltration.
    /// Intrusions are often found months after they start; logs that are off or deleted after
    /// a few days leave nothing to look at.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_network_watcher_flow_log" "main" {
    ///   # ...
    ///   enabled = true
    ///   retention_policy {
    ///     enabled = true
    ///     days    = 90
    ///   }
    /// }
    /// ```
    pub struct AzureFlowLogDisabledOrShort {
        id: "azure-flow-log-disabled-or-short",
        platform: Terraform,
        title: "Network Watcher flow log is off or kept fewer than 90 days",
        severity: Low,
        remediation: "Set enabled = true and retention_policy.days to 90 or more (or 0).",
        frameworks: [cis_azure("7.5")],
        peers: [
            checkov("CKV_AZURE_12"),
            kics("b90842e5-6779-44d4-9760-972f4c03ba1c"),
            kics("7750fcca-dd03-4d38-b663-4b70289bcfd4"),
        ],
        fixable: false,
    }
}

/// The fewest days of flow logs to keep.
const MIN_DAYS: f64 = 90.0;

impl TerraformRule for AzureFlowLogDisabledOrShort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_network_watcher_flow_log"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Setting::Known(false, enabled) = bool_setting(resource.body(), "enabled") {
            cx.report_value(
                enabled,
                &enabled.value,
                "enabled",
                "enabled is false: traffic to and from the network is not logged",
            );
            return;
        }
        for block in resource.body().blocks_of("retention_policy") {
            if !matches!(
                bool_setting(&block.body, "enabled"),
                Setting::Known(true, _)
            ) {
                continue;
            }
            let Some(days) = block.body.attribute("days") else {
                continue;
            };
            if let Some(text) = short_retention(&days.value, MIN_DAYS) {
                cx.report_value(
                    days,
                    &days.value,
                    "retention_policy.days",
                    format!("retention_policy.days is {text}: flow logs are deleted before a late-found intrusion can be traced"),
                );
            }
        }
    }
}
