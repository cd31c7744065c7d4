use super::elasticache::{engine_is, in_global_datastore};
use super::{forbid_false, require_true, Resource, TerraformRule, TfContext};
use crate::prelude::*;

const EFFECT: &str = "the cache's data is written to disk, and its backups to S3, unencrypted";

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_elasticache_replication_group` resources (Redis OSS and Valkey) whose
    /// `at_rest_encryption_enabled` is `false`, or not set on a Redis OSS group (`engine` not
    /// set or `"redis"`): the provider then leaves the choice to the API, whose default is
    /// `false` for Redis OSS. A Valkey group that does not set it is encrypted (the API's
    /// default for Valkey is `true`) and is not reported, nor is a group whose engine is not
    /// known before apply and that does not set it. A secondary member of a global datastore
    /// (`global_replication_group_id`) takes the primary's setting and is not judged. An unknown
    /// value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Without encryption at rest, what the nodes write to disk (during synchronisation, swap
    /// and backups) and the backups kept in S3 hold the cached data in clear: session tokens,
    /// cached query results, personal data. Whoever gets a copy of a backup, exported to a
    /// bucket or shared with another account, reads it. Encryption at rest can only be chosen
    /// when the group is created.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_elasticache_replication_group" "sessions" {
    ///   replication_group_id       = "sessions"
    ///   description                = "session store"
    ///   node_type                  = "cache.t4g.small"
    ///   at_rest_encryption_enabled = true
    ///   kms_key_id                 = aws_kms_key.cache.arn
    /// }
    /// ```
    ///
    /// The group is replaced: create an encrypted one from a backup of the old one.
    pub struct ElasticacheNotEncryptedAtRest {
        id: "aws-elasticache-not-encrypted-at-rest",
        platform: Terraform,
        title: "ElastiCache replication group is not encrypted at rest",
        severity: Medium,
        remediation: "Set at_rest_encryption_enabled = true (the replication group is replaced).",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_29"),
            kics("76976de7-c7b1-4f64-a94f-90c1345914c2"),
            trivy("AVD-AWS-0045"),
        ],
        fixable: false,
    }
}

impl TerraformRule for ElasticacheNotEncryptedAtRest {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_elasticache_replication_group"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if in_global_datastore(resource) {
            return;
        }
        let body = resource.body();
        let name = "at_rest_encryption_enabled";
        if engine_is(resource, &["redis"]) == Some(true) {
            require_true(cx, body, resource.instance.span, "", name, EFFECT);
        } else {
            forbid_false(cx, body, "", name, EFFECT);
        }
    }
}
