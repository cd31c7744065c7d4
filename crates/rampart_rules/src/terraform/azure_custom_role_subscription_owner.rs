use super::{known_strings, Resource, TerraformRule, TfContext};
use crate::prelude::*;
use rampart_terraform::Value;

declare_rule! {
    /// ## What it checks
    ///
    /// `azurerm_role_definition` resources (custom roles) whose `permissions.actions` list
    /// `"*"` and that can be assigned over a whole subscription or more: one of the
    /// `assignable_scopes` (or `scope`, when those are not set) is `/`, a subscription
    /// (`/subscriptions/<id>`), a management group, or a reference to an `azurerm_subscription`
    /// or `azurerm_management_group` (resource or data source) written as the whole value (a
    /// string that adds a path to it, `"${data.azurerm_subscription.primary.id}/resourceGroups/app"`,
    /// names a narrower scope).
    ///
    /// Roles scoped to a resource group or a single resource, and scopes that are not known
    /// (a variable without a value, another resource's attribute) are not reported; nor are
    /// roles that grant wide but named actions.
    ///
    /// ## Why it matters
    ///
    /// A custom role with every action over a subscription is an Owner role that reviews of
    /// built-in role assignments miss: whoever holds it can grant themselves or others any
    /// access, delete every resource and read every secret the subscription holds.
    ///
    /// ## How to fix
    ///
    /// List the actions the role needs, or assign a built-in role:
    ///
    /// ```hcl
    /// resource "azurerm_role_definition" "deployer" {
    ///   name  = "deployer"
    ///   scope = data.azurerm_subscription.primary.id
    ///   permissions {
    ///     actions = [
    ///       "Microsoft.Resources/deployments/*",
    ///       "Microsoft.Web/sites/write",
    ///     ]
    ///   }
    /// }
    /// ```
    pub struct AzureCustomRoleSubscriptionOwner {
        id: "azure-custom-role-subscription-owner",
        platform: Terraform,
        title: "Custom role grants every action over a subscription",
        severity: High,
        remediation: "Replace \"*\" with the actions the role needs, or use a built-in role.",
        frameworks: [cis_azure("2.23")],
        peers: [
            checkov("CKV_AZURE_39"),
            kics("3fa5900f-9aac-4982-96b2-a6143d9c99fb"),
        ],
        fixable: false,
    }
}

/// The types whose `id` is a subscription or management group scope.
const WIDE_SCOPE_KINDS: [&str; 4] = [
    "azurerm_subscription",
    "data.azurerm_subscription",
    "azurerm_management_group",
    "data.azurerm_management_group",
];

impl TerraformRule for AzureCustomRoleSubscriptionOwner {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["azurerm_role_definition"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(scope) = wide_scope(resource) else {
            return;
        };
        for block in resource.body().blocks_of("permissions") {
            let Some(actions) = block.body.attribute("actions") else {
                continue;
            };
            if let Some((_, star)) = known_strings(&actions.value).find(|(a, _)| *a == "*") {
                cx.report_value(
                    actions,
                    star,
                    "permissions.actions",
                    format!(
                        "actions include \"*\" and the role is assignable at {scope}: whoever holds it owns the subscription"
                    ),
                );
            }
        }
    }
}

/// The first of the role's scopes that covers a subscription or more, described.
fn wide_scope(resource: &Resource<'_>) -> Option<String> {
    let assignable = resource
        .attribute("assignable_scopes")
        .and_then(|a| a.value.as_list())
        .filter(|scopes| !scopes.is_empty());
    match assignable {
        Some(scopes) => scopes.iter().find_map(describe_wide),
        None => resource
            .attribute("scope")
            .and_then(|a| describe_wide(&a.value)),
    }
}

/// `value`, when it is a scope that covers a subscription or more.
fn describe_wide(value: &Value) -> Option<String> {
    if let Some(unknown) = value.as_unknown() {
        // A string built around the reference (`"${...id}/resourceGroups/app"`) keeps the
        // reference's resource, but names a narrower scope: only the reference itself counts.
        if unknown.derived {
            return None;
        }
        let address = unknown.resource.as_deref()?;
        let kind = address.rsplit_once('.')?.0;
        return WIDE_SCOPE_KINDS
            .contains(&kind)
            .then(|| format!("the scope of {address}"));
    }
    let text = value.as_str()?.trim_end_matches('/');
    let segments: Vec<_> = text.split('/').filter(|s| !s.is_empty()).collect();
    let wide = match segments.as_slice() {
        [] => true,
        [subscriptions, _] => subscriptions.eq_ignore_ascii_case("subscriptions"),
        [providers, namespace, groups, _] => {
            providers.eq_ignore_ascii_case("providers")
                && namespace.eq_ignore_ascii_case("Microsoft.Management")
                && groups.eq_ignore_ascii_case("managementGroups")
        }
        _ => false,
    };
    wide.then(|| {
        if text.is_empty() {
            "/".to_owned()
        } else {
            text.to_owned()
        }
    })
}
