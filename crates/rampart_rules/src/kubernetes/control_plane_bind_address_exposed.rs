use super::control_plane::{is_loopback, Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-controller-manager` or `kube-scheduler` (its `command`, or its
    /// `args` when it has no command, starts the binary) that serve on more than the loopback
    /// address: a `--bind-address` that is not `127.0.0.1` (or `::1`, `localhost`), or no
    /// `--bind-address` at all, which binds every interface (`0.0.0.0`). A scheduler started
    /// with `--config`, or an invocation with items that may hold any flag, is not reported for
    /// a missing flag.
    ///
    /// ## Why it matters
    ///
    /// These components serve health, metrics and debugging endpoints (profiling among them,
    /// unless turned off) on their secure port. Nothing outside the control-plane node needs
    /// them; bound to every interface, they are reachable from the pod network and beyond, for
    /// scanning, denial of service and any flaw of their authentication delegation.
    ///
    /// ## How to fix
    ///
    /// Bind them to the loopback address, as kubeadm does.
    ///
    /// ```yaml
    /// command:
    ///   - kube-scheduler
    ///   - --bind-address=127.0.0.1
    /// ```
    pub struct ControlPlaneBindAddressExposed {
        id: "k8s-control-plane-bind-address-exposed",
        title: "Controller manager or scheduler listens beyond localhost",
        severity: Low,
        remediation: "Set --bind-address=127.0.0.1 on kube-controller-manager and kube-scheduler.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.3.7"),
            cis("1.4.2"),
        ],
        peers: [
            checkov("CKV_K8S_113"),
            checkov("CKV_K8S_115"),
            kics("46a2e9ec-6a5f-4faa-9d39-4ea44d5d87a2"),
            trivy("KCV0039"),
            trivy("KCV0041"),
        ],
        fixable: false,
    }
}

impl Rule for ControlPlaneBindAddressExposed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let components = [Component::ControllerManager, Component::Scheduler];
        for invocation in Invocation::of_components(object, &components) {
            match invocation.flag("bind-address") {
                Some(flag) => {
                    let Some(address) = flag.text() else { continue };
                    if !is_loopback(address) {
                        cx.report_node(
                            flag.node,
                            format!("{} listens on {address}", invocation.describe()),
                        );
                    }
                }
                None if invocation.lacks("bind-address") => invocation.report_missing(
                    cx,
                    format!(
                        "{} listens on every interface (--bind-address defaults to 0.0.0.0)",
                        invocation.describe()
                    ),
                ),
                None => {}
            }
        }
    }
}
