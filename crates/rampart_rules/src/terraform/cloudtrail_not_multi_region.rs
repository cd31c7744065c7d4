use super::{bool_setting, require_true, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_cloudtrail` trails whose `is_multi_region_trail` is `false` or not set (the
    /// default is `false`), and trails whose `include_global_service_events` is `false` (the
    /// default is `true`).
    ///
    /// ## Why it matters
    ///
    /// A single-region trail records nothing of what happens in the other regions: an
    /// attacker who launches instances or creates resources in a region you do not use goes
    /// unseen. Without global service events, the trail also misses IAM, STS and CloudFront
    /// calls, where most account takeovers show.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name                          = "main"
    ///   s3_bucket_name                = aws_s3_bucket.trail.id
    ///   is_multi_region_trail         = true
    ///   include_global_service_events = true
    /// }
    /// ```
    pub struct CloudtrailNotMultiRegion {
        id: "aws-cloudtrail-not-multi-region",
        platform: Terraform,
        title: "CloudTrail trail does not cover every region",
        severity: Medium,
        remediation: "Set is_multi_region_trail = true (and keep include_global_service_events true).",
        frameworks: [cis_aws("3.1")],
        peers: [
            checkov("CKV_AWS_67"),
            kics("8173d5eb-96b5-4aa6-a71b-ecfa153c123d"),
            trivy("AVD-AWS-0014"),
        ],
        fixable: false,
    }
}

impl TerraformRule for CloudtrailNotMultiRegion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_cloudtrail"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let body = resource.body();
        require_true(
            cx,
            body,
            resource.instance.span,
            "",
            "is_multi_region_trail",
            "the trail records the events of one region only",
        );
        if let Setting::Known(false, attribute) =
            bool_setting(body, "include_global_service_events")
        {
            cx.report_value(
                attribute,
                &attribute.value,
                "include_global_service_events",
                "include_global_service_events is false: IAM, STS and CloudFront events are not recorded",
            );
        }
    }
}
