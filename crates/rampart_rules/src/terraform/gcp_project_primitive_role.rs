use super::gcp_iam::{report_role_members, PROJECT};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Project grants of the basic (primitive) role `roles/owner` or `roles/editor` to a user
    /// or a service account: `google_project_iam_member` and `google_project_iam_binding`
    /// resources, and the bindings of the policy that `google_project_iam_policy` applies. Its
    /// `policy_data` is read as JSON (`jsonencode({bindings = [...]})`) or, when it is
    /// `data.google_iam_policy.X.policy_data`, from that data source's `binding` blocks: the
    /// member is reported in the data source, once for each policy resource that applies it (the
    /// message names it). Grants to groups, unknown roles or members, and a `policy_data` that
    /// is neither known nor a `google_iam_policy` of the module are not judged.
    ///
    /// ## Why it matters
    ///
    /// The basic roles predate IAM's fine-grained roles: `roles/editor` can change almost every
    /// resource of the project and `roles/owner` can also grant access to anyone. A service
    /// account holding one is a project takeover for whoever gets its key or runs code on a
    /// machine it is attached to; a user holding one is a single stolen session away from it.
    ///
    /// ## How to fix
    ///
    /// Grant the predefined roles the identity needs:
    ///
    /// ```hcl
    /// resource "google_project_iam_member" "deployer" {
    ///   project = "my-project"
    ///   role    = "roles/run.developer"
    ///   member  = "serviceAccount:deployer@my-project.iam.gserviceaccount.com"
    /// }
    /// ```
    pub struct GcpProjectPrimitiveRole {
        id: "gcp-project-primitive-role",
        platform: Terraform,
        title: "Project grants roles/owner or roles/editor to a user or service account",
        severity: High,
        remediation: "Replace roles/owner and roles/editor with the predefined roles the identity needs.",
        frameworks: [cis_gcp("1.5")],
        peers: [
            checkov("CKV_GCP_117"),
        ],
        fixable: false,
    }
}

const BASIC_ROLES: [&str; 2] = ["roles/owner", "roles/editor"];

/// Whether `member` names a user or a service account.
fn is_identity(member: &str) -> bool {
    member.starts_with("user:") || member.starts_with("serviceAccount:")
}

impl TerraformRule for GcpProjectPrimitiveRole {
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
            (PROJECT, &BASIC_ROLES),
            &is_identity,
            &|role, member| format!("{role} is granted to {member}"),
        );
    }
}
