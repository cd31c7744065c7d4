use rampart_terraform::Value;

use super::{require_block_true, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_postgresql_server` resources (single servers) without threat detection: no
    /// `threat_detection_policy` block, or one whose `enabled` is `false` or not set. The
    /// provider leaves the policy off unless the block turns it on, so both are reported; an
    /// unknown value is not judged. A server without the block is not reported when the
    /// configuration turns on Microsoft Defender for open-source relational databases for the
    /// subscription (an `azurerm_security_center_subscription_pricing` with `resource_type =
    /// "OpenSourceRelationalDatabases"` and `tier = "Standard"`, or values not known before
    /// apply): the plan protects every server of the subscription.
    ///
    /// ## Why it matters
    ///
    /// Threat detection (Microsoft Defender for open-source relational databases) alerts on
    /// SQL injection, logins from unusual places and brute-force attempts. Without it, an
    /// attack on the database raises no alert.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_postgresql_server" "main" {
    ///   # ...
    ///   threat_detection_policy {
    ///     enabled              = true
    ///     email_account_admins = true
    ///   }
    /// }
    /// ```
    pub struct AzurePostgresqlThreatDetectionDisabled {
        id: "azure-postgresql-threat-detection-disabled",
        platform: Terraform,
        title: "PostgreSQL server has threat detection off",
        severity: Medium,
        remediation: "Add a threat_detection_policy block with enabled = true.",
        frameworks: [mitre("T1562.001")],
        peers: [
            checkov("CKV_AZURE_128"),
            kics("c407c3cf-c409-4b29-b590-db5f4138d332"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzurePostgresqlThreatDetectionDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_postgresql_server"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let has_block = resource
            .body()
            .blocks_of("threat_detection_policy")
            .next()
            .is_some();
        if !has_block && defender_for_databases(resource) {
            return;
        }
        require_block_true(
            resource,
            cx,
            "threat_detection_policy",
            "enabled",
            "SQL injection and brute-force attempts raise no alert",
        );
    }
}

/// Whether the configuration (may) turn on Defender for open-source relational databases for the
/// subscription.
fn defender_for_databases(resource: &Resource<'_>) -> bool {
    let is = |value: &Value, text: &str| value.as_str().is_none_or(|s| s == text);
    resource
        .root
        .resources_of("azurerm_security_center_subscription_pricing")
        .any(|pricing| {
            let body = &pricing.body;
            body.attribute("resource_type")
                .is_some_and(|t| is(&t.value, "OpenSourceRelationalDatabases"))
                && body
                    .attribute("tier")
                    .is_some_and(|t| is(&t.value, "Standard"))
        })
}
