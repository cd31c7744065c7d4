//! The facts about each object that risk scoring and the cluster rules need, read during the
//! scan (where the parsed objects are) and kept, with their locations and routes, after the trees
//! are dropped.

use rampart_kubernetes::{normalize_host_path, RUNTIME_SOCKETS};
use std::collections::BTreeMap;
use std::path::Path;

use rampart_diagnostics::ResourceRef;
use rampart_kubernetes::{
    bool_value, int_value, objects, objects_as_written, Object, WorkloadKind,
};
use rampart_source::{Entry, Location, Node, SourceFile, TextRange};

use super::selector::LabelSelector;

/// Which object: where it is, and how reasons name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Meta {
    pub path: String,
    /// The whole object: findings inside it are its findings.
    pub range: TextRange,
    pub api_version: String,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: Option<String>,
    /// Where a path step points when it names the object as a whole: its `name` entry.
    pub anchor: Location,
    /// The anchor's route within the object (`metadata.name`).
    pub anchor_route: Option<String>,
    /// For rendered Helm output: the chart template named by the document's `# Source:` comment.
    pub helm_template: Option<String>,
}

impl Meta {
    fn new(file: &SourceFile, object: &Object<'_>, helm: Option<&str>) -> Self {
        let entry = object
            .metadata()
            .and_then(|m| m.entry("name"))
            .or_else(|| object.node.entry("kind"));
        let (anchor, anchor_route) = match entry {
            Some(entry) => (entry.range(), route(object, entry.key.range)),
            None => (TextRange::empty(object.node.range.start), None),
        };
        Meta {
            path: file.path().to_owned(),
            range: object.node.range,
            api_version: object.api_version.to_owned(),
            kind: object.kind.to_owned(),
            namespace: object.namespace.map(str::to_owned),
            name: object.name.map(str::to_owned),
            anchor: locate(file, anchor),
            anchor_route,
            helm_template: helm.map(str::to_owned),
        }
    }

    /// The resource as findings name it.
    pub fn resource(&self) -> ResourceRef {
        ResourceRef {
            api_version: self.api_version.clone(),
            kind: self.kind.clone(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }
    }

    /// The object as a whole, as a fact: its anchor.
    pub fn as_fact(&self, what: impl Into<String>) -> Fact {
        Fact {
            what: what.into(),
            location: self.anchor.clone(),
            route: self.anchor_route.clone(),
        }
    }

    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("<unnamed>")
    }

    /// `DaemonSet monitoring/node-agent`, or `ClusterRole cluster-admin` without a namespace.
    pub fn describe(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {ns}/{}", self.kind, self.name()),
            None => format!("{} {}", self.kind, self.name()),
        }
    }

    /// The folder of the file: resources in one folder are deployed together, and links prefer
    /// them (see `graph::nearest`).
    pub fn scope(&self) -> &str {
        Path::new(&self.path)
            .parent()
            .and_then(Path::to_str)
            .unwrap_or("")
    }
}

/// One fact about an object, said as a verb phrase ("runs container \"agent\" privileged"),
/// and where it is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fact {
    pub what: String,
    pub location: Location,
    /// Where in the object, as keys and indices (`spec.template.spec.volumes[name=tls]`): a
    /// finding reported here is fingerprinted by it.
    pub route: Option<String>,
}

/// What a `hostPath` volume reaches on the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HostReach {
    /// A container runtime socket, or a folder holding one: control of every container.
    RuntimeSocket,
    /// The node's whole filesystem.
    Root,
    /// Any other path.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct HostPath {
    pub reach: HostReach,
    pub fact: Fact,
}

/// A workload: anything with a pod template.
#[derive(Debug, Clone)]
pub struct Workload {
    pub meta: Meta,
    /// The pod template's labels, which Services select.
    pub labels: BTreeMap<String, String>,
    /// `serviceAccountName` (or the deprecated `serviceAccount`), `default` when unset.
    pub service_account: String,
    /// The pod spec's `automountServiceAccountToken`, when set.
    pub automount: Option<bool>,
    /// The pod spec's `automountServiceAccountToken` entry, and whether its value is null.
    pub automount_entry: Option<(Fact, bool)>,
    /// The pod spec itself.
    pub pod_spec: Fact,
    /// The `serviceAccountName` (or `serviceAccount`) entry, when set.
    pub service_account_entry: Option<Fact>,
    /// A StatefulSet's `spec.serviceName`: the name, and the entry.
    pub service_name: Option<(String, Fact)>,
    /// Privileged containers and the capabilities that amount to it.
    pub privileges: Vec<Fact>,
    /// `hostNetwork`, `hostPID`, `hostIPC`.
    pub host_namespaces: Vec<Fact>,
    pub host_paths: Vec<HostPath>,
    /// Ports opened on the node's own address (`hostPort`).
    pub host_ports: Vec<Fact>,
    /// Secrets it mounts or reads into its environment.
    pub secrets: Vec<Fact>,
    /// Persistent volumes it mounts: data stores.
    pub claims: Vec<Fact>,
    /// The `spec.replicas` entry of a Deployment, StatefulSet, ReplicaSet or
    /// ReplicationController, with its value when it is a number (`None`: null or templated).
    pub replicas: Option<(Option<i64>, Fact)>,
    /// A Deployment, StatefulSet or Argo Rollout that sets no `replicas` (or null), which the
    /// API server sets to 1: the null entry, else the object's `spec`.
    pub default_replicas: Option<Fact>,
}

