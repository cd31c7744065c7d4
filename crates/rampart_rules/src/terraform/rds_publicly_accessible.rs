use super::{forbid_publicly_accessible, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_db_instance` and `aws_rds_cluster_instance` resources whose `publicly_accessible`
    /// is `true` (the default is `false`). A value set through a variable, a tfvars file or a
    /// module argument is judged as Terraform would set it; an unknown one is not judged.
    ///
    /// ## Why it matters
    ///
    /// A publicly accessible database gets a public DNS name that resolves to a public IP
    /// address: whoever the security group lets in can reach the database port from the
    /// internet, and try credentials or exploit the engine directly. Databases belong in
    /// private subnets, reached through the application or a bastion.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_db_instance" "app" {
    ///   # ...
    ///   publicly_accessible  = false
    ///   db_subnet_group_name = aws_db_subnet_group.private.name
    /// }
    /// ```
    pub struct RdsPubliclyAccessible {
        id: "aws-rds-publicly-accessible",
        platform: Terraform,
        title: "RDS instance is publicly accessible",
        severity: High,
        remediation: "Set publicly_accessible = false and place the database in private subnets.",
        frameworks: [cis_aws("2.3.3")],
        peers: [
            checkov("CKV_AWS_17"),
            kics("35113e6f-2c6b-414d-beec-7a9482d3b2d1"),
            trivy("AVD-AWS-0082"),
        ],
        fixable: false,
    }
}

impl TerraformRule for RdsPubliclyAccessible {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_db_instance", "aws_rds_cluster_instance"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        forbid_publicly_accessible(
            resource,
            cx,
            "the database gets a public address reachable from the internet",
        );
    }
}
