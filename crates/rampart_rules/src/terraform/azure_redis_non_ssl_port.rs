use super::{forbid_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_redis_cache` resources that open the plain-text port 6379:
    /// `non_ssl_port_enabled` (azurerm 4) or `enable_non_ssl_port` (azurerm 3) set to `true`
    /// (both default to `false`). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// On the non-TLS port, the access key and every cached value cross the network in clear:
    /// anyone on the path can read session tokens and data, or replay the key.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_redis_cache" "main" {
    ///   # ...
    ///   non_ssl_port_enabled = false
    ///   minimum_tls_version  = "1.2"
    /// }
    /// ```
    pub struct AzureRedisNonSslPort {
        id: "azure-redis-non-ssl-port",
        platform: Terraform,
        title: "Redis cache opens its non-TLS port",
        severity: High,
        remediation: "Set non_ssl_port_enabled = false (or remove it) and connect over TLS on port 6380.",
        frameworks: [mitre("T1040")],
        peers: [
            checkov("CKV_AZURE_91"),
            kics("e29a75e6-aba3-4896-b42d-b87818c16b58"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureRedisNonSslPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_redis_cache"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for name in ["non_ssl_port_enabled", "enable_non_ssl_port"] {
            forbid_true_in(
                resource,
                cx,
                &["azurerm_redis_cache"],
                name,
                false,
                "the cache accepts clients, and their access key, in clear on port 6379",
            );
        }
    }
}