impl Workload {
    /// `ServiceAccount shop/web`, or `ServiceAccount web` without a namespace.
    pub fn account(&self) -> String {
        match &self.meta.namespace {
            Some(ns) => format!("ServiceAccount {ns}/{}", self.service_account),
            None => format!("ServiceAccount {}", self.service_account),
        }
    }
}

/// A Service: what it selects, and whether it is reachable from outside the cluster itself.
#[derive(Debug, Clone)]
pub struct Service {
    pub meta: Meta,
    /// Set when the Service is reachable from outside the cluster by itself: its `type` entry
    /// (LoadBalancer, NodePort) or its `externalIPs`.
    pub external: Option<Fact>,
    /// Empty when the Service selects no pods (no selector: its endpoints are managed by hand).
    pub selector: BTreeMap<String, String>,
    pub selector_location: Location,
    /// The `selector` entry, routed, when there is one.
    pub selector_entry: Option<Fact>,
    /// `clusterIP: None`: a headless Service, which gives each selected pod its own DNS record.
    pub headless: bool,
    /// The `spec.clusterIP` entry, or the Service's anchor.
    pub cluster_ip_location: Location,
    /// Its ports as people name them: `443`, `53/UDP`, `80 on node port 30080`.
    pub ports: Vec<String>,
}

/// A NetworkPolicy: which pods of its namespace it selects, and which directions it isolates.
#[derive(Debug, Clone)]
pub struct NetworkPolicy {
    pub meta: Meta,
    /// `spec.podSelector` (absent reads as `{}`: every pod of the namespace); `None` when it
    /// cannot be read (an unknown operator), which selects nothing.
    pub selector: Option<LabelSelector>,
    /// The `podSelector` entry, or the policy's anchor.
    pub selector_location: Location,
    /// The `podSelector` entry, routed, when there is one.
    pub selector_entry: Option<Fact>,
    /// Whether it isolates ingress: `policyTypes` names `Ingress`, or, without `policyTypes`,
    /// always.
    pub ingress: bool,
    /// Whether it isolates egress: `policyTypes` names `Egress`, or, without `policyTypes`,
    /// when it has egress rules.
    pub egress: bool,
    /// How many ingress rules allow traffic in.
    pub ingress_rules: usize,
}

impl NetworkPolicy {
    /// Selects every pod of its namespace, isolates ingress and allows none: a default deny.
    pub fn denies_all_ingress(&self) -> bool {
        self.ingress
            && self.ingress_rules == 0
            && self.selector.as_ref().is_some_and(LabelSelector::is_empty)
    }

    /// Whether it selects pods with these labels.
    pub fn selects(&self, labels: &BTreeMap<String, String>) -> bool {
        self.selector.as_ref().is_some_and(|s| s.matches(labels))
    }
}

/// An Ingress or a Gateway API HTTPRoute: an entry point from outside the cluster, unless it is
/// a mesh route.
#[derive(Debug, Clone)]
pub struct Route {
    pub meta: Meta,
    pub backends: Vec<Backend>,
    /// A Gateway API route whose `parentRefs` are all Services (GAMMA): it steers the traffic a
    /// service mesh carries between the cluster's own workloads, and takes none from outside.
    pub mesh: bool,
}

/// A Service a route sends traffic to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Backend {
    pub service: String,
    /// The Service's namespace: the route's, unless the backend names another (HTTPRoute).
    pub namespace: Option<String>,
    /// The host name it serves, when the rule names one.
    pub host: Option<String>,
    pub location: Location,
    /// Where in the route object (`spec.rules[0].http.paths[0].backend.service.name`).
    pub route: Option<String>,
}

/// A Role or ClusterRole, and the dangerous things it grants.
#[derive(Debug, Clone)]
pub struct Role {
    pub meta: Meta,
    pub cluster: bool,
    /// What makes it powerful ("read Secrets"); empty when it is not.
    pub powers: Vec<String>,
}

