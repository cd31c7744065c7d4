use super::control_plane::{Component, Invocation};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers that run `kube-apiserver` (its `command`, or its `args` when it has no
    /// command, starts the binary) without `--encryption-provider-config`. A flag given with a
    /// value still to be substituted counts as given; an item that may hold any flag
    /// (`$(EXTRA_ARGS)`, a Helm template) keeps the API server from being reported.
    ///
    /// ## Why it matters
    ///
    /// Without an encryption configuration the API server stores Secrets in etcd as plain
    /// base64: anyone who reads etcd's data directory, a snapshot or a backup of it reads every
    /// password, token and key of the cluster.
    ///
    /// ## How to fix
    ///
    /// Write an `EncryptionConfiguration` that encrypts `secrets` with a KMS provider (or
    /// `aescbc`/`secretbox` with a key kept off the backups), and pass it to the API server.
    ///
    /// ```yaml
    /// command:
    ///   - kube-apiserver
    ///   - --encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml
    /// ```
    pub struct ApiserverEncryptionConfigMissing {
        id: "k8s-apiserver-encryption-config-missing",
        title: "API server does not encrypt Secrets at rest",
        severity: Medium,
        remediation: "Pass an EncryptionConfiguration with --encryption-provider-config.",
        frameworks: [
            nsa("Network separation and hardening: secrets"),
            cis("1.2.28"),
        ],
        peers: [
            checkov("CKV_K8S_104"),
            kics("cbd2db69-0b21-4c14-8a40-7710a50571a9"),
            trivy("KCV0030"),
        ],
        fixable: false,
    }
}

impl Rule for ApiserverEncryptionConfigMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for invocation in Invocation::of_component(object, Component::ApiServer) {
            let message = format!("{} does not encrypt Secrets at rest", invocation.describe());
            invocation.require_flags(cx, &["encryption-provider-config"], &message);
        }
    }
}
