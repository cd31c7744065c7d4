//! Azure Key Vault keys and secrets: the check both of their expiration rules make.

use super::{Resource, TfContext};

/// Reports `resource` (a key or a secret, `what`) when its `expiration_date` is not set: it
/// has no default, so the item never expires. Any written value, even an unknown one, counts
/// as set.
pub fn require_expiration(resource: &Resource<'_>, cx: &mut TfContext<'_>, what: &str) {
    if resource
        .attribute("expiration_date")
        .is_some_and(|a| !a.value.is_null())
    {
        return;
    }
    cx.report(
        resource.instance.span,
        "",
        format!(
            "expiration_date is not set: the {what} never expires, so a leaked copy stays valid until someone rotates it by hand"
        ),
    );
}