/// A RoleBinding or ClusterRoleBinding.
#[derive(Debug, Clone)]
pub struct Binding {
    pub meta: Meta,
    /// `Role` or `ClusterRole`.
    pub role_kind: String,
    pub role_name: String,
    /// The `roleRef` name entry (or the binding's anchor).
    pub role_location: Location,
    pub subjects: Vec<Subject>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Subject {
    /// `ServiceAccount`, `User` or `Group`.
    pub kind: String,
    pub name: String,
    /// A ServiceAccount's namespace: as written, else the binding's.
    pub namespace: Option<String>,
    pub location: Location,
}

/// A ServiceAccount object.
#[derive(Debug, Clone)]
pub struct Account {
    pub meta: Meta,
    pub automount: Option<bool>,
}

/// A PodDisruptionBudget: which pods of its namespace it covers.
#[derive(Debug, Clone)]
pub struct DisruptionBudget {
    pub meta: Meta,
    /// `spec.selector`; `None` when it cannot be read. (An absent selector selects nothing in
    /// `policy/v1beta1` and everything in `policy/v1`; both read as `{}` here, which is only
    /// used to find a budget, never to report one.)
    pub selector: Option<LabelSelector>,
}

/// A HorizontalPodAutoscaler and the object it scales.
#[derive(Debug, Clone)]
pub struct Autoscaler {
    pub meta: Meta,
    /// `scaleTargetRef.kind`, `Deployment`.
    pub target_kind: String,
    /// `scaleTargetRef.apiVersion`, when set.
    pub target_api_version: Option<String>,
    pub target_name: String,
    /// The `scaleTargetRef` entry.
    pub target: Fact,
    /// `spec.minReplicas` when it is a number (1 when unset, as the API server defaults it).
    pub min_replicas: Option<i64>,
}

impl Autoscaler {
    /// Whether it scales `workload`: same namespace, and its kind and name in `scaleTargetRef`.
    pub fn scales(&self, workload: &Workload) -> bool {
        self.target_kind == workload.meta.kind
            && workload.meta.name.as_deref() == Some(self.target_name.as_str())
            && self.meta.namespace == workload.meta.namespace
    }
}

impl Inventory {
    /// The Deployments, StatefulSets and Argo Rollouts: the workloads that keep a number of
    /// replicas running, each with the autoscaler of the scan that scales it, if any.
    pub fn replicated(&self) -> impl Iterator<Item = (&Workload, Option<&Autoscaler>)> {
        self.workloads
            .iter()
            .filter(|w| {
                matches!(
                    w.meta.kind.as_str(),
                    "Deployment" | "StatefulSet" | "Rollout"
                )
            })
            .map(|w| (w, self.autoscalers.iter().find(|a| a.scales(w))))
    }
}

/// Every fact of a scan, sorted by file and position so that scoring never depends on the order
/// in which the parallel scan finished.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    pub workloads: Vec<Workload>,
    pub services: Vec<Service>,
    pub routes: Vec<Route>,
    pub roles: Vec<Role>,
    pub bindings: Vec<Binding>,
    pub accounts: Vec<Account>,
    pub network_policies: Vec<NetworkPolicy>,
    /// Namespace objects.
    pub namespaces: Vec<Meta>,
    pub budgets: Vec<DisruptionBudget>,
    pub autoscalers: Vec<Autoscaler>,
    /// Objects of API groups that Kubernetes does not define (custom resources): their
    /// operators may create pods, Services and service accounts that the scan does not hold.
    pub custom: Vec<Meta>,
}

impl Inventory {
    /// Reads the objects of one document (a document that is not Kubernetes adds nothing).
    /// `helm` names the chart template of a rendered Helm document.
    pub fn add_document(&mut self, file: &SourceFile, root: &Node, helm: Option<&str>) {
        for object in objects(root).into_iter().flatten() {
            self.add_object(file, &object, helm);
        }
    }

    /// Reads the object that a tool creates as it is (a Terraform resource's), which is never
    /// a kustomize patch ([`rampart_kubernetes::objects_as_written`]).
    pub fn add_created(&mut self, file: &SourceFile, root: &Node) {
        for object in objects_as_written(root).into_iter().flatten() {
            self.add_object(file, &object, None);
        }
    }

    fn add_object(&mut self, file: &SourceFile, object: &Object<'_>, helm: Option<&str>) {
        if object.pod_spec().is_some() {
            self.workloads.push(workload(file, object, helm));
            return;
        }
        match (object.group(), object.kind) {
            ("", "Service") => self.services.push(service(file, object, helm)),
            ("networking.k8s.io" | "extensions", "Ingress") => {
                self.routes.push(ingress(file, object, helm));
            }
            ("gateway.networking.k8s.io", "HTTPRoute" | "GRPCRoute") => {
                self.routes.push(http_route(file, object, helm));
            }
            ("", "ServiceAccount") => self.accounts.push(Account {
                meta: Meta::new(file, object, helm),
                automount: object
                    .node
                    .get("automountServiceAccountToken")
                    .and_then(bool_value),
            }),
            _ if object.is_rbac_role() => self.roles.push(Role {
                meta: Meta::new(file, object, helm),
                cluster: object.kind == "ClusterRole",
                powers: role_powers(object),
            }),
            _ if object.is_rbac_binding() => self.bindings.push(binding(file, object, helm)),
            ("networking.k8s.io", "NetworkPolicy") => self
                .network_policies
                .push(network_policy(file, object, helm)),
            ("", "Namespace") => self.namespaces.push(Meta::new(file, object, helm)),
            ("policy", "PodDisruptionBudget") => self.budgets.push(DisruptionBudget {
                meta: Meta::new(file, object, helm),
                selector: LabelSelector::read(object.node.get_path(&["spec", "selector"])),
            }),
            ("autoscaling", "HorizontalPodAutoscaler") => {
                if let Some(autoscaler) = autoscaler(file, object, helm) {
                    self.autoscalers.push(autoscaler);
                }
            }
            (group, _) if is_custom_group(group) => self.custom.push(Meta::new(file, object, helm)),
            _ => {}
        }
    }

    pub fn extend(&mut self, other: Inventory) {
        self.workloads.extend(other.workloads);
        self.services.extend(other.services);
        self.routes.extend(other.routes);
        self.roles.extend(other.roles);
        self.bindings.extend(other.bindings);
        self.accounts.extend(other.accounts);
        self.network_policies.extend(other.network_policies);
        self.namespaces.extend(other.namespaces);
        self.budgets.extend(other.budgets);
        self.autoscalers.extend(other.autoscalers);
        self.custom.extend(other.custom);
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.workloads.is_empty()
            && self.services.is_empty()
            && self.routes.is_empty()
            && self.roles.is_empty()
            && self.bindings.is_empty()
            && self.accounts.is_empty()
            && self.network_policies.is_empty()
            && self.namespaces.is_empty()
            && self.budgets.is_empty()
            && self.autoscalers.is_empty()
            && self.custom.is_empty()
    }

