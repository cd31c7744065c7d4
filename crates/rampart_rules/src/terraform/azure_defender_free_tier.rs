use super::{string_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_security_center_subscription_pricing` resources whose `tier` is `Free`: the
    /// Microsoft Defender plan for their `resource_type` (`VirtualMachines` when not set) is
    /// off for the subscription. `tier` has no default; an unknown value is not judged. A
    /// subscription that never declares the plan in Terraform is not reported: it may be set
    /// outside the configuration.
    ///
    /// ## Why it matters
    ///
    /// The Free tier gives posture recommendations only. Without the Defender plan, malware on
    /// a VM, a brute-forced database or a suspicious Key Vault access raises no alert, and
    /// there is no vulnerability assessment for the resources it covers.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_security_center_subscription_pricing" "servers" {
    ///   tier          = "Standard"
    ///   resource_type = "VirtualMachines"
    /// }
    /// ```
    pub struct AzureDefenderFreeTier {
        id: "azure-defender-free-tier",
        platform: Terraform,
        title: "Microsoft Defender plan is on the Free tier",
        severity: Medium,
        remediation: "Set tier = \"Standard\" for the Defender plan.",
        frameworks: [mitre("T1562.001")],
        peers: [
            checkov("CKV_AZURE_19"),
            kics("819d50fd-1cdf-45c3-9936-be408aaad93e"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureDefenderFreeTier {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_security_center_subscription_pricing"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some((tier, _)) = string_in(resource.body(), "tier", &["Free"]) else {
            return;
        };
        let plan = match resource.attribute("resource_type") {
            None => Some("VirtualMachines"),
            Some(attribute) => attribute.value.as_str(),
        }
        .map_or_else(
            || "the Defender plan".to_owned(),
            |t| format!("the Defender plan for {t}"),
        );
        cx.report_value(
            tier,
            &tier.value,
            "tier",
            format!(
                "tier is Free: {plan} is off, so threats to the resources it covers raise no alert"
            ),
        );
    }
}
