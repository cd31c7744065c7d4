use super::{forbid_true, Resource, TerraformRule, TfContext, INSTANCE_KINDS};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// EC2 instances that ask for a public IP address: `associate_public_ip_address = true` on
    /// `aws_instance` and `aws_launch_configuration`, and in the `network_interfaces` blocks of
    /// `aws_launch_template`. When it is not set, the subnet decides; that is not reported.
    ///
    /// ## Why it matters
    ///
    /// An instance with a public address is reachable from the internet on every port its
    /// security groups open, now or after a later change, and is found by scanners within
    /// minutes. Instances behind a load balancer, a NAT gateway or Session Manager need none.
    ///
    /// ## How to fix
    ///
    /// ```hcl
    /// resource "aws_instance" "app" {
    ///   # ...
    ///   subnet_id                   = aws_subnet.private.id
    ///   associate_public_ip_address = false
    /// }
    /// ```
    pub struct Ec2PublicIp {
        id: "aws-ec2-public-ip",
        platform: Terraform,
        title: "EC2 instance gets a public IP address",
        severity: Medium,
        remediation: "Set associate_public_ip_address = false and reach the instance through a load balancer, NAT or Session Manager.",
        frameworks: [mitre("T1133")],
        peers: [
            checkov("CKV_AWS_88"),
            kics("5a2486aa-facf-477d-a5c1-b010789459ce"),
            trivy("AVD-AWS-0009"),
        ],
        fixable: false,
    }
}

/// What the finding says.
const EFFECT: &str = "the instance is reachable from the internet";

impl TerraformRule for Ec2PublicIp {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &INSTANCE_KINDS
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let body = resource.body();
        let span = resource.instance.span;
        if resource.is_any(&["aws_instance", "aws_launch_configuration"]) {
            forbid_true(
                cx,
                body,
                span,
                "",
                "associate_public_ip_address",
                false,
                EFFECT,
            );
        } else if resource.is("aws_launch_template") {
            for (i, block) in body.blocks_of("network_interfaces").enumerate() {
                forbid_true(
                    cx,
                    &block.body,
                    block.span,
                    &format!("network_interfaces[{i}]"),
                    "associate_public_ip_address",
                    false,
                    EFFECT,
                );
            }
        }
    }
}
