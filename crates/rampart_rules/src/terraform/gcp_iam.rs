//! Google Cloud IAM grants on a resource (`google_*_iam_member`, `google_*_iam_binding`), for
//! the rules that report public members.

use super::{known_strings, Resource, TfContext};

/// The members that stand for everyone: anyone on the internet, any Google account.
pub const PUBLIC_MEMBERS: [&str; 2] = ["allUsers", "allAuthenticatedUsers"];

/// Reports the public members granted by `resource` when it is a `member_kind` (its `member`)
/// or a `binding_kind` (each of its `members`), with `message` naming the member.
pub fn report_public_members(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    member_kind: &str,
    binding_kind: &str,
    message: &dyn Fn(&str) -> String,
) {
    if resource.is(member_kind) {
        if let Some(attribute) = resource.attribute("member") {
            if let Some(member) = attribute
                .value
                .as_str()
                .filter(|m| PUBLIC_MEMBERS.contains(m))
            {
                cx.report_value(attribute, &attribute.value, "member", message(member));
            }
        }
    } else if resource.is(binding_kind) {
        if let Some(attribute) = resource.attribute("members") {
            for (member, element) in known_strings(&attribute.value) {
                if PUBLIC_MEMBERS.contains(&member) {
                    cx.report_value(attribute, element, "members", message(member));
                }
            }
        }
    }
}