    /// Sorts every list by file and position.
    pub fn sort(&mut self) {
        self.workloads.sort_by(|a, b| a.meta.cmp(&b.meta));
        self.services.sort_by(|a, b| a.meta.cmp(&b.meta));
        self.routes.sort_by(|a, b| a.meta.cmp(&b.meta));
        self.roles.sort_by(|a, b| a.meta.cmp(&b.meta));
        self.bindings.sort_by(|a, b| a.meta.cmp(&b.meta));
        self.accounts.sort_by(|a, b| a.meta.cmp(&b.meta));
        self.network_policies.sort_by(|a, b| a.meta.cmp(&b.meta));
        self.namespaces.sort();
        self.budgets.sort_by(|a, b| a.meta.cmp(&b.meta));
        self.autoscalers.sort_by(|a, b| a.meta.cmp(&b.meta));
        self.custom.sort();
    }
}

/// Whether an API group is one that Kubernetes does not define: not the core group, not one of
/// the unqualified built-in groups, and not a `*.k8s.io` group.
fn is_custom_group(group: &str) -> bool {
    !matches!(
        group,
        "" | "apps" | "batch" | "policy" | "autoscaling" | "extensions"
    ) && !group.ends_with(".k8s.io")
}

fn autoscaler(file: &SourceFile, object: &Object<'_>, helm: Option<&str>) -> Option<Autoscaler> {
    let spec = object.node.get("spec")?;
    let entry = spec.entry("scaleTargetRef")?;
    let text = |key| {
        entry
            .value
            .get(key)
            .and_then(Node::as_str)
            .filter(|s| !s.is_empty())
    };
    let meta = Meta::new(file, object, helm);
    let target_kind = text("kind")?.to_owned();
    let target_name = text("name")?.to_owned();
    let what = format!("scales {target_kind} {target_name}");
    Some(Autoscaler {
        target: entry_fact(file, object, entry, what),
        target_api_version: text("apiVersion").map(str::to_owned),
        target_kind,
        target_name,
        min_replicas: match spec.get("minReplicas") {
            None => Some(1),
            Some(node) if node.is_null() => Some(1),
            Some(node) => int_value(node),
        },
        meta,
    })
}

fn string_map(node: Option<&Node>) -> BTreeMap<String, String> {
    node.and_then(Node::as_mapping)
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let key = entry.key.as_str()?;
            let value = if entry.value.is_null() {
                ""
            } else {
                entry.value.as_str()?
            };
            Some((key.to_owned(), value.to_owned()))
        })
        .collect()
}

/// The location of `range`, without the trailing blank space and newline that block
/// collections end with (as findings are located).
pub fn locate(file: &SourceFile, range: TextRange) -> Location {
    let slice = file.text().get(range.as_usize()).unwrap_or("");
    let len = u32::try_from(slice.trim_end().len()).unwrap_or(range.len());
    file.location(TextRange::new(range.start, range.start + len))
}

/// The route to `target` within the object, as findings name it.
fn route(object: &Object<'_>, target: TextRange) -> Option<String> {
    object.node.route_to(target).map(|r| r.to_string())
}

/// A fact about a value or a mapping.
fn fact(file: &SourceFile, object: &Object<'_>, range: TextRange, what: String) -> Fact {
    Fact {
        what,
        location: locate(file, range),
        route: route(object, range),
    }
}

/// A fact about a `key: value` entry, routed by its key (a one-entry block mapping has the same
/// range as its entry), as `Context::report_entry` routes it.
fn entry_fact(file: &SourceFile, object: &Object<'_>, entry: &Entry, what: String) -> Fact {
    Fact {
        what,
        location: locate(file, entry.range()),
        route: route(object, entry.key.range),
    }
}

/// Capabilities that amount to a privileged container.
fn is_privileged_capability(name: &str) -> bool {
    let upper = name.trim().to_ascii_uppercase();
    let bare = upper.strip_prefix("CAP_").unwrap_or(&upper);
    matches!(bare, "SYS_ADMIN" | "ALL")
}

