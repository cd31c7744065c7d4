use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) whose image is not pinned by a digest
    /// (`@sha256:...`): the image is named by a tag, or by nothing at all. Image references are
    /// parsed as the runtimes parse them (`registry:5000/app:1.2@sha256:...` is pinned; the tag is
    /// then ignored). A reference that is not valid, such as an unrendered template, is not
    /// reported.
    ///
    /// ## Why it matters
    ///
    /// A tag is a movable pointer: the registry can serve different content under it tomorrow,
    /// because someone pushed a new build, or because the registry or an account was
    /// compromised. Only a digest names content that cannot change, so that what was tested,
    /// scanned and signed is exactly what runs, on every node and after every restart.
    ///
    /// ## How to fix
    ///
    /// Append the digest of the image you tested (`docker buildx imagetools inspect`, `crane
    /// digest`), and let a bot such as Renovate keep it up to date. The tag may stay for people to
    /// read.
    ///
    /// ```yaml
    /// containers:
    ///   - name: web
    ///     image: registry.example.com/web:1.4.2@sha256:4b1f7c2e9d3a8f6b0c5e1d7a9f3b2c8e6d4a1f0b9c7e5d3a2f8b6c4e0d9a7f1b
    /// ```
    pub struct ImageNotPinnedByDigest {
        id: "k8s-image-not-pinned-by-digest",
        title: "Container image is not pinned by digest",
        severity: Low,
        remediation: "Pin the image by digest: image: name:tag@sha256:<digest>.",
        frameworks: [
            nsa("Kubernetes Pod security: building secure container images"),
            mitre("T1525"),
        ],
        peers: [
            checkov("CKV_K8S_43"),
            kics("7c81d34c-8e5a-402b-9798-9f442630e678"),
            kics("228c4c19-feeb-4c18-848c-800ac70fdfb7"),
        ],
        fixable: false,
    }
}

impl Rule for ImageNotPinnedByDigest {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            // An image reference that is not valid has no digest to add.
            let Some(image) = container.image().filter(|image| !image.parsed.is_pinned()) else {
                continue;
            };
            cx.report_entry(
                image.entry,
                format!(
                    "{} uses image {}, which is not pinned by digest",
                    container.describe(),
                    image.reference
                ),
            );
        }
    }
}
