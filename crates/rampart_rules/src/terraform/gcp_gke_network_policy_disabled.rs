use super::{
    bool_setting, forbid_true, is_one_of, require_block_true, Resource, Setting, TerraformRule,
    TfContext,
};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_container_cluster` resources that enforce no network policy: no
    /// `network_policy` block, or one whose `enabled` is `false`, or, with network policy on,
    /// an `addons_config.network_policy_config` with `disabled = true`. Clusters on GKE Dataplane V2
    /// (`datapath_provider = "ADVANCED_DATAPATH"`) and Autopilot clusters enforce network
    /// policies without the block and are not reported; an unknown data path, or an unknown
    /// value, is not judged.
    ///
    /// ## Why it matters
    ///
    /// Without enforcement, Kubernetes `NetworkPolicy` objects are accepted but do nothing:
    /// every pod can reach every other pod, so one compromised workload can reach the
    /// databases and internal APIs of all the others.
    ///
    /// ## How to fix
    ///
    /// Use Dataplane V2, or turn on the Calico network policy:
    ///
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   # ...
    ///   datapath_provider = "ADVANCED_DATAPATH"
    /// }
    /// ```
    pub struct GcpGkeNetworkPolicyDisabled {
        id: "gcp-gke-network-policy-disabled",
        platform: Terraform,
        title: "GKE cluster does not enforce network policies",
        severity: Medium,
        remediation: "Set datapath_provider = \"ADVANCED_DATAPATH\", or add network_policy { enabled = true }.",
        frameworks: [mitre("T1210")],
        peers: [
            checkov("CKV_GCP_12"),
            kics("11e7550e-c4b6-472e-adff-c698f157cdd7"),
            trivy("AVD-GCP-0056"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpGkeNetworkPolicyDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_container_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let body = resource.body();
        // Dataplane V2 (or an unknown data path) and Autopilot (or unknown) are not judged.
        let legacy_datapath = body.attribute("datapath_provider").is_none_or(|d| {
            d.value.is_null()
                || is_one_of(
                    &d.value,
                    &["LEGACY_DATAPATH", "DATAPATH_PROVIDER_UNSPECIFIED"],
                )
        });
        let standard = matches!(
            bool_setting(body, "enable_autopilot"),
            Setting::Missing | Setting::Known(false, _)
        );
        if legacy_datapath && standard {
            require_block_true(
                resource,
                cx,
                "network_policy",
                "enabled",
                "NetworkPolicy objects are not enforced",
            );
            // With network policy on, the control plane's add-on must not be turned off (with
            // it off, the add-on follows and is not reported twice).
            let enabled = body
                .blocks_of("network_policy")
                .any(|b| matches!(bool_setting(&b.body, "enabled"), Setting::Known(true, _)));
            for addons in body.blocks_of("addons_config").filter(|_| enabled) {
                for config in addons.body.blocks_of("network_policy_config") {
                    forbid_true(
                        cx,
                        &config.body,
                        config.span,
                        "addons_config.network_policy_config",
                        "disabled",
                        false,
                        "the network policy add-on is off, so NetworkPolicy objects are not enforced",
                    );
                }
            }
        }
    }
}
