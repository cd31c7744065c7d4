use super::{forbid_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_container_registry` resources whose `admin_enabled` is `true` (the default is
    /// `false`). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// The admin user is a single shared account with push and pull rights on every repository
    /// of the registry, authenticated by a static password. Whoever holds the password can
    /// replace images that clusters and apps pull, and its use cannot be traced to a person or
    /// narrowed to a repository.
    ///
    /// ## How to fix
    ///
    /// Disable the admin user and grant `AcrPull` / `AcrPush` roles to Entra ID identities
    /// (managed identities, service principals):
    ///
    /// ```hcl
    /// resource "azurerm_container_registry" "main" {
    ///   # ...
    ///   admin_enabled = false
    /// }
    /// ```
    pub struct AzureContainerRegistryAdminEnabled {
        id: "azure-container-registry-admin-enabled",
        platform: Terraform,
        title: "Container registry has the admin user enabled",
        severity: Medium,
        remediation: "Set admin_enabled = false and grant registry roles to Entra ID identities.",
        frameworks: [mitre("T1078.004")],
        peers: [
            checkov("CKV_AZURE_137"),
            kics("b897dfbf-322c-45a8-b67c-1e698beeaa51"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureContainerRegistryAdminEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_container_registry"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_true_in(
            resource,
            cx,
            &["azurerm_container_registry"],
            "admin_enabled",
            false,
            "a shared admin password can push and pull every image of the registry",
        );
    }
}
