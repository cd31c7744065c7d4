//! IAM policy documents, however a configuration writes them: the `statement` blocks of an
//! `aws_iam_policy_document` data source, and the JSON of a `policy` attribute (a heredoc,
//! `jsonencode({...})`, `file("policy.json")`, once evaluated). A document that is not known
//! before apply (`data.aws_iam_policy_document.x.json`) is not read: the data source is judged
//! where it is declared.

use rampart_terraform::{EvalAttribute, Mode, Value};

use super::{decode_json, known_strings, Resource, TfContext};

/// The resources whose `policy` attribute is an identity policy.
const POLICY_RESOURCES: [&str; 4] = [
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
];

/// The resource types that hold identity policies [`statements`] reads (`aws_iam_role` for its
/// `inline_policy` blocks), and the policy document data source.
pub const IDENTITY_POLICY_KINDS: [&str; 6] = [
    "data.aws_iam_policy_document",
    "aws_iam_policy",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
];

/// One statement of an identity policy, with its known actions and resources.
pub struct Statement<'a> {
    pub allow: bool,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    /// Whether the statement has a condition (`Condition`, `condition` blocks).
    pub conditional: bool,
    /// Where a finding on the statement points: the data source's `actions` attribute, or the
    /// resource's `policy` attribute.
    pub attribute: &'a EvalAttribute,
    pub route: String,
}

/// The identity policy statements of `resource`, if it holds any. Statements with a
/// principal (resource policies, trust policies) and statements written with `NotAction` or
/// `NotResource` are left out.
#[must_use]
pub fn statements<'a>(resource: &Resource<'a>) -> Vec<Statement<'a>> {
    let instance = resource.instance;
    let mut out = Vec::new();
    if instance.mode == Mode::Data && instance.kind == "aws_iam_policy_document" {
        for (i, block) in instance.body.blocks_of("statement").enumerate() {
            let body = &block.body;
            if body.blocks_of("principals").next().is_some()
                || body.blocks_of("not_principals").next().is_some()
            {
                continue;
            }
            let Some(actions) = body.attribute("actions") else {
                continue;
            };
            let allow = body
                .attribute("effect")
                .map_or(Some("Allow"), |e| e.value.as_str())
                == Some("Allow");
            let strings = |name: &str| -> Vec<String> {
                body.attribute(name)
                    .map(|a| known_strings(&a.value).map(|(s, _)| s.to_owned()).collect())
                    .unwrap_or_default()
            };
            out.push(Statement {
                allow,
                actions: strings("actions"),
                resources: strings("resources"),
                conditional: body.blocks_of("condition").next().is_some(),
                attribute: actions,
                route: format!("statement[{i}].actions"),
            });
        }
        return out;
    }
    if instance.mode != Mode::Managed {
        return out;
    }
    if POLICY_RESOURCES.contains(&instance.kind.as_str()) {
        if let Some(policy) = instance.body.attribute("policy") {
            from_json(policy, "policy", &mut out);
        }
    } else if instance.kind == "aws_iam_role" {
        for (i, block) in instance.body.blocks_of("inline_policy").enumerate() {
            if let Some(policy) = block.body.attribute("policy") {
                from_json(policy, &format!("inline_policy[{i}].policy"), &mut out);
            }
        }
    }
    out
}

/// The statements of the JSON text in `attribute`, if it is known and parses.
fn from_json<'a>(attribute: &'a EvalAttribute, route: &str, out: &mut Vec<Statement<'a>>) {
    let Some(text) = attribute.value.as_str() else {
        return;
    };
    for statement in &json_statements(text) {
        if ["Principal", "NotPrincipal", "NotAction", "NotResource"]
            .iter()
            .any(|k| statement.get(k).is_some())
        {
            continue;
        }
        out.push(Statement {
            allow: statement.get("Effect").and_then(Value::as_str) == Some("Allow"),
            actions: one_or_many(statement.get("Action")),
            resources: one_or_many(statement.get("Resource")),
            conditional: statement.get("Condition").is_some_and(|c| !c.is_null()),
            attribute,
            route: route.to_owned(),
        });
    }
}

/// The statements of a JSON policy document (`Statement` is an object or a list of them); none
/// when the text does not parse.
fn json_statements(text: &str) -> Vec<Value> {
    let document = decode_json(text);
    match document.get("Statement") {
        Some(statement) => match statement.as_list() {
            Some(list) => list.to_vec(),
            None => vec![statement.clone()],
        },
        None => Vec::new(),
    }
}

/// A JSON policy element that is a string or a list of strings.
fn one_or_many(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(v) => match v.as_str() {
            Some(s) => vec![s.to_owned()],
            None => known_strings(v).map(|(s, _)| s.to_owned()).collect(),
        },
        None => Vec::new(),
    }
}

