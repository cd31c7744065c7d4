use super::policy_document::report_public_grants;
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// S3 bucket policies (`aws_s3_bucket_policy`, and the `policy` of `aws_s3_bucket` in
    /// provider 3 and earlier) with an `Allow` statement for any principal (`"*"` or
    /// `{"AWS": "*"}`) and no condition that restricts the callers (`aws:SourceIp`,
    /// `aws:SourceVpce`, `aws:PrincipalOrgID`, `aws:SourceArn` and the other keys that tie a
    /// request to known accounts, networks or resources). The policy is read as JSON (heredoc,
    /// `jsonencode`, `file`) or, when it is `data.aws_iam_policy_document.X.json`, from that
    /// data source's statements. A `Deny` for everyone (forcing TLS, say) is not a grant.
    ///
    /// ## Why it matters
    ///
    /// Such a statement opens the bucket's objects to anyone on the internet, or to any AWS
    /// account, for the actions it lists: reading every object, or writing and deleting them.
    /// Bucket policies granting `*` are, with ACLs, how most S3 data leaks happen.
    ///
    /// ## How to fix
    ///
    /// Grant named principals, or serve public content through CloudFront with origin access
    /// control and a condition on the distribution:
    ///
    /// ```hcl
    /// statement {
    ///   actions   = ["s3:GetObject"]
    ///   resources = ["${aws_s3_bucket.site.arn}/*"]
    ///   principals {
    ///     type        = "Service"
    ///     identifiers = ["cloudfront.amazonaws.com"]
    ///   }
    ///   condition {
    ///     test     = "StringEquals"
    ///     variable = "aws:SourceArn"
    ///     values   = [aws_cloudfront_distribution.site.arn]
    ///   }
    /// }
    /// ```
    pub struct S3BucketPolicyPublic {
        id: "aws-s3-bucket-policy-public",
        platform: Terraform,
        title: "S3 bucket policy grants access to anyone",
        severity: Critical,
        remediation: "Grant named principals, or restrict the statement with a condition on the source (aws:SourceArn, aws:PrincipalOrgID, aws:SourceVpce).",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_70"),
            kics("7af43613-6bb9-4a0e-8c4d-1314b799425e"),
        ],
        fixable: false,
    }
}

impl TerraformRule for S3BucketPolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_s3_bucket", "aws_s3_bucket_policy"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(policy) = resource.attribute("policy") else {
            return;
        };
        report_public_grants(resource, cx, policy, "bucket policy");
    }
}
