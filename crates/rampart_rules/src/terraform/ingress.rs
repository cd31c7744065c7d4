//! Security group and network ACL ingress open to the internet, and the administration ports it
//! opens, for the rules that judge them.

use rampart_terraform::{EvalAttribute, EvalBody, Value};

use super::{is_one_of, known_strings, route, Resource};

/// The CIDRs that mean "anywhere".
pub const ANYWHERE: [&str; 2] = ["0.0.0.0/0", "::/0"];

/// One source CIDR of an ingress rule that is the whole internet.
pub struct OpenIngress<'a> {
    /// The attribute that holds the CIDR (`cidr_blocks`...).
    pub attribute: &'a EvalAttribute,
    /// The CIDR's value (an element of the list, or the attribute's value).
    pub element: &'a Value,
    /// `ingress[0].cidr_blocks`
    pub route: String,
    pub cidr: &'a str,
    pub from: Option<&'a Value>,
    pub to: Option<&'a Value>,
    pub protocol: Option<&'a Value>,
}

/// Every ingress source of `resource` that is the whole internet: `ingress` blocks of
/// `aws_security_group` (dynamic ones included, and written as a list of objects),
/// `aws_security_group_rule` of type `ingress`, and `aws_vpc_security_group_ingress_rule`.
#[must_use]
pub fn open_ingress<'a>(resource: &Resource<'a>) -> Vec<OpenIngress<'a>> {
    let mut out = Vec::new();
    let body = &resource.instance.body;
    if resource.is("aws_security_group") || resource.is("aws_default_security_group") {
        for (i, block) in body.blocks_of("ingress").enumerate() {
            from_body(&block.body, &format!("ingress[{i}]"), &mut out);
        }
    } else if resource.is("aws_security_group_rule") {
        let ingress = body
            .attribute("type")
            .is_some_and(|t| is_one_of(&t.value, &["ingress"]));
        if ingress {
            from_body(body, "", &mut out);
        }
    } else if resource.is("aws_vpc_security_group_ingress_rule") {
        from_body(body, "", &mut out);
    }
    out
}

/// A rule written as a block (`ingress { ... }`) or a resource body.
fn from_body<'a>(body: &'a EvalBody, prefix: &str, out: &mut Vec<OpenIngress<'a>>) {
    let value = |name: &str| body.attribute(name).map(|a| &a.value);
    let from = value("from_port");
    let to = value("to_port");
    let protocol = value("ip_protocol").or(value("protocol"));
    for list in ["cidr_blocks", "ipv6_cidr_blocks"] {
        if let Some(attribute) = body.attribute(list) {
            for (cidr, element) in known_strings(&attribute.value) {
                if ANYWHERE.contains(&cidr) {
                    out.push(OpenIngress {
                        attribute,
                        element,
                        route: route(prefix, list),
                        cidr,
                        from,
                        to,
                        protocol,
                    });
                }
            }
        }
    }
    for single in ["cidr_ipv4", "cidr_ipv6"] {
        if let Some(attribute) = body.attribute(single) {
            if let Some(cidr) = attribute.value.as_str().filter(|c| ANYWHERE.contains(c)) {
                out.push(OpenIngress {
                    attribute,
                    element: &attribute.value,
                    route: route(prefix, single),
                    cidr,
                    from,
                    to,
                    protocol,
                });
            }
        }
    }
}

/// The remote administration ports, with how messages name them.
pub const ADMIN_PORTS: [(u16, &str); 2] = [(22, "SSH (port 22)"), (3389, "RDP (port 3389)")];

/// Whether a source written in an Azure network security rule or a Google Cloud firewall means
/// the whole internet: `*`, `0.0.0.0/0` (or `0.0.0.0`, `::/0`), and Azure's service tags
/// `Internet` and `Any` (any `/0` prefix counts: `34.15.11.3/0` is every address).
#[must_use]
pub fn is_internet_source(source: &str) -> bool {
    let source = source.trim();
    // Any prefix of length 0 (`34.15.11.3/0`) is every address.
    source.ends_with("/0")
        || ["*", "0.0.0.0", "internet", "any"]
            .iter()
            .any(|s| source.eq_ignore_ascii_case(s))
}

/// Whether a port written as Azure and Google Cloud write them (`22`, `1000-2000`, `*`, or a
/// comma-separated list of those) covers `port`. A spec that does not parse covers nothing.
#[must_use]
pub fn port_spec_covers(spec: &str, port: u16) -> bool {
    spec.split(',').map(str::trim).any(|spec| {
        if spec == "*" {
            return true;
        }
        let (from, to) = spec.split_once('-').unwrap_or((spec, spec));
        match (from.trim().parse::<u16>(), to.trim().parse::<u16>()) {
            (Ok(from), Ok(to)) => from <= port && port <= to,
            _ => false,
        }
    })
}

/// The first admin port that one of `specs` covers.
#[must_use]
pub fn admin_port_in(specs: &[&str]) -> Option<&'static str> {
    ADMIN_PORTS
        .into_iter()
        .find(|(port, _)| specs.iter().any(|s| port_spec_covers(s, *port)))
        .map(|(_, name)| name)
}

/// What protocol `-1` opens.
const ALL_TRAFFIC: &str = "every port, SSH and RDP included";

/// What remote administration port (SSH, RDP) a rule opens, if its protocol or ports are known
/// and cover one: the protocol `-1` (all traffic) opens every port.
pub fn opened_admin_port(
    from: Option<&Value>,
    to: Option<&Value>,
    protocol: Option<&Value>,
) -> Option<&'static str> {
    if protocol.is_some_and(|p| is_one_of(p, &["-1", "all"]) || p.as_number() == Some(-1.0)) {
        return Some(ALL_TRAFFIC);
    }
    let from = from?.as_number()?;
    let to = to?.as_number()?;
    ADMIN_PORTS
        .into_iter()
        .find(|(port, _)| from <= f64::from(*port) && f64::from(*port) <= to)
        .map(|(_, name)| name)
}
