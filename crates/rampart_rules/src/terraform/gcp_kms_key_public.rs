use super::gcp_iam::report_public_members;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Cloud KMS IAM grants to `allUsers` or `allAuthenticatedUsers`: the `member` of
    /// `google_kms_crypto_key_iam_member` and `google_kms_key_ring_iam_member`, and the
    /// `members` of `google_kms_crypto_key_iam_binding` and `google_kms_key_ring_iam_binding`
    /// (a key ring's grant covers every key in it). Unknown members are not judged, nor are
    /// `_iam_policy` resources, whose policy usually comes from a `google_iam_policy` data
    /// source.
    ///
    /// ## Why it matters
    ///
    /// `allUsers` is anyone on the internet, `allAuthenticatedUsers` anyone with a Google
    /// account. With an encrypter or decrypter role, they can decrypt the data the key protects
    /// (or, with an admin role, destroy the key and the data with it).
    ///
    /// ## How to fix
    ///
    /// Grant the key's roles to the identities that use it:
    ///
    /// ```hcl
    /// resource "google_kms_crypto_key_iam_member" "app" {
    ///   crypto_key_id = google_kms_crypto_key.data.id
    ///   role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
    ///   member        = "serviceAccount:${google_service_account.app.email}"
    /// }
    /// ```
    pub struct GcpKmsKeyPublic {
        id: "gcp-kms-key-public",
        platform: Terraform,
        title: "Cloud KMS key is granted to allUsers or allAuthenticatedUsers",
        severity: High,
        remediation: "Grant KMS roles to specific users, groups or service accounts, never allUsers or allAuthenticatedUsers.",
        frameworks: [cis_gcp("1.9")],
        peers: [
            kics("16cc87d1-dd47-4f46-b3ce-4dfcac8fd2f5"),
        ],
        fixable: false,
    }
}

impl TerraformRule for GcpKmsKeyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "google_kms_crypto_key_iam_member",
            "google_kms_crypto_key_iam_binding",
            "google_kms_key_ring_iam_member",
            "google_kms_key_ring_iam_binding",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let role = resource
            .attribute("role")
            .and_then(|r| r.value.as_str())
            .unwrap_or("a role");
        for (member, binding, what) in [
            (
                "google_kms_crypto_key_iam_member",
                "google_kms_crypto_key_iam_binding",
                "the crypto key",
            ),
            (
                "google_kms_key_ring_iam_member",
                "google_kms_key_ring_iam_binding",
                "every key of the key ring",
            ),
        ] {
            report_public_members(resource, cx, member, binding, &|m| {
                format!("{role} on {what} is granted to {m}: anyone can use the key")
            });
        }
    }
}
