use super::gcp_iam::{report_public_members, Family};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Cloud KMS IAM grants to `allUsers` or `allAuthenticatedUsers`, on a crypto key or on a
    /// key ring (a key ring's grant covers every key in it): the `member` of
    /// `google_kms_crypto_key_iam_member` and `google_kms_key_ring_iam_member`, the `members`
    /// of `google_kms_crypto_key_iam_binding` and `google_kms_key_ring_iam_binding`, and the
    /// bindings of the policy that `google_kms_crypto_key_iam_policy` and
    /// `google_kms_key_ring_iam_policy` apply. A policy's `policy_data` is read as JSON
    /// (`jsonencode({bindings = [...]})`) or, when it is `data.google_iam_policy.X.policy_data`,
    /// from that data source's `binding` blocks: the member is reported in the data source, once
    /// for each policy resource that applies it (the message names it). Unknown members, and a
    /// `policy_data` that is neither known nor a `google_iam_policy` of the module, are not
    /// judged.
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

/// The KMS grants, with what a grant covers.
const FAMILIES: [(Family, &str); 2] = [
    (
        Family {
            member: "google_kms_crypto_key_iam_member",
            binding: "google_kms_crypto_key_iam_binding",
            policy: "google_kms_crypto_key_iam_policy",
        },
        "the crypto key",
    ),
    (
        Family {
            member: "google_kms_key_ring_iam_member",
            binding: "google_kms_key_ring_iam_binding",
            policy: "google_kms_key_ring_iam_policy",
        },
        "every key of the key ring",
    ),
];

impl TerraformRule for GcpKmsKeyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "google_kms_crypto_key_iam_member",
            "google_kms_crypto_key_iam_binding",
            "google_kms_crypto_key_iam_policy",
            "google_kms_key_ring_iam_member",
            "google_kms_key_ring_iam_binding",
            "google_kms_key_ring_iam_policy",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for (family, what) in FAMILIES {
            report_public_members(resource, cx, family, &|role, m| {
                let role = role.unwrap_or("a role");
                format!("{role} on {what} is granted to {m}: anyone can use the key")
            });
        }
    }
}
