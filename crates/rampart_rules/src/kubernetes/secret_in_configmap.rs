use super::secrets::{credential_kind, is_literal_secret, names_secret, secret_settings, Setting};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// ConfigMaps whose `data` holds a secret, with the same detection as
    /// `k8s-secret-in-env-value`. Each key is reported once, for the first of these that holds:
    ///
    /// - its value has the shape of a well-known credential, whatever the key is called: an AWS
    ///   access key ID, a GitHub, GitLab, Slack, Stripe, Google API or npm token, a Slack webhook
    ///   URL, a PEM private key, or a URL with a password in it;
    /// - the key's name says secret (`DB_PASSWORD`, `api-key`, `clientSecret`...) and its
    ///   one-line value is a literal: not a reference or template (`${TOKEN}`,
    ///   `{{ .Values.token }}`), not a placeholder (`changeme`, `<password>`, `INSERT_TOKEN`),
    ///   not a boolean, a file path or a URL without a password;
    /// - its value is a configuration file (`application.properties`, `config.yaml`, a `.env` or
    ///   INI file, JSON) with a setting whose name says secret and whose value is such a literal:
    ///   `spring.datasource.password=...`, `client_secret: ...`, `"apiKey": "..."`.
    ///
    /// Findings point at the key, and messages name the key and the setting only: they never
    /// quote the value, which is masked wherever a report quotes the lines around it.
    /// `binaryData` is not read: its values are base64.
    ///
    /// ## Why it matters
    ///
    /// ConfigMaps are meant for configuration that is not secret, and Kubernetes treats them so:
    /// the `view` role and most read-only roles may read them, they are not encrypted at rest even
    /// where Secrets are, and tools print them in full (`kubectl describe`, dashboards, GitOps
    /// diffs). A secret in one is in version control and its history, and readable by anyone who
    /// may read the namespace's configuration.
    ///
    /// ## How to fix
    ///
    /// Rotate the secret, since it has leaked. Keep it in a Secret (created from a secret manager
    /// through the External Secrets Operator, Sealed Secrets or the Secrets Store CSI driver), and
    /// mount it next to the configuration, or let the application read the value from an
    /// environment variable set from the Secret.
    ///
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: app-config
    /// data:
    ///   application.properties: |
    ///     spring.datasource.url=jdbc:postgresql://db:5432/app
    ///     spring.datasource.password=${DB_PASSWORD}
    /// ```
    pub struct SecretInConfigmap {
        id: "k8s-secret-in-configmap",
        title: "ConfigMap holds a secret",
        severity: High,
        remediation: "Rotate the secret and move it to a Secret; keep only references to it in the ConfigMap.",
        frameworks: [
            nsa("Network separation and hardening: secrets"),
            mitre("T1552.001"),
        ],
        peers: [
            kubescape("C-0012"),
            polaris("sensitiveConfigmapContent"),
            trivy("KSV109"),
        ],
        fixable: false,
    }
}

impl Rule for SecretInConfigmap {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if !object.group().is_empty() || object.kind != "ConfigMap" {
            return;
        }
        let what = object.describe();
        let entries = object.node.get("data").and_then(Node::as_mapping);
        for entry in entries.unwrap_or_default() {
            let (Some(key), Some(value)) = (entry.key.as_str(), entry.value.as_str()) else {
                continue;
            };
            let single_line = !value.trim().contains('\n');
            // The ranges to mask: the whole value, unless only settings inside it are secret.
            let mut redact = vec![entry.value.range];
            let message = if let Some(kind) = credential_kind(value) {
                format!("{what} key {key} holds a literal {kind}")
            } else if single_line && names_secret(key) && is_literal_secret(value) {
                format!("{what} key {key}, which names a secret, holds a literal value")
            } else {
                let settings: Vec<Setting<'_>> = secret_settings(value).collect();
                let Some(first) = settings.first() else {
                    continue;
                };
                let values: Vec<&str> = settings.iter().map(|setting| setting.value).collect();
                redact =
                    occurrences(cx.file().text(), entry.value.range, &values).unwrap_or(redact);
                let others = match settings.len() - 1 {
                    0 => String::new(),
                    1 => " (as does 1 other setting)".to_owned(),
                    n => format!(" (as do {n} other settings)"),
                };
                format!(
                    "{what} key {key} sets {}, which names a secret, to a literal value{others}",
                    first.name
                )
            };
            cx.report_node(&entry.key, message).redact.extend(redact);
        }
    }
}

/// The ranges of every occurrence of each of `secrets` in the source of a value, at `range` in
/// `text`; `None` when one of them is not written as it reads (escaped in a quoted scalar, or
/// folded across lines), and so cannot be masked alone.
fn occurrences(text: &str, range: TextRange, secrets: &[&str]) -> Option<Vec<TextRange>> {
    let source = text.get(range.as_usize())?;
    let mut ranges = Vec::new();
    for secret in secrets {
        let before = ranges.len();
        for (at, found) in source.match_indices(secret) {
            let start = range.start + u32::try_from(at).ok()?;
            ranges.push(TextRange::new(
                start,
                start + u32::try_from(found.len()).ok()?,
            ));
        }
        if ranges.len() == before {
            return None;
        }
    }
    Some(ranges)
}
