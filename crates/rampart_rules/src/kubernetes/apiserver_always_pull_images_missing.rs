use super::control_plane::check_plugin_enabled;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) that do not run the `AlwaysPullImages` admission plugin: it
    /// is in neither `--enable-admission-plugins` nor the legacy `--admission-control` (it is
    /// not on by default), or it is in `--disable-admission-plugins`. The finding points at the
    /// list that leaves it out, or at the command when there is none.
    ///
    /// ## Why it matters
    ///
    /// An image pulled once stays in the node's cache, and any pod scheduled there can run it
    /// with `imagePullPolicy: IfNotPresent` or `Never`, without the registry credentials that
    /// guard it. `AlwaysPullImages` makes every pod pull, so that the registry checks each pod's
    /// credentials. It costs a registry round trip per pod start, and makes pods depend on the
    /// registry being up; the CIS recommendation is a manual one for that reason.
    ///
    /// ## How to fix
    ///
    /// Add the plugin where private images share nodes with workloads that must not run them.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --enable-admission-plugins=NodeRestriction,AlwaysPullImages
    /// ```
    pub struct ApiserverAlwaysPullImagesMissing {
        id: "k8s-apiserver-always-pull-images-missing",
        title: "API server lets pods use cached private images",
        severity: Low,
        remediation: "Add AlwaysPullImages to --enable-admission-plugins.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.11"),
        ],
        peers: [
            checkov("CKV_K8S_80"),
            kics("a77f4d07-c6e0-4a48-8b35-0eeb51576f4f"),
            trivy("KCV0012"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverAlwaysPullImagesMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        check_plugin_enabled(object, cx, "AlwaysPullImages");
    }
}
