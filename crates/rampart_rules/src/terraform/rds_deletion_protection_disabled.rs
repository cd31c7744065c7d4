use super::{require_true, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_db_instance` and `aws_rds_cluster` resources whose `deletion_protection` is
    /// `false` or not set (the default is `false`). Instances that belong to a cluster
    /// (`cluster_identifier`) take their protection from the cluster and are not judged.
    ///
    /// ## Why it matters
    ///
    /// Without deletion protection, one `terraform destroy`, a resource rename that Terraform
    /// plans as replace, or a stolen credential deletes the database, and with
    /// `skip_final_snapshot` nothing is left. Protection makes deletion a deliberate two-step
    /// act.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_db_instance" "app" {
    ///   # ...
    ///   deletion_protection = true
    /// }
    /// ```
    pub struct RdsDeletionProtectionDisabled {
        id: "aws-rds-deletion-protection-disabled",
        platform: Terraform,
        title: "RDS deletion protection is off",
        severity: Low,
        remediation: "Set deletion_protection = true on production databases.",
        frameworks: [mitre("T1485")],
        peers: [checkov("CKV_AWS_293")],
        fixable: false,
    }
}

impl TerraformRule for RdsDeletionProtectionDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_db_instance", "aws_rds_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let instance = resource.is("aws_db_instance");
        if !instance && !resource.is("aws_rds_cluster") {
            return;
        }
        if instance && resource.attribute("cluster_identifier").is_some() {
            return;
        }
        require_true(
            cx,
            resource.body(),
            resource.instance.span,
            "",
            "deletion_protection",
            "the database can be deleted in one step",
        );
    }
}
