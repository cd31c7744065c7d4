use super::api_versions::lookup;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Objects whose `apiVersion` the target Kubernetes release no longer serves, such as
    /// `extensions/v1beta1` Deployments (removed in 1.16), `networking.k8s.io/v1beta1` Ingresses
    /// (1.22), `batch/v1beta1` CronJobs and `policy/v1beta1` PodDisruptionBudgets (1.25), or
    /// `flowcontrol.apiserver.k8s.io/v1beta3` (1.32), as the Kubernetes deprecated API migration
    /// guide lists them.
    ///
    /// The target release is `--k8s-version` (or `k8s-version:` in `.rampart.yaml`). Without
    /// one, manifests are judged against the newest release rampart knows of, so that every
    /// API version removed in any release is reported.
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// ## Why it matters
    ///
    /// The API server of that release rejects the manifest (`no matches for kind ... in version
    /// ...`): the deployment fails, and a cluster upgrade breaks every pipeline, Helm chart or
    /// GitOps sync that still applies it. Security controls shipped as such objects (network
    /// policies, pod disruption budgets, RBAC, admission webhooks) silently stop being applied.
    ///
    /// ## How to fix
    ///
    /// Move the manifest to the replacement API version named in the finding, and adapt the
    /// fields that changed between versions (the migration guide lists them). For a resource
    /// of the Terraform Kubernetes provider, the finding names the provider's resource that
    /// creates the replacement instead: `kubernetes_ingress` (an `extensions/v1beta1` Ingress)
    /// becomes `kubernetes_ingress_v1`.
    ///
    /// ```yaml
    /// apiVersion: batch/v1   # was batch/v1beta1
    /// kind: CronJob
    /// ```
    pub struct RemovedApiVersion {
        id: "k8s-removed-api-version",
        title: "API version removed in the target Kubernetes release",
        severity: High,
        remediation: "Move the manifest to the replacement apiVersion named in the finding.",
        frameworks: [],
        peers: [
            kics("94b76ea5-e074-4ca2-8a03-c5a606e30645"),
        ],
        fixable: false,
    }
}

impl Rule for RemovedApiVersion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let target = cx.target_version();
        let Some((api, entry)) = lookup(object, |api| api.is_removed_in(target)) else {
            return;
        };
        let removed = api.removed.unwrap_or(target);
        cx.report_entry(
            entry,
            format!(
                "{} uses {}, which Kubernetes {removed} removed (the {target} API server rejects it); use {}",
                object.describe(),
                api.api_version,
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
    fn cronjob_v1beta1_is_removed_from_1_25() {
        let rule = &super::RemovedApiVersion;
        assert!(findings(rule, CRONJOB, Some(KubeVersion::new(1, 20))).is_empty());
        assert!(findings(rule, CRONJOB, Some(KubeVersion::new(1, 24))).is_empty());
        let found = findings(rule, CRONJOB, Some(KubeVersion::new(1, 25)));
        assert_eq!(
            found,
            vec![
                "CronJob \"backup\" uses batch/v1beta1, which Kubernetes 1.25 removed (the 1.25 API server rejects it); use batch/v1"
                    .to_owned()
            ]
        );
        assert_eq!(
            findings(rule, CRONJOB, Some(KubeVersion::new(1, 30))).len(),
            1
        );
        assert_eq!(findings(rule, CRONJOB, None).len(), 1);
    }

    #[test]
    fn a_terraform_resource_is_told_the_providers_resource_to_use() {
        let rule = &super::RemovedApiVersion;
        let ingress = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n";
        assert_eq!(
            findings_of(rule, ingress, Some("kubernetes_ingress"), None),
            vec![
                "Ingress \"web\" uses extensions/v1beta1, which Kubernetes 1.22 removed (the 1.33 API server rejects it); use the kubernetes_ingress_v1 resource (networking.k8s.io/v1)"
                    .to_owned()
            ]
        );
        // A `kubernetes_manifest` has its apiVersion written out: the replacement is the
        // apiVersion to write, as in a manifest.
        assert_eq!(
            findings_of(rule, CRONJOB, Some("kubernetes_manifest"), None),
            findings(rule, CRONJOB, None)
        );
    }
}
