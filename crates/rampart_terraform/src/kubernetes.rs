//! The Kubernetes provider's resources (`kubernetes_deployment`, `kubernetes_pod`,
//! `kubernetes_cluster_role_binding`...) as the Kubernetes objects they create, so that the
//! Kubernetes rules judge them under the same rule ids.
//!
//! The provider writes an object's fields in snake case, every nested object as a block
//! (`spec { template { spec { container { security_context { privileged = true } } } } }`), and
//! a list of objects as repeated blocks (`container`, `volume`, `port`). [`manifest`] turns an
//! evaluated instance into the object's tree, camel-cased (`hostPID`, `readOnlyRootFilesystem`),
//! repeated blocks into lists under their Kubernetes names (`containers`, `volumeMounts`), with
//! the keys of map arguments (`labels`, `limits`, `match_labels`) kept as written. Every node
//! points at the `.tf` text it came from, so findings point there.
//!
//! A value not known before apply is left out of the tree, and its text is listed in
//! [`Manifest::unknown`]: the caller drops any finding that covers it (the value might have
//! made the finding wrong).

use std::collections::BTreeMap;

use rampart_source::{Entry, Node, NodeKind, Scalar, ScalarStyle, TextRange};

use crate::eval::{EvalBody, ResourceInstance};
use crate::value::{format_number, Kind, Span, Value};

/// A Kubernetes object made from a resource instance.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub node: Node,
    /// The text of every value left out because it is not known before apply.
    pub unknown: Vec<TextRange>,
}

/// The kind and API version a provider resource type creates.
fn kind_of(resource_type: &str) -> Option<(&'static str, &'static str)> {
    // The unversioned resources that predate the `_v1` ones still use the beta APIs (the
    // provider's docs list them under those groups), which the API server no longer serves:
    // `kubernetes_ingress` cannot be created on Kubernetes 1.22 and later.
    match resource_type {
        "kubernetes_ingress" => return Some(("extensions/v1beta1", "Ingress")),
        "kubernetes_pod_disruption_budget" => {
            return Some(("policy/v1beta1", "PodDisruptionBudget"));
        }
        "kubernetes_cron_job" => return Some(("batch/v1beta1", "CronJob")),
        "kubernetes_horizontal_pod_autoscaler" | "kubernetes_horizontal_pod_autoscaler_v1" => {
            return Some(("autoscaling/v1", "HorizontalPodAutoscaler"));
        }
        "kubernetes_horizontal_pod_autoscaler_v2beta2" => {
            return Some(("autoscaling/v2beta2", "HorizontalPodAutoscaler"));
        }
        _ => {}
    }
    let base = resource_type
        .strip_prefix("kubernetes_")?
        .trim_end_matches("_v1")
        .trim_end_matches("_v2");
    Some(match base {
        "pod" => ("v1", "Pod"),
        "deployment" => ("apps/v1", "Deployment"),
        "daemonset" | "daemon_set" => ("apps/v1", "DaemonSet"),
        "stateful_set" => ("apps/v1", "StatefulSet"),
        "replication_controller" => ("v1", "ReplicationController"),
        "job" => ("batch/v1", "Job"),
        "cron_job" => ("batch/v1", "CronJob"),
        "service" => ("v1", "Service"),
        // The namespace's `default` account, which the provider takes over rather than creates.
        "service_account" | "default_service_account" => ("v1", "ServiceAccount"),
        "namespace" => ("v1", "Namespace"),
        "config_map" => ("v1", "ConfigMap"),
        "secret" => ("v1", "Secret"),
        "ingress" => ("networking.k8s.io/v1", "Ingress"),
        "network_policy" => ("networking.k8s.io/v1", "NetworkPolicy"),
        "role" => ("rbac.authorization.k8s.io/v1", "Role"),
        "cluster_role" => ("rbac.authorization.k8s.io/v1", "ClusterRole"),
        "role_binding" => ("rbac.authorization.k8s.io/v1", "RoleBinding"),
        "cluster_role_binding" => ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
        "pod_disruption_budget" => ("policy/v1", "PodDisruptionBudget"),
        "horizontal_pod_autoscaler" => ("autoscaling/v2", "HorizontalPodAutoscaler"),
        _ => return None,
    })
}

/// The provider's resource that creates the kind of object `resource_type` creates, at
/// `api_version`: `kubernetes_ingress_v1` for `kubernetes_ingress` at `networking.k8s.io/v1`.
/// The same resource with its version suffix (`_v1`, `_v2beta2`) changed or dropped, the
/// versioned one first (the provider deprecates the unversioned ones); `None` when none of
/// these creates it.
#[must_use]
pub fn resource_for(resource_type: &str, api_version: &str) -> Option<String> {
    let (_, kind) = kind_of(resource_type)?;
    let base = match resource_type.rsplit_once("_v") {
        Some((base, version)) if version.starts_with(|c: char| c.is_ascii_digit()) => base,
        _ => resource_type,
    };
    [format!("{base}_v1"), format!("{base}_v2"), base.to_owned()]
        .into_iter()
        .find(|candidate| kind_of(candidate) == Some((api_version, kind)))
}

/// Block names whose Kubernetes field is a list, and that field's name.
const LISTS: &[(&str, &str)] = &[
    ("container", "containers"),
    ("init_container", "initContainers"),
    ("ephemeral_container", "ephemeralContainers"),
    ("volume", "volumes"),
    ("volume_mount", "volumeMounts"),
    ("volume_device", "volumeDevices"),
    ("port", "ports"),
    ("env", "env"),
    ("env_from", "envFrom"),
    ("toleration", "tolerations"),
    ("image_pull_secrets", "imagePullSecrets"),
    ("host_aliases", "hostAliases"),
    ("topology_spread_constraint", "topologySpreadConstraints"),
    ("sysctl", "sysctls"),
    ("rule", "rules"),
    ("subject", "subjects"),
    ("ingress", "ingress"),
    ("egress", "egress"),
    ("from", "from"),
    ("to", "to"),
    ("match_expressions", "matchExpressions"),
    ("tls", "tls"),
    ("path", "paths"),
    ("volume_claim_template", "volumeClaimTemplates"),
    // `affinity`: every `preferred_...` is a list of weighted terms; the required terms are
    // for pod (anti-)affinity only, see [`list_name`].
    (
        "preferred_during_scheduling_ignored_during_execution",
        "preferredDuringSchedulingIgnoredDuringExecution",
    ),
    ("node_selector_term", "nodeSelectorTerms"),
    ("option", "options"),
    ("http_header", "httpHeaders"),
    ("readiness_gate", "readinessGates"),
    ("items", "items"),
    ("sources", "sources"),
    // A NetworkPolicy rule's ports.
    ("ports", "ports"),
    // A HorizontalPodAutoscaler's scaling policies.
    ("policy", "policies"),
    ("image_pull_secret", "imagePullSecrets"),
];

