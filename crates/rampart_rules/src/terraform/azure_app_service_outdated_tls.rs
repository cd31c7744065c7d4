use super::app_service::{site_configs, APP_KINDS};
use super::{route, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// App Service web and function apps whose `site_config` accepts TLS older than 1.2:
    /// `minimum_tls_version` (Linux and Windows apps) or `min_tls_version` (the legacy
    /// `azurerm_app_service` and `azurerm_function_app`) set to `1.0` or `1.1`, and the same
    /// for the deployment (Kudu/SCM) endpoint, `scm_minimum_tls_version` or
    /// `scm_min_tls_version`. The settings default to `1.2`, so a missing one is not reported;
    /// nor is `1.3`, or an unknown value.
    ///
    /// ## Why it matters
    ///
    /// TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996): an app that accepts
    /// them lets a client, or an attacker who downgrades the connection, exchange session
    /// cookies, credentials and data over a protocol that no longer protects them.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_linux_web_app" "main" {
    ///   # ...
    ///   site_config {
    ///     minimum_tls_version     = "1.2"
    ///     scm_minimum_tls_version = "1.2"
    ///   }
    /// }
    /// ```
    pub struct AzureAppServiceOutdatedTls {
        id: "azure-app-service-outdated-tls",
        platform: Terraform,
        title: "App Service app accepts TLS older than 1.2",
        severity: Medium,
        remediation: "Set site_config.minimum_tls_version to \"1.2\" (or remove it: 1.2 is the default).",
        frameworks: [mitre("T1040")],
        peers: [
            checkov("CKV_AZURE_15"),
            checkov("CKV_AZURE_145"),
            kics("b7b9d1c7-2d3b-49b4-b867-ebbe68d0b643"),
            kics("45fc717a-bd86-415c-bdd8-677901be1aa6"),
        ],
        fixable: false,
    }
}

/// The minimum TLS settings of `site_config`, for the app and for its deployment endpoint,
/// under their current and legacy names.
const SETTINGS: [&str; 4] = [
    "minimum_tls_version",
    "min_tls_version",
    "scm_minimum_tls_version",
    "scm_min_tls_version",
];

/// The lowest acceptable version.
const MIN_VERSION: f64 = 1.2;

impl TerraformRule for AzureAppServiceOutdatedTls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &APP_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for block in site_configs(resource) {
            for name in SETTINGS {
                let Some(attribute) = block.body.attribute(name) else {
                    continue;
                };
                if attribute.value.as_number().is_some_and(|v| v < MIN_VERSION) {
                    let version = attribute.value.to_plain_string().unwrap_or_default();
                    cx.report_value(
                        attribute,
                        &attribute.value,
                        &route("site_config", name),
                        format!("{name} is {version}: the app accepts deprecated TLS versions"),
                    );
                }
            }
        }
    }
}
