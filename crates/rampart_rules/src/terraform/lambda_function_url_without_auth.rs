use super::{is_one_of, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_lambda_function_url` resources whose `authorization_type` is `NONE`.
    ///
    /// ## Why it matters
    ///
    /// The function gets a public HTTPS endpoint that anyone on the internet can call without
    /// credentials: whatever the function does (read data, write it, call other services with
    /// its role's permissions) becomes available to every caller, and every call is billed. A
    /// function meant to be public (a webhook receiver) must then authenticate its callers
    /// itself.
    ///
    /// ## How to fix
    ///
    /// Require SigV4-signed calls, and grant `lambda:InvokeFunctionUrl` to the callers:
    ///
    /// ```hcl
    /// resource "aws_lambda_function_url" "api" {
    ///   function_name      = aws_lambda_function.api.function_name
    ///   authorization_type = "AWS_IAM"
    /// }
    /// ```
    pub struct LambdaFunctionUrlWithoutAuth {
        id: "aws-lambda-function-url-without-auth",
        platform: Terraform,
        title: "Lambda function URL does not require authentication",
        severity: High,
        remediation: "Set authorization_type = \"AWS_IAM\", or check the callers' identity in the function.",
        frameworks: [mitre("T1190")],
        peers: [checkov("CKV_AWS_258")],
        fixable: false,
    }
}

impl TerraformRule for LambdaFunctionUrlWithoutAuth {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_lambda_function_url"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(auth) = resource.attribute("authorization_type") else {
            return;
        };
        if is_one_of(&auth.value, &["NONE"]) {
            cx.report_value(
                auth,
                &auth.value,
                "authorization_type",
                "authorization_type is NONE: anyone on the internet can invoke the function",
            );
        }
    }
}
