use super::shared::{quoted_verbs, PolicyRule};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Roles and ClusterRoles (`rbac.authorization.k8s.io`, any version) with a rule in the core
    /// API group (`""` or `"*"` in `apiGroups`) that lets its subjects run code in pods:
    ///
    /// | resource | verbs | what it allows |
    /// | --- | --- | --- |
    /// | `pods` | `create` | start any pod (`kubectl run`) |
    /// | `pods/exec` | `create`, `get` | run a command in a container (`kubectl exec`) |
    /// | `pods/attach` | `create`, `get` | attach to a container's console (`kubectl attach`) |
    /// | `pods/ephemeralcontainers` | `update`, `patch` | add a container to a running pod (`kubectl debug`) |
    ///
    /// `"*"` in `verbs` counts as each of these verbs, and `"*/exec"`, `"*/attach"` and
    /// `"*/ephemeralcontainers"` count as the pod subresources. Both verbs matter for exec and
    /// attach: `kubectl exec` has long opened the stream with an HTTP POST, which RBAC checks as
    /// `create`, while WebSocket clients open the same stream with an HTTP GET, which RBAC checks
    /// as `get`. The finding is on the resource item, and the message lists the verbs.
    ///
    /// Not reported:
    ///
    /// - `create` on `pods` in a rule restricted by `resourceNames`: Kubernetes cannot restrict
    ///   `create` by name, so such a rule grants no create at all. (`resourceNames` does restrict
    ///   exec, attach and ephemeral containers to the named pods, which are still reported.)
    /// - A rule that reaches pods only through `"*"` in `resources`: `k8s-rbac-wildcard` reports
    ///   that `"*"`, and one finding per cause is enough. (A named resource with `"*"` in `verbs` is
    ///   reported by both rules, at the two items, since each must be fixed.)
    /// - `create` on workload controllers (Deployments, Jobs...), which also start pods: it is the
    ///   everyday permission of deployment pipelines and operators.
    /// - The `rules` of an aggregated ClusterRole, which the aggregation controller overwrites.
    ///
    /// ## Why it matters
    ///
    /// Running code in a pod gives its identity and data: a shell in a container reads its
    /// mounted Secrets and service account token, and acts with that token's rights. Creating a
    /// pod is more: the pod can name any service account of the namespace and mount any of its
    /// Secrets, and unless admission policy forbids it, run privileged with host mounts and take
    /// over the node. These permissions are a standard escalation path to cluster-admin.
    ///
    /// ## How to fix
    ///
    /// Remove these permissions from roles that do not need them. Give interactive debugging
    /// access only to people, in the namespaces they own, and let automation create workloads
    /// through controllers rather than bare pods.
    ///
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["pods", "pods/log"]
    ///     verbs: ["get", "list", "watch"]
    /// ```
    pub struct RbacPodExecOrCreate {
        id: "k8s-rbac-pod-exec-or-create",
        title: "RBAC rule can create pods or exec into them",
        severity: High,
        remediation: "Remove create on pods, create/get on pods/exec and pods/attach, and update/patch on pods/ephemeralcontainers from roles that do not need them.",
        frameworks: [
            nsa("Authentication and authorization: role-based access control"),
            mitre("T1609"),
            mitre("T1610"),
            cis("5.1.4"),
        ],
        peers: [
            kics("592ad21d-ad9b-46c6-8d2d-fad09d62a942"),
            kics("c589f42c-7924-4871-aee2-1cede9bc7cbc"),
            kics("d45330fd-f58d-45fb-a682-6481477a0f84"),
            kics("522d4a64-4dc9-44bd-9240-7d8a0d5cb5ba"),
            kubescape("C-0188"),
            kubescape("C-0002"),
            kube_linter("access-to-create-pods"),
            polaris("clusterrolePodExecAttach"),
            polaris("rolePodExecAttach"),
            trivy("KSV053"),
            trivy("KSV054"),
        ],
        fixable: false,
    }
}

impl Rule for RbacPodExecOrCreate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let role = object.describe();
        for rule in PolicyRule::of(object) {
            if !rule.in_core_group() {
                continue;
            }
            let named = rule.is_restricted_by_name();
            for resource in rule.list("resources") {
                let Some(name) = resource.as_str() else {
                    continue;
                };
                let (wanted, action): (&[&str], &str) = match name {
                    "pods" if !named => (&["create", "*"], "create pods"),
                    "pods/exec" | "*/exec" => (&["create", "get", "*"], "exec into pods"),
                    "pods/attach" | "*/attach" => (&["create", "get", "*"], "attach to pods"),
                    "pods/ephemeralcontainers" | "*/ephemeralcontainers" => (
                        &["update", "patch", "*"],
                        "add ephemeral containers to pods",
                    ),
                    _ => continue,
                };
                let matched = rule.verbs_among(wanted);
                if matched.is_empty() {
                    continue;
                }
                cx.report_node(
                    resource,
                    format!("{role} can {action} ({} on {name})", quoted_verbs(&matched)),
                );
            }
        }
    }
}
