use super::{forbid_publicly_accessible, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_redshift_cluster` resources whose `publicly_accessible` is `true`. The default has
    /// changed across provider versions (and AWS now creates clusters private), so a cluster
    /// that does not set it is not reported.
    ///
    /// ## Why it matters
    ///
    /// A publicly accessible cluster gets a public IP address and a DNS name that resolves to
    /// it: whatever its security groups let through, from anywhere on the internet, reaches the
    /// database port, where credentials are brute-forced and engine vulnerabilities exploited.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_redshift_cluster" "warehouse" {
    ///   # ...
    ///   publicly_accessible = false
    /// }
    /// ```
    pub struct RedshiftPubliclyAccessible {
        id: "aws-redshift-publicly-accessible",
        platform: Terraform,
        title: "Redshift cluster is publicly accessible",
        severity: High,
        remediation: "Set publicly_accessible = false and reach the cluster from inside the VPC.",
        frameworks: [mitre("T1190")],
        peers: [
            checkov("CKV_AWS_87"),
            kics("af173fde-95ea-4584-b904-bb3923ac4bda"),
        ],
        fixable: false,
    }
}

impl TerraformRule for RedshiftPubliclyAccessible {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_redshift_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_publicly_accessible(
            resource,
            cx,
            "the cluster gets a public address reachable from the internet",
        );
    }
}
