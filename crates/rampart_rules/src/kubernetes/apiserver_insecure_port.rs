use super::control_plane::{is_loopback, Component, Invocation};
use crate::prelude::*;
use crate::KubeVersion;

/// The first release whose API server no longer serves the insecure port, whatever its flags.
const INSECURE_PORT_REMOVED: KubeVersion = KubeVersion::new(1, 20);

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) with the insecure HTTP port open: an `--insecure-port` other
    /// than 0, reported at `--insecure-bind-address` when that address is not a loopback one;
    /// and, when the target Kubernetes release (`--k8s-version`) is older than 1.20, an API
    /// server that leaves `--insecure-port` out, which then serves it on 127.0.0.1:8080.
    ///
    /// From 1.20 the API server no longer serves the insecure port, so a missing flag, or an
    /// `--insecure-bind-address` with the port at 0, is not reported. Values still to be
    /// substituted (`$(VAR)`, Helm templates) are not judged.
    ///
    /// ## Why it matters
    ///
    /// The insecure port skips authentication and authorization entirely: every request on it
    /// acts as a cluster administrator. Bound to a routable address it gives the cluster to
    /// anyone on the network; on the loopback address, to any process on the node, including a
    /// pod on the host network.
    ///
    /// ## How to fix
    ///
    /// Set `--insecure-port=0`, remove `--insecure-bind-address`, and reach the API server on
    /// its secure port with credentials.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --insecure-port=0
    ///   - --secure-port=6443
    /// ```
    pub struct ApiserverInsecurePort {
        id: "k8s-apiserver-insecure-port",
        title: "API server serves the unauthenticated insecure port",
        severity: Critical,
        remediation: "Set --insecure-port=0 and remove --insecure-bind-address.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            mitre("T1190"),
        ],
        peers: [
            checkov("CKV_K8S_86"),
            checkov("CKV_K8S_88"),
            kics("fa4def8c-1898-4a35-a139-7b76b1acdef0"),
            kics("b9380fd3-5ffe-4d10-9290-13e18e71eee1"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverInsecurePort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let removed = cx.target_version() >= INSECURE_PORT_REMOVED;
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            let port = invocation.flag("insecure-port");
            let serving = match port.map(|flag| flag.text().map(str::trim)) {
                Some(Some("0")) | Some(None) => continue,
                Some(Some(port)) => port.to_owned(),
                None if !removed && invocation.lacks("insecure-port") => "8080".to_owned(),
                None => continue,
            };
            let bind = invocation
                .flag("insecure-bind-address")
                .and_then(|flag| Some((flag, flag.text()?)))
                .filter(|(_, address)| !is_loopback(address));
            let describe = invocation.describe();
            match (bind, port) {
                (Some((flag, address)), _) => cx.report_node(
                    flag.node,
                    format!("{describe} serves the unauthenticated insecure port on {address}:{serving}"),
                ),
                (None, Some(flag)) => cx.report_node(
                    flag.node,
                    format!("{describe} serves the unauthenticated insecure port {serving}"),
                ),
                (None, None) => {
                    invocation.report_missing(
                        cx,
                        format!(
                            "{describe} does not set --insecure-port=0 (before Kubernetes 1.20 it \
                             serves unauthenticated requests on 127.0.0.1:8080)"
                        ),
                    );
                    continue;
                }
            };
        }
    }
}
