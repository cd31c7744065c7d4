use super::{bucket_link, nested, require_true, Link, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// S3 buckets without versioning:
    ///
    /// - an `aws_s3_bucket` whose inline `versioning` block (provider 3 and earlier) has
    ///   `enabled` set to `false` or not set (it defaults to `false`);
    /// - an `aws_s3_bucket` with no inline `versioning` block and no
    ///   `aws_s3_bucket_versioning` in the configuration that refers to it (by reference,
    ///   `aws_s3_bucket.data.id`, or by name); a versioning resource whose `bucket` is not
    ///   known might be the bucket's, so then nothing is reported;
    /// - an `aws_s3_bucket_versioning` whose `versioning_configuration.status` is
    ///   `"Suspended"` or `"Disabled"`.
    ///
    /// ## Why it matters
    ///
    /// Without versioning, an overwrite or a delete is final: a faulty job, a compromised
    /// credential or ransomware that rewrites every object leaves nothing to restore.
    /// Versioning keeps the previous versions (expire them with a lifecycle rule to bound the
    /// cost).
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_s3_bucket_versioning" "data" {
    ///   bucket = aws_s3_bucket.data.id
    ///   versioning_configuration {
    ///     status = "Enabled"
    ///   }
    /// }
    /// ```
    pub struct S3BucketVersioningDisabled {
        id: "aws-s3-bucket-versioning-disabled",
        platform: Terraform,
        title: "S3 bucket versioning is off",
        severity: Low,
        remediation: "Add an aws_s3_bucket_versioning with status = \"Enabled\" for the bucket.",
        frameworks: [mitre("T1485")],
        peers: [
            checkov("CKV_AWS_21"),
            kics("568a4d22-3517-44a6-a7ad-6a7eed88722c"),
            trivy("AVD-AWS-0090"),
        ],
        fixable: false,
    }
}

impl TerraformRule for S3BucketVersioningDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_s3_bucket", "aws_s3_bucket_versioning"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource.is("aws_s3_bucket_versioning") {
            for block in resource.body().blocks_of("versioning_configuration") {
                let Some(status) = block.body.attribute("status") else {
                    continue;
                };
                if let Some(text) = status
                    .value
                    .as_str()
                    .filter(|s| ["Suspended", "Disabled"].contains(s))
                {
                    cx.report_value(
                        status,
                        &status.value,
                        "versioning_configuration.status",
                        format!("versioning is {text}: overwritten and deleted objects cannot be restored"),
                    );
                }
            }
            return;
        }
        if !resource.is("aws_s3_bucket") {
            return;
        }
        let inline: Vec<_> = resource.body().blocks_of("versioning").collect();
        for block in &inline {
            require_true(
                cx,
                &block.body,
                block.span,
                "versioning",
                "enabled",
                "overwritten and deleted objects cannot be restored",
            );
        }
        if !inline.is_empty() || !matches!(nested(resource.body(), "versioning"), Nested::Missing) {
            return;
        }
        if bucket_link(resource, "aws_s3_bucket_versioning") == Link::No {
            cx.report(
                resource.instance.span,
                "",
                format!(
                    "no aws_s3_bucket_versioning refers to {}: overwritten and deleted objects cannot be restored",
                    resource.instance.address
                ),
            );
        }
    }
}
