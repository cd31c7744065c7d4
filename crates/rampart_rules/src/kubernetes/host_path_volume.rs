use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Volumes of a pod spec that are `hostPath` volumes, whatever the path. Each is reported at
    /// its `hostPath` entry, naming the path. Paths that expose the node outright (the container
    /// runtime socket, `/`, `/etc`, `/proc`, the kubelet's state...) are also reported, with a
    /// higher severity, by `k8s-sensitive-host-path`.
    ///
    /// ## Why it matters
    ///
    /// A `hostPath` volume mounts a file or directory of the node into the pod. It breaks the
    /// isolation between the pod and the node: what the container writes lands on the node (and
    /// can fill its disk or plant files other processes trust), what the node holds is readable
    /// by the container, and symlinks and mount propagation have led to container escapes. It
    /// also ties the pod to whatever the node happens to hold at that path.
    ///
    /// ## How to fix
    ///
    /// Use an `emptyDir` for scratch space, a PersistentVolumeClaim for data that must persist,
    /// and a ConfigMap, Secret or projected volume for configuration. When a node agent really
    /// needs a host path, mount the narrowest path read-only and run the agent in its own
    /// namespace.
    ///
    /// ```yaml
    /// spec:
    ///   volumes:
    ///     - name: cache
    ///       emptyDir: {}
    ///     - name: data
    ///       persistentVolumeClaim:
    ///         claimName: app-data
    /// ```
    pub struct HostPathVolume {
        id: "k8s-host-path-volume",
        title: "Pod mounts a host path",
        severity: Medium,
        remediation: "Replace the hostPath volume with an emptyDir, a PersistentVolumeClaim, or a ConfigMap or Secret volume.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            mitre("T1611"),
            cis("5.2.12"),
            pss_baseline("HostPath Volumes"),
            pss_restricted("Volume Types"),
        ],
        peers: [
            kics("aa8f7a35-9923-4cad-bd61-a19b7f6aac91"),
            kics("86a947ea-f577-4efb-a8b0-5fc00257d521"),
            kubescape("C-0048"),
            trivy("KSV023"),
        ],
        fixable: false,
    }
}

impl Rule for HostPathVolume {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for volume in object.host_path_volumes() {
            cx.report_entry(
                volume.entry,
                format!("{} mounts host path {}", volume.describe(), volume.path),
            );
        }
    }
}
