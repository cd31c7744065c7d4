use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_lb_listener` and `aws_alb_listener` resources whose `ssl_policy` is a predefined
    /// ELB security policy that accepts protocols older than TLS 1.2
    /// (`ELBSecurityPolicy-2016-08`, `ELBSecurityPolicy-TLS-1-1-2017-01`,
    /// `ELBSecurityPolicy-TLS13-1-0-2021-06`...). Policies whose name says TLS 1.2 or 1.3 as
    /// the minimum (`-TLS-1-2-`, `-FS-1-2-`, `-TLS13-1-2-`, `-TLS13-1-3-`) pass. A listener
    /// without `ssl_policy` gets the provider's default, which has changed across versions,
    /// and is not judged.
    ///
    /// ## Why it matters
    ///
    /// TLS 1.0 and 1.1 have known weaknesses and are deprecated by RFC 8996. A listener that
    /// still accepts them lets an attacker on the network path downgrade clients to a protocol
    /// they can attack.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_lb_listener" "https" {
    ///   # ...
    ///   protocol   = "HTTPS"
    ///   ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    /// }
    /// ```
    pub struct LbOutdatedTlsPolicy {
        id: "aws-lb-outdated-tls-policy",
        platform: Terraform,
        title: "Load balancer listener accepts TLS older than 1.2",
        severity: Medium,
        remediation: "Set ssl_policy to ELBSecurityPolicy-TLS13-1-2-2021-06 (or another TLS 1.2+ policy).",
        frameworks: [mitre("T1040"), mitre("T1557")],
        peers: [checkov("CKV_AWS_103"), trivy("AVD-AWS-0047")],
        fixable: false,
    }
}

/// The markers of a predefined policy whose minimum is TLS 1.2 or 1.3.
const MODERN: [&str; 4] = ["-TLS-1-2-", "-FS-1-2-", "-TLS13-1-2-", "-TLS13-1-3-"];

impl TerraformRule for LbOutdatedTlsPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_lb_listener", "aws_alb_listener"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let Some(policy) = resource.attribute("ssl_policy") else {
            return;
        };
        let Some(name) = policy.value.as_str() else {
            return;
        };
        if name.starts_with("ELBSecurityPolicy-") && !MODERN.iter().any(|m| name.contains(m)) {
            cx.report_value(
                policy,
                &policy.value,
                "ssl_policy",
                format!("ssl_policy {name:?} accepts protocols older than TLS 1.2"),
            );
        }
    }
}
