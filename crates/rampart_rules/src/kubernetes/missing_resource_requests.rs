use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular and init) without a CPU request or a memory request
    /// (`resources.requests.cpu`, `resources.requests.memory`). When a container sets a limit
    /// but no request for a resource, Kubernetes uses the limit as the request, so that resource
    /// is not reported; nor are resources that the pod requests as a whole
    /// (`spec.resources`). A container is reported once, naming what it lacks: at its
    /// `resources.requests` mapping when it has one, otherwise at the container. Ephemeral
    /// containers are skipped: the API server does not let them set resources.
    ///
    /// Defaults that a LimitRange of the namespace would apply at admission are not seen here.
    ///
    /// ## Why it matters
    ///
    /// The scheduler places pods by their requests. A container that requests nothing is placed
    /// as if it needed nothing, so nodes get overcommitted and the pods on them fight for CPU and
    /// memory; a pod none of whose containers request anything is in the BestEffort class, the
    /// first to be evicted when the node runs short.
    ///
    /// ## How to fix
    ///
    /// Request what the container needs in steady state, from its measured use.
    ///
    /// ```yaml
    /// resources:
    ///   requests:
    ///     cpu: 250m
    ///     memory: 256Mi
    /// ```
    pub struct MissingResourceRequests {
        id: "k8s-missing-resource-requests",
        title: "Container has no CPU or memory request",
        severity: Low,
        remediation: "Set resources.requests.cpu and resources.requests.memory on every container.",
        frameworks: [
            nsa("Network separation and hardening: resource policies"),
        ],
        peers: [
            checkov("CKV_K8S_10"),
            checkov("CKV_K8S_12"),
            kics("ca469dd4-c736-448f-8ac1-30a642705e0a"),
            kics("229588ef-8fde-40c8-8756-f4f2b5825ded"),
            kics("577ac19c-6a77-46d7-9f14-e049cdd15ec2"),
            kics("21719347-d02b-497d-bda4-04a03c8e5b61"),
            kube_linter("unset-cpu-requirements"),
            kube_linter("unset-memory-requirements"),
            polaris("cpuRequestsMissing"),
            polaris("memoryRequestsMissing"),
            trivy("KSV015"),
            trivy("KSV016"),
        ],
        fixable: false,
    }
}

/// The resources every container should request, and how messages name them.
const RESOURCES: [(&str, &str); 2] = [("cpu", "CPU"), ("memory", "memory")];

impl Rule for MissingResourceRequests {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let pod_resources = object.pod_spec().and_then(|spec| spec.get("resources"));
        let pod_requests = pod_resources.and_then(|r| r.get("requests"));
        let pod_limits = pod_resources.and_then(|r| r.get("limits"));
        for container in object.containers() {
            if container.kind == ContainerKind::Ephemeral {
                continue;
            }
            let resources = container.node.get("resources");
            let requests = resources
                .and_then(|r| r.entry("requests"))
                .filter(|entry| entry.value.as_mapping().is_some());
            // A limit without a request is also the request.
            let limits = resources.and_then(|r| r.get("limits"));
            let missing: Vec<&str> = RESOURCES
                .iter()
                .filter(|(key, _)| {
                    ![
                        requests.map(|entry| &entry.value),
                        limits,
                        pod_requests,
                        pod_limits,
                    ]
                    .into_iter()
                    .any(|map| is_set(map, key))
                })
                .map(|(_, noun)| *noun)
                .collect();
            if missing.is_empty() {
                continue;
            }
            let message = format!(
                "{} has no {} request",
                container.describe(),
                missing.join(" or ")
            );
            match requests {
                Some(entry) => cx.report_entry(entry, message),
                None => cx.report_node(container.node, message),
            };
        }
    }
}

/// Whether `map` gives `key` a value (not null, not empty).
fn is_set(map: Option<&Node>, key: &str) -> bool {
    map.and_then(|m| m.get(key))
        .is_some_and(|value| !value.is_null() && value.as_str().is_some_and(|s| !s.is_empty()))
}
