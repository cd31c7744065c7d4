use super::ingress::is_internet_source;
use super::{nested, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_container_cluster` resources whose `master_authorized_networks_config` has a
    /// `cidr_blocks` entry for the whole internet (`0.0.0.0/0`, any `/0`). A cluster without
    /// authorized networks is not reported (its endpoint may be private, which the
    /// `private_cluster_config` says), nor are unknown ranges.
    ///
    /// ## Why it matters
    ///
    /// Master authorized networks are the firewall of the cluster's Kubernetes API: an entry
    /// for every address turns it off while looking like it is on, and the API server answers
    /// credential guessing and exploits of its own vulnerabilities from anywhere.
    ///
    /// ## How to fix
    ///
    /// Authorize the networks that administer the cluster:
    ///
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   # ...
    ///   master_authorized_networks_config {
    ///     cidr_blocks {
    ///       cidr_block   = "203.0.113.0/24"
    ///       display_name = "office"
    ///     }
    ///   }
    /// }
    /// ```
    pub struct GcpGkeMasterNetworksOpen {
        id: "gcp-gke-master-networks-open",
        platform: Terraform,
        title: "GKE master authorized networks allow the whole internet",
        severity: High,
        remediation: "Replace the 0.0.0.0/0 entry of master_authorized_networks_config with the networks that administer the cluster.",
        frameworks: [mitre("T1133")],
        peers: [
            checkov("CKV_GCP_20"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpGkeMasterNetworksOpen {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_container_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Nested::Blocks(configs) = nested(resource.body(), "master_authorized_networks_config")
        else {
            return;
        };
        for config in configs {
            let Nested::Blocks(entries) = nested(&config.body, "cidr_blocks") else {
                continue;
            };
            for entry in entries {
                let Some(attribute) = entry.body.attribute("cidr_block") else {
                    continue;
                };
                if let Some(cidr) = attribute.value.as_str().filter(|c| is_internet_source(c)) {
                    cx.report_value(
                        attribute,
                        &attribute.value,
                        "master_authorized_networks_config.cidr_blocks.cidr_block",
                        format!("{cidr} is authorized: the Kubernetes API answers any address"),
                    );
                }
            }
        }
    }
}
