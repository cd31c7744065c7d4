//! Azure storage accounts and Key Vaults: the network check both of their default-action rules
//! make. Both services accept requests from every network until network rules say otherwise
//! (or public network access is turned off).

use super::{
    bool_setting, nested, route, string_in, EvalBody, Nested, Resource, Setting, TfContext,
};

/// Reports `default_action = "Allow"` in `body` (a rules block, reached by `prefix`, or a
/// resource of its own): a request that matches no rule is let in, so the rules restrict
/// nothing.
pub fn report_default_allow(cx: &mut TfContext<'_>, body: &EvalBody, prefix: &str, effect: &str) {
    if let Some((attribute, _)) = string_in(body, "default_action", &["Allow"]) {
        cx.report_value(
            attribute,
            &attribute.value,
            &route(prefix, "default_action"),
            format!("default_action is Allow: {effect}"),
        );
    }
}

/// Judges the network rules of `resource` written in its `block` blocks (`network_rules`,
/// `network_acls`), unless its `public_network_access_enabled` is `false`: reports each
/// `default_action = "Allow"`, and returns whether the resource has no such block while its
/// public network access is on (not set: the provider's default is `true`). Such a resource
/// accepts every network, unless a separate resource sets its rules (for the caller to tell).
/// An unknown `public_network_access_enabled` might turn public access off: a resource without
/// rules is then not judged.
#[must_use]
pub fn judge_network_rules(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    block: &str,
    effect: &str,
) -> bool {
    let public = bool_setting(resource.body(), "public_network_access_enabled");
    if let Setting::Known(false, _) = public {
        return false;
    }
    match nested(resource.body(), block) {
        Nested::Missing => !matches!(public, Setting::Unknown),
        Nested::Blocks(blocks) => {
            for b in blocks {
                report_default_allow(cx, &b.body, block, effect);
            }
            false
        }
        Nested::Opaque => false,
    }
}
