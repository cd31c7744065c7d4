//! GKE node pool `management` settings (`auto_repair`, `auto_upgrade`), in
//! `google_container_node_pool` resources and the `node_pool` blocks of
//! `google_container_cluster`.

use super::{
    bool_setting, forbid_false, nested, route, EvalBlock, EvalBody, Nested, Resource, Setting,
    TfContext,
};

/// The resource types that define node pools.
pub const NODE_POOL_KINDS: [&str; 2] = ["google_container_node_pool", "google_container_cluster"];

/// Reports the `management` blocks of `resource`'s node pools that set `name` to `false` (it
/// defaults to `true`).
pub fn forbid_management_false(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    name: &str,
    effect: &str,
) {
    if resource.is("google_container_node_pool") {
        check_pool(resource.body(), "", cx, name, effect);
    } else if resource.is("google_container_cluster") {
        if let Nested::Blocks(pools) = nested(resource.body(), "node_pool") {
            for pool in pools {
                check_pool(&pool.body, "node_pool", cx, name, effect);
            }
        }
    }
}

fn check_pool(pool: &EvalBody, prefix: &str, cx: &mut TfContext<'_>, name: &str, effect: &str) {
    if let Nested::Blocks(blocks) = nested(pool, "management") {
        for block in blocks {
            forbid_false(cx, &block.body, &route(prefix, "management"), name, effect);
        }
    }
}

/// The `node_config` blocks of `resource`'s node pools, with their routes: a node pool's own, and
/// a cluster's default one and those of its `node_pool` blocks. A cluster's own `node_config`
/// only makes the default node pool: it is left out when that pool is deleted
/// (`remove_default_node_pool = true`) or may be (an unknown value).
#[must_use]
pub fn node_configs<'a>(resource: &Resource<'a>) -> Vec<(&'a EvalBody, &'static str)> {
    node_config_blocks(resource)
        .into_iter()
        .map(|(block, route)| (&block.body, route))
        .collect()
}

/// As [`node_configs`], the blocks themselves (for a rule that reports one that lacks a
/// setting).
#[must_use]
pub fn node_config_blocks<'a>(resource: &Resource<'a>) -> Vec<(&'a EvalBlock, &'static str)> {
    let body = &resource.instance.body;
    let mut out = Vec::new();
    let mut push = |body: &'a EvalBody, route: &'static str| {
        if let Nested::Blocks(blocks) = nested(body, "node_config") {
            out.extend(blocks.into_iter().map(|b| (b, route)));
        }
    };
    if resource.is("google_container_node_pool") {
        push(body, "node_config");
    } else if resource.is("google_container_cluster") {
        if keeps_default_pool(body) {
            push(body, "node_config");
        }
        if let Nested::Blocks(pools) = nested(body, "node_pool") {
            for pool in pools {
                push(&pool.body, "node_pool.node_config");
            }
        }
    }
    out
}

/// Whether the cluster whose body is `body` is known to keep its default node pool:
/// `remove_default_node_pool` not set or `false`.
#[must_use]
pub fn keeps_default_pool(body: &EvalBody) -> bool {
    matches!(
        bool_setting(body, "remove_default_node_pool"),
        Setting::Missing | Setting::Known(false, _)
    )
}
