use super::{bool_setting, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_s3_bucket_public_access_block` and `aws_s3_account_public_access_block` resources
    /// that leave one of their four protections off: `block_public_acls`,
    /// `block_public_policy`, `ignore_public_acls` or `restrict_public_buckets` set to `false`,
    /// or not set (the provider's default is `false`). A value that comes through a variable,
    /// a tfvars file or a module argument is judged as Terraform would set it, and the finding
    /// shows where it was set; a value not known before apply is not judged.
    ///
    /// ## Why it matters
    ///
    /// The public access block is the guard rail that keeps a bucket private whatever its ACLs
    /// and policy say. Each setting left off reopens one path to public exposure: a public ACL
    /// on the bucket or an object, a bucket policy granting `*`, or cross-account access to a
    /// public bucket. Public buckets are the most common cause of cloud data leaks.
    ///
    /// ## How to fix
    ///
    /// Turn all four settings on (and only open a bucket through CloudFront or a narrowly
    /// scoped policy when it must serve public content):
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
    pub struct S3PublicAccessBlockDisabled {
        id: "aws-s3-public-access-block-disabled",
        platform: Terraform,
        title: "S3 public access block leaves a protection off",
        severity: High,
        remediation: "Set block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets to true.",
        frameworks: [cis_aws("2.1.4")],
        peers: [
            checkov("CKV_AWS_53"),
            checkov("CKV_AWS_54"),
            checkov("CKV_AWS_55"),
            checkov("CKV_AWS_56"),
            kics("d0cc8694-fcad-43ff-ac86-32331d7e867f"),
            kics("1a4bc881-9f69-4d44-8c9a-d37d08f54c50"),
            kics("4fa66806-0dd9-4f8d-9480-3174d39c7c91"),
            kics("1ec253ab-c220-4d63-b2de-5b40e0af9293"),
            trivy("AVD-AWS-0086"),
        ],
        fixable: false,
    }
}

/// The four settings of a public access block, each with what leaving it off allows.
pub(super) const SETTINGS: [(&str, &str); 4] = [
    ("block_public_acls", "new public ACLs are accepted"),
    ("block_public_policy", "public bucket policies are accepted"),
    ("ignore_public_acls", "existing public ACLs are honoured"),
    ("restrict_public_buckets", "public policies grant access"),
];

impl TerraformRule for S3PublicAccessBlockDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "aws_s3_bucket_public_access_block",
            "aws_s3_account_public_access_block",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if !resource.is("aws_s3_bucket_public_access_block")
            && !resource.is("aws_s3_account_public_access_block")
        {
            return;
        }
        for (name, effect) in SETTINGS {
            match bool_setting(resource.body(), name) {
                Setting::Known(false, attribute) => {
                    cx.report_value(
                        attribute,
                        &attribute.value,
                        name,
                        format!("{name} is false: {effect}"),
                    );
                }
                Setting::Missing => {
                    cx.report(
                        resource.instance.span,
                        "",
                        format!("{name} is not set (it defaults to false): {effect}"),
                    );
                }
                Setting::Known(true, _) | Setting::Unknown => {}
            }
        }
    }
}
