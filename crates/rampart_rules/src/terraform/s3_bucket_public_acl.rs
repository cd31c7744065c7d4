use rampart_terraform::{EvalAttribute, EvalBody};

use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// S3 ACLs that grant access to everyone: the canned ACLs `public-read`,
    /// `public-read-write` and `authenticated-read` (any AWS account counts as authenticated)
    /// in the `acl` of `aws_s3_bucket` (provider 3 and earlier) or `aws_s3_bucket_acl`, and
    /// grants whose grantee `uri` is the `AllUsers` or `AuthenticatedUsers` group (`grant`
    /// blocks of `aws_s3_bucket`, `access_control_policy.grant.grantee` of
    /// `aws_s3_bucket_acl`).
    ///
    /// ## Why it matters
    ///
    /// A public-read ACL lets anyone on the internet list or download the bucket's objects;
    /// public-read-write also lets them upload and overwrite, turning the bucket into free
    /// malware hosting or a way to tamper with what your site serves. Public ACLs are behind
    /// many of the largest cloud data leaks. (A public access block with `ignore_public_acls`
    /// neutralises them; keep both right.)
    ///
    /// ## How to fix
    ///
    /// Keep buckets private and serve public content through CloudFront with origin access
    /// control:
    ///
    /// ```hcl
    /// resource "aws_s3_bucket_ownership_controls" "data" {
    ///   bucket = aws_s3_bucket.data.id
    ///   rule {
    ///     object_ownership = "BucketOwnerEnforced" # ACLs disabled
    ///   }
    /// }
    /// ```
    pub struct S3BucketPublicAcl {
        id: "aws-s3-bucket-public-acl",
        platform: Terraform,
        title: "S3 bucket ACL grants access to everyone",
        severity: Critical,
        remediation: "Use the private ACL (or disable ACLs with BucketOwnerEnforced) and share through CloudFront or scoped policies.",
        frameworks: [mitre("T1530")],
        peers: [
            checkov("CKV_AWS_20"),
            checkov("CKV_AWS_57"),
            kics("38c5ee0d-7f22-4260-ab72-5073048df100"),
            kics("57b9893d-33b1-4419-bcea-a717ea87e139"),
            trivy("AVD-AWS-0092"),
        ],
        fixable: false,
    }
}

/// The canned ACLs that grant everyone access, and what they grant.
const PUBLIC_ACLS: [(&str, &str); 3] = [
    (
        "public-read",
        "anyone on the internet can list and read the objects",
    ),
    (
        "public-read-write",
        "anyone on the internet can read and write the objects",
    ),
    (
        "authenticated-read",
        "any AWS account can list and read the objects",
    ),
];

/// The grantee groups that mean everyone.
const PUBLIC_GROUPS: [&str; 2] = [
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

impl TerraformRule for S3BucketPublicAcl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_s3_bucket", "aws_s3_bucket_acl"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let bucket = resource.is("aws_s3_bucket");
        if !bucket && !resource.is("aws_s3_bucket_acl") {
            return;
        }
        if let Some(acl) = resource.attribute("acl") {
            if let Some((name, effect)) = PUBLIC_ACLS
                .iter()
                .find(|(name, _)| acl.value.as_str() == Some(name))
            {
                cx.report_value(acl, &acl.value, "acl", format!("acl is {name:?}: {effect}"));
            }
        }
        if bucket {
            for (i, grant) in resource.body().blocks_of("grant").enumerate() {
                check_uri(&grant.body, &format!("grant[{i}].uri"), "uri", cx);
            }
        } else {
            for policy in resource.body().blocks_of("access_control_policy") {
                for (i, grant) in policy.body.blocks_of("grant").enumerate() {
                    for grantee in grant.body.blocks_of("grantee") {
                        let route = format!("access_control_policy.grant[{i}].grantee.uri");
                        check_uri(&grantee.body, &route, "uri", cx);
                    }
                }
            }
        }
    }
}

/// Reports the `name` attribute of `body` if it is a grantee group that means everyone.
fn check_uri(body: &EvalBody, route: &str, name: &str, cx: &mut TfContext<'_>) {
    let Some(uri): Option<&EvalAttribute> = body.attribute(name) else {
        return;
    };
    if let Some(group) = uri.value.as_str().filter(|u| PUBLIC_GROUPS.contains(u)) {
        cx.report_value(
            uri,
            &uri.value,
            route,
            format!("a grant to {group} opens the bucket to everyone"),
        );
    }
}
