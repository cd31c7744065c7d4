use super::control_plane::check_plugin_enabled;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) that do not run the `NodeRestriction` admission plugin: it
    /// is in neither `--enable-admission-plugins` nor the legacy `--admission-control` (it is
    /// not on by default), or it is in `--disable-admission-plugins`. The finding points at the
    /// list that leaves it out, or at the command when there is none. Unknown values and items
    /// that may hold any flag keep an API server from being reported.
    ///
    /// ## Why it matters
    ///
    /// The Node authorizer lets each kubelet read and write what its node needs; the
    /// `NodeRestriction` plugin narrows the writes to the kubelet's own Node and the pods bound
    /// to it, and keeps it from setting `node-restriction.kubernetes.io/` labels. Without it, a
    /// compromised node can modify other nodes and their pods, or label itself to attract
    /// workloads meant for trusted nodes.
    ///
    /// ## How to fix
    ///
    /// Add `NodeRestriction` to the plugins, with the Node authorizer.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --authorization-mode=Node,RBAC
    ///   - --enable-admission-plugins=NodeRestriction
    /// ```
    pub struct ApiserverNodeRestrictionMissing {
        id: "k8s-apiserver-node-restriction-missing",
        title: "API server does not restrict what kubelets may modify",
        severity: Medium,
        remediation: "Add NodeRestriction to --enable-admission-plugins.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.15"),
        ],
        peers: [
            checkov("CKV_K8S_85"),
            kics("33fc6923-6553-4fe6-9d3a-4efa51eb874b"),
            trivy("KCV0016"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverNodeRestrictionMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        check_plugin_enabled(object, cx, "NodeRestriction");
    }
}
