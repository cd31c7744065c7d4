use super::secrets::{credential_kind, is_literal_secret, names_secret};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Environment variables of containers (regular, init and ephemeral) whose literal `value`
    /// is a secret. Entries that use `valueFrom` are what this rule asks for, and are never
    /// reported. A value is taken for a secret when:
    ///
    /// - it has the shape of a well-known credential, whatever the variable is called: an AWS
    ///   access key ID (`AKIA...`), a GitHub, GitLab, Slack, Stripe, Google API or npm token, a
    ///   Slack webhook URL, a PEM private key, or a URL with a password in it
    ///   (`postgres://app:...@db/app`);
    /// - or the variable's name has a word that names a secret (`PASSWORD`, `PASSWD`, `PASS`,
    ///   `PASSPHRASE`, `SECRET`, `TOKEN`, `CREDENTIALS`, `API_KEY`, `APIKEY`, `ACCESS_KEY`,
    ///   `PRIVATE_KEY`, `SIGNING_KEY`, `ENCRYPTION_KEY`...; words are split at `_`, `-`, `.` and
    ///   camelCase), no word after it says the variable is about the secret rather than the
    ///   secret itself (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`, `ACCESS_KEY_ID`,
    ///   `TOKEN_TTL`...), and the value is a non-empty literal: not a reference or template
    ///   (`$(DB_PASSWORD)`, `${TOKEN}`, `{{ .Values.token }}`), not a placeholder
    ///   (`<password>`, `changeme`, `xxxx`, `your-token-here`, or an upper-case identifier that
    ///   names a secret itself, such as `INSERT_DISCOVERY_TOKEN`), not a boolean, a file path or
    ///   a URL without a password.
    ///
    /// Findings point at the variable's `name`, and messages name the variable only: they never
    /// quote the value, so that reports do not copy the secret.
    ///
    /// ## Why it matters
    ///
    /// A secret written into a manifest is in version control and its history, in every clone,
    /// CI log and rendered chart, and in the object stored by the API server, where anyone who
    /// may read the Deployment or Pod can see it (reading Secrets is usually far more
    /// restricted). It cannot be rotated without a change to the manifest, and it is often
    /// shared between environments.
    ///
    /// ## How to fix
    ///
    /// Rotate the secret, since it has leaked. Keep it in a Secret (created from a secret manager
    /// through the External Secrets Operator, Sealed Secrets or the Secrets Store CSI driver) and
    /// reference it, or better mount it as a file.
    ///
    /// ```yaml
    /// env:
    ///   - name: DB_PASSWORD
    ///     valueFrom:
    ///       secretKeyRef:
    ///         name: db-credentials
    ///         key: password
    /// ```
    pub struct SecretInEnvValue {
        id: "k8s-secret-in-env-value",
        title: "Container sets a secret as a literal environment variable",
        severity: High,
        remediation: "Rotate the secret, store it in a Secret, and reference it with valueFrom.secretKeyRef.",
        frameworks: [
            nsa("Network separation and hardening: secrets"),
            mitre("T1552.001"),
        ],
        peers: [
            kics("a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"),
            kubescape("C-0012"),
            kube_linter("env-var-secret"),
            polaris("sensitiveContainerEnvVar"),
        ],
        fixable: false,
    }
}

impl Rule for SecretInEnvValue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            for var in container.node.get("env").into_iter().flat_map(Node::items) {
                if var.get("valueFrom").is_some_and(|v| !v.is_null()) {
                    continue;
                }
                let (Some(name_entry), Some(value_node)) = (var.entry("name"), var.get("value"))
                else {
                    continue;
                };
                let (Some(name), Some(value)) = (name_entry.value.as_str(), value_node.as_str())
                else {
                    continue;
                };
                let message = if let Some(kind) = credential_kind(value) {
                    format!(
                        "{} sets env var {name} to a literal {kind}",
                        container.describe()
                    )
                } else if names_secret(name) && is_literal_secret(value) {
                    format!(
                        "{} sets env var {name}, which names a secret, to a literal value",
                        container.describe()
                    )
                } else {
                    continue;
                };
                // At the name, never the value; and the value is masked wherever a report
                // quotes the lines around it.
                cx.report_entry(name_entry, message)
                    .redact
                    .push(value_node.range);
            }
        }
    }
}
