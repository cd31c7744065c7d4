use super::elasticache::in_global_datastore;
use super::{require_true_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_elasticache_replication_group` resources (Redis OSS and Valkey) whose
    /// `transit_encryption_enabled` is `false` or not set (the default is `false`). A secondary
    /// member of a global datastore (`global_replication_group_id`) inherits the primary's
    /// setting and is not judged.
    ///
    /// ## Why it matters
    ///
    /// Without TLS, the cache's traffic (session data, tokens, cached query results, and the
    /// AUTH password itself) crosses the network in clear, readable by anything that can
    /// capture packets in the VPC.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_elasticache_replication_group" "sessions" {
    ///   # ...
    ///   transit_encryption_enabled = true
    ///   auth_token                 = var.redis_auth_token
    /// }
    /// ```
    pub struct ElasticacheNotEncryptedInTransit {
        id: "aws-elasticache-not-encrypted-in-transit",
        platform: Terraform,
        title: "ElastiCache replication group does not use TLS",
        severity: Medium,
        remediation: "Set transit_encryption_enabled = true (and connect with TLS).",
        frameworks: [mitre("T1040")],
        peers: [
            checkov("CKV_AWS_30"),
            kics("1afbb3fa-cf6c-4a3d-b730-95e9f4df343e"),
            trivy("AVD-AWS-0051"),
        ],
        fixable: false,
    }
}

impl TerraformRule for ElasticacheNotEncryptedInTransit {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_elasticache_replication_group"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        // A member of a global datastore takes the primary's encryption settings.
        if in_global_datastore(resource) {
            return;
        }
        require_true_in(
            resource,
            cx,
            &["aws_elasticache_replication_group"],
            "transit_encryption_enabled",
            "the cache's traffic crosses the network in clear",
        );
    }
}
