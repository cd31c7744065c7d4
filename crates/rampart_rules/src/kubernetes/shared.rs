//! What several Kubernetes rules walk the same way: a boolean field of each container's
//! `securityContext`, a pod's settings as its containers inherit them, the lists of an RBAC
//! policy rule and the subjects of a binding. The rules keep their own decisions (which field,
//! which value is safe, what is granted too much, what the messages say); the walks are here, so
//! that rules alike report alike.

use crate::prelude::*;

/// A container's `securityContext`, when it is a mapping (the API server rejects anything else).
pub(crate) fn container_security_context<'a>(container: &Container<'a>) -> Option<&'a Node> {
    container
        .security_context()
        .filter(|sc| sc.as_mapping().is_some())
}

/// Where a setting that a container lacks is reported: its `securityContext`, where the fix
/// goes, or the container itself when it has none.
pub(crate) fn missing_setting_site<'a>(container: &Container<'a>) -> &'a Node {
    container_security_context(container).unwrap_or(container.node)
}

/// A boolean field of each container's `securityContext` that only an explicit safe value
/// turns off, and that has no pod-level setting to inherit (`allowPrivilegeEscalation`,
/// `readOnlyRootFilesystem`).
pub(crate) struct ContainerFlag {
    /// The field: `allowPrivilegeEscalation`.
    pub field: &'static str,
    /// The value that is safe. The other one, and no value at all, are reported.
    pub safe: bool,
    /// What the unsafe value does, as a message says it after the container's description:
    /// `allows privilege escalation`.
    pub unsafe_effect: &'static str,
}

impl ContainerFlag {
    /// Reports each container (regular, init and ephemeral) that sets the field to the unsafe
    /// value, at the entry, or leaves it unset: `null` or empty, at the entry, or missing, at its
    /// `securityContext` (or the container, when it has none). Values are read as the API server
    /// reads them; one that is not a boolean (a quoted `"false"`) is rejected by it, and not
    /// reported. Windows pods are not reported for an unset field: these fields are Linux-only,
    /// and the API server rejects them there.
    pub(crate) fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let windows = object.is_windows_pod();
        for container in object.containers() {
            let missing = format!(
                "{} does not set {} to {}",
                container.describe(),
                self.field,
                self.safe
            );
            match container_security_context(&container).and_then(|sc| sc.entry(self.field)) {
                Some(entry) => match bool_value(&entry.value) {
                    Some(value) if value != self.safe => {
                        cx.report_entry(
                            entry,
                            format!("{} {}", container.describe(), self.unsafe_effect),
                        );
                    }
                    // `null` (or empty) leaves it unset.
                    None if entry.value.is_null() && !windows => {
                        cx.report_entry(entry, missing);
                    }
                    // The safe value, or a value the API server rejects.
                    _ => {}
                },
                None if !windows => {
                    cx.report_node(missing_setting_site(&container), missing);
                }
                None => {}
            }
        }
    }
}

/// The legacy annotation that set the seccomp profile of every container of a pod. The API
/// server still turns it into the field when it creates a pod that lacks it.
pub(crate) const SECCOMP_POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
/// The prefix of the legacy annotation that set one container's seccomp profile; the
/// container's name follows it.
pub(crate) const SECCOMP_CONTAINER_ANNOTATION_PREFIX: &str =
    "container.seccomp.security.alpha.kubernetes.io/";

/// A pod spec, for the rules that resolve a container's security settings as the kubelet
/// does: a field of the container's own `securityContext` wins, and otherwise the pod's
/// applies.
pub(crate) struct Pod<'a> {
    /// The pod spec, wherever the workload keeps it.
    pub spec: &'a Node,
    /// The pod-level `securityContext`, when it is a mapping.
    pub security_context: Option<&'a Node>,
    /// Every container: init, regular and ephemeral, in that order.
    pub containers: Vec<Container<'a>>,
    /// The pod template's `annotations` (for a Pod, its own), where legacy settings live.
    pub annotations: Option<&'a Node>,
}

impl<'a> Pod<'a> {
    /// The pod of a workload; `None` when the object has no pod spec.
    pub(crate) fn of(object: &Object<'a>) -> Option<Self> {
        Some(Self {
            spec: object.pod_spec()?,
            security_context: object.pod_security_context(),
            containers: object.containers(),
            annotations: object
                .pod_metadata()
                .and_then(|metadata| metadata.get("annotations")),
        })
    }

