use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// The restricted Pod Security Standard's Volume Types control: volumes of a pod spec whose
    /// source is not one of the types the profile allows, `configMap`, `csi`, `downwardAPI`,
    /// `emptyDir`, `ephemeral`, `image`, `persistentVolumeClaim`, `projected` and `secret`. That
    /// is the in-tree network and cloud storage types (`nfs`, `iscsi`, `rbd`, `cephfs`,
    /// `glusterfs`, `awsElasticBlockStore`, `azureDisk`, `gcePersistentDisk`...), `flexVolume`
    /// and `gitRepo`. Each is reported at its source entry.
    ///
    /// `hostPath`, which the control forbids too, is reported by `k8s-host-path-volume` (it is
    /// also a baseline control). A volume with no source is an `emptyDir` to the API server and
    /// is not reported. `image` volumes have been allowed by Pod Security admission since
    /// Kubernetes 1.33; the kubernetes.io page has not listed them yet.
    ///
    /// ## Why it matters
    ///
    /// The allowed types either carry data the cluster manages (ConfigMaps, Secrets, the
    /// downward API, scratch space) or go through a PersistentVolumeClaim or CSI driver that a
    /// cluster administrator set up. The others let whoever writes the pod spec mount any
    /// storage server or device they can name, with credentials and options of their choosing,
    /// bypassing the storage classes and volume policies of the cluster. `flexVolume` runs a
    /// driver binary as root on the node with options from the pod, and `gitRepo` runs `git` on
    /// the node (CVE-2024-10220 turned that into code execution on the node); both are
    /// deprecated.
    ///
    /// ## How to fix
    ///
    /// Define the storage as a PersistentVolume (or a StorageClass with a CSI driver) and mount
    /// it through a PersistentVolumeClaim. Replace `gitRepo` with an init container that clones
    /// the repository into an `emptyDir`.
    ///
    /// ```yaml
    /// spec:
    ///   volumes:
    ///     - name: data
    ///       persistentVolumeClaim:
    ///         claimName: shared-data
    /// ```
    pub struct DisallowedVolumeType {
        id: "k8s-disallowed-volume-type",
        title: "Pod uses a volume type the restricted profile forbids",
        severity: Medium,
        remediation: "Mount storage through a PersistentVolumeClaim (or CSI) instead of an inline volume of this type.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            pss_restricted("Volume Types"),
        ],
        peers: [
            trivy("KSV028"),
        ],
        fixable: false,
    }
}

/// The volume sources of the API that the restricted profile forbids, besides `hostPath`.
const DISALLOWED: &[&str] = &[
    "awsElasticBlockStore",
    "azureDisk",
    "azureFile",
    "cephfs",
    "cinder",
    "fc",
    "flexVolume",
    "flocker",
    "gcePersistentDisk",
    "gitRepo",
    "glusterfs",
    "iscsi",
    "nfs",
    "photonPersistentDisk",
    "portworxVolume",
    "quobyte",
    "rbd",
    "scaleIO",
    "storageos",
    "vsphereVolume",
];

impl Rule for DisallowedVolumeType {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let volumes = object.pod_spec().and_then(|spec| spec.get("volumes"));
        for volume in volumes.into_iter().flat_map(Node::items) {
            let name = volume
                .get("name")
                .and_then(Node::as_str)
                .unwrap_or("<unnamed>");
            for entry in volume.as_mapping().unwrap_or(&[]) {
                let Some(kind) = entry.key.as_str() else {
                    continue;
                };
                if !DISALLOWED.contains(&kind) || entry.value.is_null() {
                    continue;
                }
                cx.report_entry(
                    entry,
                    format!(
                        "volume \"{name}\" is of type {kind}, which the restricted Pod Security Standard forbids"
                    ),
                );
            }
        }
    }
}
