use rampart_source::{Entry, Node};

use crate::ImageRef;

/// The API group of Roles, ClusterRoles and their bindings.
const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// A Kubernetes object: a mapping with string `apiVersion` and `kind`.
#[derive(Debug, Clone, Copy)]
pub struct Object<'a> {
    pub node: &'a Node,
    pub api_version: &'a str,
    pub kind: &'a str,
    pub name: Option<&'a str>,
    pub namespace: Option<&'a str>,
}

/// Why a document was passed over as not Kubernetes (shown with `--verbose`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotKubernetes(pub &'static str);

/// The Kubernetes objects in a document: the object itself, or the items of a `List`, leaving
/// out kustomize patches ([`Object::is_patch`]).
///
/// # Errors
/// When the document is not a Kubernetes object (a Helm values file, an application config, a CI
/// workflow, a kustomize patch), with the reason.
pub fn objects(root: &Node) -> Result<Vec<Object<'_>>, NotKubernetes> {
    if Object::new(root)?.is_patch() {
        return Err(NotKubernetes(
            "a kustomize patch, merged into an object of its base",
        ));
    }
    let mut objects = objects_as_written(root)?;
    objects.retain(|object| !object.is_patch());
    Ok(objects)
}

/// [`objects`], patches or not: for a tree that a tool creates as it is (the object of a
/// Terraform resource), which is never a patch however little it holds.
///
/// # Errors
/// When the tree is not a Kubernetes object.
pub fn objects_as_written(root: &Node) -> Result<Vec<Object<'_>>, NotKubernetes> {
    let object = Object::new(root)?;
    if object.kind.ends_with("List") {
        if let Some(items) = root.get("items").and_then(Node::as_sequence) {
            return Ok(items
                .iter()
                .filter_map(|item| Object::new(item).ok())
                .collect());
        }
    }
    Ok(vec![object])
}

impl<'a> Object<'a> {
    /// Reads `node` as an object.
    ///
    /// # Errors
    /// When it lacks a string `apiVersion` or `kind`.
    pub fn new(node: &'a Node) -> Result<Self, NotKubernetes> {
        if node.as_mapping().is_none() {
            return Err(NotKubernetes("not a mapping"));
        }
        let string = |key| {
            node.get(key)
                .and_then(Node::as_str)
                .filter(|s| !s.is_empty())
        };
        let api_version = string("apiVersion").ok_or(NotKubernetes("no apiVersion"))?;
        let kind = string("kind").ok_or(NotKubernetes("no kind"))?;
        let metadata = node.get("metadata");
        let meta = |key| {
            metadata
                .and_then(|m| m.get(key))
                .and_then(Node::as_str)
                .filter(|s| !s.is_empty())
        };
        Ok(Self {
            node,
            api_version,
            kind,
            name: meta("name").or_else(|| meta("generateName")),
            namespace: meta("namespace"),
        })
    }

    /// Whether this is a patch that kustomize merges into an object of its base, rather than an
    /// object: it holds a `$patch` directive (`$patch: delete`), or it is an `apps/v1` workload
    /// with no `spec.selector` and no container `image` (or no container at all), which the API
    /// server requires and a patch leaves to its base. What such a document leaves out says nothing
    /// about the object it completes.
    #[must_use]
    pub fn is_patch(&self) -> bool {
        if self.node.get("$patch").is_some() {
            return true;
        }
        let workload = self.api_version == "apps/v1"
            && matches!(
                self.kind,
                "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet"
            );
        let selector = self.node.get_path(&["spec", "selector"]);
        workload
            && selector.is_none_or(Node::is_null)
            && (self.containers().iter())
                .all(|container| container.node.get("image").is_none_or(Node::is_null))
    }

