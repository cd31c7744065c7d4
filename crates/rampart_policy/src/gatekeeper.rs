//! Gatekeeper, offline: ConstraintTemplates (their Rego) and Constraints (which objects, with
//! which parameters) judge the scanned manifests the way the admission webhook would judge them
//! at the cluster's door, so a team's Gatekeeper policies run in CI first.
//!
//! - A template's Rego sees `input.review` (the object under `object`, its `kind` as group,
//!   version and kind, `name`, `namespace`, `operation: CREATE`) and `input.parameters`; its
//!   `violation` results become findings of the rule `<ConstraintKind>/<constraint name>`.
//! - A constraint's `spec.match` is honoured: `kinds`, `scope`, `namespaces` and
//!   `excludedNamespaces` (with `*` prefix and suffix globs), `labelSelector`,
//!   `namespaceSelector` (judged against the Namespace objects in the scan), and `name`.
//!   An object without a namespace is taken to be in `default`, where `kubectl apply` puts it.
//! - `data.inventory` holds every scanned object, laid out as Gatekeeper's sync cache does:
//!   `data.inventory.namespace[ns][apiVersion][kind][name]` and
//!   `data.inventory.cluster[apiVersion][kind][name]`.
//! - `spec.enforcementAction` sets the severity: `deny` high, `warn` medium, `dryrun` low.

use std::sync::Arc;

use rampart_diagnostics::{RuleMeta, Severity};
use rampart_kubernetes::Object;
use rampart_source::{Node, SourceFile, TextRange};
use serde_json::{json, Map, Value};

use crate::input::to_json;
use crate::{policy_meta, PolicyError};

/// Kinds whose objects belong to no namespace.
const CLUSTER_SCOPED: [&str; 24] = [
    "APIService",
    "CSIDriver",
    "CSINode",
    "CertificateSigningRequest",
    "ClusterIssuer",
    "ClusterRole",
    "ClusterRoleBinding",
    "ComponentStatus",
    "ConstraintTemplate",
    "CustomResourceDefinition",
    "FlowSchema",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

/// A Gatekeeper manifest found among the policies.
pub struct Manifest {
    pub file: Arc<SourceFile>,
    pub root: Node,
}

/// Whether a document is a ConstraintTemplate or a Constraint.
#[must_use]
pub fn is_manifest(root: &Node) -> bool {
    let api_version = root.get("apiVersion").and_then(Node::as_str).unwrap_or("");
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
    (api_version.starts_with("templates.gatekeeper.sh/") && kind == "ConstraintTemplate")
        || api_version.starts_with("constraints.gatekeeper.sh/")
}

/// A compiled ConstraintTemplate.
pub struct Template {
    /// The constraint kind it defines (`K8sRequiredLabels`).
    pub kind: String,
    pub path: String,
    pub(crate) engine: regorus::Engine,
    /// `data.<package>.violation`.
    pub(crate) query: String,
    pub(crate) uses_inventory: bool,
    title: Option<String>,
    description: Option<String>,
}

/// A Constraint: a template's rule applied to the objects its `match` selects.
pub struct Constraint {
    pub meta: &'static RuleMeta,
    pub path: String,
    pub(crate) template: usize,
    pub(crate) parameters: Value,
    selection: Match,
}

/// Compiles the templates, then reads the constraints that use them.
pub(crate) fn compile(
    manifests: Vec<Manifest>,
    errors: &mut Vec<PolicyError>,
) -> (Vec<Template>, Vec<Constraint>) {
    let (templates, constraints): (Vec<_>, Vec<_>) = manifests
        .into_iter()
        .partition(|m| m.root.get("kind").and_then(Node::as_str) == Some("ConstraintTemplate"));
    let templates: Vec<Template> = templates
        .iter()
        .filter_map(|m| match template(m) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push(e);
                None
            }
        })
        .collect();
    let mut out = Vec::new();
    for manifest in &constraints {
        match constraint(manifest, &templates) {
            Ok(c) => out.push(c),
            Err(e) => errors.push(e),
        }
    }
    out.sort_by(|a, b| a.meta.id.cmp(b.meta.id));
    (templates, out)
}

fn position(file: &SourceFile, range: TextRange) -> Option<(u32, u32)> {
    let at = file.location(range);
    Some((at.start.line, at.start.column))
}

fn text_at<'a>(node: &'a Node, path: &[&str]) -> Option<&'a str> {
    node.get_path(path).and_then(Node::as_str)
}

