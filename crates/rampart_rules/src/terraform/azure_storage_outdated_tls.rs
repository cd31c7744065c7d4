use super::{string_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_storage_account` resources whose `min_tls_version` is `TLS1_0` or `TLS1_1`.
    /// Not set, it defaults to `TLS1_2` (azurerm 3 and later), which is not reported.
    ///
    /// ## Why it matters
    ///
    /// TLS 1.0 and 1.1 have known weaknesses (BEAST, weak hashes and ciphers) and are
    /// deprecated (RFC 8996). Accepting them lets a client, or an attacker who downgrades the
    /// connection, talk to the account over a protocol that no longer protects the data.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_storage_account" "data" {
    ///   # ...
    ///   min_tls_version = "TLS1_2"
    /// }
    /// ```
    pub struct AzureStorageOutdatedTls {
        id: "azure-storage-outdated-tls",
        platform: Terraform,
        title: "Storage account accepts TLS older than 1.2",
        severity: Medium,
        remediation: "Set min_tls_version = \"TLS1_2\" (or remove it: TLS1_2 is the default).",
        frameworks: [cis_azure("4.15")],
        peers: [
            checkov("CKV_AZURE_44"),
            kics("8263f146-5e03-43e0-9cfe-db960d56d1e7"),
            trivy("AVD-AZU-0011"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureStorageOutdatedTls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_storage_account"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Some((attribute, version)) =
            string_in(resource.body(), "min_tls_version", &["TLS1_0", "TLS1_1"])
        {
            cx.report_value(
                attribute,
                &attribute.value,
                "min_tls_version",
                format!("the account accepts {version}, deprecated and weak"),
            );
        }
    }
}
