use super::{nested, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// API Gateway stages (`aws_api_gateway_stage` for REST APIs, `aws_apigatewayv2_stage` for
    /// HTTP and WebSocket APIs) without an `access_log_settings` block: access logging is off
    /// by default.
    ///
    /// ## Why it matters
    ///
    /// Access logs record who called which route, from where, and with what result. Without
    /// them, abuse of the API (credential stuffing, scraping, an attacker probing for broken
    /// authorization) goes unseen, and an incident cannot be traced afterwards.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_api_gateway_stage" "prod" {
    ///   # ...
    ///   access_log_settings {
    ///     destination_arn = aws_cloudwatch_log_group.api.arn
    ///     format          = jsonencode({ requestId = "$context.requestId", ip = "$context.identity.sourceIp", status = "$context.status" })
    ///   }
    /// }
    /// ```
    pub struct ApiGatewayStageAccessLoggingDisabled {
        id: "aws-api-gateway-stage-access-logging-disabled",
        platform: Terraform,
        title: "API Gateway stage does not log access",
        severity: Medium,
        remediation: "Add an access_log_settings block with a CloudWatch Logs or Firehose destination.",
        frameworks: [mitre("T1562.008")],
        peers: [
            checkov("CKV_AWS_76"),
            kics("1b6799eb-4a7a-4b04-9001-8cceb9999326"),
            trivy("AVD-AWS-0001"),
        ],
        fixable: false,
    }
}

impl TerraformRule for ApiGatewayStageAccessLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_api_gateway_stage", "aws_apigatewayv2_stage"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        if let Nested::Missing = nested(resource.body(), "access_log_settings") {
            cx.report(
                resource.instance.span,
                "",
                "no access_log_settings block: calls to the stage are not logged",
            );
        }
    }
}