    /// Reports the containers of `unset`, which get a setting neither from their own
    /// `securityContext` nor from the pod's. When that is every container, the pod is reported
    /// once, with `pod_message`, at its `securityContext` (or its spec, when it has none), where
    /// one setting fixes them all; otherwise each container of `unset`, with
    /// `container_message`, at its `securityContext` (or itself).
    pub(crate) fn report_unset(
        &self,
        cx: &mut Context<'_>,
        unset: &[&Container<'a>],
        pod_message: &str,
        container_message: impl Fn(&Container<'a>) -> String,
    ) {
        if unset.is_empty() {
            return;
        }
        if unset.len() == self.containers.len() {
            cx.report_node(self.security_context.unwrap_or(self.spec), pod_message);
            return;
        }
        for container in unset {
            cx.report_node(
                missing_setting_site(container),
                container_message(container),
            );
        }
    }
}

/// One `rules[]` item of a Role or ClusterRole, whose lists say what it grants.
#[derive(Clone, Copy)]
pub(crate) struct PolicyRule<'a>(&'a Node);

impl<'a> PolicyRule<'a> {
    /// The policy rules that a Role or ClusterRole grants as written (see
    /// [`Object::policy_rules`]): none for any other object, or for an aggregated ClusterRole.
    pub(crate) fn of(object: &Object<'a>) -> impl Iterator<Item = Self> {
        object.policy_rules().into_iter().map(Self)
    }

    /// The items of the list `key` (`apiGroups`, `resources`, `verbs`...): none when it is
    /// absent or not a list.
    pub(crate) fn list(self, key: &str) -> impl Iterator<Item = &'a Node> {
        self.0.get(key).into_iter().flat_map(Node::items)
    }

    /// Whether it grants in the core API group: `""` or `"*"` in `apiGroups`. A null item reads
    /// as `""`, as the API server decodes it.
    pub(crate) fn in_core_group(self) -> bool {
        self.in_group("")
    }

    /// Whether it grants in the API group `group` (`""` for the core group): `group` or `"*"` in
    /// `apiGroups`.
    pub(crate) fn in_group(self, group: &str) -> bool {
        self.list("apiGroups").any(|item| {
            (group.is_empty() && item.is_null())
                || item
                    .as_str()
                    .is_some_and(|name| name == group || name == "*")
        })
    }

    /// Whether `resourceNames` restricts it to named objects.
    pub(crate) fn is_restricted_by_name(self) -> bool {
        self.list("resourceNames").next().is_some()
    }

    /// The names in `resourceNames`, as written.
    pub(crate) fn resource_names(self) -> impl Iterator<Item = &'a str> {
        self.list("resourceNames").filter_map(Node::as_str)
    }

    /// The verbs among `wanted` that it grants, in the order written (a verb repeated in a row
    /// once).
    pub(crate) fn verbs_among(self, wanted: &[&str]) -> Vec<&'a str> {
        let mut verbs: Vec<&str> = self
            .list("verbs")
            .filter_map(Node::as_str)
            .filter(|verb| wanted.contains(verb))
            .collect();
        verbs.dedup();
        verbs
    }
}

/// The verbs as a message lists them: `get, list`, with the wildcard quoted (`"*"`).
pub(crate) fn quoted_verbs(verbs: &[&str]) -> String {
    verbs
        .iter()
        .map(|verb| if *verb == "*" { "\"*\"" } else { verb })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value of a string field as the API server reads it: `None` when it is null (which leaves
/// the field unset) or not a scalar.
pub(crate) fn string_value(node: &Node) -> Option<&str> {
    if node.is_null() {
        return None;
    }
    node.as_str()
}

/// A `securityContext` mapping of a pod spec: the pod's own, or one container's.
pub(crate) struct SecurityContextOf<'a> {
    /// The `securityContext` mapping.
    pub node: &'a Node,
    /// The container it belongs to; `None` for the pod's.
    pub container: Option<Container<'a>>,
}

impl<'a> SecurityContextOf<'a> {
    /// The `key` entry of its `parent` mapping: `windowsOptions.hostProcess`.
    pub(crate) fn nested_entry(&self, parent: &str, key: &str) -> Option<&'a Entry> {
        self.node.get(parent)?.entry(key)
    }

    /// Who sets what it holds, as messages name it: `pod securityContext`, `container "web"`.
    pub(crate) fn owner(&self) -> String {
        self.container
            .as_ref()
            .map_or_else(|| "pod securityContext".to_owned(), Container::describe)
    }
}

