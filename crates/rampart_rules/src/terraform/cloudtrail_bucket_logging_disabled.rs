use super::{bucket_logs, bucket_name, companion, Link, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// The S3 bucket that receives a CloudTrail trail's logs, when it has no server access
    /// logging. A bucket is the trail's when an `aws_cloudtrail` of the configuration names it
    /// in `s3_bucket_name` (by reference, `aws_s3_bucket.trail.id`, or by its known name). It
    /// logs when it has an inline `logging` block (provider 3 and earlier) or an
    /// `aws_s3_bucket_logging` that refers to it; one whose `bucket` is not known might, so then
    /// nothing is reported.
    ///
    /// ## Why it matters
    ///
    /// The trail bucket holds the account's audit record. Access logging on it shows who read,
    /// copied or deleted those records: without it, an attacker who covers their tracks by
    /// reading or tampering with the trail leaves no trace of doing so.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_s3_bucket_logging" "trail" {
    ///   bucket        = aws_s3_bucket.trail.id
    ///   target_bucket = aws_s3_bucket.access_logs.id
    ///   target_prefix = "trail/"
    /// }
    /// ```
    pub struct CloudtrailBucketLoggingDisabled {
        id: "aws-cloudtrail-bucket-logging-disabled",
        platform: Terraform,
        title: "CloudTrail bucket has no access logging",
        severity: Low,
        remediation: "Add an aws_s3_bucket_logging for the trail's bucket, delivering to another bucket.",
        frameworks: [cis_aws("3.4")],
        peers: [kics("ee9e50e8-b2ed-4176-ad42-8fc0cf7593f4")],
        fixable: false,
    }
}

impl TerraformRule for CloudtrailBucketLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_s3_bucket"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let name = bucket_name(resource);
        let (trail, _) = companion(resource, "aws_cloudtrail", "s3_bucket_name", Some(name));
        if trail != Link::Refers {
            return;
        }
        if !bucket_logs(resource) {
            cx.report(
                resource.instance.span,
                "",
                format!(
                    "{} receives CloudTrail logs but has no access logging",
                    resource.instance.address
                ),
            );
        }
    }
}