    /// The API group (`""` for the core group of `v1`).
    #[must_use]
    pub fn group(&self) -> &'a str {
        self.api_version
            .rsplit_once('/')
            .map_or("", |(group, _)| group)
    }

    #[must_use]
    pub fn metadata(&self) -> Option<&'a Node> {
        self.node.get("metadata")
    }

    /// `Deployment "web"`, `ClusterRole "admin"`: how messages name the object.
    #[must_use]
    pub fn describe(&self) -> String {
        format!("{} \"{}\"", self.kind, self.name.unwrap_or("<unnamed>"))
    }

    /// Whether this is a `Role` or `ClusterRole` of `rbac.authorization.k8s.io` (any version).
    #[must_use]
    pub fn is_rbac_role(&self) -> bool {
        self.group() == RBAC_GROUP && matches!(self.kind, "Role" | "ClusterRole")
    }

    /// Whether this is a `RoleBinding` or `ClusterRoleBinding` of `rbac.authorization.k8s.io`.
    #[must_use]
    pub fn is_rbac_binding(&self) -> bool {
        self.group() == RBAC_GROUP && matches!(self.kind, "RoleBinding" | "ClusterRoleBinding")
    }

    /// The policy rules (`rules[]` mappings) that a Role or ClusterRole grants as written. An
    /// aggregated ClusterRole (one with an `aggregationRule`) gives none: the aggregation
    /// controller overwrites its `rules` with those of the ClusterRoles it selects.
    #[must_use]
    pub fn policy_rules(&self) -> Vec<&'a Node> {
        if !self.is_rbac_role() {
            return Vec::new();
        }
        let aggregated = self
            .node
            .get("aggregationRule")
            .is_some_and(|rule| !rule.is_null());
        if aggregated {
            return Vec::new();
        }
        self.node
            .get("rules")
            .into_iter()
            .flat_map(Node::items)
            .filter(|rule| rule.as_mapping().is_some())
            .collect()
    }

    /// What kind of pod-running workload this is, if any.
    #[must_use]
    pub fn workload_kind(&self) -> Option<WorkloadKind> {
        let kind = match (self.group(), self.kind) {
            ("", "Pod") => WorkloadKind::Pod,
            ("", "PodTemplate") => WorkloadKind::PodTemplate,
            ("", "ReplicationController") => WorkloadKind::ReplicationController,
            ("apps" | "extensions", "Deployment") => WorkloadKind::Deployment,
            ("apps", "StatefulSet") => WorkloadKind::StatefulSet,
            ("apps" | "extensions", "DaemonSet") => WorkloadKind::DaemonSet,
            ("apps" | "extensions", "ReplicaSet") => WorkloadKind::ReplicaSet,
            ("batch", "Job") => WorkloadKind::Job,
            ("batch", "CronJob") => WorkloadKind::CronJob,
            ("serving.knative.dev", "Service") => WorkloadKind::KnativeService,
            ("serving.knative.dev", "Configuration") => WorkloadKind::KnativeConfiguration,
            ("serving.knative.dev", "Revision") => WorkloadKind::KnativeRevision,
            ("sources.knative.dev", "ContainerSource") => WorkloadKind::KnativeContainerSource,
            ("argoproj.io", "Rollout") => WorkloadKind::ArgoRollout,
            _ => return None,
        };
        Some(kind)
    }

    /// The pod template (the mapping with `metadata` and `spec`), or the Pod itself.
    #[must_use]
    pub fn pod_template(&self) -> Option<&'a Node> {
        let path: &[&str] = match self.workload_kind()? {
            // A Revision's spec is a pod spec with Knative's own fields beside it.
            WorkloadKind::Pod | WorkloadKind::KnativeRevision => return Some(self.node),
            WorkloadKind::PodTemplate => &["template"],
            WorkloadKind::CronJob => &["spec", "jobTemplate", "spec", "template"],
            _ => &["spec", "template"],
        };
        self.node.get_path(path)
    }

    /// The pod spec, wherever this kind of workload keeps it.
    #[must_use]
    pub fn pod_spec(&self) -> Option<&'a Node> {
        self.pod_template()?
            .get("spec")
            .filter(|spec| spec.as_mapping().is_some())
    }

    /// The pod template's metadata (for a Pod, its own).
    #[must_use]
    pub fn pod_metadata(&self) -> Option<&'a Node> {
        self.pod_template()?.get("metadata")
    }

    /// The pod-level `securityContext` mapping, whose fields a container inherits unless it sets
    /// its own.
    #[must_use]
    pub fn pod_security_context(&self) -> Option<&'a Node> {
        self.pod_spec()?
            .get("securityContext")
            .filter(|sc| sc.as_mapping().is_some())
    }

    /// Whether the pod spec declares a Windows pod (`spec.os.name: windows`). The API server
    /// rejects Linux-only `securityContext` fields on such pods, and the Pod Security Standards
    /// exempt them from the Linux-only controls.
    #[must_use]
    pub fn is_windows_pod(&self) -> bool {
        self.pod_spec()
            .and_then(|spec| spec.get_path(&["os", "name"]))
            .and_then(Node::as_str)
            == Some("windows")
    }

    /// Every container of the pod spec: init, regular and ephemeral, in that order.
    #[must_use]
    pub fn containers(&self) -> Vec<Container<'a>> {
        let Some(spec) = self.pod_spec() else {
            return Vec::new();
        };
        [
            ("initContainers", ContainerKind::Init),
            ("containers", ContainerKind::Regular),
            ("ephemeralContainers", ContainerKind::Ephemeral),
        ]
        .into_iter()
        .flat_map(|(key, kind)| {
            spec.get(key)
                .into_iter()
                .flat_map(Node::items)
                .filter(|node| node.as_mapping().is_some())
                .map(move |node| Container {
                    node,
                    kind,
                    name: node.get("name").and_then(Node::as_str),
                })
        })
        .collect()
    }

    /// The `hostPath` volumes of the pod spec whose `path` is a scalar, in the order written.
    #[must_use]
    pub fn host_path_volumes(&self) -> Vec<HostPathVolume<'a>> {
        let Some(spec) = self.pod_spec() else {
            return Vec::new();
        };
        spec.get("volumes")
            .into_iter()
            .flat_map(Node::items)
            .filter_map(|volume| {
                let entry = volume.entry("hostPath")?;
                let path_entry = entry.value.entry("path")?;
                Some(HostPathVolume {
                    name: volume.get("name").and_then(Node::as_str),
                    entry,
                    path_entry,
                    path: path_entry.value.as_str()?,
                })
            })
            .collect()
    }
}

