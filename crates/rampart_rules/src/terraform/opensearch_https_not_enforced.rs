use super::{forbid_false, Resource, TerraformRule, TfContext, SEARCH_DOMAINS};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_opensearch_domain` and `aws_elasticsearch_domain` resources whose
    /// `domain_endpoint_options.enforce_https` is `false`. Inside the block the provider's
    /// default is `true`, so a block that does not set it is not reported; a domain without the
    /// block is not judged either (its setting is then whatever the domain already has).
    ///
    /// ## Why it matters
    ///
    /// The endpoint then also answers plain HTTP: queries, the documents they return and the
    /// credentials or signed requests that come with them cross the network in clear.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// domain_endpoint_options {
    ///   enforce_https       = true
    ///   tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
    /// }
    /// ```
    pub struct OpensearchHttpsNotEnforced {
        id: "aws-opensearch-https-not-enforced",
        platform: Terraform,
        title: "OpenSearch domain accepts plain HTTP",
        severity: Medium,
        remediation: "Set domain_endpoint_options.enforce_https = true.",
        frameworks: [mitre("T1040")],
        peers: [
            checkov("CKV_AWS_83"),
            kics("2e9e0729-66d5-4148-9d39-5e6fb4bf2a4e"),
            trivy("AVD-AWS-0046"),
        ],
        fixable: false,
    }
}

impl TerraformRule for OpensearchHttpsNotEnforced {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &SEARCH_DOMAINS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for block in resource.body().blocks_of("domain_endpoint_options") {
            forbid_false(
                cx,
                &block.body,
                "domain_endpoint_options",
                "enforce_https",
                "the domain endpoint accepts unencrypted HTTP",
            );
        }
    }
}
