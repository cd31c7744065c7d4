use super::shared::string_value;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Pod specs (of Pods and of every workload's pod template) that name their service account
    /// with the deprecated `serviceAccount` field and do not set `serviceAccountName`. A null or
    /// empty `serviceAccountName` counts as unset. Reported at the `serviceAccount` entry.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// `serviceAccount` is a deprecated alias of `serviceAccountName`, kept only for old
    /// manifests. Tools and policies that read `serviceAccountName` (admission policies that
    /// forbid the `default` account, reviews of which identity a workload runs as) do not see
    /// it, and a later edit that adds `serviceAccountName` silently takes precedence over it.
    /// The identity a pod runs as decides what it can do in the cluster, so it should be stated
    /// where everyone looks.
    ///
    /// ## How to fix
    ///
    /// Rename the field.
    ///
    /// ```yaml
    /// spec:
    ///   serviceAccountName: web
    /// ```
    pub struct DeprecatedServiceAccountField {
        id: "k8s-deprecated-service-account-field",
        title: "Pod uses the deprecated serviceAccount field",
        severity: Low,
        remediation: "Replace spec.serviceAccount with spec.serviceAccountName.",
        frameworks: [
        ],
        peers: [
            kube_linter("deprecated-service-account-field"),
        ],
        fixable: false,
    }
}

impl Rule for DeprecatedServiceAccountField {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let Some(spec) = object.pod_spec() else {
            return;
        };
        let Some(entry) = spec.entry("serviceAccount") else {
            return;
        };
        let Some(account) = string_value(&entry.value).filter(|name| !name.is_empty()) else {
            return;
        };
        let named = spec
            .get("serviceAccountName")
            .and_then(string_value)
            .is_some_and(|name| !name.is_empty());
        if !named {
            cx.report_entry(
                entry,
                format!(
                    "{} names its service account \"{account}\" with the deprecated serviceAccount field",
                    object.describe()
                ),
            );
        }
    }
}
