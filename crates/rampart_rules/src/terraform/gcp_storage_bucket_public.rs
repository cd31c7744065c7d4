use super::gcp_iam::{report_public_members, Family};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Bucket IAM grants to `allUsers` or `allAuthenticatedUsers`: the `member` of
    /// `google_storage_bucket_iam_member`, the `members` of `google_storage_bucket_iam_binding`,
    /// and the bindings of the policy that `google_storage_bucket_iam_policy` applies. Its
    /// `policy_data` is read as JSON (`jsonencode({bindings = [...]})`) or, when it is
    /// `data.google_iam_policy.X.policy_data`, from that data source's `binding` blocks: the
    /// member is reported in the data source, once for each policy resource that applies it (the
    /// message names it). Unknown members, and a `policy_data` that is neither known nor a
    /// `google_iam_policy` of the module, are not judged.
    ///
    /// ## Why it matters
    ///
    /// `allUsers` is anyone on the internet, without signing in; `allAuthenticatedUsers` is
    /// anyone with any Google account. Either makes the bucket's objects (or, with a write
    /// role, the bucket itself) available to the world.
    ///
    /// ## How to fix
    ///
    /// Grant the role to the identities that need it:
    ///
    /// ```hcl
    /// resource "google_storage_bucket_iam_member" "reader" {
    ///   bucket = google_storage_bucket.data.name
    ///   role   = "roles/storage.objectViewer"
    ///   member = "serviceAccount:${google_service_account.app.email}"
    /// }
    /// ```
    pub struct GcpStorageBucketPublic {
        id: "gcp-storage-bucket-public",
        platform: Terraform,
        title: "Storage bucket is granted to allUsers or allAuthenticatedUsers",
        severity: High,
        remediation: "Grant bucket roles to specific users, groups or service accounts, never allUsers or allAuthenticatedUsers.",
        frameworks: [cis_gcp("5.1")],
        peers: [
            checkov("CKV_GCP_28"),
            kics("c010082c-76e0-4b91-91d9-6e8439e455dd"),
            kics("a6cd52a1-3056-4910-96a5-894de9f3f3b3"),
            trivy("AVD-GCP-0001"),
        ],
        fixable: false,
    }
}

/// The bucket grants.
const BUCKET: Family = Family {
    member: "google_storage_bucket_iam_member",
    binding: "google_storage_bucket_iam_binding",
    policy: "google_storage_bucket_iam_policy",
};

impl TerraformRule for GcpStorageBucketPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "google_storage_bucket_iam_member",
            "google_storage_bucket_iam_binding",
            "google_storage_bucket_iam_policy",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        report_public_members(resource, cx, BUCKET, &|_, member| {
            format!("the bucket role is granted to {member}")
        });
    }
}
