use super::{require_block_true, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_dax_cluster` resources without a `server_side_encryption` block, or whose block
    /// does not set `enabled = true` (the default is `false`: DAX clusters are not encrypted
    /// unless asked). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// A DAX cluster caches the items of its DynamoDB tables, and writes them to the nodes'
    /// disks: without encryption at rest, that copy of the table's data, and the cluster's
    /// logs, are stored in clear, even when the table itself is encrypted. Encryption can only
    /// be chosen when the cluster is created.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_dax_cluster" "cache" {
    ///   cluster_name       = "cache"
    ///   iam_role_arn       = aws_iam_role.dax.arn
    ///   node_type          = "dax.r5.large"
    ///   replication_factor = 3
    ///
    ///   server_side_encryption {
    ///     enabled = true
    ///   }
    /// }
    /// ```
    pub struct DaxClusterNotEncrypted {
        id: "aws-dax-cluster-not-encrypted",
        platform: Terraform,
        title: "DAX cluster is not encrypted at rest",
        severity: Medium,
        remediation: "Add server_side_encryption { enabled = true } (the cluster is replaced).",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_47"),
            kics("f11aec39-858f-4b6f-b946-0a1bf46c0c87"),
        ],
        fixable: false,
    }
}

impl TerraformRule for DaxClusterNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_dax_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        require_block_true(
            resource,
            cx,
            "server_side_encryption",
            "enabled",
            "the cluster's cached items are stored unencrypted",
        );
    }
}
