//! What the ElastiCache rules share: which engine a cluster or replication group runs, and
//! whether a replication group is a secondary member of a global datastore (which takes its
//! settings from the primary).

use super::Resource;

/// Whether the engine of an `aws_elasticache_cluster` or `aws_elasticache_replication_group`
/// is one of `names` (compared without case). A replication group that does not set `engine`
/// runs Redis OSS (the API's default); a cluster that does not set it belongs to a replication
/// group, and its engine, like one not known before apply, is `None`.
#[must_use]
pub fn engine_is(resource: &Resource<'_>, names: &[&str]) -> Option<bool> {
    match resource.attribute("engine").filter(|e| !e.value.is_null()) {
        None if resource.is("aws_elasticache_replication_group") => Some(names.contains(&"redis")),
        None => None,
        Some(engine) => engine
            .value
            .as_str()
            .map(|text| names.iter().any(|n| n.eq_ignore_ascii_case(text))),
    }
}

/// Whether `resource` joins a global datastore (`global_replication_group_id`) as a secondary,
/// whose engine, encryption and backups follow the primary's.
#[must_use]
pub fn in_global_datastore(resource: &Resource<'_>) -> bool {
    resource
        .attribute("global_replication_group_id")
        .is_some_and(|g| !g.value.is_null())
}
