use super::api_versions::lookup;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Objects whose `apiVersion` the target Kubernetes release still serves but has
    /// deprecated, such as `batch/v1beta1` CronJobs on 1.21 to 1.24, or `v1` Endpoints from
    /// 1.33 on. The finding names the release that removes the version (if one is scheduled)
    /// and the apiVersion to use instead, as the Kubernetes deprecated API migration guide lists
    /// them. Versions the target no longer serves are `k8s-removed-api-version`'s.
    ///
    /// The target release is `--k8s-version` (or `k8s-version:` in `.rampart.yaml`). Without
    /// one, manifests are judged against the newest release rampart knows of: what is
    /// deprecated there is reported here, and what any release removed is reported as removed.
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// ## Why it matters
    ///
    /// A deprecated API version works today, with a warning, and is rejected after an upgrade:
    /// manifests that still use it turn into failed deployments, and the security controls they
    /// carry stop being applied, on the day the cluster is upgraded.
    ///
    /// ## How to fix
    ///
    /// Move the manifest to the replacement API version named in the finding before upgrading.
    /// For a resource of the Terraform Kubernetes provider, the finding names the provider's
    /// resource that creates the replacement instead: `kubernetes_cron_job` (a `batch/v1beta1`
    /// CronJob) becomes `kubernetes_cron_job_v1`.
    ///
    /// ```yaml
    /// apiVersion: policy/v1   # was policy/v1beta1
    /// kind: PodDisruptionBudget
    /// ```
    pub struct DeprecatedApiVersion {
        id: "k8s-deprecated-api-version",
        title: "API version deprecated in the target Kubernetes release",
        severity: Low,
        remediation: "Move the manifest to the replacement apiVersion named in the finding before upgrading.",
        frameworks: [],
        peers: [
            kics("94b76ea5-e074-4ca2-8a03-c5a606e30645"),
        ],
        fixable: false,
    }
}

impl Rule for DeprecatedApiVersion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let target = cx.target_version();
        let Some((api, entry)) = lookup(object, |api| api.is_deprecated_in(target)) else {
            return;
        };
        let removal = match api.removed {
            Some(removed) => format!("removed in {removed}"),
            None => "not yet scheduled for removal".to_owned(),
        };
        cx.report_entry(
            entry,
            format!(
                "{} uses {}, deprecated since Kubernetes {} and {removal}; use {}",
                object.describe(),
                api.api_version,
                api.deprecated,
                api.instead(cx)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::api_versions::tests_support::{findings, findings_of};
    use crate::KubeVersion;

    const CRONJOB: &str = "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: backup\n";

    #[test]
    fn cronjob_v1beta1_is_deprecated_from_1_21_to_1_24() {
        let rule = &super::DeprecatedApiVersion;
        assert!(findings(rule, CRONJOB, Some(KubeVersion::new(1, 20))).is_empty());
        assert_eq!(
            findings(rule, CRONJOB, Some(KubeVersion::new(1, 21))),
            vec![
                "CronJob \"backup\" uses batch/v1beta1, deprecated since Kubernetes 1.21 and removed in 1.25; use batch/v1"
                    .to_owned()
            ]
        );
        assert_eq!(
            findings(rule, CRONJOB, Some(KubeVersion::new(1, 24))).len(),
            1
        );
        assert!(findings(rule, CRONJOB, Some(KubeVersion::new(1, 25))).is_empty());
        assert!(findings(rule, CRONJOB, None).is_empty());
    }

    #[test]
    fn a_terraform_resource_is_told_the_providers_resource_to_use() {
        let rule = &super::DeprecatedApiVersion;
        let target = Some(KubeVersion::new(1, 23));
        assert_eq!(
            findings_of(rule, CRONJOB, Some("kubernetes_cron_job"), target),
            vec![
                "CronJob \"backup\" uses batch/v1beta1, deprecated since Kubernetes 1.21 and removed in 1.25; use the kubernetes_cron_job_v1 resource (batch/v1)"
                    .to_owned()
            ]
        );
        let hpa = "apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n";
        let resource = Some("kubernetes_horizontal_pod_autoscaler_v2beta2");
        let found = findings_of(rule, hpa, resource, target);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].ends_with(
                "use the kubernetes_horizontal_pod_autoscaler_v2 resource (autoscaling/v2)"
            ),
            "{found:?}"
        );
    }
}
