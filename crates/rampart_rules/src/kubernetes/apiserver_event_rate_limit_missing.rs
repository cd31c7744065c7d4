use super::control_plane::check_plugin_enabled;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) that do not run the `EventRateLimit` admission plugin: it is
    /// in neither `--enable-admission-plugins` nor the legacy `--admission-control` (it is not
    /// on by default), or it is in `--disable-admission-plugins`. The finding points at the list
    /// that leaves it out, or at the command when there is none.
    ///
    /// ## Why it matters
    ///
    /// Events are written by every component and by anyone allowed to create them; without a
    /// rate limit, a misbehaving controller or a user flooding events can overload the API
    /// server and etcd and crowd the events that matter out of their retention window.
    ///
    /// ## How to fix
    ///
    /// Enable the plugin and give it limits in the admission configuration file.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --enable-admission-plugins=NodeRestriction,EventRateLimit
    ///   - --admission-control-config-file=/etc/kubernetes/admission-control.yaml
    /// ```
    pub struct ApiserverEventRateLimitMissing {
        id: "k8s-apiserver-event-rate-limit-missing",
        title: "API server does not rate-limit events",
        severity: Low,
        remediation: "Add EventRateLimit to --enable-admission-plugins, with limits in --admission-control-config-file.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.9"),
        ],
        peers: [
            kics("e0099af2-fe17-411f-9991-0de28fe15f3c"),
            trivy("KCV0010"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverEventRateLimitMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        check_plugin_enabled(object, cx, "EventRateLimit");
    }
}
