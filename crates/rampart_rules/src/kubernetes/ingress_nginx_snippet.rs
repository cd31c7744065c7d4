use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Ingresses (`networking.k8s.io` or `extensions`) with an NGINX snippet annotation: an
    /// annotation whose prefix names NGINX (`nginx.ingress.kubernetes.io/`, `nginx.org/`) and
    /// whose name contains `snippet`, such as `configuration-snippet`, `server-snippet`,
    /// `auth-snippet` or `nginx.org/location-snippets`. Each annotation is reported, and the
    /// message says when the snippet uses `alias` or Lua, the two forms known exploits use.
    ///
    /// ## Why it matters
    ///
    /// A snippet is raw NGINX configuration that the ingress controller pastes into its own
    /// configuration. Whoever can create or edit an Ingress can, through it, read files of the
    /// controller's pod (with `alias`, its service account token among them) or run Lua code
    /// in it, and the controller's token reads every Secret in the cluster: CVE-2021-25742. The
    /// ingress-nginx project has disabled snippet annotations by default since v1.9 for that
    /// reason, and a manifest that needs them forces the controller to accept them for every
    /// Ingress of every tenant.
    ///
    /// ## How to fix
    ///
    /// Use the controller's dedicated annotations (headers, rewrites, authentication, rate
    /// limits) or its global ConfigMap instead of snippets, and keep
    /// `allow-snippet-annotations: "false"` in the controller's configuration.
    ///
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     nginx.ingress.kubernetes.io/rewrite-target: /
    ///     nginx.ingress.kubernetes.io/enable-cors: "true"
    /// ```
    pub struct IngressNginxSnippet {
        id: "k8s-ingress-nginx-snippet",
        title: "Ingress uses an NGINX configuration snippet",
        severity: Medium,
        remediation: "Replace the snippet annotation with the ingress controller's dedicated annotations or global configuration, and keep snippet annotations disabled in the controller.",
        frameworks: [
            mitre("T1552.007"),
        ],
        peers: [
            checkov("CKV_K8S_153"),
            checkov("CKV_K8S_152"),
            checkov("CKV_K8S_154"),
        ],
        fixable: false,
    }
}

/// Whether an annotation key is an NGINX snippet annotation.
fn is_snippet(key: &str) -> bool {
    let Some((prefix, name)) = key.split_once('/') else {
        return false;
    };
    prefix.contains("nginx") && name.contains("snippet")
}

/// What makes a snippet an exploit's shape, when it is.
fn exploit_shape(value: &str) -> Option<&'static str> {
    let words = || value.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    if words().any(|w| w == "alias") {
        Some("an alias directive, which can serve any file of the controller's pod")
    } else if words().any(|w| w.starts_with("lua_") || w.ends_with("_lua") || w.contains("_lua_")) {
        Some("Lua code, which runs inside the controller")
    } else {
        None
    }
}

impl Rule for IngressNginxSnippet {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if object.kind != "Ingress" || !matches!(object.group(), "networking.k8s.io" | "extensions")
        {
            return;
        }
        let annotations = object.metadata().and_then(|m| m.get("annotations"));
        for entry in annotations.and_then(Node::as_mapping).into_iter().flatten() {
            let Some(key) = entry.key.as_str().filter(|key| is_snippet(key)) else {
                continue;
            };
            let mut message = format!(
                "{} injects raw NGINX configuration through {key}",
                object.describe()
            );
            if let Some(shape) = entry.value.as_str().and_then(exploit_shape) {
                message = format!("{message}, with {shape}");
            }
            cx.report_entry(entry, message);
        }
    }
}
