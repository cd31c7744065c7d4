use rampart_terraform::{EvalBody, Value};

use super::ingress::{opened_admin_port, ANYWHERE};
use super::{bool_setting, is_one_of, Resource, Setting, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Network ACL rules that allow TCP ingress from the whole internet (`0.0.0.0/0` or
    /// `::/0`) on a port range that covers SSH (22) or RDP (3389): `ingress` blocks of
    /// `aws_network_acl` and `aws_default_network_acl` (and the list of objects of JSON
    /// syntax), and `aws_network_acl_rule` with `egress` false or not set. A rule that allows
    /// all traffic (protocol `-1`) is not reported: that is the AWS default, which leaves the
    /// filtering to security groups (see `aws-security-group-open-admin-port`), and neither is
    /// the range of ephemeral ports that return traffic needs (from 1024 or above up to 65535),
    /// even though it covers 3389.
    ///
    /// ## Why it matters
    ///
    /// A network ACL that explicitly opens the remote administration ports to the internet
    /// removes the subnet-level barrier in front of every instance of the subnet: one security
    /// group that also allows them, now or later, exposes SSH or RDP to brute force and
    /// protocol exploits.
    ///
    /// ## How to fix
    ///
    /// Allow administration only from known ranges:
    ///
    /// ```hcl
    /// ingress {
    ///   rule_no    = 100
    ///   protocol   = "tcp"
    ///   action     = "allow"
    ///   cidr_block = "10.20.0.0/16" # the VPN
    ///   from_port  = 22
    ///   to_port    = 22
    /// }
    /// ```
    pub struct NaclOpenAdminPort {
        id: "aws-nacl-open-admin-port",
        platform: Terraform,
        title: "Network ACL opens SSH or RDP to the internet",
        severity: High,
        remediation: "Restrict the rule's cidr_block to known ranges, or drop it.",
        frameworks: [cis_aws("5.1")],
        peers: [
            checkov("CKV_AWS_231"),
            checkov("CKV_AWS_232"),
            kics("3af7f2fd-06e6-4dab-b996-2912bea19ba4"),
            kics("a20be318-cac7-457b-911d-04cc6e812c25"),
            trivy("AVD-AWS-0105"),
        ],
        fixable: false,
    }
}

/// The TCP protocol, as a network ACL rule writes it.
const TCP: [&str; 2] = ["tcp", "6"];

impl TerraformRule for NaclOpenAdminPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "aws_network_acl",
            "aws_default_network_acl",
            "aws_network_acl_rule",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let body = resource.body();
        if resource.is("aws_network_acl_rule") {
            let egress = matches!(
                bool_setting(body, "egress"),
                Setting::Known(true, _) | Setting::Unknown
            );
            if !egress {
                check_rule(cx, body, "rule_action", "");
            }
        } else if resource.is_any(&["aws_network_acl", "aws_default_network_acl"]) {
            for (i, block) in body.blocks_of("ingress").enumerate() {
                check_rule(cx, &block.body, "action", &format!("ingress[{i}]"));
            }
        }
    }
}

/// Reports `rule` (an `ingress` block or an `aws_network_acl_rule`) if it allows TCP from
/// anywhere to an administration port.
fn check_rule(cx: &mut TfContext<'_>, rule: &EvalBody, action: &str, prefix: &str) {
    let get = |name: &str| rule.attribute(name).map(|a| &a.value);
    let allows = get(action).is_some_and(|a| is_one_of(a, &["allow"]));
    let tcp = get("protocol").is_some_and(|p| is_one_of(p, &TCP) || p.as_number() == Some(6.0));
    let number = |name: &str| get(name).and_then(Value::as_number);
    let ephemeral = number("from_port").is_some_and(|from| from >= 1024.0)
        && number("to_port").is_some_and(|to| to >= 65535.0);
    if !allows || !tcp || ephemeral {
        return;
    }
    let Some(port) = opened_admin_port(get("from_port"), get("to_port"), None) else {
        return;
    };
    for name in ["cidr_block", "ipv6_cidr_block"] {
        let Some(holder) = rule.attribute(name) else {
            continue;
        };
        let cidr = &holder.value;
        if let Some(text) = cidr.as_str().filter(|c| ANYWHERE.contains(c)) {
            cx.report_value(
                holder,
                cidr,
                &super::route(prefix, name),
                format!("the network ACL allows ingress from {text} to {port}"),
            );
        }
    }
}
