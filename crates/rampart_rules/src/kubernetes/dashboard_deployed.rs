use super::shared::KnownComponent;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Workloads that run the Kubernetes Dashboard: a container (regular, init or ephemeral)
    /// whose image is the Dashboard's (`kubernetesui/dashboard`, `kubernetesui/dashboard-api`,
    /// `dashboard-web` and `dashboard-auth` of Dashboard 7, and the older
    /// `kubernetes-dashboard-amd64`), reported at its `image`; or, when no image is one, a pod
    /// template labelled `k8s-app: kubernetes-dashboard` (or `app` or
    /// `app.kubernetes.io/name` with that value), reported at its `labels`. The Dashboard's
    /// metrics scraper alone is not reported.
    ///
    /// ## Why it matters
    ///
    /// The Dashboard is a web interface to the API server. Deployed with a privileged service
    /// account, or with the login skipped, it lets whoever reaches it create workloads and read
    /// Secrets; exposed dashboards have been the entry point of well-known cryptomining
    /// compromises (Tesla, 2018). Even properly configured, it is one more web application with
    /// cluster credentials to keep patched and unexposed.
    ///
    /// ## How to fix
    ///
    /// Remove the Dashboard if it is not needed, and use `kubectl` or a client on the
    /// workstation with the user's own credentials. If it is needed, keep it reachable only
    /// through `kubectl proxy` or an authenticating proxy, require a token to log in, and give its
    /// service account no more than read access.
    ///
    /// ```sh
    /// helm uninstall kubernetes-dashboard -n kubernetes-dashboard
    /// ```
    pub struct DashboardDeployed {
        id: "k8s-dashboard-deployed",
        title: "Kubernetes Dashboard is deployed",
        severity: Low,
        remediation: "Remove the Kubernetes Dashboard, or reach it only through kubectl proxy with a token and a read-only service account.",
        frameworks: [
            mitre("T1610"),
        ],
        peers: [
            checkov("CKV_K8S_33"),
            kics("d2ad057f-0928-41ef-a83c-f59203bb855b"),
        ],
        fixable: false,
    }
}

/// The labels the Dashboard's manifests and chart put on its pods.
const LABEL_KEYS: &[&str] = &["k8s-app", "app", "app.kubernetes.io/name"];

impl Rule for DashboardDeployed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        KnownComponent {
            name: "the Kubernetes Dashboard",
            is_image: is_dashboard_image,
            is_labelled: is_dashboard_labelled,
        }
        .check(object, cx);
    }
}

/// Whether pod labels mark the Dashboard.
fn is_dashboard_labelled(labels: &Node) -> bool {
    LABEL_KEYS
        .iter()
        .any(|key| labels.get(key).and_then(Node::as_str) == Some("kubernetes-dashboard"))
}

/// Whether a repository path is one of the Dashboard's images.
fn is_dashboard_image(repository: &str) -> bool {
    let mut parts = repository.rsplit('/');
    let last = parts.next().unwrap_or(repository);
    let parent = parts.next();
    last.starts_with("kubernetes-dashboard")
        || (parent == Some("kubernetesui")
            && matches!(
                last,
                "dashboard" | "dashboard-api" | "dashboard-web" | "dashboard-auth"
            ))
}
