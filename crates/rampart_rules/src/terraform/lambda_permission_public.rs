use super::{is_one_of, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_lambda_permission` resources whose `principal` is `"*"` and that set none of
    /// `source_arn`, `source_account` and `principal_org_id`, which would restrict the callers
    /// to a resource, an account or an organisation.
    ///
    /// ## Why it matters
    ///
    /// The statement lets every AWS account (and, for `lambda:InvokeFunctionUrl` on a URL
    /// without authentication, anyone) invoke the function, or perform whatever other action it
    /// grants: its code runs with its role's permissions on behalf of strangers.
    ///
    /// ## How to fix
    ///
    /// Grant the service or account that calls the function, tied to its source:
    ///
    /// ```hcl
    /// resource "aws_lambda_permission" "events" {
    ///   action        = "lambda:InvokeFunction"
    ///   function_name = aws_lambda_function.worker.function_name
    ///   principal     = "events.amazonaws.com"
    ///   source_arn    = aws_cloudwatch_event_rule.nightly.arn
    /// }
    /// ```
    pub struct LambdaPermissionPublic {
        id: "aws-lambda-permission-public",
        platform: Terraform,
        title: "Lambda permission lets anyone invoke the function",
        severity: High,
        remediation: "Name the calling service or account as principal, with source_arn or source_account.",
        frameworks: [mitre("T1190")],
        peers: [
            checkov("CKV_AWS_301"),
            kics("e08ed7eb-f3ef-494d-9d22-2e3db756a347"),
        ],
        fixable: false,
    }
}

/// The settings that restrict who the permission applies to.
const RESTRICTIONS: [&str; 3] = ["source_arn", "source_account", "principal_org_id"];

impl TerraformRule for LambdaPermissionPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_lambda_permission"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(principal) = resource.attribute("principal") else {
            return;
        };
        let restricted = RESTRICTIONS
            .iter()
            .any(|name| resource.attribute(name).is_some_and(|a| !a.value.is_null()));
        if is_one_of(&principal.value, &["*"]) && !restricted {
            cx.report_value(
                principal,
                &principal.value,
                "principal",
                "principal is \"*\" without source_arn, source_account or principal_org_id: any AWS account can call the function",
            );
        }
    }
}