fn template(manifest: &Manifest) -> Result<Template, PolicyError> {
    let root = &manifest.root;
    let file = &manifest.file;
    let path = file.path().to_owned();
    let fail =
        |range: TextRange, message: String| PolicyError::new(&path, position(file, range), message);
    let kind = text_at(root, &["spec", "crd", "spec", "names", "kind"])
        .ok_or_else(|| {
            fail(
                root.range,
                "ConstraintTemplate has no spec.crd.spec.names.kind".into(),
            )
        })?
        .to_owned();
    let target = root
        .get_path(&["spec", "targets"])
        .into_iter()
        .flat_map(Node::items)
        .find(|t| text_at(t, &["target"]) == Some("admission.k8s.gatekeeper.sh"))
        .ok_or_else(|| {
            fail(
                root.range,
                format!("ConstraintTemplate {kind} has no admission.k8s.gatekeeper.sh target"),
            )
        })?;
    // Newer templates carry their Rego under `code` (engine Rego); older ones under `rego`.
    let source = target
        .get("code")
        .into_iter()
        .flat_map(Node::items)
        .find(|c| text_at(c, &["engine"]) == Some("Rego"))
        .and_then(|c| c.get("source"))
        .unwrap_or(target);
    let rego = source.get("rego").ok_or_else(|| {
        fail(
            target.range,
            format!("ConstraintTemplate {kind} has no rego"),
        )
    })?;
    let mut engine = regorus::Engine::new();
    let label = format!("{path}#{kind}");
    let mut modules = vec![rego];
    modules.extend(source.get("libs").into_iter().flat_map(Node::items));
    let mut uses_inventory = false;
    for module in &modules {
        let text = module.as_str().unwrap_or("");
        uses_inventory |= text.contains("data.inventory");
        if let Err(mut e) = crate::load::add_rego(&mut engine, &label, text) {
            e.path.clone_from(&path);
            e.position = e
                .position
                .map(|(line, column)| shift(file, module, line, column));
            return Err(e);
        }
    }
    if let Err(e) = engine.eval_query("true".to_owned(), false) {
        let mut e = crate::load::rego_error(&path, &e.to_string());
        e.path.clone_from(&path);
        e.position = e
            .position
            .map(|(line, column)| shift(file, rego, line, column));
        return Err(e);
    }
    let package = engine
        .get_policy_package_components()
        .ok()
        .and_then(|p| p.into_iter().next())
        .map(|p| p.components)
        .unwrap_or_default();
    let annotation =
        |key: &str| text_at(root, &["metadata", "annotations", key]).map(|s| s.trim().to_owned());
    Ok(Template {
        kind,
        path,
        engine,
        query: crate::load::reference(&package, "violation"),
        uses_inventory,
        title: annotation("metadata.gatekeeper.sh/title"),
        description: annotation("description"),
    })
}

/// Maps a line and column inside an embedded Rego block to the manifest's own.
fn shift(file: &SourceFile, block: &Node, line: u32, column: u32) -> (u32, u32) {
    let start = file.location(TextRange::empty(block.range.start)).start;
    let indicator = file
        .text()
        .get(block.range.start as usize..)
        .is_some_and(|rest| rest.starts_with(['|', '>']));
    let first = if indicator {
        start.line + 1
    } else {
        start.line
    };
    let indent = file
        .text()
        .lines()
        .nth(first.saturating_sub(1) as usize)
        .map_or(0, |l| l.len() - l.trim_start().len());
    (
        first + line.saturating_sub(1),
        column + u32::try_from(indent).unwrap_or(0),
    )
}

fn constraint(manifest: &Manifest, templates: &[Template]) -> Result<Constraint, PolicyError> {
    let root = &manifest.root;
    let file = &manifest.file;
    let path = file.path().to_owned();
    let kind = text_at(root, &["kind"]).unwrap_or("");
    let name = text_at(root, &["metadata", "name"]).unwrap_or("<unnamed>");
    let template = templates
        .iter()
        .position(|t| t.kind == kind)
        .ok_or_else(|| {
            PolicyError::new(
                &path,
                position(file, root.range),
                format!("constraint {kind}/{name} has no ConstraintTemplate among the policies"),
            )
        })?;
    let action = text_at(root, &["spec", "enforcementAction"]).unwrap_or("deny");
    let severity = match action {
        "warn" => Severity::Medium,
        "dryrun" => Severity::Low,
        _ => Severity::High,
    };
    let spec = &templates[template];
    let title = spec
        .title
        .clone()
        .unwrap_or_else(|| format!("Gatekeeper constraint {kind}"));
    let mut docs = format!("{title}\n\n");
    if let Some(description) = &spec.description {
        docs.push_str(description);
        docs.push_str("\n\n");
    }
    docs.push_str(&format!(
        "A Gatekeeper constraint ({kind} `{name}`, enforcement action `{action}`) defined in \
         {path}, its template in {}.\n",
        spec.path
    ));
    let remediation = spec
        .description
        .clone()
        .unwrap_or_else(|| format!("See the constraint {kind}/{name} in {path}."));
    let meta = policy_meta(
        format!("{kind}/{name}"),
        title,
        severity,
        remediation,
        docs,
        &[rampart_diagnostics::Platform::Kubernetes],
    );
    Ok(Constraint {
        meta,
        path,
        template,
        parameters: root
            .get_path(&["spec", "parameters"])
            .map_or(Value::Null, to_json),
        selection: Match::read(root.get_path(&["spec", "match"]).map(to_json)),
    })
}

