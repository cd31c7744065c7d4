use super::s3_public_access_block_disabled::SETTINGS;
use super::{bool_setting, bucket_link, Link, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_s3_bucket` resources that no `aws_s3_bucket_public_access_block` of the configuration
    /// protects. A block protects a bucket when its `bucket` refers to that bucket
    /// (`aws_s3_bucket.data.id`, known only after apply: the reference is followed) or names it
    /// (`"data-bucket"`, equal to the bucket's `bucket`). An account-wide
    /// `aws_s3_account_public_access_block` with all four settings on, anywhere in the
    /// configuration, protects every bucket. A block whose `bucket` is not known at all (from a
    /// data source, a remote module) might protect any bucket, so then nothing is
    /// reported.
    ///
    /// ## Why it matters
    ///
    /// Since version 4 of the AWS provider, a bucket's public access block is a separate
    /// resource: forgetting it leaves the bucket one ACL or policy change away from being
    /// public. Whether each block's settings are on is `aws-s3-public-access-block-disabled`'s
    /// concern; this rule finds the buckets that have none.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_s3_bucket_public_access_block" "data" {
    ///   bucket                  = aws_s3_bucket.data.id
    ///   block_public_acls       = true
    ///   block_public_policy     = true
    ///   ignore_public_acls      = true
    ///   restrict_public_buckets = true
    /// }
    /// ```
    pub struct S3BucketWithoutPublicAccessBlock {
        id: "aws-s3-bucket-without-public-access-block",
        platform: Terraform,
        title: "S3 bucket has no public access block",
        severity: Medium,
        remediation: "Add an aws_s3_bucket_public_access_block for the bucket with all four settings true.",
        frameworks: [cis_aws("2.1.4")],
        peers: [checkov("CKV2_AWS_6"), trivy("AVD-AWS-0094")],
        fixable: false,
    }
}

impl TerraformRule for S3BucketWithoutPublicAccessBlock {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_s3_bucket"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let protected = bucket_link(resource, "aws_s3_bucket_public_access_block") != Link::No;
        if protected || account_blocks(resource) {
            return;
        }
        cx.report(
            resource.instance.span,
            "",
            format!(
                "no aws_s3_bucket_public_access_block refers to {}",
                resource.instance.address
            ),
        );
    }
}

/// Whether an account-wide public access block with every setting on is in the configuration.
fn account_blocks(resource: &Resource<'_>) -> bool {
    resource
        .root
        .resources_of("aws_s3_account_public_access_block")
        .any(|r| {
            SETTINGS
                .iter()
                .all(|(s, _)| matches!(bool_setting(&r.body, s), Setting::Known(true, _)))
        })
}