/// Every `securityContext` mapping of a workload's pod: the pod's first, then each container's
/// (init, regular and ephemeral, in that order). Fields that exist at both levels are checked in
/// each, as the Pod Security Standards restrict them wherever they are set.
pub(crate) fn security_contexts<'a>(object: &Object<'a>) -> Vec<SecurityContextOf<'a>> {
    let pod = object.pod_security_context().map(|node| SecurityContextOf {
        node,
        container: None,
    });
    let containers = object.containers().into_iter().filter_map(|container| {
        Some(SecurityContextOf {
            node: container_security_context(&container)?,
            container: Some(container),
        })
    });
    pod.into_iter().chain(containers).collect()
}

/// The capabilities the baseline Pod Security Standard lets a container add. Pod Security
/// admission compares the names exactly: `chown` or `CAP_CHOWN` is not `CHOWN`.
pub(crate) const PSS_BASELINE_CAPABILITIES: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// A capability that a container adds: one string item of its
/// `securityContext.capabilities.add` list.
pub(crate) struct AddedCapability<'a> {
    pub container: Container<'a>,
    /// The list item, where a finding points.
    pub node: &'a Node,
    /// The name as written.
    pub name: &'a str,
}

/// Every capability that the containers (init, regular and ephemeral) add, in the order written.
pub(crate) fn added_capabilities<'a>(object: &Object<'a>) -> Vec<AddedCapability<'a>> {
    let mut added = Vec::new();
    for container in object.containers() {
        let list = container_security_context(&container)
            .and_then(|sc| sc.get_path(&["capabilities", "add"]));
        for node in list.into_iter().flat_map(Node::items) {
            if let Some(name) = string_value(node) {
                added.push(AddedCapability {
                    container,
                    node,
                    name,
                });
            }
        }
    }
    added
}

/// Whether the object's pods are meant to keep running, as servers and agents are: every
/// workload but Jobs and CronJobs, whose pods run to completion, and bare Pods (or
/// PodTemplates) whose `restartPolicy` is `Never` or `OnFailure`, which do too (a Helm test
/// hook, a one-off task). Controllers of long-running pods only accept `Always`.
pub(crate) fn runs_long_lived_pods(object: &Object<'_>) -> bool {
    match object.workload_kind() {
        None | Some(WorkloadKind::Job | WorkloadKind::CronJob) => false,
        Some(WorkloadKind::Pod | WorkloadKind::PodTemplate) => !matches!(
            object
                .pod_spec()
                .and_then(|spec| spec.get("restartPolicy"))
                .and_then(Node::as_str),
            Some("Never" | "OnFailure")
        ),
        Some(_) => true,
    }
}

/// A probe (`livenessProbe`, `readinessProbe`) that every regular container of a long-running
/// workload should have.
pub(crate) struct RequiredProbe {
    /// The container field: `livenessProbe`.
    pub field: &'static str,
    /// How messages name it: `liveness probe`.
    pub noun: &'static str,
}

impl RequiredProbe {
    /// Reports each regular container of a workload whose pods keep running (see
    /// [`runs_long_lived_pods`]) that has no such probe: at the container when the field is
    /// missing, at the entry when it is null. Init and ephemeral containers are not reported: the
    /// kubelet does not probe them (a sidecar declared as an init container may be, but is left to
    /// its own chart). Another probe does not stand in for this one: a startup probe only holds the
    /// others back until the application has started.
    pub(crate) fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if !runs_long_lived_pods(object) {
            return;
        }
        for container in object.containers() {
            if container.kind != ContainerKind::Regular {
                continue;
            }
            let message = format!("{} has no {}", container.describe(), self.noun);
            match container.node.entry(self.field) {
                None => {
                    cx.report_node(container.node, message);
                }
                Some(entry) if entry.value.is_null() => {
                    cx.report_entry(entry, message);
                }
                // A probe; one that is not a mapping is rejected by the API server.
                Some(_) => {}
            }
        }
    }
}

/// How many pods a Deployment, StatefulSet or Argo Rollout asks for.
pub(crate) enum Replicas<'a> {
    /// `replicas` is missing, or null: the API server sets it to 1. `entry` is the null entry,
    /// if there is one; `spec` the spec that should carry it.
    Unset {
        spec: &'a Node,
        entry: Option<&'a Entry>,
    },
    /// `replicas` is an integer.
    Set { count: i64 },
}