/// `spec.match`, read.
#[derive(Debug, Default)]
struct Match {
    kinds: Vec<(Vec<String>, Vec<String>)>,
    scope: String,
    namespaces: Option<Vec<String>>,
    excluded: Vec<String>,
    labels: Option<Value>,
    namespace_labels: Option<Value>,
    name: Option<String>,
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

impl Match {
    fn read(value: Option<Value>) -> Self {
        let Some(value) = value else {
            return Match {
                scope: "*".into(),
                ..Match::default()
            };
        };
        Match {
            kinds: value["kinds"]
                .as_array()
                .map(|ks| {
                    ks.iter()
                        .map(|k| (strings(k.get("apiGroups")), strings(k.get("kinds"))))
                        .collect()
                })
                .unwrap_or_default(),
            scope: value["scope"].as_str().unwrap_or("*").to_owned(),
            namespaces: value.get("namespaces").map(|n| strings(Some(n))),
            excluded: strings(value.get("excludedNamespaces")),
            labels: value.get("labelSelector").cloned(),
            namespace_labels: value.get("namespaceSelector").cloned(),
            name: value["name"].as_str().map(str::to_owned),
        }
    }
}

impl Constraint {
    /// Whether `spec.match.namespaceSelector` is set.
    pub(crate) fn selects_namespaces(&self) -> bool {
        self.selection.namespace_labels.is_some()
    }

    /// Whether the constraint's `match` selects `object` (`json` is its JSON form). Namespace
    /// labels for `namespaceSelector` come from the Namespace objects given to
    /// [`crate::Policies::set_inventory`]; without them a namespace has no labels.
    pub(crate) fn matches(
        &self,
        object: &Object<'_>,
        json: &Value,
        namespaces: &Map<String, Value>,
    ) -> bool {
        let m = &self.selection;
        let (group, _) = group_version(object.api_version);
        let kind_ok = m.kinds.is_empty()
            || m.kinds.iter().any(|(groups, kinds)| {
                (groups.is_empty() || groups.iter().any(|g| g == "*" || g == group))
                    && (kinds.is_empty() || kinds.iter().any(|k| k == "*" || k == object.kind))
            });
        if !kind_ok {
            return false;
        }
        let cluster_scoped = object.namespace.is_none() && CLUSTER_SCOPED.contains(&object.kind);
        match m.scope.as_str() {
            "Cluster" if !cluster_scoped => return false,
            "Namespaced" if cluster_scoped => return false,
            _ => {}
        }
        if let Some(name) = &m.name {
            if !glob(name, object.name.unwrap_or("")) {
                return false;
            }
        }
        if let Some(selector) = &m.labels {
            if !selects(selector, &json["metadata"]["labels"]) {
                return false;
            }
        }
        // A Namespace is matched by its own name and labels; other cluster-scoped objects are
        // in no namespace, and namespace criteria do not exclude them.
        let namespace = if object.kind == "Namespace" {
            object.name
        } else if cluster_scoped {
            None
        } else {
            Some(object.namespace.unwrap_or("default"))
        };
        if let Some(namespace) = namespace {
            if let Some(allowed) = &m.namespaces {
                if !allowed.iter().any(|p| glob(p, namespace)) {
                    return false;
                }
            }
            if m.excluded.iter().any(|p| glob(p, namespace)) {
                return false;
            }
            if let Some(selector) = &m.namespace_labels {
                let labels = if object.kind == "Namespace" {
                    &json["metadata"]["labels"]
                } else {
                    namespaces.get(namespace).unwrap_or(&Value::Null)
                };
                if !selects(selector, labels) {
                    return false;
                }
            }
        }
        true
    }
}

/// Gatekeeper's name globs: a `*` at the start or the end (or both).
fn glob(pattern: &str, name: &str) -> bool {
    match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
        _ if pattern == "*" => true,
        (Some(rest), _) if rest.ends_with('*') => name.contains(&rest[..rest.len() - 1]),
        (Some(suffix), _) => name.ends_with(suffix),
        (None, Some(prefix)) => name.starts_with(prefix),
        (None, None) => pattern == name,
    }
}