fn workload(file: &SourceFile, object: &Object<'_>, helm: Option<&str>) -> Workload {
    let spec = object.pod_spec();
    let spec_get = |key| spec.and_then(|s| s.get(key));
    let mut workload = Workload {
        meta: Meta::new(file, object, helm),
        labels: string_map(object.pod_metadata().and_then(|m| m.get("labels"))),
        service_account: spec_get("serviceAccountName")
            .or_else(|| spec_get("serviceAccount"))
            .and_then(Node::as_str)
            .filter(|name| !name.is_empty())
            .unwrap_or("default")
            .to_owned(),
        automount: spec_get("automountServiceAccountToken").and_then(bool_value),
        automount_entry: spec
            .and_then(|s| s.entry("automountServiceAccountToken"))
            .map(|entry| {
                let what = "automountServiceAccountToken".to_owned();
                (entry_fact(file, object, entry, what), entry.value.is_null())
            }),
        pod_spec: fact(
            file,
            object,
            spec.map_or(object.node.range, |s| s.range),
            "pod spec".to_owned(),
        ),
        service_account_entry: spec
            .and_then(|s| {
                s.entry("serviceAccountName")
                    .or_else(|| s.entry("serviceAccount"))
            })
            .filter(|entry| entry.value.as_str().is_some_and(|name| !name.is_empty()))
            .map(|entry| entry_fact(file, object, entry, "service account".to_owned())),
        service_name: object
            .node
            .get("spec")
            .and_then(|s| s.entry("serviceName"))
            .and_then(|entry| {
                let name = entry.value.as_str().filter(|name| !name.is_empty())?;
                let what = format!("spec.serviceName {name}");
                Some((name.to_owned(), entry_fact(file, object, entry, what)))
            }),
        privileges: Vec::new(),
        host_namespaces: Vec::new(),
        host_paths: Vec::new(),
        host_ports: Vec::new(),
        secrets: Vec::new(),
        claims: Vec::new(),
        replicas: None,
        default_replicas: match crate::kubernetes::shared::Replicas::of(object) {
            Some(crate::kubernetes::shared::Replicas::Unset { spec, entry }) => {
                let what = "sets no replicas".to_owned();
                Some(match entry {
                    Some(entry) => entry_fact(file, object, entry, what),
                    None => fact(file, object, spec.range, what),
                })
            }
            _ => None,
        },
    };
    let scaled = matches!(
        object.workload_kind(),
        Some(
            WorkloadKind::Deployment
                | WorkloadKind::StatefulSet
                | WorkloadKind::ReplicaSet
                | WorkloadKind::ReplicationController
                | WorkloadKind::ArgoRollout
        )
    );
    if let Some(entry) = object
        .node
        .get("spec")
        .and_then(|s| s.entry("replicas"))
        .filter(|entry| scaled && !entry.value.is_null())
    {
        let count = int_value(&entry.value);
        let what = match count {
            Some(n) => format!("sets replicas: {n}"),
            None => "sets replicas".to_owned(),
        };
        workload.replicas = Some((count, entry_fact(file, object, entry, what)));
    }

    for (key, what) in [
        ("hostNetwork", "shares the host's network namespace"),
        ("hostPID", "shares the host's PID namespace"),
        ("hostIPC", "shares the host's IPC namespace"),
    ] {
        if let Some(entry) = spec.and_then(|s| s.entry(key)) {
            if bool_value(&entry.value) == Some(true) {
                workload
                    .host_namespaces
                    .push(entry_fact(file, object, entry, what.to_owned()));
            }
        }
    }

    for container in object.containers() {
        let described = container.describe();
        let security = container.security_context();
        if let Some(entry) = security.and_then(|sc| sc.entry("privileged")) {
            if bool_value(&entry.value) == Some(true) {
                workload.privileges.push(entry_fact(
                    file,
                    object,
                    entry,
                    format!("runs {described} privileged"),
                ));
            }
        }
        let added = security.and_then(|sc| sc.get_path(&["capabilities", "add"]));
        for item in added.into_iter().flat_map(Node::items) {
            if let Some(name) = item.as_str().filter(|n| is_privileged_capability(n)) {
                workload.privileges.push(fact(
                    file,
                    object,
                    item.range,
                    format!("adds capability {} to {described}", name.trim()),
                ));
            }
        }
        for port in container
            .node
            .get("ports")
            .into_iter()
            .flat_map(Node::items)
        {
            let Some(entry) = port.entry("hostPort") else {
                continue;
            };
            if let Some(number) = int_value(&entry.value).filter(|n| *n > 0) {
                workload.host_ports.push(entry_fact(
                    file,
                    object,
                    entry,
                    format!("opens port {number} on its node's address (hostPort of {described})"),
                ));
            }
        }
        for env in container.node.get("env").into_iter().flat_map(Node::items) {
            let reference = env.get_path(&["valueFrom", "secretKeyRef"]);
            if let Some(name) = reference.and_then(|r| r.entry("name")) {
                let var = env
                    .get("name")
                    .and_then(Node::as_str)
                    .unwrap_or("<unnamed>");
                workload.secrets.push(entry_fact(
                    file,
                    object,
                    name,
                    format!(
                        "reads Secret {} (env {var} of {described})",
                        name.value.as_str().unwrap_or("<unnamed>")
                    ),
                ));
            }
        }
        for source in container
            .node
            .get("envFrom")
            .into_iter()
            .flat_map(Node::items)
        {
            if let Some(name) = source.get("secretRef").and_then(|r| r.entry("name")) {
                workload.secrets.push(entry_fact(
                    file,
                    object,
                    name,
                    format!(
                        "reads Secret {} (envFrom of {described})",
                        name.value.as_str().unwrap_or("<unnamed>")
                    ),
                ));
            }
        }
    }

    let volumes = spec_get("volumes").into_iter().flat_map(Node::items);
    for volume in volumes {
        if let Some(entry) = volume.get("hostPath").and_then(|hp| hp.entry("path")) {
            if let Some(path) = entry.value.as_str() {
                let reach = host_reach(path);
                let what = match reach {
                    HostReach::RuntimeSocket if is_socket(path) => {
                        format!("mounts the container runtime socket {path}")
                    }
                    HostReach::RuntimeSocket => {
                        format!("mounts host path {path}, which holds the container runtime socket")
                    }
                    HostReach::Root => format!("mounts the node's root filesystem ({path})"),
                    HostReach::Other => format!("mounts host path {path}"),
                };
                workload.host_paths.push(HostPath {
                    reach,
                    fact: entry_fact(file, object, entry, what),
                });
            }
        }
        if let Some(entry) = volume.get("secret").and_then(|s| s.entry("secretName")) {
            workload.secrets.push(entry_fact(
                file,
                object,
                entry,
                format!(
                    "mounts Secret {}",
                    entry.value.as_str().unwrap_or("<unnamed>")
                ),
            ));
        }
        let sources = volume.get_path(&["projected", "sources"]);
        for source in sources.into_iter().flat_map(Node::items) {
            if let Some(entry) = source.get("secret").and_then(|s| s.entry("name")) {
                workload.secrets.push(entry_fact(
                    file,
                    object,
                    entry,
                    format!(
                        "mounts Secret {}",
                        entry.value.as_str().unwrap_or("<unnamed>")
                    ),
                ));
            }
        }
        if let Some(entry) = volume
            .get("persistentVolumeClaim")
            .and_then(|c| c.entry("claimName"))
        {
            workload.claims.push(entry_fact(
                file,
                object,
                entry,
                format!(
                    "mounts PersistentVolumeClaim {}",
                    entry.value.as_str().unwrap_or("<unnamed>")
                ),
            ));
        }
    }
    let templates = object.node.get_path(&["spec", "volumeClaimTemplates"]);
    for template in templates.into_iter().flat_map(Node::items) {
        if let Some(entry) = template.get("metadata").and_then(|m| m.entry("name")) {
            workload.claims.push(entry_fact(
                file,
                object,
                entry,
                format!(
                    "claims persistent volumes ({})",
                    entry.value.as_str().unwrap_or("<unnamed>")
                ),
            ));
        }
    }
    workload
}

