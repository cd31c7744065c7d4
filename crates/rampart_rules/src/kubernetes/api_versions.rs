//! Deprecated and removed API versions, by Kubernetes release, from the Kubernetes deprecated
//! API migration guide (<https://kubernetes.io/docs/reference/using-api/deprecation-guide/>).
//! Shared by `k8s-removed-api-version` and `k8s-deprecated-api-version`.

use crate::prelude::*;
use crate::KubeVersion;

/// One kind served at one deprecated API version.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ApiVersion {
    pub api_version: &'static str,
    pub kind: &'static str,
    /// The release from which the API server warns that the version is deprecated.
    pub deprecated: KubeVersion,
    /// The first release that no longer serves it, if one is scheduled.
    pub removed: Option<KubeVersion>,
    /// What to use instead.
    pub replacement: &'static str,
}

const fn v(minor: u32) -> KubeVersion {
    KubeVersion::new(1, minor)
}

const fn entry(
    api_version: &'static str,
    kind: &'static str,
    deprecated: u32,
    removed: Option<u32>,
    replacement: &'static str,
) -> ApiVersion {
    ApiVersion {
        api_version,
        kind,
        deprecated: v(deprecated),
        removed: match removed {
            Some(minor) => Some(v(minor)),
            None => None,
        },
        replacement,
    }
}

