use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) without `--service-account-key-file`. A flag given with a value still to be
    /// substituted counts as given; an item that may hold any flag (`$(EXTRA_ARGS)`, a Helm
    /// template) keeps the container from being reported.
    ///
    /// ## Why it matters
    ///
    /// Without the flag the API server verifies service account tokens with the private key of
    /// its serving certificate. That key must then sign tokens too, so one key serves two
    /// purposes: it cannot be rotated for one without the other, and whoever obtains the TLS
    /// key can mint tokens for any service account.
    ///
    /// ## How to fix
    ///
    /// Give service accounts their own key pair: the public key to the API server, the private
    /// key to the signer (`--service-account-signing-key-file`, and the controller manager).
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --service-account-key-file=/etc/kubernetes/pki/sa.pub
    ///   - --service-account-signing-key-file=/etc/kubernetes/pki/sa.key
    /// ```
    pub struct ApiserverServiceAccountKeyMissing {
        id: "k8s-apiserver-service-account-key-missing",
        title: "API server verifies service account tokens with its TLS key",
        severity: Medium,
        remediation: "Set --service-account-key-file to the public key of the service account signing key.",
        frameworks: [
            nsa("Network separation and hardening: control plane hardening"),
            cis("1.2.23"),
        ],
        peers: [
            checkov("CKV_K8S_97"),
            kics("dab4ec72-ce2e-4732-b7c3-1757dcce01a1"),
            trivy("KCV0025"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverServiceAccountKeyMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            let message = format!(
                "{} verifies service account tokens with its TLS serving key",
                invocation.describe()
            );
            invocation.require_flags(cx, &["service-account-key-file"], &message);
        }
    }
}