/// The Kubernetes list that the repeated block `kind` within the block `parent` (`None` at
/// the top of the resource) gathers into, or `None` for a single object. A few blocks are lists
/// in one place and single objects in another.
fn list_name(parent: Option<&str>, kind: &str) -> Option<&'static str> {
    match (parent, kind) {
        // A pod (anti-)affinity's required terms are a list of PodAffinityTerms; a node
        // affinity's are one NodeSelector (with its `node_selector_term` list).
        (
            Some("pod_affinity" | "pod_anti_affinity"),
            "required_during_scheduling_ignored_during_execution",
        ) => Some("requiredDuringSchedulingIgnoredDuringExecution"),
        // An Ingress backend's `service { port { number = 80 } }` is one ServiceBackendPort.
        (Some("service"), "port") => None,
        // A HorizontalPodAutoscaler's metrics; the `metric` of an `external`, `object` or
        // `pods` metric is the one metric it names.
        (Some("spec"), "metric") => Some("metrics"),
        // A ServiceAccount's Secrets (no other resource has a top-level `secret` block).
        (None, "secret") => Some("secrets"),
        _ => LISTS
            .iter()
            .find(|(tf, _)| *tf == kind)
            .map(|(_, name)| *name),
    }
}

/// The provider's arguments whose value is a map (the API's maps: keys kept as written). Any
/// other object is a nested block written as an object, as `.tf.json` writes a single block.
const MAPS: &[&str] = &[
    "annotations",
    "labels",
    "data",
    "binary_data",
    "string_data",
    "limits",
    "requests",
    "node_selector",
    "match_labels",
    "parameters",
    "capacity",
    "hard",
    "volume_attributes",
    "default",
    "default_request",
    "max",
    "min",
    "max_limit_request_ratio",
];

/// Whether the object `value` of the argument `name` is a map argument rather than a block. A
/// Service's `selector` is a map of labels; a workload's is a block with `match_labels` or
/// `match_expressions`.
fn is_map_argument(name: &str, value: &Value) -> bool {
    match name {
        "selector" => {
            value.get("match_labels").is_none() && value.get("match_expressions").is_none()
        }
        _ => MAPS.contains(&name),
    }
}

/// Fields that the provider types as strings (to tell zero from not set) and the Kubernetes API
/// as integers: a plan has their values as strings.
const INTEGERS: &[&str] = &[
    "replicas",
    "run_as_user",
    "run_as_group",
    "fs_group",
    // A budget's `"2"` is the integer 2 (a string there must be a percentage: `"50%"`).
    "min_available",
    "max_unavailable",
];

/// Fields whose Kubernetes name is not the plain camel case of the provider's.
const NAMES: &[(&str, &str)] = &[
    ("host_pid", "hostPID"),
    ("host_ipc", "hostIPC"),
    ("non_resource_urls", "nonResourceURLs"),
    ("se_linux_options", "seLinuxOptions"),
    ("read_only", "readOnly"),
    ("api_groups", "apiGroups"),
    ("ip_block", "ipBlock"),
    ("cluster_ip", "clusterIP"),
    ("external_ips", "externalIPs"),
    ("load_balancer_ip", "loadBalancerIP"),
    ("downward_api", "downwardAPI"),
    ("ceph_fs", "cephfs"),
];