fn is_socket(path: &str) -> bool {
    normalize_host_path(path).is_some_and(|p| RUNTIME_SOCKETS.contains(&p.as_str()))
}

pub fn host_reach(path: &str) -> HostReach {
    let Some(path) = normalize_host_path(path) else {
        return HostReach::Other;
    };
    if path == "/" {
        return HostReach::Root;
    }
    let holds = |socket: &&str| {
        *socket == path
            || socket
                .strip_prefix(path.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    };
    if RUNTIME_SOCKETS.iter().any(holds) {
        HostReach::RuntimeSocket
    } else {
        HostReach::Other
    }
}

fn service(file: &SourceFile, object: &Object<'_>, helm: Option<&str>) -> Service {
    let meta = Meta::new(file, object, helm);
    let spec = object.node.get("spec");
    let type_entry = spec.and_then(|s| s.entry("type"));
    let service_type = type_entry
        .and_then(|e| e.value.as_str())
        .filter(|t| !t.is_empty())
        .unwrap_or("ClusterIP");
    let external = match (service_type, type_entry) {
        ("LoadBalancer", Some(_)) if is_internal_load_balancer(object) => None,
        ("LoadBalancer" | "NodePort", Some(entry)) => Some(entry_fact(
            file,
            object,
            entry,
            format!("{service_type} {}", meta.describe()),
        )),
        _ => spec
            .and_then(|s| s.entry("externalIPs"))
            .filter(|e| e.value.items().next().is_some())
            .map(|entry| {
                entry_fact(
                    file,
                    object,
                    entry,
                    format!("{} with external IPs", meta.describe()),
                )
            }),
    };
    let selector_entry = spec.and_then(|s| s.entry("selector"));
    let selector = string_map(selector_entry.map(|e| &e.value));
    let selector_location =
        selector_entry.map_or_else(|| meta.anchor.clone(), |e| locate(file, e.range()));
    let selector_fact = selector_entry.map(|e| entry_fact(file, object, e, "selector".to_owned()));
    let cluster_ip = spec.and_then(|s| s.entry("clusterIP"));
    let ports = spec
        .and_then(|s| s.get("ports"))
        .into_iter()
        .flat_map(Node::items)
        .filter_map(|port| {
            let number = port.get("port").and_then(int_value)?;
            let mut text = number.to_string();
            if let Some(protocol) = port
                .get("protocol")
                .and_then(Node::as_str)
                .filter(|p| !p.eq_ignore_ascii_case("TCP"))
            {
                text = format!("{text}/{protocol}");
            }
            if let Some(node_port) = port.get("nodePort").and_then(int_value) {
                text = format!("{text} on node port {node_port}");
            }
            Some(text)
        })
        .collect();
    Service {
        external,
        selector,
        selector_location,
        selector_entry: selector_fact,
        headless: cluster_ip.and_then(|e| e.value.as_str()) == Some("None"),
        cluster_ip_location: cluster_ip
            .map_or_else(|| meta.anchor.clone(), |e| locate(file, e.range())),
        ports,
        meta,
    }
}

fn network_policy(file: &SourceFile, object: &Object<'_>, helm: Option<&str>) -> NetworkPolicy {
    let meta = Meta::new(file, object, helm);
    let spec = object.node.get("spec");
    let selector_entry = spec.and_then(|s| s.entry("podSelector"));
    let count = |key| {
        spec.and_then(|s| s.get(key))
            .into_iter()
            .flat_map(Node::items)
            .count()
    };
    let ingress_rules = count("ingress");
    let egress_rules = count("egress");
    let types: Option<Vec<&str>> = spec
        .and_then(|s| s.get("policyTypes"))
        .map(|t| t.items().filter_map(Node::as_str).collect::<Vec<_>>())
        .filter(|types| !types.is_empty());
    // Without policyTypes (absent, null or empty, as the API server defaults them), Ingress
    // always, and Egress when there are egress rules (the NetworkPolicy API reference).
    let (ingress, egress) = match &types {
        Some(types) => (types.contains(&"Ingress"), types.contains(&"Egress")),
        None => (true, egress_rules > 0),
    };
    NetworkPolicy {
        selector: LabelSelector::read(selector_entry.map(|e| &e.value)),
        selector_location: selector_entry
            .map_or_else(|| meta.anchor.clone(), |e| locate(file, e.range())),
        selector_entry: selector_entry
            .map(|e| entry_fact(file, object, e, "podSelector".to_owned())),
        ingress,
        egress,
        ingress_rules,
        meta,
    }
}

fn ingress(file: &SourceFile, object: &Object<'_>, helm: Option<&str>) -> Route {
    let meta = Meta::new(file, object, helm);
    let mut backends = Vec::new();
    let spec = object.node.get("spec");
    let mut add = |backend: &Node, host: Option<&str>| {
        // networking.k8s.io/v1 `service.name`, or the older `serviceName`.
        let entry = backend
            .get("service")
            .and_then(|s| s.entry("name"))
            .or_else(|| backend.entry("serviceName"));
        if let Some(entry) = entry {
            if let Some(service) = entry.value.as_str().filter(|s| !s.is_empty()) {
                backends.push(Backend {
                    service: service.to_owned(),
                    namespace: meta.namespace.clone(),
                    host: host.map(str::to_owned),
                    location: locate(file, entry.range()),
                    route: route(object, entry.key.range),
                });
            }
        }
    };
    for key in ["defaultBackend", "backend"] {
        if let Some(backend) = spec.and_then(|s| s.get(key)) {
            add(backend, None);
        }
    }
    let rules = spec.and_then(|s| s.get("rules"));
    for rule in rules.into_iter().flat_map(Node::items) {
        let host = rule.get("host").and_then(Node::as_str);
        let paths = rule.get_path(&["http", "paths"]);
        for path in paths.into_iter().flat_map(Node::items) {
            if let Some(backend) = path.get("backend") {
                add(backend, host);
            }
        }
    }
    Route {
        meta,
        backends,
        mesh: false,
    }
}

fn http_route(file: &SourceFile, object: &Object<'_>, helm: Option<&str>) -> Route {
    let meta = Meta::new(file, object, helm);
    let spec = object.node.get("spec");
    let host = spec
        .and_then(|s| s.get("hostnames"))
        .into_iter()
        .flat_map(Node::items)
        .find_map(Node::as_str)
        .map(str::to_owned);
    let mut backends = Vec::new();
    let rules = spec.and_then(|s| s.get("rules"));
    for rule in rules.into_iter().flat_map(Node::items) {
        for reference in rule.get("backendRefs").into_iter().flat_map(Node::items) {
            let kind = reference
                .get("kind")
                .and_then(Node::as_str)
                .unwrap_or("Service");
            let group = reference.get("group").and_then(Node::as_str).unwrap_or("");
            if kind != "Service" || !group.is_empty() {
                continue;
            }
            let Some(entry) = reference.entry("name") else {
                continue;
            };
            let Some(service) = entry.value.as_str().filter(|s| !s.is_empty()) else {
                continue;
            };
            backends.push(Backend {
                service: service.to_owned(),
                namespace: reference
                    .get("namespace")
                    .and_then(Node::as_str)
                    .map(str::to_owned)
                    .or_else(|| meta.namespace.clone()),
                host: host.clone(),
                location: locate(file, entry.range()),
                route: route(object, entry.key.range),
            });
        }
    }
    // A parent is a Gateway unless it names another kind and group; a Service of the core group
    // (`group: ""`, which must be written: the group defaults to the Gateway API's) makes a mesh
    // route.
    let parents: Vec<&Node> = (spec.and_then(|s| s.get("parentRefs")))
        .into_iter()
        .flat_map(Node::items)
        .collect();
    let mesh = !parents.is_empty()
        && parents.iter().all(|parent| {
            parent.get("kind").and_then(Node::as_str) == Some("Service")
                && parent.get("group").and_then(Node::as_str) == Some("")
        });
    Route {
        meta,
        backends,
        mesh,
    }
}

fn binding(file: &SourceFile, object: &Object<'_>, helm: Option<&str>) -> Binding {
    let meta = Meta::new(file, object, helm);
    let role_ref = object.node.get("roleRef");
    let text = |key| role_ref.and_then(|r| r.get(key)).and_then(Node::as_str);
    let role_location = role_ref
        .and_then(|r| r.entry("name"))
        .map_or_else(|| meta.anchor.clone(), |e| locate(file, e.range()));
    let subjects = object
        .node
        .get("subjects")
        .into_iter()
        .flat_map(Node::items)
        .filter_map(|subject| {
            let kind = subject.get("kind").and_then(Node::as_str)?;
            let name = subject.get("name").and_then(Node::as_str)?;
            let namespace = if kind == "ServiceAccount" {
                subject
                    .get("namespace")
                    .and_then(Node::as_str)
                    .filter(|ns| !ns.is_empty())
                    .map(str::to_owned)
                    .or_else(|| meta.namespace.clone())
            } else {
                None
            };
            Some(Subject {
                kind: kind.to_owned(),
                name: name.to_owned(),
                namespace,
                location: locate(file, subject.range),
            })
        })
        .collect();
    Binding {
        role_kind: text("kind").unwrap_or("ClusterRole").to_owned(),
        role_name: text("name").unwrap_or("<unnamed>").to_owned(),
        role_location,
        subjects,
        meta,
    }
}

/// What makes a role powerful, in the words reasons use. Empty when it is not.
pub fn role_powers(object: &Object<'_>) -> Vec<String> {
    let mut powers: Vec<String> = Vec::new();
    let mut add = |power: String| {
        if !powers.contains(&power) {
            powers.push(power);
        }
    };
    for rule in object.policy_rules() {
        let list = |key| -> Vec<&str> {
            rule.get(key)
                .into_iter()
                .flat_map(Node::items)
                // A null item reads as "" (the core group), as the API server decodes it.
                .map(|item| {
                    if item.is_null() {
                        ""
                    } else {
                        item.as_str().unwrap_or("")
                    }
                })
                .collect()
        };
        let groups = list("apiGroups");
        let resources = list("resources");
        let verbs = list("verbs");
        let named = rule
            .get("resourceNames")
            .into_iter()
            .flat_map(Node::items)
            .next()
            .is_some();
        let verb = |wanted: &[&str]| verbs.iter().any(|v| *v == "*" || wanted.contains(v));
        let resource = |wanted: &str| resources.iter().any(|r| *r == "*" || *r == wanted);
        let core = groups.iter().any(|g| matches!(*g, "" | "*"));

        if verbs.contains(&"*") && resources.contains(&"*") {
            if groups.contains(&"*") {
                add("every verb on every resource".to_owned());
            } else {
                let names: Vec<&str> = groups
                    .iter()
                    .map(|g| if g.is_empty() { "core" } else { g })
                    .collect();
                add(format!(
                    "every verb on every resource of API group {}",
                    names.join(", ")
                ));
            }
            continue;
        }
        if core && resource("secrets") && !named && verb(&["get", "list", "watch"]) {
            add("read Secrets".to_owned());
        }
        let exec = resources.iter().any(|r| {
            matches!(
                *r,
                "*" | "pods/exec" | "*/exec" | "pods/attach" | "*/attach"
            )
        });
        if core && exec && verb(&["create", "get"]) {
            add("exec into pods".to_owned());
        }
        if core && resource("pods") && !named && verb(&["create"]) {
            add("create pods".to_owned());
        }
        if verbs
            .iter()
            .any(|v| matches!(*v, "escalate" | "bind" | "impersonate"))
        {
            add("escalate, bind or impersonate".to_owned());
        }
    }
    powers
}

/// The powers of the default ClusterRoles that a binding may name without the scan holding
/// them.
pub fn builtin_cluster_role(name: &str) -> Option<Vec<String>> {
    match name {
        "cluster-admin" => Some(vec!["every verb on every resource".to_owned()]),
        "admin" | "edit" => Some(vec![
            "read Secrets".to_owned(),
            "exec into pods".to_owned(),
            "create pods".to_owned(),
        ]),
        _ => None,
    }
}

/// The annotations that make a cloud load balancer internal, and the value that does (`None`:
/// any value), compared without regard to case.
const INTERNAL_ANNOTATIONS: &[(&str, Option<&str>)] = &[
    (
        "service.beta.kubernetes.io/aws-load-balancer-scheme",
        Some("internal"),
    ),
    ("networking.gke.io/load-balancer-type", Some("internal")),
    ("cloud.google.com/load-balancer-type", Some("internal")),
    (
        "service.beta.kubernetes.io/azure-load-balancer-internal",
        Some("true"),
    ),
    (
        "service.beta.kubernetes.io/oci-load-balancer-internal",
        Some("true"),
    ),
    (
        "service.beta.kubernetes.io/openstack-internal-load-balancer",
        Some("true"),
    ),
    (
        "service.kubernetes.io/qcloud-loadbalancer-internal-subnetid",
        None,
    ),
    (
        "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type",
        Some("intranet"),
    ),
];

/// The AWS annotation, which the legacy cloud provider reads as internal for any value but
/// `false`.
const AWS_INTERNAL: &str = "service.beta.kubernetes.io/aws-load-balancer-internal";

/// Whether an annotation asks for an internal load balancer.
pub fn is_internal_load_balancer(object: &Object<'_>) -> bool {
    let Some(annotations) = object.metadata().and_then(|m| m.get("annotations")) else {
        return false;
    };
    let value = |key| {
        annotations
            .get(key)
            .filter(|value| !value.is_null())
            .and_then(Node::as_str)
    };
    if value(AWS_INTERNAL).is_some_and(|v| !v.is_empty() && !v.eq_ignore_ascii_case("false")) {
        return true;
    }
    INTERNAL_ANNOTATIONS.iter().any(|(key, wanted)| {
        value(key).is_some_and(|v| match wanted {
            Some(wanted) => v.eq_ignore_ascii_case(wanted),
            None => !v.is_empty(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_paths_are_classified() {
        for (path, reach) in [
            ("/var/run/docker.sock", HostReach::RuntimeSocket),
            (
                "//run/containerd/containerd.sock/",
                HostReach::RuntimeSocket,
            ),
            ("/var/run", HostReach::RuntimeSocket),
            ("/run/containerd", HostReach::RuntimeSocket),
            ("/", HostReach::Root),
            ("/var/log", HostReach::Other),
            ("/etc", HostReach::Other),
            ("relative", HostReach::Other),
        ] {
            assert_eq!(host_reach(path), reach, "{path}");
        }
    }
}
