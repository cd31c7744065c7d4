use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) whose image has the tag `latest`, or no tag and
    /// no digest, which the runtime resolves to `latest`. Image references are parsed as the
    /// runtimes parse them: in `registry:5000/app` the `:5000` is the registry's port, so the
    /// image has no tag. An image pinned by digest (`app@sha256:...`, or `app:latest@sha256:...`,
    /// whose tag the runtime ignores) is not reported, nor is a reference that is not valid, such
    /// as an unrendered template.
    ///
    /// ## Why it matters
    ///
    /// `latest` is a tag like any other, moved by whoever pushes last. The version that runs is
    /// whatever the registry served when each node pulled, so replicas can run different code,
    /// a rollback does not bring back the old version, and a compromised or mistaken push reaches
    /// production on the next restart without any change to the manifest. It also makes the
    /// kubelet default `imagePullPolicy` to `Always`, so a registry outage stops pods from
    /// starting.
    ///
    /// ## How to fix
    ///
    /// Name an immutable version tag, or better a digest (see `k8s-image-not-pinned-by-digest`).
    ///
    /// ```yaml
    /// containers:
    ///   - name: web
    ///     image: registry.example.com/web:1.4.2
    /// ```
    pub struct ImageTagLatest {
        id: "k8s-image-tag-latest",
        title: "Container image uses the latest tag",
        severity: Medium,
        remediation: "Use a specific version tag, or pin the image by digest.",
        frameworks: [
            nsa("Kubernetes Pod security: building secure container images"),
            mitre("T1525"),
        ],
        peers: [
            checkov("CKV_K8S_14"),
            kics("583053b7-e632-46f0-b989-f81ff8045385"),
            kics("e76cca7c-c3f9-4fc9-884c-b2831168ebd8"),
            kube_linter("latest-tag"),
            polaris("tagNotSpecified"),
            trivy("KSV013"),
        ],
        fixable: false,
    }
}

impl Rule for ImageTagLatest {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            let Some(image) = container.image() else {
                continue;
            };
            // A digest pins the image, whatever the tag says.
            let how = match (image.parsed.resolved_tag(), image.parsed.tag) {
                (Some("latest"), Some(_)) => "tagged latest",
                (Some("latest"), None) => "untagged and so latest",
                _ => continue,
            };
            cx.report_entry(
                image.entry,
                format!(
                    "{} uses image {}, {how}",
                    container.describe(),
                    image.reference
                ),
            );
        }
    }
}
