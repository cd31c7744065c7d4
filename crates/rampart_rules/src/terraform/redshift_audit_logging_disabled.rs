use super::{companion, nested, require_true, Link, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_redshift_cluster` resources without audit logging:
    ///
    /// - an inline `logging` block (provider 5 and earlier) whose `enable` is `false`;
    /// - no `logging` block, and no `aws_redshift_logging` in the configuration that refers to
    ///   the cluster (by reference, `aws_redshift_cluster.main.id`, or by its
    ///   `cluster_identifier`). Audit logging is off unless one of them turns it on. An
    ///   `aws_redshift_logging` whose `cluster_identifier` is not known might be the cluster's,
    ///   so then nothing is reported.
    ///
    /// Which logs are kept (`log_exports`) is not judged: any of them is audit logging.
    ///
    /// ## Why it matters
    ///
    /// Redshift's audit logs record every connection, each user change and, with user activity
    /// logging, every query. Without them nobody can tell who logged in, from where, or what
    /// data a compromised account read.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_redshift_logging" "main" {
    ///   cluster_identifier   = aws_redshift_cluster.main.id
    ///   log_destination_type = "cloudwatch"
    ///   log_exports          = ["connectionlog", "userlog", "useractivitylog"]
    /// }
    /// ```
    pub struct RedshiftAuditLoggingDisabled {
        id: "aws-redshift-audit-logging-disabled",
        platform: Terraform,
        title: "Redshift cluster audit logging is off",
        severity: Medium,
        remediation: "Add an aws_redshift_logging for the cluster (or logging { enable = true } in provider 5 and earlier).",
        frameworks: [mitre("T1562.008")],
        peers: [
            checkov("CKV_AWS_71"),
            kics("15ffbacc-fa42-4f6f-a57d-2feac7365caa"),
        ],
        fixable: false,
    }
}

/// What a cluster without audit logging misses.
const EFFECT: &str = "connections, user changes and queries are not recorded";

impl TerraformRule for RedshiftAuditLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_redshift_cluster"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        match nested(resource.body(), "logging") {
            Nested::Blocks(blocks) => {
                for block in blocks {
                    require_true(cx, &block.body, block.span, "logging", "enable", EFFECT);
                }
            }
            Nested::Missing => {
                let name = resource
                    .attribute("cluster_identifier")
                    .map(|c| c.value.as_str());
                let (link, _) =
                    companion(resource, "aws_redshift_logging", "cluster_identifier", name);
                if link == Link::No {
                    cx.report(
                        resource.instance.span,
                        "",
                        format!(
                            "no logging block and no aws_redshift_logging refers to {}: {EFFECT}",
                            resource.instance.address
                        ),
                    );
                }
            }
            Nested::Opaque => {}
        }
    }
}
