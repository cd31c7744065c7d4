use super::sensitive_host_path::exposure;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) that mount a `hostPath` volume of a sensitive
    /// node path without `readOnly: true`. The sensitive paths are those of
    /// `k8s-sensitive-host-path`: the container runtime sockets and the directories that hold
    /// them, `/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/etc/kubernetes`, the kubelet's and the
    /// runtimes' state, the account, sudo, SSH and cron files of `/etc`, the system directories
    /// (`/`, `/etc`, `/usr`, `/bin`, `/lib`...) and the directories that hold any of them
    /// (`/var`). A mount's `subPath` is added to the volume's path (`/etc` with `subPath: nginx`
    /// mounts `/etc/nginx`, which is not sensitive); a mount with `subPathExpr` is not reported,
    /// as its path is only known at run time.
    ///
    /// Each mount is reported at its `readOnly` entry when it sets it to false (or null), or at
    /// the mount itself when it lacks one. A `readOnly` that is not a boolean (a quoted `"true"`)
    /// is rejected by the API server, and not reported.
    ///
    /// ## Why it matters
    ///
    /// Writing to the node's system directories is taking over the node: a container that can
    /// write to `/etc` adds a user or a cron job, one that can write to `/usr` or `/lib` replaces
    /// a program the node runs as root, one that can write to `/var/lib/kubelet` tampers with
    /// other pods' volumes and secrets. From the node, every pod on it and the kubelet's
    /// credentials are within reach. A read-only mount still exposes what is there to read, which
    /// `k8s-sensitive-host-path` reports, but cannot plant anything.
    ///
    /// ## How to fix
    ///
    /// Remove the mount. If the container only needs to read the path, mount it read-only, and as
    /// narrowly as possible.
    ///
    /// ```yaml
    /// volumeMounts:
    ///   - name: host-etc
    ///     mountPath: /host/etc
    ///     readOnly: true
    /// ```
    pub struct WritableSensitiveMount {
        id: "k8s-writable-sensitive-mount",
        title: "Container mounts a sensitive host path writable",
        severity: High,
        remediation: "Remove the hostPath mount, or set readOnly: true on it and narrow its path.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            mitre("T1611"),
            pss_baseline("HostPath Volumes"),
        ],
        peers: [
            kics("b7652612-de4e-4466-a0bf-1cd81f0c6063"),
            kics("a62a99d1-8196-432f-8f80-3c100b05d62a"),
            kube_linter("writable-host-mount"),
        ],
        fixable: false,
    }
}

impl Rule for WritableSensitiveMount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let volumes = object.host_path_volumes();
        if volumes.is_empty() {
            return;
        }
        for container in object.containers() {
            let mounts = container
                .node
                .get("volumeMounts")
                .into_iter()
                .flat_map(Node::items);
            for mount in mounts {
                let Some(name) = mount.get("name").and_then(Node::as_str) else {
                    continue;
                };
                // The last volume of a name is the one the API server would keep, were it to
                // accept the duplicate.
                let Some(volume) = volumes.iter().rev().find(|v| v.name == Some(name)) else {
                    continue;
                };
                if mount.get("subPathExpr").is_some_and(|v| !v.is_null()) {
                    continue;
                }
                let path = match mount
                    .get("subPath")
                    .and_then(Node::as_str)
                    .filter(|sub| !sub.is_empty())
                {
                    Some(sub) => format!("{}/{sub}", volume.path.trim_end_matches('/')),
                    None => volume.path.to_owned(),
                };
                if exposure(&path).is_none() {
                    continue;
                }
                let read_only = mount.entry("readOnly");
                // `true`, or a value that is not a boolean, which the API server rejects.
                if read_only.is_some_and(|entry| {
                    !entry.value.is_null() && bool_value(&entry.value) != Some(false)
                }) {
                    continue;
                }
                let message = format!(
                    "{} mounts sensitive host path {path} ({}) writable",
                    container.describe(),
                    volume.describe()
                );
                match read_only {
                    Some(entry) => cx.report_entry(entry, message),
                    None => cx.report_node(mount, message),
                };
            }
        }
    }
}
