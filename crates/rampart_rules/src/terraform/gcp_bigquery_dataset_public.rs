use super::gcp_iam::{report_public_members, Family, PUBLIC_MEMBERS};
use super::{nested, EvalBody, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// BigQuery datasets open to everyone: `access` blocks of `google_bigquery_dataset` (and
    /// `google_bigquery_dataset_access` resources) whose `special_group` or `iam_member` is
    /// `allUsers` or `allAuthenticatedUsers`, `google_bigquery_dataset_iam_member` /
    /// `google_bigquery_dataset_iam_binding` resources that grant a role to one of them, and
    /// the bindings of the policy that `google_bigquery_dataset_iam_policy` applies. Its
    /// `policy_data` is read as JSON (`jsonencode({bindings = [...]})`) or, when it is
    /// `data.google_iam_policy.X.policy_data`, from that data source's `binding` blocks: the
    /// member is reported in the data source, once for each policy resource that applies it (the
    /// message names it). Unknown members, and a `policy_data` that is neither known nor a
    /// `google_iam_policy` of the module, are not judged.
    ///
    /// ## Why it matters
    ///
    /// `allUsers` is anyone on the internet and `allAuthenticatedUsers` any Google account,
    /// inside the organization or not: the dataset's tables can be read (or changed, with a
    /// writer role) by anyone who knows its name.
    ///
    /// ## How to fix
    ///
    /// Grant the dataset to specific users, groups, service accounts or a domain:
    ///
    /// ```hcl
    /// resource "google_bigquery_dataset" "main" {
    ///   # ...
    ///   access {
    ///     role          = "READER"
    ///     group_by_email = "analysts@example.com"
    ///   }
    /// }
    /// ```
    pub struct GcpBigqueryDatasetPublic {
        id: "gcp-bigquery-dataset-public",
        platform: Terraform,
        title: "BigQuery dataset is granted to allUsers or allAuthenticatedUsers",
        severity: High,
        remediation: "Grant the dataset to specific users, groups or service accounts, never allUsers or allAuthenticatedUsers.",
        frameworks: [cis_gcp("7.1")],
        peers: [
            checkov("CKV_GCP_15"),
            kics("e576ce44-dd03-4022-a8c0-3906acca2ab4"),
            trivy("AVD-GCP-0046"),
        ],
        fixable: false,
    }
}

/// The attributes of an access entry that can name everyone.
const ACCESS_MEMBERS: [&str; 2] = ["special_group", "iam_member"];

fn message(member: &str) -> String {
    format!("the dataset is granted to {member}")
}

/// The dataset grants.
const DATASET: Family = Family {
    member: "google_bigquery_dataset_iam_member",
    binding: "google_bigquery_dataset_iam_binding",
    policy: "google_bigquery_dataset_iam_policy",
};

/// Reports the public members of one access entry (`prefix` is its route).
fn check_access(body: &EvalBody, prefix: &str, cx: &mut TfContext<'_>) {
    for name in ACCESS_MEMBERS {
        let Some(attribute) = body.attribute(name) else {
            continue;
        };
        if let Some(member) = attribute
            .value
            .as_str()
            .filter(|m| PUBLIC_MEMBERS.contains(m))
        {
            let route = super::route(prefix, name);
            cx.report_value(attribute, &attribute.value, &route, message(member));
        }
    }
}

impl TerraformRule for GcpBigqueryDatasetPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "google_bigquery_dataset",
            "google_bigquery_dataset_access",
            "google_bigquery_dataset_iam_member",
            "google_bigquery_dataset_iam_binding",
            "google_bigquery_dataset_iam_policy",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource.is("google_bigquery_dataset") {
            if let Nested::Blocks(blocks) = nested(resource.body(), "access") {
                for block in blocks {
                    check_access(&block.body, "access", cx);
                }
            }
        } else if resource.is("google_bigquery_dataset_access") {
            check_access(resource.body(), "", cx);
        } else {
            report_public_members(resource, cx, DATASET, &|_, member| message(member));
        }
    }
}
