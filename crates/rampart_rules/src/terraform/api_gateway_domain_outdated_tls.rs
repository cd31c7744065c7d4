use super::{string_in, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_api_gateway_domain_name` (REST API custom domains) and
    /// `aws_apigatewayv2_domain_name` (HTTP and WebSocket APIs, in its
    /// `domain_name_configuration` blocks) whose `security_policy` is `TLS_1_0`. Not set, or an
    /// unknown value, is not reported.
    ///
    /// ## Why it matters
    ///
    /// The `TLS_1_0` policy accepts TLS 1.0 and 1.1 and their weak cipher suites from clients:
    /// a client that can be pushed down to them (an old library, a downgrade on the network)
    /// sends its requests, tokens included, over protocols that are deprecated (RFC 8996) and
    /// open to known attacks.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_api_gateway_domain_name" "api" {
    ///   domain_name              = "api.example.com"
    ///   regional_certificate_arn = aws_acm_certificate.api.arn
    ///   security_policy          = "TLS_1_2"
    ///
    ///   endpoint_configuration {
    ///     types = ["REGIONAL"]
    ///   }
    /// }
    /// ```
    pub struct ApiGatewayDomainOutdatedTls {
        id: "aws-api-gateway-domain-outdated-tls",
        platform: Terraform,
        title: "API Gateway custom domain accepts TLS 1.0",
        severity: Medium,
        remediation: "Set security_policy = \"TLS_1_2\".",
        frameworks: [mitre("T1557")],
        peers: [checkov("CKV_AWS_206")],
        fixable: false,
    }
}

const EFFECT: &str = "security_policy is TLS_1_0: clients can connect with TLS 1.0 and 1.1";

impl TerraformRule for ApiGatewayDomainOutdatedTls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "aws_api_gateway_domain_name",
            "aws_apigatewayv2_domain_name",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if resource.is("aws_api_gateway_domain_name") {
            if let Some((attribute, _)) =
                string_in(resource.body(), "security_policy", &["TLS_1_0"])
            {
                cx.report_value(attribute, &attribute.value, "security_policy", EFFECT);
            }
        } else if resource.is("aws_apigatewayv2_domain_name") {
            for (i, block) in resource
                .body()
                .blocks_of("domain_name_configuration")
                .enumerate()
            {
                if let Some((attribute, _)) =
                    string_in(&block.body, "security_policy", &["TLS_1_0"])
                {
                    cx.report_value(
                        attribute,
                        &attribute.value,
                        &format!("domain_name_configuration[{i}].security_policy"),
                        EFFECT,
                    );
                }
            }
        }
    }
}
