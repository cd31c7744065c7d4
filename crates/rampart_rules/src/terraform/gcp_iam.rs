//! Google Cloud IAM grants on a resource, for the rules that report some of their members.
//!
//! The provider writes a family's grants three ways: one member (`google_*_iam_member`, its
//! `member`), one role's members (`google_*_iam_binding`, its `members`), and the whole policy
//! (`google_*_iam_policy`, its `policy_data`). A policy is read from its JSON when it is known
//! (`jsonencode({bindings = [...]})`, `file(...)`, a plan's value) or, when it is
//! `data.google_iam_policy.X.policy_data` (unknown before apply, but naming the data source),
//! from the `binding` blocks of that data source in the resource's module. Anything else (an
//! unknown policy from elsewhere, a variable without a value) is not judged.

use rampart_terraform::{EvalAttribute, EvaluatedModule, Kind, Mode, Value};

use super::{decode_json, known_strings, Resource, TfContext};

/// The members that stand for everyone: anyone on the internet, any Google account.
pub const PUBLIC_MEMBERS: [&str; 2] = ["allUsers", "allAuthenticatedUsers"];

/// The IAM resource types of one family of Google Cloud resources.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    /// Grants a `role` to one `member`: `google_storage_bucket_iam_member`.
    pub member: &'static str,
    /// Grants a `role` to its `members`: `google_storage_bucket_iam_binding`.
    pub binding: &'static str,
    /// Sets the whole policy from `policy_data`: `google_storage_bucket_iam_policy`.
    pub policy: &'static str,
}

/// The project grants.
pub const PROJECT: Family = Family {
    member: "google_project_iam_member",
    binding: "google_project_iam_binding",
    policy: "google_project_iam_policy",
};

/// The data source that builds the policies `_iam_policy` resources apply.
const POLICY_SOURCE: &str = "google_iam_policy";

/// One member granted a role, where the configuration grants it.
struct Grant<'a> {
    /// The role, when it is known.
    role: Option<String>,
    member: String,
    /// The attribute that grants it (`member`, `members`, a binding's `members`, `policy_data`)
    /// and the value in it that names the member.
    attribute: &'a EvalAttribute,
    value: &'a Value,
    route: String,
    /// For a binding of a `google_iam_policy` data source: the data source's address.
    source: Option<String>,
}

impl Grant<'_> {
    /// Whether the same member is granted the same role at the same place (by two instances of
    /// one data source).
    fn same(&self, other: &Grant<'_>) -> bool {
        self.attribute.span == other.attribute.span
            && self.role == other.role
            && self.member == other.member
    }
}

/// The known members of the list attribute `members`, each granted `role`.
fn members<'a>(
    members: &'a EvalAttribute,
    role: Option<&str>,
    route: &str,
    source: Option<&str>,
) -> impl Iterator<Item = Grant<'a>> {
    let role = role.map(str::to_owned);
    let (route, source) = (route.to_owned(), source.map(str::to_owned));
    known_strings(&members.value).map(move |(member, value)| Grant {
        role: role.clone(),
        member: member.to_owned(),
        attribute: members,
        value,
        route: route.clone(),
        source: source.clone(),
    })
}

/// The grants `resource` makes, when it is one of `family`'s types.
fn grants<'a>(resource: &Resource<'a>, family: Family) -> Vec<Grant<'a>> {
    let body = &resource.instance.body;
    let role = body.attribute("role").and_then(|r| r.value.as_str());
    if resource.is(family.member) {
        body.attribute("member")
            .and_then(|attribute| {
                attribute.value.as_str().map(|member| Grant {
                    role: role.map(str::to_owned),
                    member: member.to_owned(),
                    attribute,
                    value: &attribute.value,
                    route: "member".into(),
                    source: None,
                })
            })
            .into_iter()
            .collect()
    } else if resource.is(family.binding) {
        body.attribute("members")
            .into_iter()
            .flat_map(|attribute| members(attribute, role, "members", None))
            .collect()
    } else if resource.is(family.policy) {
        body.attribute("policy_data")
            .map(|policy| policy_grants(resource, policy))
            .unwrap_or_default()
    } else {
        Vec::new()
    }
}

