use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_cloudfront_distribution` cache behaviors (`default_cache_behavior` and every
    /// `ordered_cache_behavior`) whose `viewer_protocol_policy` is `"allow-all"`: viewers may
    /// use plain HTTP. `"redirect-to-https"` and `"https-only"` pass.
    ///
    /// ## Why it matters
    ///
    /// Over HTTP, what viewers send and receive (cookies, tokens, the pages themselves) can be
    /// read and altered by anyone on the network path, and a page served over HTTP can be
    /// rewritten to load a malicious script.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// default_cache_behavior {
    ///   # ...
    ///   viewer_protocol_policy = "redirect-to-https"
    /// }
    /// ```
    pub struct CloudfrontAllowsHttp {
        id: "aws-cloudfront-allows-http",
        platform: Terraform,
        title: "CloudFront distribution serves plain HTTP",
        severity: Medium,
        remediation: "Set viewer_protocol_policy = \"redirect-to-https\" (or \"https-only\") on every cache behavior.",
        frameworks: [mitre("T1040"), mitre("T1557")],
        peers: [
            checkov("CKV_AWS_34"),
            kics("55af1353-2f62-4fa0-a8e1-a210ca2708f5"),
            trivy("AVD-AWS-0012"),
        ],
        fixable: false,
    }
}

impl TerraformRule for CloudfrontAllowsHttp {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_cloudfront_distribution"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for kind in ["default_cache_behavior", "ordered_cache_behavior"] {
            for (i, block) in resource.body().blocks_of(kind).enumerate() {
                let Some(policy) = block.body.attribute("viewer_protocol_policy") else {
                    continue;
                };
                if policy.value.as_str() == Some("allow-all") {
                    let route = if kind == "default_cache_behavior" {
                        format!("{kind}.viewer_protocol_policy")
                    } else {
                        format!("{kind}[{i}].viewer_protocol_policy")
                    };
                    cx.report_value(
                        policy,
                        &policy.value,
                        &route,
                        "viewer_protocol_policy is \"allow-all\": viewers may use plain HTTP",
                    );
                }
            }
        }
    }
}
