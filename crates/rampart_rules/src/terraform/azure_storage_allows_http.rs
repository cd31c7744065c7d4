use super::{forbid_false, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_storage_account` resources that turn off "secure transfer required":
    /// `https_traffic_only_enabled` (azurerm 4) or `enable_https_traffic_only` (azurerm 3) set
    /// to `false`. Both default to `true`, so a missing attribute is not reported; an unknown
    /// value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Without secure transfer, the account accepts REST requests over plain HTTP and SMB
    /// without encryption: shared access signatures, keys in headers and the data itself cross
    /// the network in clear, for anyone on the path to read or change.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_storage_account" "data" {
    ///   # ...
    ///   https_traffic_only_enabled = true
    ///   min_tls_version            = "TLS1_2"
    /// }
    /// ```
    pub struct AzureStorageAllowsHttp {
        id: "azure-storage-allows-http",
        platform: Terraform,
        title: "Storage account accepts unencrypted HTTP",
        severity: High,
        remediation: "Set https_traffic_only_enabled = true (enable_https_traffic_only in azurerm 3), or remove the attribute.",
        frameworks: [cis_azure("4.1")],
        peers: [
            checkov("CKV_AZURE_3"),
            kics("12944ec4-1fa0-47be-8b17-42a034f937c2"),
            trivy("AVD-AZU-0008"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureStorageAllowsHttp {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_storage_account"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for name in ["https_traffic_only_enabled", "enable_https_traffic_only"] {
            forbid_false(
                cx,
                resource.body(),
                "",
                name,
                "the account accepts requests over plain HTTP",
            );
        }
    }
}
