use super::{nested, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_kubernetes_cluster` resources without a network policy engine: no
    /// `network_profile` block (the cluster uses kubenet without policies), or a
    /// `network_profile` whose `network_policy` (`azure`, `calico` or `cilium`) is not set or null
    /// (the finding then shows where the null came from). A
    /// `network_profile` not known before apply is not judged.
    ///
    /// ## Why it matters
    ///
    /// Without a policy engine, Kubernetes `NetworkPolicy` objects are accepted but not
    /// enforced: every pod can reach every other pod and the node network, so one compromised
    /// workload can reach the databases and internal APIs of all the others. The engine can
    /// only be chosen when the cluster is created.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// network_profile {
    ///   network_plugin = "azure"
    ///   network_policy = "azure"
    /// }
    /// ```
    pub struct AzureAksNetworkPolicyMissing {
        id: "azure-aks-network-policy-missing",
        platform: Terraform,
        title: "AKS cluster has no network policy engine",
        severity: Medium,
        remediation: "Set network_profile.network_policy (azure, calico or cilium) when creating the cluster.",
        frameworks: [mitre("T1210")],
        peers: [
            checkov("CKV_AZURE_7"),
            kics("f5342045-b935-402d-adf1-8dbbd09c0eef"),
            trivy("AVD-AZU-0043"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureAksNetworkPolicyMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_kubernetes_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let effect = "NetworkPolicy objects are not enforced";
        match nested(resource.body(), "network_profile") {
            Nested::Missing => {
                cx.report(
                    resource.instance.span,
                    "",
                    format!("no network_profile block: {effect}"),
                );
            }
            Nested::Blocks(blocks) => {
                for block in blocks {
                    match block.body.attribute("network_policy") {
                        None => {
                            cx.report(
                                block.span,
                                "network_profile",
                                format!("network_policy is not set: {effect}"),
                            );
                        }
                        Some(policy) if policy.value.is_null() => {
                            cx.report_value(
                                policy,
                                &policy.value,
                                "network_profile.network_policy",
                                format!("network_policy is null: {effect}"),
                            );
                        }
                        Some(_) => {}
                    }
                }
            }
            Nested::Opaque => {}
        }
    }
}
