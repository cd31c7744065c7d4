use super::elasticache::{engine_is, in_global_datastore};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Redis OSS and Valkey caches (`aws_elasticache_replication_group`, and
    /// `aws_elasticache_cluster` whose `engine` is `redis` or `valkey`) whose
    /// `snapshot_retention_limit` is `0` or not set: the provider then sends nothing, and the
    /// API's default is `0`, which turns automatic backups off. Not judged: Memcached clusters
    /// (they have no backups), a cluster that belongs to a replication group
    /// (`replication_group_id`: the group's setting applies), a secondary member of a global
    /// datastore (a copy of the primary), `cache.t1.micro` nodes (which cannot take backups),
    /// and a cluster whose engine, or a limit, is not known before apply.
    ///
    /// ## Why it matters
    ///
    /// Without automatic backups, the data of a cache used as a store (sessions, queues,
    /// counters, leaderboards) is lost for good when the nodes fail together, someone runs
    /// `FLUSHALL`, or the group is deleted: there is no snapshot to restore from.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_elasticache_replication_group" "sessions" {
    ///   replication_group_id     = "sessions"
    ///   description              = "session store"
    ///   node_type                = "cache.t4g.small"
    ///   snapshot_retention_limit = 7
    ///   snapshot_window          = "03:00-05:00"
    /// }
    /// ```
    pub struct ElasticacheBackupsDisabled {
        id: "aws-elasticache-backups-disabled",
        platform: Terraform,
        title: "ElastiCache automatic backups are off",
        severity: Low,
        remediation: "Set snapshot_retention_limit to 1 or more days.",
        frameworks: [mitre("T1485")],
        peers: [
            checkov("CKV_AWS_134"),
            kics("8fdb08a0-a868-4fdf-9c27-ccab0237f1ab"),
            trivy("AVD-AWS-0050"),
        ],
        fixable: false,
    }
}

impl TerraformRule for ElasticacheBackupsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "aws_elasticache_cluster",
            "aws_elasticache_replication_group",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let member = resource
            .attribute("replication_group_id")
            .is_some_and(|g| !g.value.is_null())
            && resource.is("aws_elasticache_cluster");
        let micro = resource
            .attribute("node_type")
            .and_then(|t| t.value.as_str())
            .is_some_and(|t| t == "cache.t1.micro");
        if member
            || micro
            || in_global_datastore(resource)
            || engine_is(resource, &["redis", "valkey"]) != Some(true)
        {
            return;
        }
        match resource
            .attribute("snapshot_retention_limit")
            .filter(|l| !l.value.is_null())
        {
            None => {
                cx.report(
                    resource.instance.span,
                    "",
                    "snapshot_retention_limit is not set (it defaults to 0): automatic backups are off",
                );
            }
            Some(limit) if limit.value.as_number() == Some(0.0) => {
                cx.report_value(
                    limit,
                    &limit.value,
                    "snapshot_retention_limit",
                    "snapshot_retention_limit is 0: automatic backups are off",
                );
            }
            Some(_) => {}
        }
    }
}
