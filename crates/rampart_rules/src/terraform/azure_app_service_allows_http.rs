use super::app_service::APP_KINDS;
use super::{require_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// App Service web and function apps (`azurerm_app_service`, `azurerm_linux_web_app`,
    /// `azurerm_windows_web_app`, `azurerm_function_app`, `azurerm_linux_function_app`,
    /// `azurerm_windows_function_app`) whose `https_only` is `false` or not set (it defaults to
    /// `false`). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Without HTTPS only, the app answers plain HTTP requests as well: session cookies,
    /// credentials and data sent over them can be read and changed by anyone on the network
    /// path.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_linux_web_app" "main" {
    ///   # ...
    ///   https_only = true
    /// }
    /// ```
    pub struct AzureAppServiceAllowsHttp {
        id: "azure-app-service-allows-http",
        platform: Terraform,
        title: "App Service app accepts plain HTTP",
        severity: Medium,
        remediation: "Set https_only = true so that HTTP requests are redirected to HTTPS.",
        frameworks: [mitre("T1040")],
        peers: [
            checkov("CKV_AZURE_14"),
            kics("11e9a948-c6c3-4a0f-8dcf-b5cf1763cdbe"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureAppServiceAllowsHttp {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &APP_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_true_in(
            resource,
            cx,
            &APP_KINDS,
            "https_only",
            "the app answers plain HTTP, readable on the network path",
        );
    }
}
