use super::shared::KnownComponent;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Workloads that run Tiller, the server side of Helm 2: a container (regular, init or
    /// ephemeral) whose image's last path component contains `tiller`
    /// (`gcr.io/kubernetes-helm/tiller:v2.16.12`, `ghcr.io/helm/tiller`), reported at its
    /// `image`; or, when no image is one, a pod template labelled `app: helm` and `name: tiller`,
    /// as `helm init` labels it, reported at its `labels`.
    ///
    /// ## Why it matters
    ///
    /// Tiller listens on a gRPC port (44134) without authentication by default, and installs
    /// whatever chart it is sent with its own service account, usually bound to `cluster-admin`.
    /// Any pod that can reach it can therefore create any object in the cluster: a privileged pod
    /// on every node, a binding that makes it an administrator. Helm 2 has been unsupported
    /// since November 2020 and receives no security fixes.
    ///
    /// ## How to fix
    ///
    /// Migrate to Helm 3, which has no server component and acts with the credentials of the
    /// user who runs it (`helm 2to3` converts the releases), then delete the Tiller Deployment,
    /// its Service and its service account binding.
    ///
    /// ```sh
    /// helm 2to3 convert <release>
    /// kubectl -n kube-system delete deployment tiller-deploy
    /// kubectl -n kube-system delete service tiller-deploy
    /// ```
    pub struct TillerDeployed {
        id: "k8s-tiller-deployed",
        title: "Tiller (Helm 2) is deployed",
        severity: High,
        remediation: "Migrate to Helm 3 and delete the Tiller Deployment, Service and service account binding.",
        frameworks: [
            mitre("T1610"),
        ],
        peers: [
            checkov("CKV_K8S_34"),
            kics("6d173be7-545a-46c6-a81d-2ae52ed1605d"),
            kics("ca2fba76-c1a7-4afd-be67-5249f861cb0e"),
        ],
        fixable: false,
    }
}

impl Rule for TillerDeployed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        KnownComponent {
            name: "Tiller (Helm 2)",
            is_image: is_tiller_image,
            is_labelled: is_tiller_labelled,
        }
        .check(object, cx);
    }
}

/// Whether the last component of a repository path names Tiller.
fn is_tiller_image(repository: &str) -> bool {
    repository
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains("tiller"))
}

/// Whether pod labels are those `helm init` puts on Tiller.
fn is_tiller_labelled(labels: &Node) -> bool {
    let label = |key| labels.get(key).and_then(Node::as_str);
    label("app") == Some("helm") && label("name") == Some("tiller")
}
