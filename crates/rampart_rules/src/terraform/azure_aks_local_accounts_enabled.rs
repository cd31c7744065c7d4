use super::{require_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_kubernetes_cluster` resources whose `local_account_disabled` is `false` or not
    /// set (it defaults to `false`: the cluster keeps its local admin account). An unknown value
    /// is not judged.
    ///
    /// ## Why it matters
    ///
    /// The local admin account's credentials (`az aks get-credentials --admin`) are a static
    /// cluster-admin certificate outside Microsoft Entra ID: they bypass conditional access and
    /// MFA, cannot be tied to a person in the audit log, and stay valid until the cluster's
    /// certificates are rotated.
    ///
    /// ## How to fix
    ///
    /// Use Entra ID integration with Azure RBAC, then turn the local accounts off:
    ///
    /// ```hcl
    /// resource "azurerm_kubernetes_cluster" "main" {
    ///   # ...
    ///   local_account_disabled = true
    ///
    ///   azure_active_directory_role_based_access_control {
    ///     azure_rbac_enabled = true
    ///   }
    /// }
    /// ```
    pub struct AzureAksLocalAccountsEnabled {
        id: "azure-aks-local-accounts-enabled",
        platform: Terraform,
        title: "AKS cluster keeps its local admin account",
        severity: Medium,
        remediation: "Integrate the cluster with Microsoft Entra ID and set local_account_disabled = true.",
        frameworks: [mitre("T1078")],
        peers: [
            checkov("CKV_AZURE_141"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureAksLocalAccountsEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_kubernetes_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_true_in(
            resource,
            cx,
            &["azurerm_kubernetes_cluster"],
            "local_account_disabled",
            "the static cluster-admin credentials bypass Entra ID",
        );
    }
}
