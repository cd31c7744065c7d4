use rampart_terraform::ResourceInstance;

use super::{nested, Nested, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_lb_listener` and `aws_alb_listener` resources that serve plain HTTP: `protocol`
    /// is `"HTTP"`, or not set on a listener of an application load balancer (found through
    /// `load_balancer_arn`; the default protocol is then HTTP). A listener whose default
    /// action redirects to HTTPS passes. A listener of a load balancer that cannot be found,
    /// or of a network or gateway load balancer, is not judged on a missing protocol.
    ///
    /// ## Why it matters
    ///
    /// Over HTTP, session cookies, tokens and form data cross the network in clear: anyone on
    /// the path (a shared Wi-Fi, a compromised router) reads and alters them.
    ///
    /// ## How to fix
    ///
    /// Serve HTTPS, and keep port 80 only to redirect:
    ///
    /// ```hcl
    /// resource "aws_lb_listener" "http" {
    ///   load_balancer_arn = aws_lb.web.arn
    ///   port              = 80
    ///   protocol          = "HTTP"
    ///   default_action {
    ///     type = "redirect"
    ///     redirect {
    ///       port        = "443"
    ///       protocol    = "HTTPS"
    ///       status_code = "HTTP_301"
    ///     }
    ///   }
    /// }
    /// ```
    pub struct LbListenerHttp {
        id: "aws-lb-listener-http",
        platform: Terraform,
        title: "Load balancer listener serves plain HTTP",
        severity: Medium,
        remediation: "Use protocol = \"HTTPS\" with a certificate, or make the HTTP listener redirect to HTTPS.",
        frameworks: [mitre("T1040"), mitre("T1557")],
        peers: [
            checkov("CKV_AWS_2"),
            kics("de7f5e83-da88-4046-871f-ea18504b1d43"),
            trivy("AVD-AWS-0054"),
        ],
        fixable: false,
    }
}

impl TerraformRule for LbListenerHttp {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_lb_listener", "aws_alb_listener"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        // A default action not known before apply may redirect: the listener is not judged.
        let unknown_action = matches!(nested(resource.body(), "default_action"), Nested::Opaque);
        if unknown_action || redirects_to_https(resource.instance) {
            return;
        }
        match resource.attribute("protocol") {
            Some(protocol) if protocol.value.as_str() == Some("HTTP") => {
                cx.report_value(
                    protocol,
                    &protocol.value,
                    "protocol",
                    "the listener serves plain HTTP",
                );
            }
            Some(protocol) if !protocol.value.is_null() => {}
            _ if application_load_balancer(resource) => {
                cx.report(
                    resource.instance.span,
                    "",
                    "protocol is not set (on an application load balancer it defaults to HTTP): the listener serves plain HTTP",
                );
            }
            _ => {}
        }
    }
}

/// Whether a default action redirects to HTTPS.
fn redirects_to_https(listener: &ResourceInstance) -> bool {
    listener.body.blocks_of("default_action").any(|action| {
        action.body.blocks_of("redirect").any(|redirect| {
            redirect
                .body
                .attribute("protocol")
                .is_some_and(|p| p.value.as_str() == Some("HTTPS"))
        })
    })
}

/// Whether the listener's `load_balancer_arn` refers to an application load balancer of its
/// module.
fn application_load_balancer(resource: &Resource<'_>) -> bool {
    let Some(target) = resource
        .attribute("load_balancer_arn")
        .and_then(|a| a.value.as_unknown())
        .and_then(|u| u.resource.as_deref())
    else {
        return false;
    };
    resource.module.resources.iter().any(|lb| {
        (lb.kind == "aws_lb" || lb.kind == "aws_alb")
            && format!("{}.{}", lb.kind, lb.name) == target
            && lb
                .body
                .attribute("load_balancer_type")
                .map_or(Some("application"), |t| t.value.as_str())
                == Some("application")
    })
}
