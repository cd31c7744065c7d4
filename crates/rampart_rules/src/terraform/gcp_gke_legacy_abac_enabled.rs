use super::{forbid_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_container_cluster` resources whose `enable_legacy_abac` is `true` (the default
    /// is `false`). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Legacy ABAC grants broad, static permissions beside RBAC, and its grants cannot be
    /// audited or narrowed the way RBAC roles can: with it on, service accounts and users get
    /// access that RBAC would deny.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   # ...
    ///   enable_legacy_abac = false
    /// }
    /// ```
    pub struct GcpGkeLegacyAbacEnabled {
        id: "gcp-gke-legacy-abac-enabled",
        platform: Terraform,
        title: "GKE cluster has legacy ABAC enabled",
        severity: High,
        remediation: "Set enable_legacy_abac = false (or remove it) and grant access with RBAC.",
        frameworks: [mitre("T1078")],
        peers: [
            checkov("CKV_GCP_7"),
            kics("5baa92d2-d8ee-4c75-88a4-52d9d8bb8067"),
            trivy("AVD-GCP-0062"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpGkeLegacyAbacEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_container_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_true_in(
            resource,
            cx,
            &["google_container_cluster"],
            "enable_legacy_abac",
            false,
            "legacy ABAC grants permissions that RBAC would deny",
        );
    }
}
