use rampart_terraform::{EvalBody, Kind, Mode, Value};

use super::{bucket_logs, bucket_name, companion, link, Link, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_s3_bucket` resources without server access logging: no inline `logging` block
    /// (provider 3 and earlier) and no `aws_s3_bucket_logging` that refers to the bucket (by
    /// reference or by its known name; one whose `bucket` is not known might, so then nothing
    /// is reported).
    ///
    /// Buckets that receive logs are not reported: the target of another bucket's access
    /// logging (an inline `logging` block's or an `aws_s3_bucket_logging`'s `target_bucket`), a
    /// bucket with the `log-delivery-write` ACL, and any bucket that a logging
    /// setting of the configuration names (a load balancer's `access_logs`, a CloudFront
    /// `logging_config`, a flow log's `log_destination`: any argument or block whose name
    /// contains `log`). Logging a log bucket into another bucket only moves the question. The
    /// bucket of a CloudTrail trail is `aws-cloudtrail-bucket-logging-disabled`'s (CIS AWS
    /// 3.4), and is not reported twice.
    ///
    /// ## Why it matters
    ///
    /// Server access logs record every request made to the bucket: who read, wrote or deleted
    /// which object, from where. CloudTrail records only management events by default, not
    /// object reads. Without access logs, a leak of the bucket's data (a stolen key, a policy
    /// opened by mistake) leaves no record of what was taken, and an incident response cannot
    /// tell which objects to treat as exposed.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_s3_bucket_logging" "data" {
    ///   bucket        = aws_s3_bucket.data.id
    ///   target_bucket = aws_s3_bucket.access_logs.id
    ///   target_prefix = "data/"
    /// }
    /// ```
    pub struct S3BucketLoggingDisabled {
        id: "aws-s3-bucket-logging-disabled",
        platform: Terraform,
        title: "S3 bucket has no server access logging",
        severity: Low,
        remediation: "Add an aws_s3_bucket_logging for the bucket, delivering to a separate log bucket.",
        frameworks: [mitre("T1562.008")],
        peers: [
            checkov("CKV_AWS_18"),
            kics("f861041c-8c9f-4156-acfc-5e6e524f5884"),
            trivy("AVD-AWS-0089"),
        ],
        fixable: false,
    }
}

impl TerraformRule for S3BucketLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_s3_bucket"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if bucket_logs(resource) || receives_logs(resource) {
            return;
        }
        cx.report(
            resource.instance.span,
            "",
            format!(
                "{} has no server access logging: reads and deletions of its objects leave no record",
                resource.instance.address
            ),
        );
    }
}

/// Whether `bucket` is where logs are delivered: its ACL is `log-delivery-write`, a CloudTrail
/// trail or an `aws_s3_bucket_logging` (`target_bucket`) writes to it, or a logging setting of
/// another resource names it.
fn receives_logs(bucket: &Resource<'_>) -> bool {
    let name = bucket_name(bucket);
    let log_acl = |value: &Value| value.as_str() == Some("log-delivery-write");
    if bucket.attribute("acl").is_some_and(|a| log_acl(&a.value)) {
        return true;
    }
    let (acl, with) = companion(bucket, "aws_s3_bucket_acl", "bucket", Some(name));
    if acl == Link::Refers
        && with.is_some_and(|a| a.body.attribute("acl").is_some_and(|v| log_acl(&v.value)))
    {
        return true;
    }
    if companion(bucket, "aws_cloudtrail", "s3_bucket_name", Some(name)).0 == Link::Refers
        || companion(bucket, "aws_s3_bucket_logging", "target_bucket", Some(name)).0 == Link::Refers
    {
        return true;
    }
    let key = format!("{}.{}", bucket.instance.kind, bucket.instance.name);
    bucket
        .root
        .walk()
        .flat_map(|m| &m.resources)
        .filter(|other| other.mode == Mode::Managed && other.address != bucket.instance.address)
        .any(|other| names_in_log_setting(&other.body, false, &key, name))
}

/// Whether an argument of `body` whose name (or the name of a block around it) contains `log`
/// refers to the bucket `key` (or names it, `name`).
fn names_in_log_setting(body: &EvalBody, in_log: bool, key: &str, name: Option<&str>) -> bool {
    body.attributes.iter().any(|attribute| {
        (in_log || attribute.name.contains("log")) && refers(&attribute.value, key, name)
    }) || body.blocks.iter().any(|block| {
        names_in_log_setting(&block.body, in_log || block.kind.contains("log"), key, name)
    })
}

/// Whether `value`, or a value inside it, refers to the bucket. A bucket is also named by its
/// domain name or ARN, which a template builds from a reference (`aws_s3_bucket.logs.arn`).
fn refers(value: &Value, key: &str, name: Option<&str>) -> bool {
    match &value.kind {
        Kind::List(items) => items.iter().any(|v| refers(v, key, name)),
        Kind::Map(entries) => entries.values().any(|v| refers(v, key, name)),
        Kind::String(text) => name.is_some_and(|name| {
            &**text == name
                || text
                    .strip_prefix("arn:aws:s3:::")
                    .is_some_and(|rest| rest.split('/').next() == Some(name))
                || text.starts_with(&format!("{name}.s3."))
        }),
        _ => link(value, key, Some(name)) == Link::Refers,
    }
}
