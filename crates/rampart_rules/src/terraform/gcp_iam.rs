//! Google Cloud IAM grants on a resource (`google_*_iam_member`, `google_*_iam_binding`), for
//! the rules that report some of their members.

use super::{known_strings, Resource, TfContext};

/// The members that stand for everyone: anyone on the internet, any Google account.
pub const PUBLIC_MEMBERS: [&str; 2] = ["allUsers", "allAuthenticatedUsers"];

/// Reports the public members granted by `resource` (see [`report_members`]).
pub fn report_public_members(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    member_kind: &str,
    binding_kind: &str,
    message: &dyn Fn(&str) -> String,
) {
    report_members(
        resource,
        cx,
        (member_kind, binding_kind),
        &|member| PUBLIC_MEMBERS.contains(&member),
        message,
    );
}

/// Reports the known members granted by `resource` for which `wrong` holds, when it is a
/// `kinds.0` (its `member`) or a `kinds.1` (each of its `members`), with `message` naming the
/// member.
pub fn report_members(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    kinds: (&str, &str),
    wrong: &dyn Fn(&str) -> bool,
    message: &dyn Fn(&str) -> String,
) {
    let (member_kind, binding_kind) = kinds;
    if resource.is(member_kind) {
        if let Some(attribute) = resource.attribute("member") {
            if let Some(member) = attribute.value.as_str().filter(|m| wrong(m)) {
                cx.report_value(attribute, &attribute.value, "member", message(member));
            }
        }
    } else if resource.is(binding_kind) {
        if let Some(attribute) = resource.attribute("members") {
            for (member, element) in known_strings(&attribute.value) {
                if wrong(member) {
                    cx.report_value(attribute, element, "members", message(member));
                }
            }
        }
    }
}

/// The project grants: `google_project_iam_member` (its `member`) and
/// `google_project_iam_binding` (its `members`).
pub const PROJECT_GRANTS: (&str, &str) =
    ("google_project_iam_member", "google_project_iam_binding");

/// Reports the known members for which `wrong` holds that `resource` (a `kinds.0` or a
/// `kinds.1`, see [`report_members`]) grants a role of `roles`, with `message` naming the role
/// and the member. An unknown role is not judged.
pub fn report_role_members(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    (kinds, roles): ((&str, &str), &[&str]),
    wrong: &dyn Fn(&str) -> bool,
    message: &dyn Fn(&str, &str) -> String,
) {
    let Some(role) = resource
        .attribute("role")
        .and_then(|a| a.value.as_str())
        .filter(|r| roles.contains(r))
    else {
        return;
    };
    report_members(resource, cx, kinds, wrong, &|member| message(role, member));
}
