use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) whose image is named by a tag and that the
    /// kubelet runs from its cache rather than from the registry:
    ///
    /// - `imagePullPolicy: IfNotPresent` or `Never`: reported at that entry;
    /// - no `imagePullPolicy` (or null), when the API server defaults it to `IfNotPresent`, which
    ///   it does for every tag but `latest`: reported at the container. An image with no tag is
    ///   `latest`, and defaults to `Always`.
    ///
    /// Images pinned by digest (`@sha256:...`) are never reported, whatever their policy: a
    /// digest names content that cannot change, so the cached copy is the image the manifest
    /// asks for, and pulling it again would fetch the same bytes. Pinning by digest is the better
    /// fix (`k8s-image-not-pinned-by-digest`). An image reference that is not valid (an
    /// unrendered template) is judged when it still ends in a tag (`$IMAGE:1.2`: whatever the
    /// variable holds, no digest can come before a tag), and skipped otherwise (`$IMAGE` may be
    /// rendered pinned).
    ///
    /// Whether a pod that lacks the credentials for a private image may run it from a node's
    /// cache is a cluster setting (the `AlwaysPullImages` admission plugin, or the kubelet's
    /// check of credentials for cached images), not one a workload can make for others: it is
    /// out of this rule's scope.
    ///
    /// ## Why it matters
    ///
    /// A tag can point at new content at any time (a rebuild with a security fix, or a malicious
    /// push). With `IfNotPresent` each node keeps running whatever it cached under the tag when it
    /// first pulled it, so nodes run different builds of the same version, and a fix pushed under
    /// the same tag never reaches the nodes that already have the old one. With `Always` the
    /// kubelet asks the registry what the tag points at each time it starts the container, and
    /// only downloads layers it does not have.
    ///
    /// ## How to fix
    ///
    /// Pin the image by digest, or set `imagePullPolicy: Always`.
    ///
    /// ```yaml
    /// containers:
    ///   - name: web
    ///     image: registry.example.com/web:1.4.2
    ///     imagePullPolicy: Always
    /// ```
    pub struct ImagePullPolicyNotAlways {
        id: "k8s-image-pull-policy-not-always",
        title: "Container may run a stale cached image",
        severity: Low,
        remediation: "Pin the image by digest, or set imagePullPolicy: Always.",
        frameworks: [
            nsa("Kubernetes Pod security: building secure container images"),
        ],
        peers: [
            checkov("CKV_K8S_15"),
            kics("caa3479d-885d-4882-9aac-95e5e78ef5c2"),
            kics("aa737abf-6b1d-4aba-95aa-5c160bd7f96e"),
            kubescape("C-0075"),
            polaris("pullPolicyNotAlways"),
        ],
        fixable: false,
    }
}

impl Rule for ImagePullPolicyNotAlways {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            // A digest pins the content: the policy does not matter.
            let Some((reference, tag)) = tag_of(&container) else {
                continue;
            };
            let who = container.describe();
            match container.node.entry("imagePullPolicy") {
                Some(entry) if !entry.value.is_null() => {
                    let message = match entry.value.as_str() {
                        Some("IfNotPresent") => format!(
                            "{who} sets imagePullPolicy: IfNotPresent, so it pulls image \
                             {reference} only when it is not on the node"
                        ),
                        Some("Never") => format!(
                            "{who} sets imagePullPolicy: Never, so it runs whatever image \
                             {reference} the node has"
                        ),
                        // `Always`, or a value the API server rejects.
                        _ => continue,
                    };
                    cx.report_entry(entry, message);
                }
                // Unset: `latest` defaults to `Always`, every other tag to `IfNotPresent`.
                _ if tag == "latest" => {}
                unset => {
                    let message = format!(
                        "{who} sets no imagePullPolicy, so it pulls image {reference} only when \
                         it is not on the node"
                    );
                    match unset {
                        Some(entry) => cx.report_entry(entry, message),
                        None => cx.report_node(container.node, message),
                    };
                }
            }
        }
    }
}

/// The image of `container` as written and the tag it resolves to; `None` when it is pinned by
/// digest, or may be. An image that is not a valid reference (an unrendered `$IMAGE:1.2`) still
/// counts when it ends in a tag: no digest can come before a tag, whatever the variable holds.
fn tag_of<'a>(container: &Container<'a>) -> Option<(&'a str, &'a str)> {
    if let Some(image) = container.image() {
        return image
            .parsed
            .resolved_tag()
            .map(|tag| (image.reference, tag));
    }
    let reference = container.node.get("image")?.as_str()?;
    let (_, tag) = reference.rsplit_once(':')?;
    let valid_tag = (1..=128).contains(&tag.len())
        && !tag.starts_with(['.', '-'])
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    (valid_tag && !reference.contains('@')).then_some((reference, tag))
}
