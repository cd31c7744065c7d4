use super::gke_node_management::{keeps_default_pool, node_config_blocks, NODE_POOL_KINDS};
use super::{bool_setting, nested, route, Nested, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// GKE nodes that run as the Compute Engine default service account: a `node_config` (of
    /// `google_container_node_pool`, or of `google_container_cluster` and its `node_pool`
    /// blocks) whose `service_account` is not set, is `"default"` or is a
    /// `...-compute@developer.gserviceaccount.com` address; a node pool without `node_config`;
    /// and a cluster that keeps its default node pool (no `node_config`, no `node_pool` block,
    /// `remove_default_node_pool` not `true`). A cluster's own `node_config` is not judged when
    /// `remove_default_node_pool = true` (it only makes the default node pool, which is then
    /// deleted) or when that setting is unknown. An unknown service account, an Autopilot
    /// cluster and a cluster whose `enable_autopilot` is unknown are not judged.
    ///
    /// ## Why it matters
    ///
    /// The Compute Engine default service account holds the Editor role on the project unless
    /// an organization policy prevents it. Every pod that can reach the node's metadata server,
    /// and anyone who escapes a container, gets a token that can change almost anything in the
    /// project.
    ///
    /// ## How to fix
    ///
    /// Run the nodes as a service account of their own, with only the logging and monitoring
    /// roles nodes need:
    ///
    /// ```hcl
    /// resource "google_container_node_pool" "main" {
    ///   # ...
    ///   node_config {
    ///     service_account = google_service_account.nodes.email
    ///   }
    /// }
    /// ```
    pub struct GcpGkeDefaultServiceAccount {
        id: "gcp-gke-default-service-account",
        platform: Terraform,
        title: "GKE nodes run as the Compute Engine default service account",
        severity: Medium,
        remediation: "Set node_config.service_account to a dedicated, least-privilege service account.",
        frameworks: [mitre("T1078.004")],
        peers: [
            kics("1c8eef02-17b1-4a3e-b01d-dcc3292d2c38"),
            trivy("AVD-GCP-0050"),
        ],
        fixable: false,
    }
}

const EFFECT: &str =
    "the nodes run as the Compute Engine default service account (Editor on the project)";

/// Whether `account` names the Compute Engine default service account.
fn is_default(account: &str) -> bool {
    account == "default" || account.ends_with("-compute@developer.gserviceaccount.com")
}

impl TerraformRule for GcpGkeDefaultServiceAccount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &NODE_POOL_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let body = resource.body();
        if resource.is("google_container_cluster") {
            if !matches!(
                bool_setting(body, "enable_autopilot"),
                Setting::Missing | Setting::Known(false, _)
            ) {
                return;
            }
            let pools = nested(body, "node_pool");
            if let Nested::Blocks(pools) = &pools {
                for pool in pools {
                    if matches!(nested(&pool.body, "node_config"), Nested::Missing) {
                        cx.report(pool.span, "node_pool", format!("no node_config: {EFFECT}"));
                    }
                }
            }
            let keeps_default_pool = matches!(pools, Nested::Missing)
                && matches!(nested(body, "node_config"), Nested::Missing)
                && keeps_default_pool(body);
            if keeps_default_pool {
                cx.report(
                    resource.instance.span,
                    "",
                    format!("the default node pool has no node_config: {EFFECT}"),
                );
            }
        } else if matches!(nested(body, "node_config"), Nested::Missing) {
            cx.report(
                resource.instance.span,
                "",
                format!("no node_config: {EFFECT}"),
            );
        }
        // A cluster's own node_config is left out when its default pool may be deleted.
        for (block, prefix) in node_config_blocks(resource) {
            match block.body.attribute("service_account") {
                Some(account) if !account.value.is_null() => {
                    if let Some(name) = account.value.as_str().filter(|a| is_default(a)) {
                        cx.report_value(
                            account,
                            &account.value,
                            &route(prefix, "service_account"),
                            format!("service_account is {name}: {EFFECT}"),
                        );
                    }
                }
                _ => {
                    cx.report(
                        block.span,
                        prefix,
                        format!("service_account is not set: {EFFECT}"),
                    );
                }
            }
        }
    }
}
