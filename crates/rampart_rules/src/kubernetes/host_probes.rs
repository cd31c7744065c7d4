use super::shared::string_value;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// The Pod Security Standards' baseline control "Host Probes / Lifecycle Hooks": a container
    /// (init and ephemeral containers too) whose liveness, readiness or startup probe, or whose
    /// `postStart` or `preStop` hook, sets `host` in its `httpGet` or `tcpSocket` handler. The
    /// standard allows only an unset or empty `host`, which means the pod's own IP.
    ///
    /// No peer scanner implements this control; the Kubernetes documentation defines it, and
    /// the Pod Security admission controller enforces it from Kubernetes 1.34.
    ///
    /// ## Why it matters
    ///
    /// The kubelet runs probes and hooks from the node. A `host` sends those requests wherever
    /// the manifest says: to the node's own services on localhost, to the cloud metadata
    /// endpoint, or to any address the node can reach and the pod cannot. Anyone who can create
    /// a pod can use it for server-side request forgery from the node's network position.
    ///
    /// ## How to fix
    ///
    /// Remove `host`: the probe then checks the pod itself.
    ///
    /// ```yaml
    /// livenessProbe:
    ///   httpGet:
    ///     path: /healthz
    ///     port: 8080
    /// ```
    pub struct HostProbes {
        id: "k8s-host-probes",
        title: "Probe or lifecycle hook targets another host",
        severity: Medium,
        remediation: "Remove host from the probe's or hook's httpGet or tcpSocket handler.",
        frameworks: [pss_baseline("Host Probes / Lifecycle Hooks")],
        peers: [],
        fixable: false,
    }
}

/// The handlers the control names, by where they are in a container.
const HANDLERS: [(&str, &str); 5] = [
    ("livenessProbe", ""),
    ("readinessProbe", ""),
    ("startupProbe", ""),
    ("lifecycle", "postStart"),
    ("lifecycle", "preStop"),
];

impl Rule for HostProbes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            for (field, hook) in HANDLERS {
                let mut handler = container.node.get(field);
                if !hook.is_empty() {
                    handler = handler.and_then(|lifecycle| lifecycle.get(hook));
                }
                let Some(handler) = handler else { continue };
                for kind in ["httpGet", "tcpSocket"] {
                    let Some(entry) = handler.get(kind).and_then(|h| h.entry("host")) else {
                        continue;
                    };
                    let Some(host) = string_value(&entry.value).filter(|h| !h.is_empty()) else {
                        continue;
                    };
                    let place = if hook.is_empty() { field } else { hook };
                    cx.report_entry(
                        entry,
                        format!(
                            "{} sends its {place} {kind} to host {host}",
                            container.describe()
                        ),
                    );
                }
            }
        }
    }
}