impl<'a> Replicas<'a> {
    /// The replicas of a Deployment, StatefulSet or Argo Rollout; `None` for other objects, and
    /// when the value is not an integer (a quoted number or an unrendered template, which the API
    /// server rejects).
    pub(crate) fn of(object: &Object<'a>) -> Option<Self> {
        if !matches!(
            object.workload_kind(),
            Some(WorkloadKind::Deployment | WorkloadKind::StatefulSet | WorkloadKind::ArgoRollout)
        ) {
            return None;
        }
        let spec = object
            .node
            .get("spec")
            .filter(|spec| spec.as_mapping().is_some())?;
        match spec.entry("replicas") {
            None => Some(Self::Unset { spec, entry: None }),
            Some(entry) if entry.value.is_null() => Some(Self::Unset {
                spec,
                entry: Some(entry),
            }),
            Some(entry) => Some(Self::Set {
                count: int_value(&entry.value)?,
            }),
        }
    }
}

/// Whether a `resources` item grants `resource` (`pods/portforward`) by name: the resource
/// itself, or for a subresource the `*/portforward` form that names it in every resource. (`"*"`
/// alone is left to `k8s-rbac-wildcard`, and RBAC knows no other pattern.)
pub(crate) fn names_resource(item: &str, resource: &str) -> bool {
    item == resource
        || resource
            .split_once('/')
            .is_some_and(|(_, sub)| item.strip_prefix("*/") == Some(sub))
}

/// A `resources` item of a Role's or ClusterRole's policy rule, with the verbs the rule grants on
/// it among those a check asks about.
pub(crate) struct ResourceGrant<'a> {
    /// The policy rule.
    pub rule: PolicyRule<'a>,
    /// The `resources` item, where the finding goes.
    pub item: &'a Node,
    /// The item's text: `pods/portforward`, `*/portforward`.
    pub resource: &'a str,
    /// The verbs among those asked about, in the order written.
    pub verbs: Vec<&'a str>,
}

impl ResourceGrant<'_> {
    /// `create, get on pods/portforward`: the grant as a message names it.
    pub(crate) fn describe(&self) -> String {
        format!("{} on {}", quoted_verbs(&self.verbs), self.resource)
    }

    /// Reports the grant at its `resources` item: `Role "x" can {action} (create on ...)`.
    pub(crate) fn report(&self, object: &Object<'_>, cx: &mut Context<'_>, action: &str) {
        let message = format!("{} can {action} ({})", object.describe(), self.describe());
        cx.report_node(self.item, message);
    }
}

/// The `resources` items of the policy rules of `object` (see [`PolicyRule::of`]) in the API
/// group `group` that `wanted` accepts (usually through [`names_resource`]), and on which the
/// rule grants some of `verbs` (list `"*"` among them to count the wildcard verb). With
/// `cluster_scoped`, only a ClusterRole's: a Role grants only in its namespace, and a request for
/// a cluster-scoped resource is in none.
pub(crate) fn resource_grants<'a>(
    object: &Object<'a>,
    group: &str,
    wanted: impl Fn(&str) -> bool,
    cluster_scoped: bool,
    verbs: &[&str],
) -> Vec<ResourceGrant<'a>> {
    if cluster_scoped && object.kind != "ClusterRole" {
        return Vec::new();
    }
    let mut grants = Vec::new();
    for rule in PolicyRule::of(object).filter(|rule| rule.in_group(group)) {
        let granted = rule.verbs_among(verbs);
        if granted.is_empty() {
            continue;
        }
        for item in rule.list("resources") {
            let Some(resource) = item.as_str() else {
                continue;
            };
            if wanted(resource) {
                grants.push(ResourceGrant {
                    rule,
                    item,
                    resource,
                    verbs: granted.clone(),
                });
            }
        }
    }
    grants
}

/// One `subjects[]` item of a RoleBinding or ClusterRoleBinding.
pub(crate) struct Subject<'a> {
    pub node: &'a Node,
    pub kind: Option<&'a str>,
    pub name: Option<&'a str>,
    pub namespace: Option<&'a str>,
}

impl Subject<'_> {
    /// Reports the subject as one to which the binding grants its role:
    /// `RoleBinding "x" grants ClusterRole "view" to {who}`.
    pub(crate) fn report(&self, object: &Object<'_>, cx: &mut Context<'_>, who: &str) {
        let message = format!(
            "{} grants {} to {who}",
            object.describe(),
            role_ref(object).describe()
        );
        cx.report_node(self.node, message);
    }
}

/// The subjects of `object` when it is a RoleBinding or ClusterRoleBinding; none otherwise.
pub(crate) fn subjects<'a>(object: &Object<'a>) -> Vec<Subject<'a>> {
    if !object.is_rbac_binding() {
        return Vec::new();
    }
    let text = |node: &'a Node, key| node.get(key).and_then(Node::as_str);
    object
        .node
        .get("subjects")
        .into_iter()
        .flat_map(Node::items)
        .map(|node| Subject {
            node,
            kind: text(node, "kind"),
            name: text(node, "name"),
            namespace: text(node, "namespace").filter(|ns| !ns.is_empty()),
        })
        .collect()
}

