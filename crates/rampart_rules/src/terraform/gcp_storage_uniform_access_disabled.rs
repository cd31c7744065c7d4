use super::{require_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_storage_bucket` resources whose `uniform_bucket_level_access` is `false` or not
    /// set (it defaults to `false`, unless an organization policy enforces it, which the
    /// configuration does not show). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Without uniform access, every object can carry its own ACL besides the bucket's IAM
    /// policy: a single object made public by an upload tool or a script escapes the bucket's
    /// review, and who can read what can only be learned object by object.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_storage_bucket" "data" {
    ///   name                        = "example-data"
    ///   location                    = "EU"
    ///   uniform_bucket_level_access = true
    /// }
    /// ```
    pub struct GcpStorageUniformAccessDisabled {
        id: "gcp-storage-uniform-access-disabled",
        platform: Terraform,
        title: "Storage bucket does not use uniform bucket-level access",
        severity: Medium,
        remediation: "Set uniform_bucket_level_access = true.",
        frameworks: [cis_gcp("5.2")],
        peers: [
            checkov("CKV_GCP_29"),
            kics("bb0db090-5509-4853-a827-75ced0b3caa0"),
            trivy("AVD-GCP-0002"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpStorageUniformAccessDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_storage_bucket"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_true_in(
            resource,
            cx,
            &["google_storage_bucket"],
            "uniform_bucket_level_access",
            "objects can carry their own ACLs, public ones included",
        );
    }
}
