use super::ingress::is_internet_source;
use super::{
    bool_setting, known_strings, nested, Nested, Resource, Setting, TerraformRule, TfContext,
};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_kubernetes_cluster` resources whose API server is reachable from the whole
    /// internet: `private_cluster_enabled` is `false` or not set (the default), and no
    /// authorized IP range restricts it (`api_server_access_profile.authorized_ip_ranges`, or
    /// `api_server_authorized_ip_ranges` in azurerm 3), or the ranges include `0.0.0.0/0`. A
    /// public API server restricted to known ranges is not reported; unknown values are not
    /// judged.
    ///
    /// ## Why it matters
    ///
    /// The API server is the cluster's front door. Open to the internet, every leaked
    /// kubeconfig, token or credential, and every API server vulnerability, becomes usable from
    /// anywhere.
    ///
    /// ## How to fix
    ///
    /// Make the cluster private, or restrict the public endpoint:
    ///
    /// ```hcl
    /// api_server_access_profile {
    ///   authorized_ip_ranges = ["203.0.113.0/24"]
    /// }
    /// ```
    pub struct AzureAksApiServerPublic {
        id: "azure-aks-api-server-public",
        platform: Terraform,
        title: "AKS API server is open to the internet",
        severity: High,
        remediation: "Set private_cluster_enabled = true, or restrict api_server_access_profile.authorized_ip_ranges to known ranges.",
        frameworks: [mitre("T1133")],
        peers: [
            checkov("CKV_AZURE_6"),
            checkov("CKV_AZURE_115"),
            kics("599318f2-6653-4569-9e21-041d06c63a89"),
            trivy("AVD-AZU-0041"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureAksApiServerPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_kubernetes_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let body = resource.body();
        if matches!(
            bool_setting(body, "private_cluster_enabled"),
            Setting::Known(true, _) | Setting::Unknown
        ) {
            return;
        }
        let mut lists = Vec::new();
        lists.extend(
            body.attribute("api_server_authorized_ip_ranges")
                .map(|a| (a, "api_server_authorized_ip_ranges")),
        );
        match nested(body, "api_server_access_profile") {
            Nested::Opaque => return,
            Nested::Missing => {}
            Nested::Blocks(blocks) => lists.extend(blocks.iter().filter_map(|b| {
                b.body
                    .attribute("authorized_ip_ranges")
                    .map(|a| (a, "api_server_access_profile.authorized_ip_ranges"))
            })),
        }
        let mut restricted = false;
        let mut open = false;
        for (ranges, route) in lists {
            if ranges.value.is_null() {
                continue;
            }
            let Some(items) = ranges.value.as_list() else {
                return; // Not known before apply.
            };
            if items.iter().any(|v| v.as_str().is_none()) {
                return;
            }
            for (range, element) in known_strings(&ranges.value) {
                if is_internet_source(range) {
                    open = true;
                    cx.report_value(
                        ranges,
                        element,
                        route,
                        format!("the public API server is open to {range}"),
                    );
                } else {
                    restricted = true;
                }
            }
        }
        if !restricted && !open {
            cx.report(
                resource.instance.span,
                "",
                "the API server is public (private_cluster_enabled is not true) and no authorized_ip_ranges restrict it",
            );
        }
    }
}
