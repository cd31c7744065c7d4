use super::gcp_iam::{report_role_members, PROJECT};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Grants of `roles/iam.serviceAccountUser` or `roles/iam.serviceAccountTokenCreator` on the
    /// whole project, to any member: `google_project_iam_member` and
    /// `google_project_iam_binding` resources, and the bindings of the policy that
    /// `google_project_iam_policy` applies. Its `policy_data` is read as JSON
    /// (`jsonencode({bindings = [...]})`) or, when it is `data.google_iam_policy.X.policy_data`,
    /// from that data source's `binding` blocks: the member is reported in the data source, once
    /// for each policy resource that applies it (the message names it). Unknown roles and
    /// members, and a `policy_data` that is neither known nor a `google_iam_policy` of the
    /// module, are not judged; the same roles granted on one service account
    /// (`google_service_account_iam_member`) are the fix, not a finding.
    ///
    /// ## Why it matters
    ///
    /// Granted on the project, these roles let the member act as every service account of the
    /// project, present and future: attach any of them to a VM or a function it deploys, or
    /// mint their access tokens. Whoever holds them has, in effect, the union of all the
    /// service accounts' permissions, which usually includes an administrator's.
    ///
    /// ## How to fix
    ///
    /// Grant the role on the service account that the member needs to use:
    ///
    /// ```hcl
    /// resource "google_service_account_iam_member" "deployer" {
    ///   service_account_id = google_service_account.runtime.name
    ///   role               = "roles/iam.serviceAccountUser"
    ///   member             = "user:jane@example.com"
    /// }
    /// ```
    pub struct GcpProjectServiceAccountImpersonation {
        id: "gcp-project-service-account-impersonation",
        platform: Terraform,
        title: "Project grants Service Account User or Token Creator to a member",
        severity: High,
        remediation: "Grant roles/iam.serviceAccountUser and roles/iam.serviceAccountTokenCreator on individual service accounts, not on the project.",
        frameworks: [cis_gcp("1.6")],
        peers: [
            checkov("CKV_GCP_41"),
            kics("617ef6ff-711e-4bd7-94ae-e965911b1b40"),
            kics("c68b4e6d-4e01-4ca1-b256-1e18e875785c"),
            trivy("AVD-GCP-0011"),
        ],
        fixable: false,
    }
}

const IMPERSONATION_ROLES: [&str; 2] = [
    "roles/iam.serviceAccountUser",
    "roles/iam.serviceAccountTokenCreator",
];

impl TerraformRule for GcpProjectServiceAccountImpersonation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "google_project_iam_member",
            "google_project_iam_binding",
            "google_project_iam_policy",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        report_role_members(
            resource,
            cx,
            (PROJECT, &IMPERSONATION_ROLES),
            &|_| true,
            &|role, member| {
                format!("{role} is granted on the project to {member}: it can act as every service account of the project")
            },
        );
    }
}
