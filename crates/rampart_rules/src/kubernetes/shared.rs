//! What several Kubernetes rules walk the same way: a boolean field of each container's
//! `securityContext`, a pod's settings as its containers inherit them, and the lists of an RBAC
//! policy rule. The rules keep their own decisions (which field, which value is safe, what is
//! granted too much, what the messages say); the walks are here, so that rules alike report
//! alike.

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
        self.list("apiGroups")
            .any(|group| group.is_null() || matches!(group.as_str(), Some("" | "*")))
    }

    /// Whether `resourceNames` restricts it to named objects.
    pub(crate) fn is_restricted_by_name(self) -> bool {
        self.list("resourceNames").next().is_some()
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