/// The Kubernetes name of the provider's field `name`: its exception, else camel case.
fn field_name(name: &str) -> String {
    if let Some((_, k8s)) = NAMES.iter().find(|(tf, _)| *tf == name) {
        return (*k8s).to_owned();
    }
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The object `instance` creates, when it is a resource of the Kubernetes provider that the
/// Kubernetes rules judge.
#[must_use]
pub fn manifest(instance: &ResourceInstance) -> Option<Manifest> {
    build(instance, false)
}

/// [`manifest`], with each value not known before apply kept as an empty scalar over its text
/// (still listed in [`Manifest::unknown`]): to find where a field is written, not to judge.
#[must_use]
pub fn manifest_with_placeholders(instance: &ResourceInstance) -> Option<Manifest> {
    build(instance, true)
}

fn build(instance: &ResourceInstance, placeholders: bool) -> Option<Manifest> {
    let mut builder = Builder {
        unknown: Vec::new(),
        placeholders,
        path: Vec::new(),
        pod_spec: None,
        namespaced: false,
        implied_name: None,
    };
    if instance.kind == "kubernetes_manifest" {
        return builder.manifest_argument(instance);
    }
    let (api_version, kind) = kind_of(&instance.kind)?;
    builder.namespaced = !matches!(kind, "Namespace" | "ClusterRole" | "ClusterRoleBinding");
    // `kubernetes_default_service_account` names no account: it manages the one Kubernetes
    // made, `default`, in the namespace its metadata names.
    if instance
        .kind
        .starts_with("kubernetes_default_service_account")
    {
        builder.implied_name = Some("default");
    }
    builder.pod_spec = match kind {
        "Pod" => Some(&["spec"][..]),
        "Deployment" | "DaemonSet" | "StatefulSet" | "ReplicationController" | "Job" => {
            Some(&["spec", "template", "spec"][..])
        }
        "CronJob" => Some(&["spec", "job_template", "spec", "template", "spec"][..]),
        _ => None,
    };
    // `apiVersion` and `kind` are not written: they point at the block's first line.
    let head = TextRange::new(instance.span.range.start, instance.span.range.start);
    let mut entries = vec![
        synthetic("apiVersion", api_version, head),
        synthetic("kind", kind, head),
    ];
    let Node { kind: body, .. } = builder.body(&instance.body, instance.span);
    if let NodeKind::Mapping(fields) = body {
        entries.extend(fields);
    }
    // `ignore_changes = [spec[0].replicas]`, the provider's way to leave the count to an
    // autoscaler: the replicas are set once, at creation, and the object does not own them.
    if instance
        .ignore_changes
        .iter()
        .any(|path| path == "spec.replicas" || path == "all")
    {
        for entry in &mut entries {
            if let (Some("spec"), NodeKind::Mapping(spec)) =
                (entry.key.as_str(), &mut entry.value.kind)
            {
                spec.retain(|field| field.key.as_str() != Some("replicas"));
            }
        }
    }
    // A planned instance's span is its `address` key: the object covers its values too.
    let range = instance
        .body
        .attributes
        .iter()
        .map(|a| a.span)
        .chain(instance.body.blocks.iter().map(|b| b.span))
        .filter(|span| span.file == instance.span.file)
        .fold(instance.span.range, |range, span| range.cover(span.range));
    Some(Manifest {
        node: Node {
            range,
            kind: NodeKind::Mapping(entries),
        },
        unknown: builder.unknown,
    })
}

fn synthetic(key: &str, value: &str, at: TextRange) -> Entry {
    Entry {
        key: scalar(key, ScalarStyle::Plain, at),
        value: scalar(value, ScalarStyle::Plain, at),
    }
}

fn scalar(text: &str, style: ScalarStyle, range: TextRange) -> Node {
    Node {
        range,
        kind: NodeKind::Scalar(Scalar {
            value: text.to_owned(),
            style,
            tag: None,
        }),
    }
}

struct Builder {
    unknown: Vec<TextRange>,
    /// Whether an unknown value is an empty scalar rather than left out.
    placeholders: bool,
    /// The provider's names of the blocks that hold the one being read, outermost first.
    path: Vec<String>,
    /// The path of the object's pod spec, for the kinds that run pods.
    pod_spec: Option<&'static [&'static str]>,
    /// Whether the object's kind is namespaced (not a Namespace, ClusterRole or binding).
    namespaced: bool,
    /// The object's name when the resource has no argument for it.
    implied_name: Option<&'static str>,
}

impl Builder {
    /// The object of a `kubernetes_manifest`: its `manifest` argument is the object as the
    /// API has it (`apiVersion`, `kind`, camel-case fields), taken as written. `None` when its
    /// `apiVersion` or `kind` is not known.
    fn manifest_argument(mut self, instance: &ResourceInstance) -> Option<Manifest> {
        let argument = instance.body.attribute("manifest")?;
        let value = &argument.value;
        value.get("apiVersion")?.as_str()?;
        value.get("kind")?.as_str()?;
        let node = self.value(value, argument.span)?;
        Some(Manifest {
            node: Node {
                range: instance.span.range.cover(argument.span.range),
                kind: node.kind,
            },
            unknown: self.unknown,
        })
    }

    /// A block's body as a mapping over `span`.
    fn body(&mut self, body: &EvalBody, span: Span) -> Node {
        let mut fields = Fields::default();
        for attribute in &body.attributes {
            let key_range = TextRange::new(
                attribute.span.range.start,
                attribute.span.range.start + u32::try_from(attribute.name.len()).unwrap_or(0),
            );
            self.field(
                &mut fields,
                &attribute.name,
                key_range,
                &attribute.value,
                attribute.span,
            );
        }
        // Blocks in source order; repeated ones gather into one list.
        for block in &body.blocks {
            let key_range = TextRange::new(
                block.span.range.start,
                block.span.range.start + u32::try_from(block.kind.len()).unwrap_or(0),
            );
            self.path.push(block.kind.clone());
            let node = self.body(&block.body, block.span);
            self.path.pop();
            fields.block(self.parent(), &block.kind, key_range, node);
        }
        self.defaults(
            &mut fields,
            |name| body.attribute(name).is_some(),
            span.range,
        );
        Node {
            range: span.range,
            kind: NodeKind::Mapping(fields.entries),
        }
    }

    /// The argument `name` set to `value` (written within `within`), added to `fields`. A list
    /// of objects is a nested block, as a plan (and `.tf.json`) writes blocks: each object is
    /// one block; so is an object, unless the argument is a map ([`MAPS`]). An empty list or string is left out: a plan has them for every block, list
    /// and string not set, and the Kubernetes API does not tell them from missing ones.
    fn field(
        &mut self,
        fields: &mut Fields,
        name: &str,
        key_range: TextRange,
        value: &Value,
        within: Span,
    ) {
        if let Kind::List(items) = &value.kind {
            if items.is_empty() {
                return;
            }
            if items.iter().all(|item| matches!(item.kind, Kind::Map(_))) {
                for item in items.iter() {
                    let node = self.nested(name, item, within);
                    fields.block(self.parent(), name, key_range, node);
                }
                return;
            }
        }
        if matches!(value.kind, Kind::Map(_)) && !is_map_argument(name, value) {
            let node = self.nested(name, value, within);
            fields.block(self.parent(), name, key_range, node);
            return;
        }
        let node = match value.as_str() {
            Some("") => return,
            // The provider's string for an integer of the API (`replicas = "2"`).
            Some(text) if INTEGERS.contains(&name) && text.parse::<i64>().is_ok() => Some(Node {
                range: own_range(value, within),
                kind: NodeKind::Scalar(plain(text)),
            }),
            _ => self.value(value, within),
        };
        if let Some(node) = node {
            fields.entries.push(Entry {
                key: scalar(&field_name(name), ScalarStyle::Plain, key_range),
                value: node,
            });
        }
    }

    /// The provider's name of the block being read, `None` at the top of the resource.
    fn parent(&self) -> Option<&str> {
        self.path.last().map(String::as_str)
    }

    /// [`Self::object`] for the nested block `name`.
    fn nested(&mut self, name: &str, value: &Value, within: Span) -> Node {
        self.path.push(name.to_owned());
        let node = self.object(value, within);
        self.path.pop();
        node
    }

