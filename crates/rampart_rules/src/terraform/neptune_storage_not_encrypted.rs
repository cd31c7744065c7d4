use super::{require_storage_encrypted, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_neptune_cluster` resources whose `storage_encrypted` is `false` or not set (the
    /// default is `false`). A cluster restored from a snapshot (`snapshot_identifier`), a
    /// member of a global cluster (`global_cluster_identifier`), a replica
    /// (`replication_source_identifier`) and one that names a `kms_key_arn` take their
    /// encryption from elsewhere, so a missing setting is not judged on them.
    ///
    /// ## Why it matters
    ///
    /// The graph, its automated backups and its snapshots are stored in clear, readable to
    /// anyone who obtains a copy of them. Encryption cannot be turned on for an existing
    /// cluster: it has to be restored from an encrypted snapshot copy.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_neptune_cluster" "graph" {
    ///   # ...
    ///   storage_encrypted = true
    ///   kms_key_arn       = aws_kms_key.neptune.arn
    /// }
    /// ```
    pub struct NeptuneStorageNotEncrypted {
        id: "aws-neptune-storage-not-encrypted",
        platform: Terraform,
        title: "Neptune cluster storage is not encrypted",
        severity: High,
        remediation: "Set storage_encrypted = true (with a customer-managed kms_key_arn).",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_44"),
            kics("98d59056-f745-4ef5-8613-32bca8d40b7e"),
            trivy("AVD-AWS-0076"),
        ],
        fixable: false,
    }
}

impl TerraformRule for NeptuneStorageNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_neptune_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource.is("aws_neptune_cluster") {
            require_storage_encrypted(
                resource,
                cx,
                "the graph, its backups and snapshots are stored unencrypted",
            );
        }
    }
}
