use super::{require_storage_encrypted, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_docdb_cluster` resources whose `storage_encrypted` is `false` or not set (the
    /// default is `false`). A cluster restored from a snapshot (`snapshot_identifier`), a
    /// member of a global cluster (`global_cluster_identifier`) and one that names a
    /// `kms_key_id` take their encryption from elsewhere, so a missing setting is not judged
    /// on them.
    ///
    /// ## Why it matters
    ///
    /// The cluster's storage, its automated backups and its snapshots hold every document in
    /// clear, readable to anyone who obtains a copy of them. Encryption cannot be turned on
    /// later: the cluster has to be rebuilt from an encrypted snapshot copy.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_docdb_cluster" "docs" {
    ///   # ...
    ///   storage_encrypted = true
    ///   kms_key_id        = aws_kms_key.docdb.arn
    /// }
    /// ```
    pub struct DocdbStorageNotEncrypted {
        id: "aws-docdb-storage-not-encrypted",
        platform: Terraform,
        title: "DocumentDB cluster storage is not encrypted",
        severity: High,
        remediation: "Set storage_encrypted = true (with a customer-managed kms_key_id).",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_74"),
            kics("bc1f9009-84a0-490f-ae09-3e0ea6d74ad6"),
            trivy("AVD-AWS-0021"),
        ],
        fixable: false,
    }
}

impl TerraformRule for DocdbStorageNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_docdb_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource.is("aws_docdb_cluster") {
            require_storage_encrypted(
                resource,
                cx,
                "the cluster's documents, backups and snapshots are stored unencrypted",
            );
        }
    }
}
