use super::{forbid_false, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_kubernetes_cluster` resources that turn Kubernetes RBAC off:
    /// `role_based_access_control_enabled = false` (azurerm 3 and later), or
    /// `role_based_access_control { enabled = false }` (azurerm 2). RBAC is on by default, so
    /// a missing setting is not reported; an unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Without RBAC, the API server authorizes every authenticated request: any user, and every
    /// pod's service account token, can read secrets and change every workload of the cluster.
    /// RBAC cannot be turned on later without recreating the cluster.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "azurerm_kubernetes_cluster" "main" {
    ///   # ...
    ///   role_based_access_control_enabled = true
    /// }
    /// ```
    pub struct AzureAksRbacDisabled {
        id: "azure-aks-rbac-disabled",
        platform: Terraform,
        title: "AKS cluster has Kubernetes RBAC disabled",
        severity: High,
        remediation: "Set role_based_access_control_enabled = true (or remove it: it defaults to true).",
        frameworks: [mitre("T1078")],
        peers: [
            checkov("CKV_AZURE_5"),
            kics("86f92117-eed8-4614-9c6c-b26da20ff37f"),
            trivy("AVD-AZU-0042"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureAksRbacDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_kubernetes_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let effect = "every authenticated request is authorized";
        forbid_false(
            cx,
            resource.body(),
            "",
            "role_based_access_control_enabled",
            effect,
        );
        for block in resource.body().blocks_of("role_based_access_control") {
            forbid_false(
                cx,
                &block.body,
                "role_based_access_control",
                "enabled",
                effect,
            );
        }
    }
}
