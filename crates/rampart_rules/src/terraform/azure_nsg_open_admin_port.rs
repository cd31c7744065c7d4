use rampart_terraform::{EvalAttribute, EvalBody, Value};

use super::ingress::{admin_port_in, is_internet_source};
use super::{known_strings, route, Resource, TerraformRule, TfContext};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Azure network security rules that allow inbound traffic from the whole internet
    /// (`source_address_prefix` or `source_address_prefixes` of `*`, `0.0.0.0/0` or any `/0`
    /// prefix, `Internet` or `Any`) to SSH (22) or RDP (3389): `azurerm_network_security_rule`
    /// resources, and the inline `security_rule` blocks of `azurerm_network_security_group`
    /// (dynamic ones, and the list of objects of the attribute syntax, included). A destination
    /// port range that covers 22 or 3389 (`*` and comma-separated lists included) counts, for the
    /// protocol `Tcp` or `*` (a UDP-only rule does not open SSH or RDP). Rules whose direction,
    /// access, protocol, ports or sources are not known are not judged.
    ///
    /// ## Why it matters
    ///
    /// Remote administration ports open to the internet are scanned within minutes, then
    /// brute-forced or attacked through protocol vulnerabilities (BlueKeep on RDP, for one). A
    /// successful login gives an attacker a machine inside the virtual network.
    ///
    /// ## How to fix
    ///
    /// Allow administration only from known ranges, or use Azure Bastion or just-in-time VM
    /// access:
    ///
    /// ```hcl
    /// resource "azurerm_network_security_rule" "ssh" {
    ///   # ...
    ///   direction                  = "Inbound"
    ///   access                     = "Allow"
    ///   protocol                   = "Tcp"
    ///   destination_port_range     = "22"
    ///   source_address_prefix      = "10.10.0.0/24"
    ///   destination_address_prefix = "*"
    /// }
    /// ```
    pub struct AzureNsgOpenAdminPort {
        id: "azure-nsg-open-admin-port",
        platform: Terraform,
        title: "Network security rule opens SSH or RDP to the internet",
        severity: Critical,
        remediation: "Restrict source_address_prefix to known ranges, or use Azure Bastion instead of open SSH/RDP.",
        frameworks: [cis_azure("7.1"), cis_azure("7.2")],
        peers: [
            checkov("CKV_AZURE_10"),
            checkov("CKV_AZURE_9"),
            kics("3e3c175e-aadf-4e2b-a464-3fdac5748d24"),
            kics("efbf6449-5ec5-4cfe-8f15-acc51e0d787c"),
            trivy("AVD-AZU-0050"),
            trivy("AVD-AZU-0048"),
        ],
        fixable: false,
    }
}

impl TerraformRule for AzureNsgOpenAdminPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &[
            "azurerm_network_security_group",
            "azurerm_network_security_rule",
        ]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        let body = resource.body();
        if resource.is("azurerm_network_security_rule") {
            judge(cx, body, "");
        } else if resource.is("azurerm_network_security_group") {
            for (i, block) in body.blocks_of("security_rule").enumerate() {
                judge(cx, &block.body, &format!("security_rule[{i}]"));
            }
        }
    }
}

/// The attribute `name` of a security rule (a block, a resource, or an object of the
/// `security_rule` list), and its value.
fn get<'a>(rule: &'a EvalBody, name: &str) -> Option<(&'a EvalAttribute, &'a Value)> {
    rule.attribute(name).map(|a| (a, &a.value))
}

fn is(rule: &EvalBody, name: &str, expected: &str) -> bool {
    get(rule, name)
        .and_then(|(_, v)| v.as_str())
        .is_some_and(|v| v.eq_ignore_ascii_case(expected))
}

fn judge(cx: &mut TfContext<'_>, rule: &EvalBody, prefix: &str) {
    if !is(rule, "direction", "Inbound") || !is(rule, "access", "Allow") {
        return;
    }
    let protocol = get(rule, "protocol").and_then(|(_, v)| v.as_str());
    // SSH and RDP sessions start over TCP: a UDP-only rule does not open them.
    if !protocol.is_some_and(|p| p.eq_ignore_ascii_case("tcp") || p == "*") {
        return;
    }
    let mut ports: Vec<&str> = Vec::new();
    if let Some((_, v)) = get(rule, "destination_port_range") {
        ports.extend(v.as_str());
    }
    if let Some((_, v)) = get(rule, "destination_port_ranges") {
        ports.extend(known_strings(v).map(|(s, _)| s));
    }
    let Some(port) = admin_port_in(&ports) else {
        return;
    };
    if let Some((attribute, value)) = get(rule, "source_address_prefix") {
        if let Some(source) = value.as_str().filter(|s| is_internet_source(s)) {
            cx.report_value(
                attribute,
                value,
                &route(prefix, "source_address_prefix"),
                format!("inbound traffic from {source} reaches {port}"),
            );
        }
    }
    if let Some((attribute, value)) = get(rule, "source_address_prefixes") {
        for (source, element) in known_strings(value) {
            if is_internet_source(source) {
                cx.report_value(
                    attribute,
                    element,
                    &route(prefix, "source_address_prefixes"),
                    format!("inbound traffic from {source} reaches {port}"),
                );
            }
        }
    }
}
