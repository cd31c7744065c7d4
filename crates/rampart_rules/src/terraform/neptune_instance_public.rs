use super::{forbid_publicly_accessible, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_neptune_cluster_instance` resources whose `publicly_accessible` is `true` (the
    /// default is `false`). An unknown value is not judged.
    ///
    /// ## Why it matters
    ///
    /// Since engine 1.4.6, a Neptune instance can have a public endpoint: the graph database's
    /// port (8182) is then reachable from the internet as far as the cluster's security groups
    /// allow. IAM authentication is then required, but every request is a chance to try stolen
    /// or over-broad credentials, and every flaw of the query endpoints is exposed. A graph of
    /// relationships (identities, fraud rings, networks) belongs in private subnets.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_neptune_cluster_instance" "graph" {
    ///   cluster_identifier  = aws_neptune_cluster.graph.id
    ///   instance_class      = "db.r6g.large"
    ///   publicly_accessible = false
    /// }
    /// ```
    pub struct NeptuneInstancePublic {
        id: "aws-neptune-instance-public",
        platform: Terraform,
        title: "Neptune instance is publicly accessible",
        severity: High,
        remediation: "Set publicly_accessible = false.",
        frameworks: [mitre("T1190")],
        peers: [
            checkov("CKV_AWS_102"),
            kics("9ba198e0-fef4-464a-8a4d-75ea55300de7"),
        ],
        fixable: false,
    }
}

impl TerraformRule for NeptuneInstancePublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_neptune_cluster_instance"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_publicly_accessible(
            resource,
            cx,
            "the graph database gets a public endpoint reachable from the internet",
        );
    }
}