/// A Kubernetes label selector (`matchLabels`, `matchExpressions` with In, NotIn, Exists,
/// DoesNotExist) against a labels object.
fn selects(selector: &Value, labels: &Value) -> bool {
    let label = |key: &str| labels.get(key).and_then(Value::as_str);
    let labels_ok = selector["matchLabels"].as_object().is_none_or(|wanted| {
        wanted
            .iter()
            .all(|(k, v)| label(k).is_some_and(|have| Some(have) == v.as_str()))
    });
    let expressions_ok = selector["matchExpressions"].as_array().is_none_or(|exprs| {
        exprs.iter().all(|e| {
            let key = e["key"].as_str().unwrap_or("");
            let values = strings(e.get("values"));
            match e["operator"].as_str().unwrap_or("") {
                "In" => label(key).is_some_and(|v| values.iter().any(|x| x == v)),
                "NotIn" => label(key).is_none_or(|v| !values.iter().any(|x| x == v)),
                "Exists" => label(key).is_some(),
                "DoesNotExist" => label(key).is_none(),
                _ => false,
            }
        })
    });
    labels_ok && expressions_ok
}

/// `apps/v1` gives (`apps`, `v1`); `v1` gives (``, `v1`).
fn group_version(api_version: &str) -> (&str, &str) {
    api_version.rsplit_once('/').unwrap_or(("", api_version))
}

/// `input` for a template: the review of `object` as the admission webhook would send it on
/// creation, and the constraint's parameters.
pub(crate) fn review(object: &Object<'_>, json: &Value, parameters: &Value) -> Value {
    let (group, version) = group_version(object.api_version);
    let mut review = json!({
        "kind": {"group": group, "version": version, "kind": object.kind},
        "operation": "CREATE",
        "object": json,
        "userInfo": {"username": "rampart"},
    });
    if let Some(name) = object.name {
        review["name"] = json!(name);
    }
    if let Some(namespace) = object.namespace {
        review["namespace"] = json!(namespace);
    }
    json!({"review": review, "parameters": parameters})
}

/// `data.inventory` from the scanned objects (JSON), as Gatekeeper's sync cache lays it out.
#[must_use]
pub fn inventory(objects: &[Value]) -> Value {
    let mut cluster = json!({});
    let mut namespaced = json!({});
    for object in objects {
        let (Some(api_version), Some(kind), Some(name)) = (
            object["apiVersion"].as_str(),
            object["kind"].as_str(),
            object["metadata"]["name"].as_str(),
        ) else {
            continue;
        };
        let namespace = object["metadata"]["namespace"].as_str();
        let slot = if namespace.is_none() && CLUSTER_SCOPED.contains(&kind) {
            &mut cluster
        } else {
            &mut namespaced[namespace.unwrap_or("default")]
        };
        slot[api_version][kind][name] = object.clone();
    }
    json!({"inventory": {"cluster": cluster, "namespace": namespaced}})
}

/// The labels of each Namespace object among `objects`, by name.
#[must_use]
pub fn namespace_labels(objects: &[Value]) -> Map<String, Value> {
    objects
        .iter()
        .filter(|o| o["kind"] == "Namespace")
        .filter_map(|o| {
            Some((
                o["metadata"]["name"].as_str()?.to_owned(),
                o["metadata"]["labels"].clone(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_take_a_star_at_either_end() {
        assert!(glob("kube-*", "kube-system"));
        assert!(glob("*-system", "kube-system"));
        assert!(glob("*sys*", "kube-system"));
        assert!(!glob("kube-*", "default"));
        assert!(glob("default", "default"));
    }

    #[test]
    fn selectors_follow_kubernetes() {
        let labels = json!({"app": "web", "tier": "front"});
        assert!(selects(&json!({"matchLabels": {"app": "web"}}), &labels));
        assert!(!selects(&json!({"matchLabels": {"app": "db"}}), &labels));
        assert!(selects(
            &json!({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["front"]}]}),
            &labels
        ));
        assert!(selects(
            &json!({"matchExpressions": [{"key": "owner", "operator": "DoesNotExist"}]}),
            &labels
        ));
        assert!(!selects(
            &json!({"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["web"]}]}),
            &labels
        ));
        assert!(selects(&json!({}), &Value::Null));
    }

    #[test]
    fn inventory_is_laid_out_like_the_sync_cache() {
        let data = inventory(&[
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "prod"}}),
            json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                   "metadata": {"name": "web", "namespace": "prod"}}),
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "db"}}),
        ]);
        assert!(data["inventory"]["cluster"]["v1"]["Namespace"]["prod"].is_object());
        assert!(
            data["inventory"]["namespace"]["prod"]["networking.k8s.io/v1"]["Ingress"]["web"]
                .is_object()
        );
        assert!(data["inventory"]["namespace"]["default"]["v1"]["Service"]["db"].is_object());
    }
}
