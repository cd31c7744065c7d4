use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `EncryptionConfiguration` files (`apiserver.config.k8s.io`, the file the API server
    /// reads through `--encryption-provider-config`) whose first provider for Secrets is
    /// `identity`: an entry of `resources` that names `secrets` (or every resource, `*.*`, or
    /// every core resource, `*.`) and lists `identity` first in its `providers`.
    ///
    /// Other providers are not judged: the Kubernetes documentation ranks them (KMS v2 first;
    /// `aescbc` is no longer recommended) but each encrypts, and `identity` after them is the
    /// normal way to keep reading data written before encryption was turned on.
    ///
    /// ## Why it matters
    ///
    /// The API server writes with the first provider in the list and reads with any of them.
    /// With `identity` first, every Secret written from now on is stored in etcd in plain
    /// base64, whatever keys follow: the configuration looks like encryption at rest but does
    /// not do it.
    ///
    /// ## How to fix
    ///
    /// Put an encrypting provider first, keep `identity` last while old data is rewritten, then
    /// rewrite every Secret (`kubectl get secrets -A -o json | kubectl replace -f -`).
    ///
    /// ```yaml
    /// apiVersion: apiserver.config.k8s.io/v1
    /// kind: EncryptionConfiguration
    /// resources:
    ///   - resources: [secrets]
    ///     providers:
    ///       - kms:
    ///           apiVersion: v2
    ///           name: cloud-kms
    ///           endpoint: unix:///var/run/kms-provider.sock
    ///       - identity: {}
    /// ```
    pub struct EncryptionConfigPlaintext {
        id: "k8s-encryption-config-plaintext",
        title: "Encryption configuration stores Secrets in plain text",
        severity: High,
        remediation: "List an encrypting provider (KMS v2, secretbox, aesgcm/aescbc) before identity.",
        frameworks: [
            nsa("Network separation and hardening: secrets"),
            cis("1.2.29"),
        ],
        peers: [
            kics("10efce34-5af6-4d83-b414-9e096d5a06a9"),
        ],
        fixable: false,
    }
}

impl Rule for EncryptionConfigPlaintext {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if object.group() != "apiserver.config.k8s.io" || object.kind != "EncryptionConfiguration" {
            return;
        }
        for entry in object
            .node
            .get("resources")
            .into_iter()
            .flat_map(Node::items)
        {
            let covers_secrets = entry
                .get("resources")
                .into_iter()
                .flat_map(Node::items)
                .filter_map(Node::as_str)
                .any(|resource| matches!(resource, "secrets" | "*.*" | "*."));
            if !covers_secrets {
                continue;
            }
            let Some(first) = entry.get("providers").and_then(|p| p.items().next()) else {
                continue;
            };
            if first.entry("identity").is_some() {
                cx.report_node(
                    first,
                    "the first provider for Secrets is identity: they are written unencrypted",
                );
            }
        }
    }
}
