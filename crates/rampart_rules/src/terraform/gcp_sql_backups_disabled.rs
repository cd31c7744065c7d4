use super::{nested, require_true, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `google_sql_database_instance` resources whose `settings` have no
    /// `backup_configuration` block, or one whose `enabled` is `false` or not set (it defaults
    /// to `false`). Read replicas (`master_instance_name` set), which cannot have backups of
    /// their own, are not judged, nor is an unknown value.
    ///
    /// ## Why it matters
    ///
    /// Without automated backups, a dropped table, a corrupted disk or ransomware that
    /// encrypts the data leaves nothing to restore from: the data is gone for good.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "google_sql_database_instance" "main" {
    ///   # ...
    ///   settings {
    ///     backup_configuration {
    ///       enabled = true
    ///     }
    ///   }
    /// }
    /// ```
    pub struct GcpSqlBackupsDisabled {
        id: "gcp-sql-backups-disabled",
        platform: Terraform,
        title: "Cloud SQL instance has automated backups disabled",
        severity: Medium,
        remediation: "Add settings.backup_configuration { enabled = true }.",
        frameworks: [cis_gcp("6.7")],
        peers: [
            checkov("CKV_GCP_14"),
            kics("cf3c7631-cd1e-42f3-8801-a561214a6e79"),
        ],
        fixable: false,
    }
}

const EFFECT: &str = "lost or corrupted data cannot be restored";

impl TerraformRule for GcpSqlBackupsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["google_sql_database_instance"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        // A replica's master: set (even to an unknown value) means a replica.
        if resource
            .attribute("master_instance_name")
            .is_some_and(|a| !a.value.is_null())
        {
            return;
        }
        let Nested::Blocks(settings) = nested(resource.body(), "settings") else {
            return;
        };
        for block in settings {
            match nested(&block.body, "backup_configuration") {
                Nested::Missing => {
                    cx.report(
                        block.span,
                        "settings",
                        format!("no backup_configuration block: {EFFECT}"),
                    );
                }
                Nested::Blocks(backups) => {
                    for backup in backups {
                        require_true(
                            cx,
                            &backup.body,
                            backup.span,
                            "settings.backup_configuration",
                            "enabled",
                            EFFECT,
                        );
                    }
                }
                Nested::Opaque => {}
            }
        }
    }
}
