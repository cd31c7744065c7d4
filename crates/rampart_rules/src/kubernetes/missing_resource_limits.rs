use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular and init) without a CPU limit or a memory limit
    /// (`resources.limits.cpu`, `resources.limits.memory`). A container is reported once, naming
    /// what it lacks: at its `resources.limits` mapping when it has one, otherwise at the
    /// container. Limits set for the whole pod (`spec.resources.limits`) bound every container, so
    /// they count. Ephemeral containers are skipped: the API server does not let them set
    /// resources.
    ///
    /// Defaults that a LimitRange of the namespace would apply at admission are not seen here.
    ///
    /// ## Why it matters
    ///
    /// Without a memory limit a container can use all of its node's memory: a leak, a burst of
    /// load or an attacker who got code execution starves or gets evicted every other pod on the
    /// node. Without a CPU limit it can take every spare cycle, which also makes it an attractive
    /// host for cryptomining once compromised.
    ///
    /// ## How to fix
    ///
    /// Set limits from the container's measured use, with headroom. Set the memory limit at
    /// least as high as the request.
    ///
    /// ```yaml
    /// resources:
    ///   requests:
    ///     cpu: 250m
    ///     memory: 256Mi
    ///   limits:
    ///     cpu: "1"
    ///     memory: 512Mi
    /// ```
    pub struct MissingResourceLimits {
        id: "k8s-missing-resource-limits",
        title: "Container has no CPU or memory limit",
        severity: Medium,
        remediation: "Set resources.limits.cpu and resources.limits.memory on every container.",
        frameworks: [
            nsa("Network separation and hardening: resource policies"),
            mitre("T1499"),
        ],
        peers: [
            checkov("CKV_K8S_11"),
            checkov("CKV_K8S_13"),
            kics("4ac0e2b7-d2d2-4af7-8799-e8de6721ccda"),
            kics("b14d1bc4-a208-45db-92f0-e21f8e2588e9"),
            kics("60af03ff-a421-45c8-b214-6741035476fa"),
            kics("5f4735ce-b9ba-4d95-a089-a37a767b716f"),
            kics("fd097ed0-7fe6-4f58-8b71-fef9f0820a21"),
            kubescape("C-0009"),
            kube_linter("unset-cpu-requirements"),
            kube_linter("unset-memory-requirements"),
            polaris("cpuLimitsMissing"),
            polaris("memoryLimitsMissing"),
            trivy("KSV011"),
            trivy("KSV018"),
        ],
        fixable: false,
    }
}

/// The resources every container should bound, and how messages name them.
const RESOURCES: [(&str, &str); 2] = [("cpu", "CPU"), ("memory", "memory")];

impl Rule for MissingResourceLimits {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let pod_limits = object
            .pod_spec()
            .and_then(|spec| spec.get_path(&["resources", "limits"]));
        for container in object.containers() {
            if container.kind == ContainerKind::Ephemeral {
                continue;
            }
            let limits = container
                .node
                .get("resources")
                .and_then(|resources| resources.entry("limits"))
                .filter(|entry| entry.value.as_mapping().is_some());
            let missing: Vec<&str> = RESOURCES
                .iter()
                .filter(|(key, _)| {
                    !is_set(limits.map(|entry| &entry.value), key) && !is_set(pod_limits, key)
                })
                .map(|(_, noun)| *noun)
                .collect();
            if missing.is_empty() {
                continue;
            }
            let message = format!(
                "{} has no {} limit",
                container.describe(),
                missing.join(" or ")
            );
            match limits {
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
