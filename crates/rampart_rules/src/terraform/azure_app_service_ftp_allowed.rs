use super::app_service::{site_configs, APP_KINDS};
use super::{string_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// App Service web and function apps whose `site_config` sets `ftps_state` to
    /// `AllAllowed`, which accepts plain FTP beside FTPS. Not set (the provider's default
    /// depends on the resource type and version) or unknown is not judged.
    ///
    /// ## Why it matters
    ///
    /// Plain FTP sends the deployment credentials and the app's files in clear text: anyone on
    /// the network path can capture the publishing password and deploy their own code.
    ///
    /// ## How to fix
    ///
    /// Disable FTP deployments, or allow FTPS only:
    ///
    /// ```hcl
    /// resource "azurerm_linux_web_app" "main" {
    ///   # ...
    ///   site_config {
    ///     ftps_state = "Disabled"
    ///   }
    /// }
    /// ```
    pub struct AzureAppServiceFtpAllowed {
        id: "azure-app-service-ftp-allowed",
        platform: Terraform,
        title: "App Service app accepts plain FTP deployments",
        severity: Medium,
        remediation: "Set site_config.ftps_state to \"Disabled\" (or \"FtpsOnly\").",
        frameworks: [mitre("T1040")],
        peers: [
            checkov("CKV_AZURE_78"),
            kics("85da374f-b00f-4832-9d44-84a1ca1e89f8"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureAppServiceFtpAllowed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &APP_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for block in site_configs(resource) {
            if let Some((attribute, _)) = string_in(&block.body, "ftps_state", &["AllAllowed"]) {
                cx.report_value(
                    attribute,
                    &attribute.value,
                    "site_config.ftps_state",
                    "ftps_state is AllAllowed: plain FTP sends the publishing credentials in clear text",
                );
            }
        }
    }
}
