use super::{forbid_true, nested, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_container_cluster` resources whose
    /// `master_auth.client_certificate_config.issue_client_certificate` is `true`. GKE issues no
    /// client certificate unless asked (the setting defaults to `false`), so a cluster without
    /// `master_auth` or `client_certificate_config` is not reported, nor is an unknown value.
    ///
    /// ## Why it matters
    ///
    /// The legacy client certificate authenticates as a cluster administrator, outside IAM. It
    /// cannot be revoked short of rotating the cluster's credentials, and anyone who reads it
    /// from the cluster's API (or the Terraform state, where the provider stores it) keeps
    /// full access to the cluster, even after losing every IAM role.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   # ...
    ///   master_auth {
    ///     client_certificate_config {
    ///       issue_client_certificate = false
    ///     }
    ///   }
    /// }
    /// ```
    pub struct GcpGkeClientCertificateEnabled {
        id: "gcp-gke-client-certificate-enabled",
        platform: Terraform,
        title: "GKE cluster issues a legacy client certificate",
        severity: Medium,
        remediation: "Set issue_client_certificate = false (or remove it) and authenticate with IAM.",
        frameworks: [mitre("T1078.004")],
        peers: [
            checkov("CKV_GCP_13"),
            kics("73fb21a1-b19a-45b1-b648-b47b1678681e"),
            trivy("AVD-GCP-0064"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpGkeClientCertificateEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_container_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Nested::Blocks(auths) = nested(resource.body(), "master_auth") else {
            return;
        };
        for auth in auths {
            let Nested::Blocks(configs) = nested(&auth.body, "client_certificate_config") else {
                continue;
            };
            for config in configs {
                forbid_true(
                    cx,
                    &config.body,
                    config.span,
                    "master_auth.client_certificate_config",
                    "issue_client_certificate",
                    false,
                    "a cluster administrator certificate that IAM cannot revoke is issued",
                );
            }
        }
    }
}
