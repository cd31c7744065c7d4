use super::{bool_setting, is_one_of, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_api_gateway_method` resources whose `authorization` is `NONE` and that do not
    /// require an API key (`api_key_required`), except `OPTIONS` methods (CORS preflight
    /// requests carry no credentials). A method whose HTTP method is not known is not judged.
    ///
    /// ## Why it matters
    ///
    /// Anyone on the internet can call the method, and reach the backend behind it (a Lambda
    /// function, a service in the VPC, an AWS API through a service integration) with the
    /// integration's permissions. A method meant to be public must then authenticate and
    /// throttle its callers itself.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_api_gateway_method" "orders" {
    ///   # ...
    ///   authorization = "COGNITO_USER_POOLS"
    ///   authorizer_id = aws_api_gateway_authorizer.users.id
    /// }
    /// ```
    pub struct ApiGatewayMethodWithoutAuth {
        id: "aws-api-gateway-method-without-auth",
        platform: Terraform,
        title: "API Gateway method does not require authorization",
        severity: Low,
        remediation: "Set authorization to AWS_IAM, CUSTOM or COGNITO_USER_POOLS, or require an API key.",
        frameworks: [mitre("T1190")],
        peers: [
            checkov("CKV_AWS_59"),
            kics("15ccec05-5476-4890-ad19-53991eba1db8"),
            trivy("AVD-AWS-0004"),
        ],
        fixable: false,
    }
}

impl TerraformRule for ApiGatewayMethodWithoutAuth {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_api_gateway_method"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(authorization) = resource.attribute("authorization") else {
            return;
        };
        let preflight_or_unknown = resource
            .attribute("http_method")
            .and_then(|m| m.value.as_str())
            .is_none_or(|m| m.eq_ignore_ascii_case("OPTIONS"));
        let api_key = !matches!(
            bool_setting(resource.body(), "api_key_required"),
            Setting::Known(false, _) | Setting::Missing
        );
        if is_one_of(&authorization.value, &["NONE"]) && !preflight_or_unknown && !api_key {
            cx.report_value(
                authorization,
                &authorization.value,
                "authorization",
                "authorization is NONE and no API key is required: anyone can call the method",
            );
        }
    }
}
