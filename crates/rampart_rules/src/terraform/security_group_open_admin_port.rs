use super::ingress::{open_ingress, opened_admin_port};
use super::{Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Security group ingress open to the whole internet (`0.0.0.0/0` or `::/0`) on SSH (22)
    /// or RDP (3389): `ingress` blocks of `aws_security_group` (dynamic ones included, each
    /// element judged), `aws_security_group_rule` of type `ingress`, and
    /// `aws_vpc_security_group_ingress_rule` (and `ingress` of `aws_default_security_group`). A port range that covers 22 or 3389, and the
    /// protocol `-1` (all traffic), count. CIDRs set through variables or tfvars are judged as
    /// Terraform would set them, and the finding shows where they were set.
    ///
    /// ## Why it matters
    ///
    /// Remote administration ports open to the internet are scanned within minutes of being
    /// exposed, then brute-forced or attacked through protocol vulnerabilities (BlueKeep on
    /// RDP, for one). A successful login gives an attacker a shell inside the VPC.
    ///
    /// ## How to fix
    ///
    /// Allow administration only from known ranges (a VPN, a bastion's security group), or
    /// drop the rule and use AWS Systems Manager Session Manager:
    ///
    /// ```hcl
    /// ingress {
    ///   from_port       = 22
    ///   to_port         = 22
    ///   protocol        = "tcp"
    ///   security_groups = [aws_security_group.bastion.id]
    /// }
    /// ```
    pub struct SecurityGroupOpenAdminPort {
        id: "aws-security-group-open-admin-port",
        platform: Terraform,
        title: "Security group opens SSH or RDP to the internet",
        severity: Critical,
        remediation: "Restrict the source to known CIDRs or security groups, or use Session Manager instead of open SSH/RDP.",
        frameworks: [cis_aws("5.2"), cis_aws("5.3")],
        peers: [
            checkov("CKV_AWS_24"),
            checkov("CKV_AWS_25"),
            kics("65905cec-d691-4320-b320-2000436cb696"),
            kics("151187cb-0efc-481c-babd-ad24e3c9bc22"),
            trivy("AVD-AWS-0107"),
        ],
        fixable: false,
    }
}

impl TerraformRule for SecurityGroupOpenAdminPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "aws_security_group",
            "aws_default_security_group",
            "aws_security_group_rule",
            "aws_vpc_security_group_ingress_rule",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for open in open_ingress(resource) {
            let Some(name) = opened_admin_port(open.from, open.to, open.protocol) else {
                continue;
            };
            cx.report_value(
                open.attribute,
                open.element,
                &open.route,
                format!("ingress from {} reaches {name}", open.cidr),
            );
        }
    }
}