/// The grants of an `_iam_policy` resource's `policy_data` (see the module's documentation).
fn policy_grants<'a>(resource: &Resource<'a>, policy: &'a EvalAttribute) -> Vec<Grant<'a>> {
    if let Some(text) = policy.value.as_str() {
        return json_grants(policy, text);
    }
    let Some(key) = policy
        .value
        .as_unknown()
        .filter(|u| !u.derived)
        .and_then(|u| u.resource.as_deref())
    else {
        return Vec::new();
    };
    let Some(name) = key
        .strip_prefix("data.")
        .and_then(|k| k.strip_prefix(POLICY_SOURCE))
        .and_then(|k| k.strip_prefix('.'))
    else {
        return Vec::new();
    };
    let module = resource.module;
    if passed_in(module, key) {
        return Vec::new();
    }
    let source = if module.address.is_empty() {
        key.to_owned()
    } else {
        format!("{}.{key}", module.address)
    };
    let source = source.as_str();
    let mut instances = module
        .resources
        .iter()
        .filter(|d| d.mode == Mode::Data && d.kind == POLICY_SOURCE && d.name == name)
        .map(|data| {
            data.body
                .blocks_of("binding")
                .enumerate()
                .flat_map(|(i, binding)| {
                    let role = binding
                        .body
                        .attribute("role")
                        .and_then(|r| r.value.as_str());
                    let route = format!("binding[{i}].members");
                    binding
                        .body
                        .attribute("members")
                        .into_iter()
                        .flat_map(move |m| members(m, role, &route, Some(source)))
                })
                .collect::<Vec<_>>()
        });
    // The reference does not say which instance of a data source with `count` or `for_each`
    // it takes: only what every instance grants is known.
    let first = instances.next().unwrap_or_default();
    let others: Vec<_> = instances.collect();
    first
        .into_iter()
        .filter(|grant| others.iter().all(|o| o.iter().any(|g| g.same(grant))))
        .collect()
}

/// Whether a variable of the called `module` holds a value naming the data source `key`: the
/// parent module's data source of that name, passed in (a reference names a data source in its
/// own module only), so the name is not the module's own.
fn passed_in(module: &EvaluatedModule, key: &str) -> bool {
    fn names(value: &Value, key: &str) -> bool {
        match &value.kind {
            Kind::Unknown(u) => u.resource.as_deref() == Some(key),
            Kind::List(items) => items.iter().any(|v| names(v, key)),
            Kind::Map(entries) => entries.values().any(|v| names(v, key)),
            _ => false,
        }
    }
    module.call.is_some() && module.variables.values().any(|v| names(v, key))
}

/// The grants of a known JSON policy (`{"bindings": [{"role": ..., "members": [...]}]}`), all
/// at the `policy_data` attribute. Text that does not parse grants nothing known.
fn json_grants<'a>(policy: &'a EvalAttribute, text: &str) -> Vec<Grant<'a>> {
    let document = decode_json(text);
    let bindings = document
        .get("bindings")
        .and_then(Value::as_list)
        .unwrap_or_default();
    let mut out = Vec::new();
    for binding in bindings {
        let role = binding.get("role").and_then(Value::as_str);
        let Some(members) = binding.get("members") else {
            continue;
        };
        for (member, _) in known_strings(members) {
            out.push(Grant {
                role: role.map(str::to_owned),
                member: member.to_owned(),
                attribute: policy,
                value: &policy.value,
                route: "policy_data".into(),
                source: None,
            });
        }
    }
    out
}

/// Reports the known members granted by `resource` (one of `family`'s types) for which `wrong`
/// holds, given the role (when known) and the member, with `message` naming them. A member of
/// a `google_iam_policy` data source's binding is reported at the binding's `members`, once for
/// each `_iam_policy` resource that applies it, whose address ends the message.
pub fn report_grants(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    family: Family,
    wrong: &dyn Fn(Option<&str>, &str) -> bool,
    message: &dyn Fn(Option<&str>, &str) -> String,
) {
    for grant in grants(resource, family) {
        let role = grant.role.as_deref();
        if !wrong(role, &grant.member) {
            continue;
        }
        let mut text = message(role, &grant.member);
        if let Some(source) = &grant.source {
            text = format!(
                "{text} ({source}, applied by {})",
                resource.instance.address
            );
        }
        cx.report_value(grant.attribute, grant.value, &grant.route, text);
    }
}

/// Reports the public members granted by `resource` (see [`report_grants`]).
pub fn report_public_members(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    family: Family,
    message: &dyn Fn(Option<&str>, &str) -> String,
) {
    report_grants(
        resource,
        cx,
        family,
        &|_, member| PUBLIC_MEMBERS.contains(&member),
        message,
    );
}

/// Reports the known members for which `wrong` holds that `resource` (see [`report_grants`])
/// grants a role of `roles`, with `message` naming the role and the member. An unknown role is
/// not judged.
pub fn report_role_members(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    (family, roles): (Family, &[&str]),
    wrong: &dyn Fn(&str) -> bool,
    message: &dyn Fn(&str, &str) -> String,
) {
    report_grants(
        resource,
        cx,
        family,
        &|role, member| role.is_some_and(|r| roles.contains(&r)) && wrong(member),
        &|role, member| message(role.unwrap_or_default(), member),
    );
}
