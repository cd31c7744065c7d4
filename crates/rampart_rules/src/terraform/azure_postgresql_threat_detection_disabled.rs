use super::{require_block_true, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_postgresql_server` resources (single servers) without threat detection: no
    /// `threat_detection_policy` block, or one whose `enabled` is `false` or not set. The
    /// provider leaves the policy off unless the block turns it on, so both are reported; an
    /// unknown value is not judged.
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
        require_block_true(
            resource,
            cx,
            "threat_detection_policy",
            "enabled",
            "SQL injection and brute-force attempts raise no alert",
        );
    }
}
