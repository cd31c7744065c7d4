use super::{nested, Nested, Resource, TerraformRule, TfContext, INSTANCE_KINDS};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_instance`, `aws_launch_template` and `aws_launch_configuration` resources that
    /// let instances use IMDSv1: `metadata_options.http_tokens` is `"optional"`, or not set
    /// (the provider's default is `"optional"`), or there is no `metadata_options` block at
    /// all (an `aws_instance` launched from a `launch_template` takes the template's options and
    /// is judged there). A metadata service turned off (`http_endpoint = "disabled"`) is not
    /// reported. An
    /// AMI registered with `ImdsSupport = v2.0` requires tokens whatever the template says;
    /// the configuration does not show that, so such instances are reported too.
    ///
    /// ## Why it matters
    ///
    /// IMDSv1 answers any GET request from the instance, so a server-side request forgery in
    /// the application (or a misconfigured proxy) hands the instance role's credentials to an
    /// attacker: the Capital One breach went that way. IMDSv2 requires a session token obtained
    /// by a PUT with a hop limit, which such requests cannot get.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// metadata_options {
    ///   http_endpoint               = "enabled"
    ///   http_tokens                 = "required"
    ///   http_put_response_hop_limit = 1
    /// }
    /// ```
    pub struct Ec2Imdsv2NotRequired {
        id: "aws-ec2-imdsv2-not-required",
        platform: Terraform,
        title: "EC2 instance metadata service allows IMDSv1",
        severity: High,
        remediation: "Set metadata_options { http_tokens = \"required\" }.",
        frameworks: [cis_aws("5.6")],
        peers: [checkov("CKV_AWS_79"), trivy("AVD-AWS-0028")],
        fixable: false,
    }
}

impl TerraformRule for Ec2Imdsv2NotRequired {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &INSTANCE_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        match nested(resource.body(), "metadata_options") {
            // An instance launched from a template takes the template's metadata options.
            Nested::Missing
                if resource
                    .body()
                    .blocks_of("launch_template")
                    .next()
                    .is_some() => {}
            Nested::Missing => {
                cx.report(
                    resource.instance.span,
                    "",
                    "no metadata_options: http_tokens defaults to \"optional\", so IMDSv1 answers",
                );
            }
            Nested::Blocks(blocks) => {
                for block in blocks {
                    let body = &block.body;
                    let disabled = body
                        .attribute("http_endpoint")
                        .is_some_and(|e| e.value.as_str() == Some("disabled"));
                    if disabled {
                        continue;
                    }
                    match body.attribute("http_tokens") {
                        Some(tokens) if tokens.value.as_str() == Some("optional") => {
                            cx.report_value(
                                tokens,
                                &tokens.value,
                                "metadata_options.http_tokens",
                                "http_tokens is \"optional\": IMDSv1 answers without a session token",
                            );
                        }
                        Some(tokens) if !tokens.value.is_null() => {}
                        _ => {
                            cx.report(
                                block.span,
                                "metadata_options",
                                "http_tokens is not set (it defaults to \"optional\"): IMDSv1 answers without a session token",
                            );
                        }
                    }
                }
            }
            Nested::Opaque => {}
        }
    }
}