    /// A block written as an object (in a plan): a mapping of its fields, as [`Self::body`]
    /// makes of a block's body. A plan has no text for its keys: each points at its value. A
    /// value not known before apply has no text of its own either: it is recorded as the whole
    /// object's.
    fn object(&mut self, value: &Value, within: Span) -> Node {
        let range = own_range(value, within);
        let inner = Span {
            file: within.file,
            range,
        };
        let mut fields = Fields::default();
        if let Kind::Map(entries) = &value.kind {
            for (key, item) in entries.iter() {
                self.field(&mut fields, key, own_range(item, inner), item, inner);
            }
        }
        self.defaults(&mut fields, |name| value.get(name).is_some(), range);
        Node {
            range,
            kind: NodeKind::Mapping(fields.entries),
        }
    }

    /// Adds to the block being read (over `range`, its text) the values that the provider sends
    /// when the configuration leaves them out (`written` tells which arguments it has, known or
    /// not) and that the API's own defaults differ from:
    ///
    /// - a pod spec's `automountServiceAccountToken: true` (the provider's default, where the
    ///   API leaves the choice to the pod's ServiceAccount);
    /// - a seccomp profile's `type: Unconfined` (the API requires a type);
    /// - a namespaced object's `namespace: default` (the provider's default, where a manifest
    ///   without one goes wherever the tool that applies it points);
    /// - the name of the object a resource manages without naming it
    ///   (`kubernetes_default_service_account`: `default`).
    fn defaults(&self, fields: &mut Fields, written: impl Fn(&str) -> bool, range: TextRange) {
        let in_pod_spec = self.pod_spec.is_some_and(|path| {
            self.path
                .iter()
                .map(String::as_str)
                .eq(path.iter().copied())
        });
        if in_pod_spec && !written("automount_service_account_token") {
            fields
                .entries
                .push(synthetic("automountServiceAccountToken", "true", range));
        }
        if self.parent() == Some("seccomp_profile") && !written("type") {
            fields.entries.push(synthetic("type", "Unconfined", range));
        }
        if self.path == ["metadata"] {
            if self.namespaced && !written("namespace") {
                fields
                    .entries
                    .push(synthetic("namespace", "default", range));
            }
            if let Some(name) = self.implied_name.filter(|_| !written("name")) {
                fields.entries.push(synthetic("name", name, range));
            }
        }
    }

    /// An argument's value, pointing at its own text when written inside the argument, else
    /// at the argument; `None` (recorded as unknown) when it is not known before apply.
    fn value(&mut self, value: &Value, within: Span) -> Option<Node> {
        let range = own_range(value, within);
        let kind = match &value.kind {
            Kind::Unknown(_) => {
                self.unknown.push(range);
                if !self.placeholders {
                    return None;
                }
                NodeKind::Scalar(plain(""))
            }
            Kind::Null => return None,
            Kind::Bool(b) => NodeKind::Scalar(plain(if *b { "true" } else { "false" })),
            Kind::Number(n) => NodeKind::Scalar(plain(&format_number(*n))),
            Kind::String(s) => NodeKind::Scalar(Scalar {
                value: s.to_string(),
                style: ScalarStyle::DoubleQuoted,
                tag: None,
            }),
            Kind::List(items) => NodeKind::Sequence(
                items
                    .iter()
                    .filter_map(|item| self.value(item, within))
                    .collect(),
            ),
            // Map arguments (`labels`, `limits`, `data`) keep their keys as written.
            Kind::Map(entries) => NodeKind::Mapping(
                entries
                    .iter()
                    .filter_map(|(key, item)| {
                        let node = self.value(item, within)?;
                        Some(Entry {
                            key: scalar(key, ScalarStyle::DoubleQuoted, node.range),
                            value: node,
                        })
                    })
                    .collect(),
            ),
        };
        Some(Node { range, kind })
    }
}

/// The text of `value`: its own when written within `within`, else `within`'s.
fn own_range(value: &Value, within: Span) -> TextRange {
    crate::eval::own_span(value, within).range
}

/// The fields of one object, as they are added.
#[derive(Default)]
struct Fields {
    entries: Vec<Entry>,
    /// Where each list of repeated blocks is in `entries`, by its Kubernetes name.
    lists: BTreeMap<&'static str, usize>,
}

impl Fields {
    /// Adds the nested block `kind` (`container`, `security_context`), written in the block
    /// `parent`: repeated ones gather into one list under their Kubernetes name ([`list_name`]);
    /// another block is a single object, the first one kept (the provider allows one such
    /// block). A projected volume's `sources` block becomes one projection per source in it
    /// ([`projections`]).
    fn block(&mut self, parent: Option<&str>, kind: &str, key_range: TextRange, node: Node) {
        match (parent, kind) {
            // A projected volume's `sources` block holds any number of each source; the API's
            // `sources` is a list of projections of one source each.
            (Some("projected"), "sources") => {
                for projection in projections(node) {
                    self.push("sources", key_range, projection);
                }
            }
            // Every source is kept, to be split into its own projection by the above.
            (Some("sources"), _) => self.entries.push(Entry {
                key: scalar(&field_name(kind), ScalarStyle::Plain, key_range),
                value: node,
            }),
            _ => match list_name(parent, kind) {
                Some(name) => self.push(name, key_range, node),
                None => {
                    let name = field_name(kind);
                    if self.entries.iter().all(|e| e.key.as_str() != Some(&name)) {
                        self.entries.push(Entry {
                            key: scalar(&name, ScalarStyle::Plain, key_range),
                            value: node,
                        });
                    }
                }
            },
        }
    }

    /// Adds `node` to the list `name`, which starts at `key_range` when it is new.
    fn push(&mut self, name: &'static str, key_range: TextRange, node: Node) {
        if let Some(&at) = self.lists.get(name) {
            let entry: &mut Entry = &mut self.entries[at];
            entry.value.range = entry.value.range.cover(node.range);
            if let NodeKind::Sequence(items) = &mut entry.value.kind {
                items.push(node);
            }
        } else {
            self.lists.insert(name, self.entries.len());
            self.entries.push(Entry {
                key: scalar(name, ScalarStyle::Plain, key_range),
                value: Node {
                    range: node.range,
                    kind: NodeKind::Sequence(vec![node]),
                },
            });
        }
    }
}

