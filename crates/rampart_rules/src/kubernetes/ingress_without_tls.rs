use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Ingresses (`networking.k8s.io`, and the old `extensions` group) that serve HTTP without
    /// TLS:
    ///
    /// - no `spec.tls` at all, or an empty or null one: reported once, at the spec (or the `tls`
    ///   entry);
    /// - a `rules[].host` that no `tls[].hosts` entry covers: reported at that `host`, once per
    ///   host. A TLS host covers the same name, and a wildcard (`*.example.com`) covers one label
    ///   in its place (`shop.example.com`, not `a.b.example.com`). A `tls` item without `hosts`
    ///   covers every host (the controller's default certificate), and rules without a host are
    ///   not checked host by host.
    ///
    /// Ingresses whose controller terminates TLS with a certificate named in an annotation, and
    /// so need no `tls` section, are not reported: `alb.ingress.kubernetes.io/certificate-arn`
    /// (or an HTTPS port in `alb.ingress.kubernetes.io/listen-ports`),
    /// `networking.gke.io/managed-certificates`, `ingress.gcp.kubernetes.io/pre-shared-cert` and
    /// `appgw.ingress.kubernetes.io/appgw-ssl-certificate`.
    ///
    /// ## Why it matters
    ///
    /// An Ingress is usually the way into the cluster from outside. Without TLS, requests and
    /// responses cross the network in clear text: passwords, session cookies, tokens and personal
    /// data can be read by anyone on the path, and pages can be altered in transit. Clients have
    /// no way to know they reached the real service.
    ///
    /// ## How to fix
    ///
    /// List every host under `tls`, with a Secret holding its certificate (cert-manager can issue
    /// and renew it), and redirect HTTP to HTTPS.
    ///
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: shop
    ///   annotations:
    ///     cert-manager.io/cluster-issuer: letsencrypt
    /// spec:
    ///   tls:
    ///     - hosts: [shop.example.com]
    ///       secretName: shop-tls
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - path: /
    ///             pathType: Prefix
    ///             backend:
    ///               service: {name: shop, port: {number: 80}}
    /// ```
    pub struct IngressWithoutTls {
        id: "k8s-ingress-without-tls",
        title: "Ingress serves HTTP without TLS",
        severity: Medium,
        remediation: "Add a tls section that lists every host of the Ingress, with a Secret holding its certificate.",
        frameworks: [
            nsa("Network separation and hardening: encryption"),
            mitre("T1040"),
        ],
        peers: [
            polaris("tlsSettingsMissing"),
        ],
        fixable: false,
    }
}

/// Annotations through which a controller's load balancer gets a certificate, so that the
/// Ingress needs no `tls` section.
const CERTIFICATE_ANNOTATIONS: &[&str] = &[
    "alb.ingress.kubernetes.io/certificate-arn",
    "networking.gke.io/managed-certificates",
    "ingress.gcp.kubernetes.io/pre-shared-cert",
    "appgw.ingress.kubernetes.io/appgw-ssl-certificate",
];

impl Rule for IngressWithoutTls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let ingress = object.kind == "Ingress"
            && matches!(object.group(), "networking.k8s.io" | "extensions");
        if !ingress || has_annotated_certificate(object) {
            return;
        }
        let Some(spec) = object.node.get("spec").filter(|s| s.as_mapping().is_some()) else {
            return;
        };
        let what = object.describe();
        let plain = format!("{what} has no TLS, so it serves HTTP in clear text");
        let tls = match spec.entry("tls") {
            None => {
                cx.report_node(spec, plain);
                return;
            }
            Some(entry) if entry.value.is_null() || entry.value.as_sequence() == Some(&[]) => {
                cx.report_entry(entry, plain);
                return;
            }
            Some(entry) => entry.value.as_sequence().unwrap_or_default(),
        };
        let mut covered: Vec<&str> = Vec::new();
        for item in tls {
            let hosts: Vec<&str> = item
                .get("hosts")
                .into_iter()
                .flat_map(Node::items)
                .filter_map(Node::as_str)
                .collect();
            if hosts.is_empty() {
                return; // The controller's default certificate serves every host.
            }
            covered.extend(hosts);
        }
        let mut reported: Vec<&str> = Vec::new();
        for rule in spec.get("rules").into_iter().flat_map(Node::items) {
            let Some(entry) = rule.entry("host") else {
                continue;
            };
            let Some(host) = entry.value.as_str().filter(|h| !h.is_empty()) else {
                continue;
            };
            if reported.contains(&host) || covered.iter().any(|tls| covers(tls, host)) {
                continue;
            }
            reported.push(host);
            cx.report_entry(
                entry,
                format!("{what} serves host {host} without TLS: no tls entry lists it"),
            );
        }
    }
}

/// Whether the Ingress gets a certificate through one of [`CERTIFICATE_ANNOTATIONS`], or
/// listens on HTTPS through the AWS Load Balancer Controller, which then finds certificates for
/// its hosts in ACM.
fn has_annotated_certificate(object: &Object<'_>) -> bool {
    let Some(annotations) = object.metadata().and_then(|m| m.get("annotations")) else {
        return false;
    };
    let set = |key: &str| {
        annotations
            .get(key)
            .and_then(Node::as_str)
            .filter(|value| !value.trim().is_empty())
    };
    CERTIFICATE_ANNOTATIONS.iter().any(|key| set(key).is_some())
        || set("alb.ingress.kubernetes.io/listen-ports")
            .is_some_and(|ports| ports.contains("HTTPS"))
}

/// Whether the TLS host `tls` covers the rule host `host`: the same name, or a wildcard whose
/// `*` stands for the first label of `host`. DNS names compare without regard to case.
fn covers(tls: &str, host: &str) -> bool {
    if tls.eq_ignore_ascii_case(host) {
        return true;
    }
    let Some(suffix) = tls.strip_prefix("*.") else {
        return false;
    };
    host.split_once('.').is_some_and(|(label, rest)| {
        !label.is_empty() && label != "*" && rest.eq_ignore_ascii_case(suffix)
    })
}
