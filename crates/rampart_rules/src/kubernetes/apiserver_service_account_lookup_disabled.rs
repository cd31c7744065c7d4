use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) with `--service-account-lookup=false`. Left out, the flag
    /// defaults to true, and is not reported.
    ///
    /// ## Why it matters
    ///
    /// Without the lookup, the API server accepts a service account token as long as its
    /// signature is valid, without checking that the service account (or the Secret that held
    /// a legacy token) still exists. Deleting a leaked token's service account then does not
    /// revoke it.
    ///
    /// ## How to fix
    ///
    /// Remove the flag, or set it to true.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --service-account-lookup=true
    /// ```
    pub struct ApiserverServiceAccountLookupDisabled {
        id: "k8s-apiserver-service-account-lookup-disabled",
        title: "API server accepts tokens of deleted service accounts",
        severity: Medium,
        remediation: "Remove --service-account-lookup=false.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.22"),
        ],
        peers: [
            checkov("CKV_K8S_96"),
            kics("a5530bd7-225a-48f9-91bb-f40b04200165"),
            trivy("KCV0024"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverServiceAccountLookupDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            let Some(flag) = invocation.flag("service-account-lookup") else {
                continue;
            };
            if flag.bool() == Some(false) {
                cx.report_node(
                    flag.node,
                    format!(
                        "{} does not check that a token's service account still exists",
                        invocation.describe()
                    ),
                );
            }
        }
    }
}