/// The sources of a projected volume, in the order the provider expands a `sources` block:
/// its secrets, then its ConfigMaps, downward APIs and service account tokens, each in the
/// order written.
const PROJECTIONS: &[&str] = &["secret", "configMap", "downwardAPI", "serviceAccountToken"];

/// The VolumeProjections of one `sources` block (`sources`, a mapping of every source it
/// holds, keys repeated): one per source, over the source's text.
fn projections(sources: Node) -> Vec<Node> {
    let NodeKind::Mapping(mut entries) = sources.kind else {
        return Vec::new();
    };
    let rank = |entry: &Entry| {
        PROJECTIONS
            .iter()
            .position(|name| entry.key.as_str() == Some(name))
            .unwrap_or(PROJECTIONS.len())
    };
    entries.sort_by_key(rank);
    entries
        .into_iter()
        .map(|mut entry| {
            let range = entry.value.range;
            // A plan's key is its list's text, not this source's: it points at its value.
            if !range.contains_range(entry.key.range) {
                entry.key.range = range;
            }
            Node {
                range,
                kind: NodeKind::Mapping(vec![entry]),
            }
        })
        .collect()
}

fn plain(text: &str) -> Scalar {
    Scalar {
        value: text.to_owned(),
        style: ScalarStyle::Plain,
        tag: None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::{evaluate, Inputs, Project};

    #[test]
    fn field_names_follow_the_kubernetes_api() {
        assert_eq!(
            field_name("read_only_root_filesystem"),
            "readOnlyRootFilesystem"
        );
        assert_eq!(field_name("host_pid"), "hostPID");
        assert_eq!(field_name("service_account_name"), "serviceAccountName");
        assert_eq!(field_name("privileged"), "privileged");
        // Volume sources named otherwise by the API.
        assert_eq!(field_name("downward_api"), "downwardAPI");
        assert_eq!(field_name("ceph_fs"), "cephfs");
    }

    #[test]
    fn the_resource_for_a_newer_api_version_is_the_providers_versioned_one() {
        for (old, api_version, new) in [
            (
                "kubernetes_ingress",
                "networking.k8s.io/v1",
                "kubernetes_ingress_v1",
            ),
            ("kubernetes_cron_job", "batch/v1", "kubernetes_cron_job_v1"),
            (
                "kubernetes_pod_disruption_budget",
                "policy/v1",
                "kubernetes_pod_disruption_budget_v1",
            ),
            (
                "kubernetes_horizontal_pod_autoscaler_v2beta2",
                "autoscaling/v2",
                "kubernetes_horizontal_pod_autoscaler_v2",
            ),
            (
                "kubernetes_horizontal_pod_autoscaler",
                "autoscaling/v2",
                "kubernetes_horizontal_pod_autoscaler_v2",
            ),
        ] {
            assert_eq!(
                resource_for(old, api_version).as_deref(),
                Some(new),
                "{old}"
            );
        }
        // No resource of the provider creates these.
        assert_eq!(resource_for("kubernetes_ingress", "extensions/v1"), None);
        assert_eq!(resource_for("kubernetes_manifest", "batch/v1"), None);
        assert_eq!(resource_for("kubernetes_validating_webhook", "v1"), None);
    }

    #[test]
    fn repeated_blocks_become_lists_and_map_keys_stay() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.tf"),
            r#"resource "kubernetes_pod" "p" {
  metadata {
    name   = "p"
    labels = { app_name = "x" }
  }
  spec {
    container {
      name = "a"
    }
    container {
      name = "b"
      env {
        name = "K"
      }
    }
  }
}
"#,
        )
        .unwrap();
        let mut project = Project::new();
        let module = evaluate(&mut project, dir.path(), &Inputs::default());
        let pod = manifest(&module.resources[0]).unwrap();
        let node = &pod.node;
        assert_eq!(node.get("kind").and_then(Node::as_str), Some("Pod"));
        assert_eq!(
            node.get_path(&["metadata", "labels", "app_name"])
                .and_then(Node::as_str),
            Some("x")
        );
        let containers = node.get_path(&["spec", "containers"]).unwrap();
        let names: Vec<_> = containers
            .items()
            .filter_map(|c| c.get("name").and_then(Node::as_str))
            .collect();
        assert_eq!(names, ["a", "b"]);
        let env = containers.items().nth(1).unwrap().get("env").unwrap();
        assert_eq!(env.items().count(), 1);
        assert!(pod.unknown.is_empty());
        assert!(
            manifest_with_placeholders(&module.resources[0]).is_some_and(|p| p.node == pod.node)
        );
        assert!(manifest(&ResourceInstance {
            kind: "aws_s3_bucket".into(),
            ..module.resources[0].clone()
        })
        .is_none());
    }

    /// The objects of `text`, a `main.tf`, in the order of its resources.
    fn objects(text: &str) -> Vec<Node> {
        objects_in("main.tf", text)
    }

    /// The objects of `text`, a file named `name`, in the order of its resources.
    fn objects_in(name: &str, text: &str) -> Vec<Node> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        let mut project = Project::new();
        let module = evaluate(&mut project, dir.path(), &Inputs::default());
        module
            .resources
            .iter()
            .map(|r| manifest(r).unwrap().node)
            .collect()
    }

    #[test]
    fn a_namespaced_object_without_a_namespace_is_in_default() {
        let objects = objects(
            r#"resource "kubernetes_service_v1" "s" {
  metadata { name = "s" }
}

resource "kubernetes_config_map_v1" "c" {
  metadata {
    name      = "c"
    namespace = "shop"
  }
}

resource "kubernetes_cluster_role_v1" "r" {
  metadata { name = "r" }
}

resource "kubernetes_deployment_v1" "d" {
  metadata { name = "d" }
  spec {
    template {
      metadata { labels = { app = "d" } }
      spec {
        container { name = "d" }
      }
    }
  }
}
"#,
        );
        let top = ["metadata", "namespace"];
        assert_eq!(text(&objects[0], &top), Some("default"));
        assert_eq!(text(&objects[1], &top), Some("shop"));
        // Cluster-scoped: no namespace.
        assert_eq!(text(&objects[2], &top), None);
        assert_eq!(text(&objects[3], &top), Some("default"));
        // A pod template's metadata has no namespace of its own.
        let template = ["spec", "template", "metadata", "namespace"];
        assert_eq!(text(&objects[3], &template), None);
    }

    #[test]
    fn the_default_service_account_resource_is_the_account_named_default() {
        let objects = objects(
            r#"resource "kubernetes_default_service_account_v1" "shop" {
  metadata { namespace = "shop" }
}

resource "kubernetes_default_service_account" "billing" {
  metadata {
    namespace = "billing"
  }
  automount_service_account_token = false
}
"#,
        );
        for (object, namespace) in objects.iter().zip(["shop", "billing"]) {
            assert_eq!(text(object, &["kind"]), Some("ServiceAccount"));
            assert_eq!(text(object, &["metadata", "name"]), Some("default"));
            assert_eq!(text(object, &["metadata", "namespace"]), Some(namespace));
        }
        assert_eq!(
            text(&objects[1], &["automountServiceAccountToken"]),
            Some("false")
        );
    }

    /// The string at `path`, if there is one.
    fn text<'n>(node: &'n Node, path: &[&str]) -> Option<&'n str> {
        node.get_path(path).and_then(Node::as_str)
    }

    /// The number of items of the list at `path`, `None` when it is not a list.
    fn count(node: &Node, path: &[&str]) -> Option<usize> {
        match &node.get_path(path)?.kind {
            NodeKind::Sequence(items) => Some(items.len()),
            _ => None,
        }
    }

    #[test]
    fn repeated_blocks_are_lists_where_the_api_has_lists() {
        let objects = objects(
            r#"resource "kubernetes_deployment_v1" "d" {
  metadata { name = "d" }
  spec {
    template {
      metadata { labels = { app = "d" } }
      spec {
        affinity {
          node_affinity {
            required_during_scheduling_ignored_during_execution {
              node_selector_term {
                match_expressions {
                  key      = "zone"
                  operator = "In"
                  values   = ["a"]
                }
              }
            }
          }
          pod_anti_affinity {
            required_during_scheduling_ignored_during_execution {
              label_selector { match_labels = { app = "d" } }
              topology_key = "kubernetes.io/hostname"
            }
            preferred_during_scheduling_ignored_during_execution {
              weight = 100
              pod_affinity_term {
                label_selector { match_labels = { app = "d" } }
                topology_key = "topology.kubernetes.io/zone"
              }
            }
          }
        }
        readiness_gate { condition_type = "x" }
        dns_config {
          option { name = "ndots" }
          option { name = "use-vc" }
        }
        container {
          name  = "web"
          image = "nginx:1.27"
          liveness_probe {
            http_get {
              path = "/"
              port = 80
              http_header {
                name  = "X"
                value = "y"
              }
            }
          }
        }
        volume {
          name = "p"
          projected {
            sources {
              secret {
                name = "s"
                items {
                  key  = "k"
                  path = "k"
                }
              }
            }
            sources {
              config_map { name = "c" }
            }
          }
        }
      }
    }
  }
}

resource "kubernetes_network_policy_v1" "n" {
  metadata { name = "n" }
  spec {
    pod_selector {}
    ingress {
      ports {
        port     = "80"
        protocol = "TCP"
      }
    }
    policy_types = ["Ingress"]
  }
}

resource "kubernetes_ingress_v1" "i" {
  metadata { name = "i" }
  spec {
    default_backend {
      service {
        name = "web"
        port { number = 80 }
      }
    }
  }
}

resource "kubernetes_horizontal_pod_autoscaler_v2" "h" {
  metadata { name = "h" }
  spec {
    max_replicas = 3
    scale_target_ref {
      kind = "Deployment"
      name = "d"
    }
    metric {
      type = "External"
      external {
        metric { name = "latency" }
        target {
          type  = "Value"
          value = "100"
        }
      }
    }
    behavior {
      scale_down {
        policy {
          type           = "Pods"
          value          = 1
          period_seconds = 60
        }
      }
    }
  }
}

resource "kubernetes_service_account_v1" "s" {
  metadata { name = "s" }
  secret { name = "t" }
  image_pull_secret { name = "r" }
}
"#,
        );
        let pod = ["spec", "template", "spec"];
        let at = |tail: &[&'static str]| -> Vec<&'static str> {
            pod.iter().chain(tail).copied().collect()
        };
        let deployment = &objects[0];
        let affinity = deployment.get_path(&at(&["affinity"])).unwrap();
        // A node affinity's required terms are one NodeSelector; a pod anti-affinity's a list.
        let node = &[
            "nodeAffinity",
            "requiredDuringSchedulingIgnoredDuringExecution",
        ];
        assert_eq!(
            count(affinity, &[node[0], node[1], "nodeSelectorTerms"]),
            Some(1)
        );
        let anti = ["podAntiAffinity"];
        for terms in [
            "requiredDuringSchedulingIgnoredDuringExecution",
            "preferredDuringSchedulingIgnoredDuringExecution",
        ] {
            assert_eq!(count(affinity, &[anti[0], terms]), Some(1), "{terms}");
        }
        assert_eq!(count(deployment, &at(&["readinessGates"])), Some(1));
        assert_eq!(count(deployment, &at(&["dnsConfig", "options"])), Some(2));
        let container = deployment
            .get_path(&at(&["containers"]))
            .and_then(|c| c.items().next())
            .unwrap();
        let get = ["livenessProbe", "httpGet", "httpHeaders"];
        assert_eq!(count(container, &get), Some(1));
        let volume = deployment
            .get_path(&at(&["volumes"]))
            .and_then(|v| v.items().next())
            .unwrap();
        assert_eq!(count(volume, &["projected", "sources"]), Some(2));
        let source = volume
            .get_path(&["projected", "sources"])
            .and_then(|s| s.items().next())
            .unwrap();
        assert_eq!(count(source, &["secret", "items"]), Some(1));
        let policy = &objects[1];
        let rule = policy
            .get_path(&["spec", "ingress"])
            .and_then(|i| i.items().next())
            .unwrap();
        assert_eq!(count(rule, &["ports"]), Some(1));
        // An Ingress backend's port is one object, not a Service's list of ports.
        let backend = ["spec", "defaultBackend", "service", "port", "number"];
        assert_eq!(
            objects[2].get_path(&backend).and_then(Node::as_str),
            Some("80")
        );
        let hpa = &objects[3];
        assert_eq!(count(hpa, &["spec", "metrics"]), Some(1));
        let metric = hpa
            .get_path(&["spec", "metrics"])
            .and_then(|m| m.items().next())
            .unwrap();
        assert_eq!(
            metric
                .get_path(&["external", "metric", "name"])
                .and_then(Node::as_str),
            Some("latency")
        );
        let scale_down = ["spec", "behavior", "scaleDown", "policies"];
        assert_eq!(count(hpa, &scale_down), Some(1));
        let account = &objects[4];
        assert_eq!(count(account, &["secrets"]), Some(1));
        assert_eq!(count(account, &["imagePullSecrets"]), Some(1));
    }

    /// Each projection of the projected volume at `spec.volumes[0]` of `pod`: its one key, and
    /// the text of its source (`text` sliced at the projection's range).
    fn projections<'a>(pod: &Node, text: &'a str) -> Vec<(String, &'a str)> {
        let sources = pod
            .get_path(&["spec", "volumes"])
            .and_then(|v| v.items().next())
            .and_then(|v| v.get_path(&["projected", "sources"]))
            .unwrap();
        sources
            .items()
            .map(|source| {
                let keys: Vec<&str> = source
                    .as_mapping()
                    .unwrap()
                    .iter()
                    .filter_map(|e| e.key.as_str())
                    .collect();
                assert_eq!(keys.len(), 1, "one source per projection: {keys:?}");
                let range = source.range;
                (
                    keys[0].to_owned(),
                    &text[range.start as usize..range.end as usize],
                )
            })
            .collect()
    }

    #[test]
    fn each_projected_source_is_its_own_projection() {
        // The provider allows any number of each source in one `sources` block, and expands a
        // block into its secrets, then its ConfigMaps, downward APIs and tokens, each one
        // VolumeProjection (the API's holds exactly one source).
        let tf = r#"resource "kubernetes_pod_v1" "p" {
  metadata { name = "p" }
  spec {
    container {
      name  = "web"
      image = "nginx:1.27"
    }
    volume {
      name = "p"
      projected {
        sources {
          config_map { name = "c" }
          secret { name = "a" }
          secret { name = "b" }
          service_account_token { path = "token" }
          downward_api {
            items {
              path = "labels"
              field_ref { field_path = "metadata.labels" }
            }
          }
        }
        sources {
          secret { name = "d" }
        }
      }
    }
  }
}
"#;
        let pod = &objects(tf)[0];
        let downward = r#"downward_api {
            items {
              path = "labels"
              field_ref { field_path = "metadata.labels" }
            }
          }"#;
        assert_eq!(
            projections(pod, tf),
            [
                ("secret".to_owned(), r#"secret { name = "a" }"#),
                ("secret".to_owned(), r#"secret { name = "b" }"#),
                ("configMap".to_owned(), r#"config_map { name = "c" }"#),
                ("downwardAPI".to_owned(), downward),
                (
                    "serviceAccountToken".to_owned(),
                    r#"service_account_token { path = "token" }"#
                ),
                ("secret".to_owned(), r#"secret { name = "d" }"#),
            ]
        );
        let volume = ["spec", "volumes"];
        let source = |i: usize| {
            pod.get_path(&volume)
                .and_then(|v| v.items().next())
                .and_then(|v| v.get_path(&["projected", "sources"]))
                .and_then(|s| s.items().nth(i))
                .unwrap()
        };
        assert_eq!(
            source(1)
                .get_path(&["secret", "name"])
                .and_then(Node::as_str),
            Some("b")
        );
        let item = ["downwardAPI", "items"];
        assert_eq!(count(source(3), &item), Some(1));

        // `.tf.json` (as a plan) writes `sources` as a list of objects, and a source as an
        // object or a list of them.
        let json = r#"{"resource": {"kubernetes_pod_v1": {"p": {
  "metadata": {"name": "p"},
  "spec": {
    "container": {"name": "web", "image": "nginx:1.27"},
    "volume": {"name": "p", "projected": {"sources": [
      {"config_map": {"name": "c"}, "secret": [{"name": "a"}, {"name": "b"}],
       "service_account_token": [], "downward_api": {"items": {"path": "labels"}}},
      {"secret": {"name": "d"}}
    ]}}
  }
}}}}
"#;
        let pod = &objects_in("main.tf.json", json)[0];
        assert_eq!(
            projections(pod, json),
            [
                ("secret".to_owned(), r#"{"name": "a"}"#),
                ("secret".to_owned(), r#"{"name": "b"}"#),
                ("configMap".to_owned(), r#"{"name": "c"}"#),
                ("downwardAPI".to_owned(), r#"{"items": {"path": "labels"}}"#),
                ("secret".to_owned(), r#"{"name": "d"}"#),
            ]
        );
    }

    /// A Pod that sets the token's mount, a CronJob that leaves it out, and a Service.
    const DEFAULTS: &str = r#"resource "kubernetes_pod_v1" "p" {
  metadata { name = "p" }
  spec {
    automount_service_account_token = false
    container {
      name  = "web"
      image = "nginx:1.27"
    }
  }
}

resource "kubernetes_cron_job_v1" "c" {
  metadata { name = "c" }
  spec {
    job_template {
      metadata {}
      spec {
        template {
          metadata {}
          spec {
            security_context {
              seccomp_profile {}
            }
            container {
              name  = "job"
              image = "busybox:1.36"
              security_context {
                seccomp_profile { type = "RuntimeDefault" }
              }
            }
          }
        }
        backoff_limit = 2
      }
    }
    schedule = "0 * * * *"
  }
}

resource "kubernetes_service_v1" "s" {
  metadata { name = "s" }
  spec {
    selector = { app = "web" }
  }
}
"#;

    #[test]
    fn the_providers_own_defaults_are_the_objects_values() {
        let objects = objects(DEFAULTS);
        let pod = ["spec", "jobTemplate", "spec", "template", "spec"];
        let spec = objects[1].get_path(&pod).unwrap();
        // Left out, the provider sends true (the API would defer to the ServiceAccount); the
        // default covers the pod spec's text.
        let automount = spec.get("automountServiceAccountToken").unwrap();
        assert_eq!(automount.as_str(), Some("true"));
        assert_eq!(automount.range, spec.range);
        // A seccomp profile without a type is Unconfined; one with a type keeps it.
        let profile = ["securityContext", "seccompProfile", "type"];
        assert_eq!(
            spec.get_path(&profile).and_then(Node::as_str),
            Some("Unconfined")
        );
        let container = spec.get("containers").and_then(|c| c.items().next());
        assert_eq!(
            container
                .and_then(|c| c.get_path(&profile))
                .and_then(Node::as_str),
            Some("RuntimeDefault")
        );
        // What the configuration sets stays; other kinds get no pod defaults.
        let written = ["spec", "automountServiceAccountToken"];
        assert_eq!(
            objects[0].get_path(&written).and_then(Node::as_str),
            Some("false")
        );
        assert!(objects[2].get_path(&written).is_none());
    }

    /// A plan of `kubernetes_pod_v1.p`: blocks are arrays of objects; the sidecar's image is
    /// set in the configuration but known only after apply; `uid` and `image_pull_policy` are
    /// the provider's to compute.
    const PLAN: &str = r#"{
  "format_version": "1.2", "terraform_version": "1.9.5",
  "planned_values": {"root_module": {"resources": [
    {"address": "kubernetes_pod_v1.p", "mode": "managed", "type": "kubernetes_pod_v1", "name": "p",
     "values": {
       "id": null,
       "metadata": [{"name": "p", "labels": {"app_name": "x"}, "annotations": null,
                     "generate_name": ""}],
       "spec": [{
         "host_pid": true,
         "volume": [],
         "container": [
           {"name": "a", "image": "nginx:1.27", "args": [], "env": [],
            "security_context": [{"privileged": true, "capabilities": [], "run_as_user": "0",
                                  "run_as_group": ""}]},
           {"name": "sidecar", "security_context": []}
         ]
       }]
     }}
  ]}},
  "resource_changes": [{"address": "kubernetes_pod_v1.p", "change": {"after_unknown": {
    "id": true,
    "metadata": [{"labels": {}, "uid": true}],
    "spec": [{"container": [{"image_pull_policy": true}, {"image": true, "image_pull_policy": true}]}]
  }}}],
  "configuration": {"root_module": {"resources": [
    {"address": "kubernetes_pod_v1.p", "expressions": {
      "metadata": [{"name": {"constant_value": "p"}, "labels": {"constant_value": {"app_name": "x"}}}],
      "spec": [{"host_pid": {"constant_value": true}, "container": [
        {"name": {"constant_value": "a"}, "image": {"constant_value": "nginx:1.27"},
         "security_context": [{"privileged": {"constant_value": true}}]},
        {"name": {"constant_value": "sidecar"}, "image": {"references": ["var.image"]}}
      ]}]
    }}
  ]}}
}"#;

    #[test]
    fn planned_instances_become_the_same_objects() {
        let mut project = Project::new();
        let file = project.add_file("plan.json", PLAN.to_owned());
        let module =
            crate::plan::read_plan(file, project.file(file), std::path::Path::new(".")).unwrap();
        let pod = manifest(&module.resources[0]).unwrap();
        let node = &pod.node;
        assert_eq!(node.get("kind").and_then(Node::as_str), Some("Pod"));
        // The object covers the planned values, so that findings in it are known to be its.
        let spec = node.get("spec").unwrap();
        assert!(node.range.contains_range(spec.range));
        assert_eq!(
            node.get_path(&["metadata", "labels", "app_name"])
                .and_then(Node::as_str),
            Some("x")
        );
        assert_eq!(
            node.get_path(&["spec", "hostPID"]).and_then(Node::as_str),
            Some("true")
        );
        let containers: Vec<&Node> = node
            .get_path(&["spec", "containers"])
            .unwrap()
            .items()
            .collect();
        assert_eq!(containers.len(), 2);
        assert_eq!(
            containers[0]
                .get_path(&["securityContext", "privileged"])
                .and_then(Node::as_str),
            Some("true")
        );
        // Empty lists (blocks not set) are left out, as in the source.
        assert!(node.get_path(&["spec", "volumes"]).is_none());
        assert!(containers[0].get("args").is_none());
        assert!(containers[1].get("securityContext").is_none());
        assert!(node.get_path(&["metadata", "generateName"]).is_none());
        let context = containers[0].get("securityContext").unwrap();
        assert!(context.get("runAsGroup").is_none());
        // An integer of the API that the provider writes as a string is an integer.
        let user = context.get("runAsUser").unwrap();
        assert_eq!(
            (user.as_str(), user.scalar().map(|s| s.is_plain())),
            (Some("0"), Some(true))
        );
        // The route of a planned field is that of the same field in the source.
        let privileged = containers[0]
            .get_path(&["securityContext", "privileged"])
            .unwrap();
        assert_eq!(
            node.route_to(privileged.range).unwrap().to_string(),
            "spec.containers[name=a].securityContext.privileged"
        );
        // Only the sidecar's image is unknown (the values the provider computes and the
        // configuration does not set are left out), and it is recorded as the sidecar's text.
        assert_eq!(pod.unknown, vec![containers[1].range], "{:?}", pod.unknown);
        let located = manifest_with_placeholders(&module.resources[0]).unwrap();
        assert!(located
            .node
            .get_path(&["spec", "containers"])
            .and_then(|c| c.items().nth(1))
            .and_then(|c| c.get("image"))
            .is_some());
    }
}