/// A `hostPath` volume of a pod spec: a file or directory of the node mounted into the pod.
#[derive(Debug, Clone, Copy)]
pub struct HostPathVolume<'a> {
    /// The volume's `name`.
    pub name: Option<&'a str>,
    /// The volume's `hostPath` entry.
    pub entry: &'a Entry,
    /// The `path` entry of the `hostPath` mapping.
    pub path_entry: &'a Entry,
    /// The path on the node, as written.
    pub path: &'a str,
}

impl HostPathVolume<'_> {
    /// `volume "data"`: how messages name it.
    #[must_use]
    pub fn describe(&self) -> String {
        format!("volume \"{}\"", self.name.unwrap_or("<unnamed>"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadKind {
    Pod,
    PodTemplate,
    ReplicationController,
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    Job,
    CronJob,
    /// Knative Serving's `Service` and `Configuration` (`spec.template` is a revision template)
    /// and `Revision` (its `spec` holds the pod spec's fields), and Knative Eventing's
    /// `ContainerSource` (`spec.template`): custom resources whose controllers run the pods
    /// they describe as written.
    KnativeService,
    KnativeConfiguration,
    KnativeRevision,
    KnativeContainerSource,
    /// Argo Rollouts' `Rollout`, a Deployment with progressive delivery (`spec.template`;
    /// a Rollout that points at a Deployment with `workloadRef` has no template of its own).
    ArgoRollout,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    Init,
    Regular,
    Ephemeral,
}

impl ContainerKind {
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            ContainerKind::Init => "init container",
            ContainerKind::Regular => "container",
            ContainerKind::Ephemeral => "ephemeral container",
        }
    }
}

/// One container of a pod spec.
#[derive(Debug, Clone, Copy)]
pub struct Container<'a> {
    pub node: &'a Node,
    pub kind: ContainerKind,
    pub name: Option<&'a str>,
}

impl<'a> Container<'a> {
    /// `container "web"`, `init container "setup"`: how messages name it.
    #[must_use]
    pub fn describe(&self) -> String {
        format!(
            "{} \"{}\"",
            self.kind.noun(),
            self.name.unwrap_or("<unnamed>")
        )
    }

    #[must_use]
    pub fn security_context(&self) -> Option<&'a Node> {
        self.node.get("securityContext")
    }

    /// The container's `image`, when it is a valid image reference (an unrendered template,
    /// such as `{{ .Values.image }}`, is not).
    #[must_use]
    pub fn image(&self) -> Option<ContainerImage<'a>> {
        let entry = self.node.entry("image")?;
        let reference = entry.value.as_str()?;
        Some(ContainerImage {
            entry,
            reference,
            parsed: ImageRef::parse(reference)?,
        })
    }
}

/// The image of a container, as written and as parsed.
#[derive(Debug, Clone, Copy)]
pub struct ContainerImage<'a> {
    /// The container's `image` entry.
    pub entry: &'a Entry,
    /// The reference as written: `registry.example.com/web:1.4.2`.
    pub reference: &'a str,
    /// The reference as the container runtimes parse it.
    pub parsed: ImageRef<'a>,
}
