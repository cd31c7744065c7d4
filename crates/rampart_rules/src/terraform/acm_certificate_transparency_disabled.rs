use super::{nested, string_in, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_acm_certificate` resources whose `options` block sets
    /// `certificate_transparency_logging_preference` to `DISABLED`. Not set (the default is
    /// `ENABLED`), or an unknown value, is not reported.
    ///
    /// ## Why it matters
    ///
    /// Certificate Transparency logs let a domain's owners, and browsers, see every certificate
    /// issued for it, which is how a certificate issued by mistake or to an attacker is found.
    /// Public certificates left out of the logs are also rejected by browsers that require
    /// them (Chrome, Safari).
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_acm_certificate" "site" {
    ///   domain_name       = "example.com"
    ///   validation_method = "DNS"
    ///
    ///   options {
    ///     certificate_transparency_logging_preference = "ENABLED"
    ///   }
    /// }
    /// ```
    pub struct AcmCertificateTransparencyDisabled {
        id: "aws-acm-certificate-transparency-disabled",
        platform: Terraform,
        title: "ACM certificate is not logged to Certificate Transparency",
        severity: Low,
        remediation: "Set options.certificate_transparency_logging_preference = \"ENABLED\" (or leave it out).",
        frameworks: [mitre("T1588.004")],
        peers: [checkov("CKV_AWS_234")],
        fixable: false,
    }
}

impl TerraformRule for AcmCertificateTransparencyDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_acm_certificate"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Nested::Blocks(blocks) = nested(resource.body(), "options") else {
            return;
        };
        for block in blocks {
            let name = "certificate_transparency_logging_preference";
            if let Some((attribute, _)) = string_in(&block.body, name, &["DISABLED"]) {
                cx.report_value(
                    attribute,
                    &attribute.value,
                    &format!("options.{name}"),
                    "certificate transparency logging is DISABLED: certificates issued for the domain cannot be audited, and browsers may reject them",
                );
            }
        }
    }
}
