use super::{known_strings, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_compute_instance`, `google_compute_instance_template` and
    /// `google_compute_instance_from_template` resources whose `service_account` is the
    /// Compute Engine default service account (`email` not set, or
    /// `...-compute@developer.gserviceaccount.com`) with the `cloud-platform` scope (full access
    /// to all Cloud APIs). A custom service account with `cloud-platform` is the recommended
    /// setup and is not reported; an unknown email or scope is not judged.
    ///
    /// ## Why it matters
    ///
    /// The default service account holds the Editor role on the project. With the
    /// `cloud-platform` scope, anyone who runs code on the instance (through an application
    /// vulnerability, say) can read its token from the metadata server and change almost
    /// anything in the project.
    ///
    /// ## How to fix
    ///
    /// Give the instance a service account of its own, with only the roles it needs:
    ///
    /// ```hcl
    /// service_account {
    ///   email  = google_service_account.app.email
    ///   scopes = ["cloud-platform"]
    /// }
    /// ```
    pub struct GcpComputeDefaultSaFullScopes {
        id: "gcp-compute-default-sa-full-scopes",
        platform: Terraform,
        title: "Compute instance uses the default service account with full API access",
        severity: High,
        remediation: "Use a dedicated service account with least-privilege roles instead of the default one.",
        frameworks: [cis_gcp("4.2")],
        peers: [
            checkov("CKV_GCP_31"),
            kics("bc280331-27b9-4acb-a010-018e8098aa5d"),
        ],
        fixable: false,
    }
}

const KINDS: [&str; 3] = [
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_instance_from_template",
];

/// The scope that grants every Cloud API.
const FULL: [&str; 2] = [
    "cloud-platform",
    "https://www.googleapis.com/auth/cloud-platform",
];

impl TerraformRule for GcpComputeDefaultSaFullScopes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for account in resource.body().blocks_of("service_account") {
            let default = match account.body.attribute("email") {
                None => true,
                Some(email) if email.value.is_null() => true,
                Some(email) => email
                    .value
                    .as_str()
                    .is_some_and(|e| e.ends_with("-compute@developer.gserviceaccount.com")),
            };
            let Some(scopes) = account.body.attribute("scopes").filter(|_| default) else {
                continue;
            };
            for (_, element) in known_strings(&scopes.value).filter(|(s, _)| FULL.contains(s)) {
                cx.report_value(
                    scopes,
                    element,
                    "service_account.scopes",
                    "the default service account (Editor on the project) gets every Cloud API",
                );
            }
        }
    }
}
