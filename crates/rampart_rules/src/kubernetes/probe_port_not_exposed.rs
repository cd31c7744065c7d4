use super::shared::string_value;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Liveness, readiness and startup probes of a container (`httpGet`, `tcpSocket` or
    /// `grpc`) whose `port` is a port name that none of the container's `ports` carries. A
    /// probe with `httpGet.host` set checks another host and is not reported.
    ///
    /// A probe on a port number that the container does not list is not reported: `ports` is
    /// informational ("not specifying a port here does not prevent that port from being
    /// exposed"), and health endpoints are often served on a port left out of it. Strings that
    /// cannot be a port name (an unrendered template, a quoted number) are not judged either.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// The kubelet resolves a named probe port against the container's own port list. When
    /// the name is not there, the probe cannot run and fails every time: a liveness probe
    /// restarts the container in a loop, a readiness probe keeps it out of its Services for
    /// good, and a startup probe kills it before it ever starts. It usually comes from a port
    /// renamed in one place and not the other.
    ///
    /// ## How to fix
    ///
    /// Name the port in the container's `ports`, or point the probe at a name that is there.
    ///
    /// ```yaml
    /// ports:
    ///   - name: http
    ///     containerPort: 8080
    /// livenessProbe:
    ///   httpGet:
    ///     path: /healthz
    ///     port: http
    /// ```
    pub struct ProbePortNotExposed {
        id: "k8s-probe-port-not-exposed",
        title: "Probe targets a port name the container does not define",
        severity: Medium,
        remediation: "Point the probe at a port named in the container's ports, or add the named port.",
        frameworks: [],
        peers: [
            kube_linter("liveness-port"),
            kube_linter("readiness-port"),
            kube_linter("startup-port"),
        ],
        fixable: false,
    }
}

const PROBES: [&str; 3] = ["livenessProbe", "readinessProbe", "startupProbe"];
const HANDLERS: [&str; 3] = ["httpGet", "tcpSocket", "grpc"];

/// Whether `name` can be a port name (an IANA service name: at most 15 lowercase letters,
/// digits and inner dashes, with a letter, no double dash).
fn is_port_name(name: &str) -> bool {
    (1..=15).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && name.bytes().any(|b| b.is_ascii_lowercase())
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
}

impl Rule for ProbePortNotExposed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            let names: Vec<&str> = container
                .node
                .get("ports")
                .into_iter()
                .flat_map(Node::items)
                .filter_map(|port| port.get("name").and_then(Node::as_str))
                .collect();
            for probe in PROBES {
                let Some(probe_node) = container.node.get(probe) else {
                    continue;
                };
                for handler in HANDLERS {
                    let Some(action) = probe_node.get(handler) else {
                        continue;
                    };
                    if action.get("host").is_some_and(|h| !h.is_null()) {
                        continue;
                    }
                    let Some(entry) = action.entry("port") else {
                        continue;
                    };
                    let Some(name) = string_value(&entry.value) else {
                        continue;
                    };
                    if int_value(&entry.value).is_some() || !is_port_name(name) {
                        continue;
                    }
                    if !names.contains(&name) {
                        cx.report_entry(
                            entry,
                            format!(
                                "{probe} of {} targets port \"{name}\", which the container does not define, so the probe always fails",
                                container.describe()
                            ),
                        );
                    }
                }
            }
        }
    }
}