/// The role a binding grants, as its `roleRef` names it.
pub(crate) struct RoleRef<'a> {
    pub kind: Option<&'a str>,
    pub name: Option<&'a str>,
}

impl RoleRef<'_> {
    /// `ClusterRole "view"`: how messages name it.
    pub(crate) fn describe(&self) -> String {
        format!(
            "{} \"{}\"",
            self.kind.unwrap_or("role"),
            self.name.unwrap_or("<unnamed>")
        )
    }
}

/// The `roleRef` of a binding.
pub(crate) fn role_ref<'a>(object: &Object<'a>) -> RoleRef<'a> {
    let text = |key| {
        object
            .node
            .get_path(&["roleRef", key])
            .and_then(Node::as_str)
    };
    RoleRef {
        kind: text("kind"),
        name: text("name"),
    }
}

/// The `spec.type` entry of a core `v1` Service, when it is `service_type` (`NodePort`).
pub(crate) fn service_type_entry<'a>(object: &Object<'a>, service_type: &str) -> Option<&'a Entry> {
    if !object.group().is_empty() || object.kind != "Service" {
        return None;
    }
    object
        .node
        .get("spec")?
        .entry("type")
        .filter(|entry| entry.value.as_str() == Some(service_type))
}

/// A well-known component that a workload may run (Tiller, the Kubernetes Dashboard),
/// recognised by its images, or by the labels its manifests put on its pods.
pub(crate) struct KnownComponent {
    /// How messages name it: `the Kubernetes Dashboard`.
    pub name: &'static str,
    /// Whether an image's repository path (`kubernetesui/dashboard`) is one of its images.
    pub is_image: fn(&str) -> bool,
    /// Whether a pod's `labels` mapping marks it as the component.
    pub is_labelled: fn(&Node) -> bool,
}

impl KnownComponent {
    /// Reports each container (init, regular and ephemeral) whose image is the component's, at
    /// its `image`; when there is none, the pod template's `labels` if they mark it.
    pub(crate) fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let mut found = false;
        for container in object.containers() {
            let Some(image) = container.image() else {
                continue;
            };
            if (self.is_image)(image.parsed.repository) {
                found = true;
                cx.report_entry(
                    image.entry,
                    format!(
                        "{} runs {} image {}",
                        container.describe(),
                        self.name,
                        image.reference
                    ),
                );
            }
        }
        if found {
            return;
        }
        let Some(labels) = object.pod_metadata().and_then(|m| m.get("labels")) else {
            return;
        };
        if (self.is_labelled)(labels) {
            cx.report_node(
                labels,
                format!("{} runs pods labelled as {}", object.describe(), self.name),
            );
        }
    }
}

/// How a workload is reachable from outside the cluster through the network's own entry
/// points (a LoadBalancer or NodePort Service, a Service with external IPs, an Ingress or an
/// HTTPRoute; not `hostPort`, which `k8s-host-port` reports): each way, as a message names it
/// (`LoadBalancer Service shop/web (ports 443)`, `Ingress shop/web (host shop.example.com) to
/// Service web`), with where it is written.
pub(crate) fn external_exposures<'g>(
    cluster: &'g Graph<'_>,
    w: usize,
) -> Vec<(String, &'g rampart_source::Location)> {
    let ports = |service: &crate::cluster::Service| match service.ports.as_slice() {
        [] => String::new(),
        [one] => format!(" (port {one})"),
        many => format!(" (ports {})", many.join(", ")),
    };
    let mut ways = Vec::new();
    for exposure in &cluster.exposures[w] {
        let way = match exposure {
            crate::cluster::Exposure::Route {
                route,
                backend,
                service,
            } => {
                let host = backend
                    .host
                    .as_deref()
                    .map_or_else(|| " (any host)".to_owned(), |h| format!(" (host {h})"));
                let to = format!("Service {}{}", service.meta.name(), ports(service));
                (
                    (format!("{}{host} to {to}", route.meta.describe())),
                    &backend.location,
                )
            }
            crate::cluster::Exposure::Service(service) => {
                let Some(external) = &service.external else {
                    continue;
                };
                (
                    format!("{}{}", external.what, ports(service)),
                    &external.location,
                )
            }
            crate::cluster::Exposure::HostPort(_) => continue,
        };
        if !ways.iter().any(|(text, _)| *text == way.0) {
            ways.push(way);
        }
    }
    ways
}