/// Where a resource policy grants everyone: the `policy` attribute holding the JSON, or the
/// `principals` block of the data source that the attribute refers to.
pub enum PublicGrant<'a> {
    Json(&'a EvalAttribute),
    Data {
        /// `data.aws_iam_policy_document.bucket`
        source: String,
        span: rampart_terraform::Span,
        route: String,
    },
}

/// Condition keys that tie a statement to known callers (an account, an organisation, a
/// network, a source resource): a statement with one of them is not open to everyone. Besides
/// the global keys, `kms:CallerAccount` (KMS key policies: callers of one account) and
/// `elasticfilesystem:AccessedViaMountTarget` (EFS: clients that reach a mount target in the
/// file system's network).
const RESTRICTING_KEYS: [&str; 15] = [
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalservicename",
    "aws:userid",
    "kms:calleraccount",
    "elasticfilesystem:accessedviamounttarget",
];

fn restricting(key: &str) -> bool {
    RESTRICTING_KEYS.contains(&key.to_ascii_lowercase().as_str())
}

/// The statements of the resource policy in `policy` (JSON, or `data.aws_iam_policy_document.X.json`
/// followed to the data source in the resource's module) that allow any principal (`"*"`, or
/// `{"AWS": "*"}`) with no condition that restricts the callers.
#[must_use]
pub fn public_grants<'a>(
    resource: &Resource<'a>,
    policy: &'a EvalAttribute,
) -> Vec<PublicGrant<'a>> {
    let mut out = Vec::new();
    if let Some(text) = policy.value.as_str() {
        let public = json_statements(text).iter().any(|s| {
            let principal = s.get("Principal");
            let anyone = principal.is_some_and(|p| {
                p.as_str() == Some("*")
                    || p.get("AWS")
                        .is_some_and(|aws| one_or_many(Some(aws)).iter().any(|a| a == "*"))
            });
            let restricted = s.get("Condition").is_some_and(|c| {
                c.as_map().is_some_and(|operators| {
                    operators.values().any(|keys| {
                        keys.as_map()
                            .is_some_and(|keys| keys.keys().any(|k| restricting(k)))
                    })
                })
            });
            s.get("Effect").and_then(Value::as_str) == Some("Allow") && anyone && !restricted
        });
        if public {
            out.push(PublicGrant::Json(policy));
        }
        return out;
    }
    let Some(source) = policy
        .value
        .as_unknown()
        .and_then(|u| u.resource.as_deref())
        .and_then(|r| r.strip_prefix("data.aws_iam_policy_document."))
    else {
        return out;
    };
    for data in &resource.module.resources {
        if data.mode != Mode::Data || data.kind != "aws_iam_policy_document" || data.name != source
        {
            continue;
        }
        for (i, statement) in data.body.blocks_of("statement").enumerate() {
            let body = &statement.body;
            let allow = body
                .attribute("effect")
                .map_or(Some("Allow"), |e| e.value.as_str())
                == Some("Allow");
            let restricted = body.blocks_of("condition").any(|c| {
                c.body
                    .attribute("variable")
                    .and_then(|v| v.value.as_str())
                    .is_none_or(restricting)
            });
            if !allow || restricted {
                continue;
            }
            for principals in body.blocks_of("principals") {
                let kind = principals
                    .body
                    .attribute("type")
                    .and_then(|t| t.value.as_str());
                let anyone = principals
                    .body
                    .attribute("identifiers")
                    .is_some_and(|ids| known_strings(&ids.value).any(|(id, _)| id == "*"));
                if anyone && matches!(kind, Some("*" | "AWS")) {
                    out.push(PublicGrant::Data {
                        source: format!("data.aws_iam_policy_document.{source}"),
                        span: principals.span,
                        route: format!("statement[{i}].principals"),
                    });
                }
            }
        }
    }
    out
}

/// Reports every statement of the resource policy in `policy` that allows anyone (see
/// [`public_grants`]), naming the policy `what` (`bucket policy`, `queue policy`).
pub fn report_public_grants(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    policy: &EvalAttribute,
    what: &str,
) {
    report_public_grants_in(resource, cx, policy, "policy", what);
}

/// [`report_public_grants`] for a policy held in the attribute `name` (`assume_role_policy`).
pub fn report_public_grants_in(
    resource: &Resource<'_>,
    cx: &mut TfContext<'_>,
    policy: &EvalAttribute,
    name: &str,
    what: &str,
) {
    for grant in public_grants(resource, policy) {
        match grant {
            PublicGrant::Json(attribute) => {
                cx.report_value(
                    attribute,
                    &attribute.value,
                    name,
                    format!(
                        "the {what} allows any principal (\"*\") without a condition on the caller"
                    ),
                );
            }
            PublicGrant::Data {
                source,
                span,
                route,
            } => {
                cx.report(
                    span,
                    &route,
                    format!("the {what} ({source}) allows any principal (\"*\") without a condition on the caller"),
                );
            }
        }
    }
}
