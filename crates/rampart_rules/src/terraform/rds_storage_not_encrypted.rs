use super::{bool_setting, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_db_instance` and `aws_rds_cluster` resources whose `storage_encrypted` is `false`
    /// or not set (the default is `false`). A read replica (`replicate_source_db`), a cluster
    /// member (`cluster_identifier` on an instance) and a cluster restored from a snapshot
    /// (`snapshot_identifier`) take their encryption from their source, a serverless v1
    /// cluster is always encrypted, and a `kms_key_id` asks for encryption with that key, so
    /// those are not judged on a missing setting.
    ///
    /// ## Why it matters
    ///
    /// Unencrypted database storage leaves the data, its automated backups, snapshots and read
    /// replicas readable to anyone who obtains the underlying volumes or a shared snapshot.
    /// Encryption cannot be turned on later without recreating the database from a snapshot.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_db_instance" "app" {
    ///   # ...
    ///   storage_encrypted = true
    ///   kms_key_id        = aws_kms_key.rds.arn
    /// }
    /// ```
    pub struct RdsStorageNotEncrypted {
        id: "aws-rds-storage-not-encrypted",
        platform: Terraform,
        title: "RDS storage is not encrypted",
        severity: High,
        remediation: "Set storage_encrypted = true (with a customer-managed kms_key_id).",
        frameworks: [cis_aws("2.3.1")],
        peers: [
            checkov("CKV_AWS_16"),
            checkov("CKV_AWS_96"),
            kics("08bd0760-8752-44e1-9779-7bb369b2b4e4"),
            kics("3199c26c-7871-4cb3-99c2-10a59244ce7f"),
            trivy("AVD-AWS-0080"),
        ],
        fixable: false,
    }
}

impl TerraformRule for RdsStorageNotEncrypted {
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
        match bool_setting(resource.body(), "storage_encrypted") {
            Setting::Known(false, attribute) => {
                cx.report_value(
                    attribute,
                    &attribute.value,
                    "storage_encrypted",
                    format!("{} storage is not encrypted", resource.kind()),
                );
            }
            Setting::Missing => {
                let inherits = ["replicate_source_db", "snapshot_identifier", "kms_key_id"]
                    .iter()
                    .any(|name| resource.attribute(name).is_some_and(|a| !a.value.is_null()))
                    || (instance && resource.attribute("cluster_identifier").is_some())
                    || resource
                        .attribute("engine_mode")
                        .is_some_and(|mode| mode.value.as_str() == Some("serverless"));
                if !inherits {
                    cx.report(
                        resource.instance.span,
                        "",
                        format!(
                            "{} does not set storage_encrypted (it defaults to false)",
                            resource.kind()
                        ),
                    );
                }
            }
            Setting::Known(true, _) | Setting::Unknown => {}
        }
    }
}
