use super::{bool_setting, nested, Nested, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

const EFFECT: &str = "the workgroup does not encrypt its query results (only the bucket's default encryption applies)";

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_athena_workgroup` resources whose query results have no `encryption_configuration`:
    /// reported at the resource when it has no `configuration` block, at the `configuration`
    /// block when it has no `result_configuration`, and at the `result_configuration` block
    /// when it has no `encryption_configuration`. Any `encryption_option` (`SSE_S3`, `SSE_KMS`,
    /// `CSE_KMS`) passes. A workgroup that keeps its results in Athena-managed storage
    /// (`managed_query_results_configuration { enabled = true }`, always encrypted, or an
    /// `enabled` not known before apply) is not reported, nor are blocks not known before apply (an attribute
    /// whose value is unknown, a `dynamic` block over an unknown collection).
    ///
    /// ## Why it matters
    ///
    /// Query results are copies of the data queried, often the most sensitive columns, written
    /// to S3 as CSV files. Since January 2023 S3 encrypts every new object with SSE-S3 at
    /// least, so results are not stored in clear; but without the workgroup's own setting
    /// their protection depends on each output bucket's default, and with
    /// `enforce_workgroup_configuration` the workgroup is the one place that can require a KMS
    /// key (whose policy then also controls who reads results). Hence the low severity.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_athena_workgroup" "analytics" {
    ///   name = "analytics"
    ///
    ///   configuration {
    ///     enforce_workgroup_configuration = true
    ///
    ///     result_configuration {
    ///       output_location = "s3://${aws_s3_bucket.results.bucket}/output/"
    ///
    ///       encryption_configuration {
    ///         encryption_option = "SSE_KMS"
    ///         kms_key_arn       = aws_kms_key.athena.arn
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    pub struct AthenaWorkgroupNotEncrypted {
        id: "aws-athena-workgroup-not-encrypted",
        platform: Terraform,
        title: "Athena workgroup does not encrypt query results",
        severity: Low,
        remediation: "Add result_configuration { encryption_configuration { encryption_option = \"SSE_KMS\" } }.",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_159"),
            kics("d364984a-a222-4b5f-a8b0-e23ab19ebff3"),
            trivy("AVD-AWS-0006"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AthenaWorkgroupNotEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_athena_workgroup"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let configurations = match nested(resource.body(), "configuration") {
            Nested::Missing => {
                cx.report(
                    resource.instance.span,
                    "",
                    format!("no configuration block: {EFFECT}"),
                );
                return;
            }
            Nested::Opaque => return,
            Nested::Blocks(blocks) => blocks,
        };
        for configuration in configurations {
            let managed = configuration
                .body
                .blocks_of("managed_query_results_configuration")
                .any(|m| {
                    matches!(
                        bool_setting(&m.body, "enabled"),
                        Setting::Known(true, _) | Setting::Unknown
                    )
                });
            if managed {
                continue;
            }
            match nested(&configuration.body, "result_configuration") {
                Nested::Missing => {
                    cx.report(
                        configuration.span,
                        "configuration",
                        format!("no result_configuration block: {EFFECT}"),
                    );
                }
                Nested::Opaque => {}
                Nested::Blocks(results) => {
                    for result in results {
                        if matches!(
                            nested(&result.body, "encryption_configuration"),
                            Nested::Missing
                        ) {
                            cx.report(
                                result.span,
                                "configuration.result_configuration",
                                format!("no encryption_configuration block: {EFFECT}"),
                            );
                        }
                    }
                }
            }
        }
    }
}
