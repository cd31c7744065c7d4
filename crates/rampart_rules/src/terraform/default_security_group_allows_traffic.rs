use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_default_security_group` resources that keep an `ingress` or `egress` rule (a
    /// block, or an element of the list written as an attribute). Managing the default
    /// security group in Terraform removes AWS's default rules; any rule written back makes
    /// the group allow traffic. A list that is not known is not judged.
    ///
    /// ## Why it matters
    ///
    /// Every instance, interface and database that is launched without a security group gets
    /// the VPC's default one. If it allows traffic, anything created in a hurry or by a tool
    /// that does not set groups is reachable, and can reach out, without anyone having decided
    /// so. CIS asks for a default group that allows nothing, so that every opening is
    /// explicit.
    ///
    /// ## How to fix
    ///
    /// Manage the default group with no rules, and give resources their own groups:
    ///
    /// ```hcl
    /// resource "aws_default_security_group" "default" {
    ///   vpc_id = aws_vpc.main.id
    /// }
    /// ```
    pub struct DefaultSecurityGroupAllowsTraffic {
        id: "aws-default-security-group-allows-traffic",
        platform: Terraform,
        title: "Default security group allows traffic",
        severity: Medium,
        remediation: "Remove every ingress and egress rule from aws_default_security_group.",
        frameworks: [cis_aws("5.4")],
        peers: [
            checkov("CKV2_AWS_12"),
            kics("46883ce1-dc3e-4b17-9195-c6a601624c73"),
            kics("9a4ef195-74b9-4c58-b8ed-2b2fe4353a75"),
        ],
        fixable: false,
    }
}

impl TerraformRule for DefaultSecurityGroupAllowsTraffic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_default_security_group"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for direction in ["ingress", "egress"] {
            for (i, block) in resource.body().blocks_of(direction).enumerate() {
                cx.report(
                    block.span,
                    &format!("{direction}[{i}]"),
                    format!("the default security group keeps an {direction} rule"),
                );
            }
        }
    }
}
