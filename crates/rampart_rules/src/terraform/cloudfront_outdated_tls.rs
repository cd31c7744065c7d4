use super::{bool_setting, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_cloudfront_distribution` resources served with their own certificate
    /// (`viewer_certificate` with `acm_certificate_arn` or `iam_certificate_id`, or
    /// `cloudfront_default_certificate = false`) whose
    /// `minimum_protocol_version` allows protocols older than TLS 1.2 (`SSLv3`, `TLSv1`,
    /// `TLSv1_2016`, `TLSv1.1_2016`), or is not set (the default is `TLSv1`). A distribution
    /// on the default `*.cloudfront.net` certificate cannot choose its protocols and is not
    /// judged.
    ///
    /// ## Why it matters
    ///
    /// SSLv3, TLS 1.0 and TLS 1.1 have known weaknesses (POODLE, BEAST, weak hashes) and are
    /// deprecated by RFC 8996. Allowing them lets an attacker on the network path downgrade a
    /// viewer's connection to a protocol they can break.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// viewer_certificate {
    ///   acm_certificate_arn      = aws_acm_certificate.site.arn
    ///   ssl_support_method       = "sni-only"
    ///   minimum_protocol_version = "TLSv1.2_2021"
    /// }
    /// ```
    pub struct CloudfrontOutdatedTls {
        id: "aws-cloudfront-outdated-tls",
        platform: Terraform,
        title: "CloudFront distribution accepts TLS older than 1.2",
        severity: Medium,
        remediation: "Set viewer_certificate.minimum_protocol_version = \"TLSv1.2_2021\".",
        frameworks: [mitre("T1040"), mitre("T1557")],
        peers: [
            checkov("CKV_AWS_174"),
            kics("00e5e55e-c2ff-46b3-a757-a7a1cd802456"),
            trivy("AVD-AWS-0013"),
        ],
        fixable: false,
    }
}

impl TerraformRule for CloudfrontOutdatedTls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_cloudfront_distribution"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for block in resource.body().blocks_of("viewer_certificate") {
            let body = &block.body;
            let default_certificate = bool_setting(body, "cloudfront_default_certificate");
            let own_certificate = ["acm_certificate_arn", "iam_certificate_id"]
                .iter()
                .any(|name| body.attribute(name).is_some_and(|a| !a.value.is_null()))
                || matches!(default_certificate, Setting::Known(false, _));
            if !own_certificate
                || matches!(
                    default_certificate,
                    Setting::Known(true, _) | Setting::Unknown
                )
            {
                continue;
            }
            match body.attribute("minimum_protocol_version") {
                Some(version) if !version.value.is_null() => {
                    if let Some(text) = version.value.as_str() {
                        if !text.starts_with("TLSv1.2") && !text.starts_with("TLSv1.3") {
                            cx.report_value(
                                version,
                                &version.value,
                                "viewer_certificate.minimum_protocol_version",
                                format!("minimum_protocol_version is {text:?}: protocols older than TLS 1.2 are accepted"),
                            );
                        }
                    }
                }
                _ => {
                    cx.report(
                        block.span,
                        "viewer_certificate",
                        "minimum_protocol_version is not set (it defaults to TLSv1): protocols older than TLS 1.2 are accepted",
                    );
                }
            }
        }
    }
}