/// The table. For the versions removed in 1.16, which predate deprecation warnings, the
/// release of deprecation is that in which the replacement became available.
pub(crate) const API_VERSIONS: &[ApiVersion] = &[
    // Removed in 1.16.
    entry(
        "extensions/v1beta1",
        "NetworkPolicy",
        8,
        Some(16),
        "networking.k8s.io/v1",
    ),
    entry(
        "extensions/v1beta1",
        "PodSecurityPolicy",
        10,
        Some(16),
        "policy/v1beta1",
    ),
    entry("extensions/v1beta1", "DaemonSet", 9, Some(16), "apps/v1"),
    entry("extensions/v1beta1", "Deployment", 9, Some(16), "apps/v1"),
    entry("extensions/v1beta1", "ReplicaSet", 9, Some(16), "apps/v1"),
    entry("apps/v1beta1", "Deployment", 9, Some(16), "apps/v1"),
    entry("apps/v1beta1", "StatefulSet", 9, Some(16), "apps/v1"),
    entry("apps/v1beta2", "DaemonSet", 9, Some(16), "apps/v1"),
    entry("apps/v1beta2", "Deployment", 9, Some(16), "apps/v1"),
    entry("apps/v1beta2", "ReplicaSet", 9, Some(16), "apps/v1"),
    entry("apps/v1beta2", "StatefulSet", 9, Some(16), "apps/v1"),
    // Removed in 1.22.
    entry(
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration",
        16,
        Some(22),
        "admissionregistration.k8s.io/v1",
    ),
    entry(
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingWebhookConfiguration",
        16,
        Some(22),
        "admissionregistration.k8s.io/v1",
    ),
    entry(
        "apiextensions.k8s.io/v1beta1",
        "CustomResourceDefinition",
        16,
        Some(22),
        "apiextensions.k8s.io/v1",
    ),
    entry(
        "apiregistration.k8s.io/v1beta1",
        "APIService",
        19,
        Some(22),
        "apiregistration.k8s.io/v1",
    ),
    entry(
        "certificates.k8s.io/v1beta1",
        "CertificateSigningRequest",
        19,
        Some(22),
        "certificates.k8s.io/v1",
    ),
    entry(
        "coordination.k8s.io/v1beta1",
        "Lease",
        19,
        Some(22),
        "coordination.k8s.io/v1",
    ),
    entry(
        "extensions/v1beta1",
        "Ingress",
        14,
        Some(22),
        "networking.k8s.io/v1",
    ),
    entry(
        "networking.k8s.io/v1beta1",
        "Ingress",
        19,
        Some(22),
        "networking.k8s.io/v1",
    ),
    entry(
        "networking.k8s.io/v1beta1",
        "IngressClass",
        19,
        Some(22),
        "networking.k8s.io/v1",
    ),
    entry(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRole",
        17,
        Some(22),
        "rbac.authorization.k8s.io/v1",
    ),
    entry(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRoleBinding",
        17,
        Some(22),
        "rbac.authorization.k8s.io/v1",
    ),
    entry(
        "rbac.authorization.k8s.io/v1beta1",
        "Role",
        17,
        Some(22),
        "rbac.authorization.k8s.io/v1",
    ),
    entry(
        "rbac.authorization.k8s.io/v1beta1",
        "RoleBinding",
        17,
        Some(22),
        "rbac.authorization.k8s.io/v1",
    ),
    entry(
        "scheduling.k8s.io/v1beta1",
        "PriorityClass",
        14,
        Some(22),
        "scheduling.k8s.io/v1",
    ),
    entry(
        "storage.k8s.io/v1beta1",
        "CSIDriver",
        19,
        Some(22),
        "storage.k8s.io/v1",
    ),
    entry(
        "storage.k8s.io/v1beta1",
        "CSINode",
        19,
        Some(22),
        "storage.k8s.io/v1",
    ),
    entry(
        "storage.k8s.io/v1beta1",
        "StorageClass",
        19,
        Some(22),
        "storage.k8s.io/v1",
    ),
    entry(
        "storage.k8s.io/v1beta1",
        "VolumeAttachment",
        19,
        Some(22),
        "storage.k8s.io/v1",
    ),
    // Removed in 1.25.
    entry("batch/v1beta1", "CronJob", 21, Some(25), "batch/v1"),
    entry(
        "discovery.k8s.io/v1beta1",
        "EndpointSlice",
        21,
        Some(25),
        "discovery.k8s.io/v1",
    ),
    entry(
        "events.k8s.io/v1beta1",
        "Event",
        22,
        Some(25),
        "events.k8s.io/v1",
    ),
    entry(
        "autoscaling/v2beta1",
        "HorizontalPodAutoscaler",
        22,
        Some(25),
        "autoscaling/v2",
    ),
    entry(
        "policy/v1beta1",
        "PodDisruptionBudget",
        21,
        Some(25),
        "policy/v1",
    ),
    entry(
        "policy/v1beta1",
        "PodSecurityPolicy",
        21,
        Some(25),
        "Pod Security Admission (PodSecurityPolicy has no replacement API)",
    ),
    entry(
        "node.k8s.io/v1beta1",
        "RuntimeClass",
        22,
        Some(25),
        "node.k8s.io/v1",
    ),
    // Removed in 1.26.
    entry(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "FlowSchema",
        23,
        Some(26),
        "flowcontrol.apiserver.k8s.io/v1beta3",
    ),
    entry(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "PriorityLevelConfiguration",
        23,
        Some(26),
        "flowcontrol.apiserver.k8s.io/v1beta3",
    ),
    entry(
        "autoscaling/v2beta2",
        "HorizontalPodAutoscaler",
        23,
        Some(26),
        "autoscaling/v2",
    ),
    // Removed in 1.27.
    entry(
        "storage.k8s.io/v1beta1",
        "CSIStorageCapacity",
        24,
        Some(27),
        "storage.k8s.io/v1",
    ),
    // Removed in 1.29.
    entry(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "FlowSchema",
        26,
        Some(29),
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    entry(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "PriorityLevelConfiguration",
        26,
        Some(29),
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    // Removed in 1.32.
    entry(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "FlowSchema",
        29,
        Some(32),
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    entry(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "PriorityLevelConfiguration",
        29,
        Some(32),
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    // Deprecated, with no removal scheduled.
    entry(
        "v1",
        "Endpoints",
        33,
        None,
        "discovery.k8s.io/v1 EndpointSlice",
    ),
];

/// The table's entry for the object's apiVersion and kind, when `applies` to it, with the
/// object's `apiVersion` entry (where a finding points).
pub(crate) fn lookup<'o>(
    object: &Object<'o>,
    applies: impl Fn(&ApiVersion) -> bool,
) -> Option<(&'static ApiVersion, &'o Entry)> {
    let api = API_VERSIONS
        .iter()
        .find(|e| e.api_version == object.api_version && e.kind == object.kind)
        .filter(|api| applies(api))?;
    Some((api, object.node.entry("apiVersion")?))
}

impl ApiVersion {
    /// Whether the API server of `target` no longer serves it.
    pub(crate) fn is_removed_in(&self, target: KubeVersion) -> bool {
        self.removed.is_some_and(|removed| target >= removed)
    }

    /// Whether the API server of `target` serves it, with a deprecation warning.
    pub(crate) fn is_deprecated_in(&self, target: KubeVersion) -> bool {
        target >= self.deprecated && !self.is_removed_in(target)
    }

    /// What to use instead, as a finding says it: for the object of a Terraform resource, the
    /// provider's resource that creates the replacement (`the kubernetes_ingress_v1 resource
    /// (networking.k8s.io/v1)`) when it has one; otherwise the replacement.
    pub(crate) fn instead(&self, cx: &Context<'_>) -> String {
        cx.terraform_resource()
            .and_then(|resource| {
                rampart_terraform::kubernetes::resource_for(resource, self.replacement)
            })
            .map_or_else(
                || self.replacement.to_owned(),
                |resource| format!("the {resource} resource ({})", self.replacement),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_is_the_last_release_of_the_table() {
        let newest = API_VERSIONS
            .iter()
            .flat_map(|e| [Some(e.deprecated), e.removed])
            .flatten()
            .max();
        assert_eq!(newest, Some(KubeVersion::NEWEST));
    }

    #[test]
    fn entries_are_unique_and_deprecated_before_removed() {
        for (i, e) in API_VERSIONS.iter().enumerate() {
            assert!(e.removed.is_none_or(|r| e.deprecated < r), "{e:?}");
            assert!(
                !API_VERSIONS[..i]
                    .iter()
                    .any(|o| o.api_version == e.api_version && o.kind == e.kind),
                "{e:?}"
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod tests_support {
    use rampart_source::SourceFile;
    use rampart_yaml::{parse_yaml, Limits};

    use crate::{KubeVersion, Rule, Settings};

    /// The messages of `rule`'s findings on `text`, for the target release `k8s_version`.
    pub(crate) fn findings(
        rule: &dyn Rule,
        text: &str,
        k8s_version: Option<KubeVersion>,
    ) -> Vec<String> {
        findings_of(rule, text, None, k8s_version)
    }

    /// [`findings`], for `text` as the object of a Terraform resource of type `resource`, if
    /// given.
    pub(crate) fn findings_of(
        rule: &dyn Rule,
        text: &str,
        resource: Option<&str>,
        k8s_version: Option<KubeVersion>,
    ) -> Vec<String> {
        let file = SourceFile::new("test.yaml", text);
        let settings = Settings { k8s_version };
        parse_yaml(file.text(), Limits::default())
            .documents
            .iter()
            .filter_map(|doc| doc.root.as_ref())
            .filter_map(|root| match resource {
                Some(resource) => {
                    crate::check_terraform_object(&file, root, resource, &[rule], &settings).ok()
                }
                None => crate::check_document(&file, root, None, &[rule], &settings).ok(),
            })
            .flatten()
            .map(|f| f.message)
            .collect()
    }
}
