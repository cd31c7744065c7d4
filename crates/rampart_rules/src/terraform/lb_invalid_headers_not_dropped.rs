use super::{require_true, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Application load balancers (`aws_lb` and `aws_alb` whose `load_balancer_type` is
    /// `application` or not set, its default) whose `drop_invalid_header_fields` is `false` or
    /// not set (the default is `false`). Network and gateway load balancers, which do not
    /// read HTTP, and a load balancer whose type is not known before apply are not judged; nor
    /// is an unknown value.
    ///
    /// ## Why it matters
    ///
    /// The load balancer then forwards header fields whose names are not valid HTTP tokens
    /// (underscores, spaces, control characters) to the targets. Front ends and back ends that
    /// read such names differently are what request smuggling and header-spoofing attacks
    /// exploit: a header the load balancer does not recognise, such as `X_Forwarded_For`, can
    /// reach an application that treats it as the trusted one.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_lb" "web" {
    ///   name                       = "web"
    ///   load_balancer_type         = "application"
    ///   subnets                    = var.public_subnet_ids
    ///   drop_invalid_header_fields = true
    /// }
    /// ```
    pub struct LbInvalidHeadersNotDropped {
        id: "aws-lb-invalid-headers-not-dropped",
        platform: Terraform,
        title: "Application load balancer does not drop invalid HTTP headers",
        severity: Medium,
        remediation: "Set drop_invalid_header_fields = true.",
        frameworks: [mitre("T1190")],
        peers: [
            checkov("CKV_AWS_131"),
            kics("6e3fd2ed-5c83-4c68-9679-7700d224d379"),
            trivy("AVD-AWS-0052"),
        ],
        fixable: false,
    }
}

impl TerraformRule for LbInvalidHeadersNotDropped {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_lb", "aws_alb"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let application = match resource
            .attribute("load_balancer_type")
            .filter(|t| !t.value.is_null())
        {
            None => true,
            Some(kind) => kind.value.as_str() == Some("application"),
        };
        if application {
            require_true(
                cx,
                resource.body(),
                resource.instance.span,
                "",
                "drop_invalid_header_fields",
                "header fields with invalid names reach the targets, which may read them as trusted headers",
            );
        }
    }
}
