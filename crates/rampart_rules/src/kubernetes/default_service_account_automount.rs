use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// The `default` ServiceAccount objects (core `v1`, `metadata.name: default`) that a scan
    /// holds, for the setting that stops their token from being mounted:
    ///
    /// - `automountServiceAccountToken: true` (or `yes`, read as YAML 1.1 like the API server
    ///   does): reported at that entry;
    /// - absent (or null): reported at the ServiceAccount, whose API default is to mount.
    ///
    /// Only `false` passes. ServiceAccounts with any other name are not reported: whether their
    /// pods need a token is the workload's decision (`k8s-service-account-token-automount`
    /// judges every pod spec). Most scans hold no `default` ServiceAccount, since Kubernetes
    /// creates one in every namespace; the rule speaks when a repository manages it (a namespace
    /// bootstrap, or Terraform's `kubernetes_default_service_account`, which takes over the
    /// existing account and mounts its token unless told not to).
    ///
    /// ## Why it matters
    ///
    /// Every pod that names no ServiceAccount runs as its namespace's `default` one, and unless
    /// that account or the pod says otherwise, Kubernetes mounts the account's API token into
    /// every container. Most of those pods never call the API; anyone who gets code execution in
    /// one of them can read the token and act with whatever rights the `default` account has or
    /// is given later. The CIS Kubernetes Benchmark (5.1.5) asks that every `default`
    /// ServiceAccount set `automountServiceAccountToken: false`, so that a token reaches only
    /// the pods of a dedicated account that was meant to have one.
    ///
    /// ## How to fix
    ///
    /// Set `automountServiceAccountToken: false` on the `default` ServiceAccount, and give the
    /// workloads that call the API a ServiceAccount of their own.
    ///
    /// ```yaml
    /// apiVersion: v1
    /// kind: ServiceAccount
    /// metadata:
    ///   name: default
    ///   namespace: shop
    /// automountServiceAccountToken: false
    /// ```
    ///
    /// In Terraform, `automount_service_account_token = false` on the
    /// `kubernetes_default_service_account_v1` (or a `kubernetes_service_account_v1` named
    /// `default`).
    pub struct DefaultServiceAccountAutomount {
        id: "k8s-default-service-account-automount",
        title: "Default ServiceAccount lets pods mount its token",
        severity: Low,
        remediation: "Set automountServiceAccountToken: false on the namespace's default ServiceAccount.",
        frameworks: [
            nsa("Kubernetes Pod security: protecting Pod service account tokens"),
            mitre("T1528"),
            cis("5.1.5"),
        ],
        peers: [
            checkov("CKV_K8S_41"),
            kics("737a0dd9-0aaa-4145-8118-f01778262b8a"),
            kubescape("C-0189"),
        ],
        fixable: false,
    }
}

impl Rule for DefaultServiceAccountAutomount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if object.kind != "ServiceAccount" || object.api_version != "v1" {
            return;
        }
        // The name itself: a `generateName` of "default" makes another account.
        let name = object
            .metadata()
            .and_then(|metadata| metadata.get("name"))
            .and_then(Node::as_str);
        if name != Some("default") {
            return;
        }
        let of = match object.namespace {
            Some(namespace) => format!("of namespace \"{namespace}\""),
            None => "of its namespace".to_owned(),
        };
        let entry = object
            .node
            .entry("automountServiceAccountToken")
            .filter(|entry| !entry.value.is_null());
        match entry {
            None => {
                let message = format!(
                    "the default ServiceAccount {of} does not set automountServiceAccountToken: \
                     false, so every pod that names no ServiceAccount gets its API token"
                );
                cx.report_node(object.node, message);
            }
            Some(entry) if bool_value(&entry.value) == Some(true) => {
                let message = format!(
                    "the default ServiceAccount {of} sets automountServiceAccountToken: true, so \
                     every pod that names no ServiceAccount gets its API token"
                );
                cx.report_entry(entry, message);
            }
            // `false`, or a value the API server would reject.
            Some(_) => {}
        }
    }
}
