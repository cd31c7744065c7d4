use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) that take a Secret as environment variables:
    /// an `env` item whose `valueFrom.secretKeyRef` names a key of a Secret, reported at
    /// `secretKeyRef`, or an `envFrom` item with `secretRef`, which turns every key of a Secret
    /// into a variable, reported at `secretRef`.
    ///
    /// Literal secrets in `env[].value` are `k8s-secret-in-env-value`'s concern.
    ///
    /// ## Why it matters
    ///
    /// Environment variables leak far more easily than files. They are inherited by every child
    /// process, printed by crash handlers, debug pages and `env` in a support session, readable
    /// in `/proc/<pid>/environ`, and shown by `docker inspect` or `crictl inspect` on the node.
    /// They are also fixed at start: when the Secret is rotated, the container keeps the old
    /// value until it restarts, whereas a mounted Secret is updated in place. The CIS Benchmark
    /// recommends secrets as files over secrets as environment variables.
    ///
    /// ## How to fix
    ///
    /// Mount the Secret as a volume, read-only, and have the application read the file (many
    /// accept a `*_FILE` variable naming it).
    ///
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     env:
    ///       - name: DB_PASSWORD_FILE
    ///         value: /etc/secrets/db/password
    ///     volumeMounts:
    ///       - name: db-credentials
    ///         mountPath: /etc/secrets/db
    ///         readOnly: true
    /// volumes:
    ///   - name: db-credentials
    ///     secret:
    ///       secretName: db-credentials
    /// ```
    pub struct SecretInEnvVarReference {
        id: "k8s-secret-in-env-var-reference",
        title: "Container takes a Secret as environment variables",
        severity: Low,
        remediation: "Mount the Secret as a read-only volume and read it from the file instead of environment variables.",
        frameworks: [
            nsa("Network separation and hardening: secrets"),
            mitre("T1552.007"),
            cis("5.4.1"),
        ],
        peers: [
            checkov("CKV_K8S_35"),
            kics("3d658f8b-d988-41a0-a841-40043121de1e"),
            kics("6d8f1a10-b6cd-48f0-b960-f7c535d5cdb8"),
        ],
        fixable: false,
    }
}

impl Rule for SecretInEnvVarReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            let describe = container.describe();
            for item in container.node.get("env").into_iter().flat_map(Node::items) {
                let Some(entry) = item
                    .get("valueFrom")
                    .and_then(|from| from.entry("secretKeyRef"))
                    .filter(|entry| entry.value.as_mapping().is_some())
                else {
                    continue;
                };
                let variable = item
                    .get("name")
                    .and_then(Node::as_str)
                    .unwrap_or("<unnamed>");
                let message = match secret_name(&entry.value) {
                    Some(secret) => format!(
                        "{describe} takes Secret \"{secret}\" as environment variable {variable}"
                    ),
                    None => format!("{describe} takes a Secret as environment variable {variable}"),
                };
                cx.report_entry(entry, message);
            }
            for item in container
                .node
                .get("envFrom")
                .into_iter()
                .flat_map(Node::items)
            {
                let Some(entry) = item
                    .entry("secretRef")
                    .filter(|entry| entry.value.as_mapping().is_some())
                else {
                    continue;
                };
                let message = match secret_name(&entry.value) {
                    Some(secret) => format!(
                        "{describe} takes every key of Secret \"{secret}\" as environment variables"
                    ),
                    None => {
                        format!("{describe} takes every key of a Secret as environment variables")
                    }
                };
                cx.report_entry(entry, message);
            }
        }
    }
}

/// The name of the Secret a reference names.
fn secret_name(reference: &Node) -> Option<&str> {
    reference
        .get("name")
        .and_then(Node::as_str)
        .filter(|name| !name.is_empty())
}
