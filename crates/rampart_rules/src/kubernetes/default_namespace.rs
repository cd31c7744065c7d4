use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Namespaced objects that run or grant things and are placed in the `default` namespace:
    /// workloads (Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers,
    /// Jobs, CronJobs, PodTemplates), Services, ServiceAccounts, Secrets, ConfigMaps, and RBAC
    /// Roles and RoleBindings.
    ///
    /// - `metadata.namespace: default` is reported at that entry, for all of these kinds.
    /// - No `metadata.namespace` (or an empty one) is reported at the `metadata` mapping, for
    ///   workloads only. Such an object lands in whatever namespace the tool that applies it
    ///   targets (kubectl's current context, Helm's `--namespace`), which is `default` unless
    ///   someone chose otherwise. Manifests written for kustomize or Helm often leave the
    ///   namespace to the tool on purpose; the finding is there to make that choice visible, and
    ///   it is limited to workloads so that bundles of many small objects do not drown in it.
    ///
    /// Cluster-scoped kinds (Namespace, ClusterRole, ClusterRoleBinding, CustomResourceDefinition,
    /// PersistentVolume...) ignore `metadata.namespace` and are never reported.
    ///
    /// ## Why it matters
    ///
    /// Namespaces are the unit of isolation in Kubernetes: RBAC, resource quotas, network
    /// policies and Pod Security admission levels are set per namespace. `default` is shared by
    /// everything that does not choose a namespace, so it tends to collect unrelated workloads,
    /// broad RoleBindings and no policy at all. A compromised workload there sits next to
    /// everything else that landed there.
    ///
    /// ## How to fix
    ///
    /// Create a namespace per application or team, with its own RBAC, quotas, network policies
    /// and Pod Security labels, and deploy into it.
    ///
    /// ```yaml
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// ```
    pub struct DefaultNamespace {
        id: "k8s-default-namespace",
        title: "Object is deployed in the default namespace",
        severity: Low,
        remediation: "Set metadata.namespace to a dedicated namespace with its own RBAC, quotas and policies.",
        frameworks: [
            nsa("Network separation and hardening: namespaces"),
            cis("5.7.4"),
        ],
        peers: [
            checkov("CKV_K8S_21"),
            kics("611ab018-c4aa-4ba2-b0f6-a448337509a6"),
            kics("abcb818b-5af7-4d72-aba9-6dd84956b451"),
            kubescape("C-0212"),
            kubescape("C-0061"),
            trivy("KSV110"),
        ],
        fixable: false,
    }
}

impl Rule for DefaultNamespace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let workload = object.workload_kind().is_some();
        let reported_kind = workload
            || (object.group().is_empty()
                && matches!(
                    object.kind,
                    "Service" | "ServiceAccount" | "Secret" | "ConfigMap"
                ))
            || (object.is_rbac_role() && object.kind == "Role")
            || (object.is_rbac_binding() && object.kind == "RoleBinding");
        if !reported_kind {
            return;
        }
        let what = object.describe();
        let metadata = object.metadata();
        let namespace = metadata.and_then(|m| m.entry("namespace"));
        match namespace {
            Some(entry) if entry.value.as_str() == Some("default") => {
                cx.report_entry(entry, format!("{what} is in the default namespace"));
            }
            Some(entry) if !entry.value.is_null() && entry.value.as_str() != Some("") => {}
            _ if workload => {
                cx.report_node(
                    metadata.unwrap_or(object.node),
                    format!(
                        "{what} sets no namespace, so it lands in the namespace of whoever \
                         applies it, often default"
                    ),
                );
            }
            _ => {}
        }
    }
}
