use crate::prelude::*;
use rampart_kubernetes::{normalize_host_path, RUNTIME_SOCKETS};

declare_rule! {
    /// ## What it checks
    ///
    /// `hostPath` volumes of a pod spec whose path exposes the node outright. Each is reported at
    /// its `path` entry.
    ///
    /// - The container runtime sockets: Docker (`/var/run/docker.sock`), containerd
    ///   (`/run/containerd/containerd.sock`, and k3s's), CRI-O (`/var/run/crio/crio.sock`),
    ///   cri-dockerd, dockershim and Podman, and any directory that holds one (`/run`,
    ///   `/var/run`, `/run/containerd`...). `/var/run` is a symlink to `/run`, so both spellings
    ///   count.
    /// - Kernel and device interfaces and credential stores, and everything under them: `/proc`,
    ///   `/sys`, `/dev`, `/boot`, `/root`, `/etc/kubernetes`, `/var/lib/kubelet`, the runtimes'
    ///   state (`/var/lib/docker`, `/var/lib/containerd`, `/var/lib/containers`),
    ///   `/var/lib/etcd`, and the account, sudo, SSH and cron files of `/etc`.
    /// - System directories as a whole (not what is under them): `/`, `/etc`, `/home`, `/usr`,
    ///   `/bin`, `/sbin`, `/lib`, `/lib64`.
    /// - Any directory that holds one of the above, such as `/var` or `/var/lib`.
    /// - The folders where command-line tools keep cloud and cluster credentials, in any home
    ///   directory, and what is under them: `.aws`, `.azure`, `.config/gcloud`, `.kube`,
    ///   `.docker` (`/home/ec2-user/.aws/credentials`).
    ///
    /// Paths are compared after removing repeated and trailing slashes and `.` segments, so
    /// `/var/run//docker.sock/` is the Docker socket. Every `hostPath` volume, sensitive or not,
    /// is also reported by `k8s-host-path-volume`.
    ///
    /// ## Why it matters
    ///
    /// The container runtime socket is the API of the daemon that runs every container on the
    /// node: whoever can connect to it can start a privileged container with the node's root
    /// filesystem mounted, read the secrets of every container, or stop them. Mounting it read-only
    /// does not help: a read-only mount does not stop a process from connecting to a socket. The
    /// other paths hand the container the node's kernel interfaces (`/proc/sys`, `/sys`,
    /// devices), its configuration and credentials (`/etc`, `/etc/kubernetes`, `/root`), or the
    /// secrets and filesystems of every other pod (`/var/lib/kubelet`, the runtimes' state):
    /// each is a direct path to taking over the node. Cloud CLI credentials (`.aws`,
    /// `.azure`, `.config/gcloud`) reach beyond it, to the cloud account the node runs in.
    ///
    /// ## How to fix
    ///
    /// Remove the volume. Build images with a builder that needs no daemon (BuildKit rootless,
    /// Kaniko, Buildah) instead of mounting the Docker socket; read node metrics and logs through
    /// the kubelet and an agent that mounts only the narrow paths it needs, read-only.
    ///
    /// ```yaml
    /// spec:
    ///   volumes:
    ///     - name: workspace
    ///       emptyDir: {}
    /// ```
    pub struct SensitiveHostPath {
        id: "k8s-sensitive-host-path",
        title: "Pod mounts a sensitive host path",
        severity: High,
        remediation: "Remove the hostPath volume of the runtime socket or system directory; use a daemonless builder or a narrow read-only path.",
        frameworks: [
            nsa("Kubernetes Pod security: pod security enforcement"),
            mitre("T1611"),
            mitre("T1610"),
            cis("5.2.12"),
            pss_baseline("HostPath Volumes"),
        ],
        peers: [
            checkov("CKV_K8S_27"),
            kics("a6f34658-fdfb-4154-9536-56d516f65828"),
            kics("5308a7a8-06f8-45ac-bf10-791fe21de46e"),
            kics("4e203a65-c8d8-49a2-b749-b124d43c9dc1"),
            kics("a737be28-37d8-4bff-aa6d-1be8aa0a0015"),
            kubescape("C-0074"),
            kubescape("C-0020"),
            kube_linter("docker-sock"),
            kube_linter("sensitive-host-mounts"),
            trivy("KSV006"),
            trivy("KSV121"),
        ],
        fixable: false,
    }
}

/// Paths that are sensitive with everything under them, and what they hold.
const SENSITIVE_TREES: &[(&str, &str)] = &[
    ("/proc", "the kernel's process and settings interface"),
    ("/sys", "the kernel's device and settings interface"),
    ("/dev", "the node's devices"),
    ("/boot", "the node's kernel and boot loader"),
    (
        "/root",
        "the root user's home, with its keys and credentials",
    ),
    (
        "/etc/kubernetes",
        "the node's Kubernetes configuration and credentials",
    ),
    (
        "/var/lib/kubelet",
        "the kubelet's state, with every pod's volumes and secrets",
    ),
    (
        "/var/lib/docker",
        "the container runtime's state, with every container's filesystem",
    ),
    (
        "/var/lib/containerd",
        "the container runtime's state, with every container's filesystem",
    ),
    (
        "/var/lib/containers",
        "the container runtime's state, with every container's filesystem",
    ),
    (
        "/var/lib/etcd",
        "the etcd database, with every object of the cluster",
    ),
    ("/etc/shadow", "the node's password hashes"),
    ("/etc/passwd", "the node's user accounts"),
    ("/etc/sudoers", "the node's sudo rules"),
    ("/etc/sudoers.d", "the node's sudo rules"),
    ("/etc/ssh", "the node's SSH configuration and host keys"),
    ("/etc/crontab", "the node's scheduled jobs"),
    ("/etc/cron.d", "the node's scheduled jobs"),
];

/// Paths that are sensitive as a whole, though much under them is not, and what they hold.
const SENSITIVE_DIRECTORIES: &[(&str, &str)] = &[
    ("/", "the node's whole filesystem"),
    ("/etc", "the node's configuration"),
    ("/home", "the users' home directories"),
    ("/usr", "the node's programs and libraries"),
    ("/bin", "the node's programs"),
    ("/sbin", "the node's system programs"),
    ("/lib", "the node's libraries and kernel modules"),
    ("/lib64", "the node's libraries"),
];

/// Why a host path is sensitive.
pub(crate) enum Exposure {
    /// It is a container runtime socket.
    RuntimeSocket,
    /// It is a directory that holds a container runtime socket.
    HoldsRuntimeSocket,
    /// It is this sensitive path.
    Is(&'static str),
    /// It is under this sensitive path.
    Inside(&'static str, &'static str),
    /// It is a directory that holds this sensitive path.
    Holds(&'static str, &'static str),
}

impl Rule for SensitiveHostPath {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for host_path in object.host_path_volumes() {
            let path = host_path.path;
            let Some(exposure) = exposure(path) else {
                continue;
            };
            let volume = host_path.describe();
            let message = match exposure {
                Exposure::RuntimeSocket => format!(
                    "{volume} mounts the container runtime socket {path}, which gives control of \
                     every container on the node"
                ),
                Exposure::HoldsRuntimeSocket => format!(
                    "{volume} mounts host path {path}, which holds the container runtime socket \
                     and so gives control of every container on the node"
                ),
                Exposure::Is(what) => format!("{volume} mounts host path {path} ({what})"),
                Exposure::Inside(root, what) => {
                    format!("{volume} mounts host path {path}, inside {root} ({what})")
                }
                Exposure::Holds(inner, what) => {
                    format!("{volume} mounts host path {path}, which holds {inner} ({what})")
                }
            };
            cx.report_entry(host_path.path_entry, message);
        }
    }
}

/// Why `path` is sensitive, if it is.
pub(crate) fn exposure(path: &str) -> Option<Exposure> {
    let path = normalize_host_path(path)?;
    let path = path.as_str();
    let entries = || SENSITIVE_TREES.iter().chain(SENSITIVE_DIRECTORIES);
    if RUNTIME_SOCKETS.contains(&path) {
        return Some(Exposure::RuntimeSocket);
    }
    if let Some(&(_, what)) = entries().find(|(p, _)| *p == path) {
        return Some(Exposure::Is(what));
    }
    if RUNTIME_SOCKETS.iter().any(|socket| is_under(socket, path)) {
        return Some(Exposure::HoldsRuntimeSocket);
    }
    if let Some(&(root, what)) = SENSITIVE_TREES.iter().find(|(p, _)| is_under(path, p)) {
        return Some(Exposure::Inside(root, what));
    }
    if let Some(&(inner, what)) = entries().find(|(p, _)| is_under(p, path)) {
        return Some(Exposure::Holds(inner, what));
    }
    credentials(path).map(Exposure::Is)
}

/// The folders in which command-line tools keep cloud and cluster credentials, wherever the
/// home directory is (`/home/ec2-user/.aws`, `/.aws`), and what they hold.
const CREDENTIAL_FOLDERS: &[(&str, &str)] = &[
    (".aws", "the AWS CLI's credentials"),
    (".azure", "the Azure CLI's credentials"),
    (".config/gcloud", "the Google Cloud CLI's credentials"),
    (".kube", "kubeconfig credentials"),
    (".docker", "container registry credentials"),
];

/// What credentials `path` reaches, when it is a credential folder or is inside one.
fn credentials(path: &str) -> Option<&'static str> {
    CREDENTIAL_FOLDERS.iter().find_map(|&(folder, what)| {
        let inside = path.ends_with(&format!("/{folder}")) || path.contains(&format!("/{folder}/"));
        inside.then_some(what)
    })
}

/// Whether `path` is strictly under the directory `dir`.
fn is_under(path: &str, dir: &str) -> bool {
    path != dir
        && path
            .strip_prefix(dir)
            .is_some_and(|rest| dir == "/" || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> &'static str {
        match exposure(path) {
            None => "none",
            Some(Exposure::RuntimeSocket) => "socket",
            Some(Exposure::HoldsRuntimeSocket) => "holds-socket",
            Some(Exposure::Is(_)) => "is",
            Some(Exposure::Inside(..)) => "inside",
            Some(Exposure::Holds(..)) => "holds",
        }
    }

    #[test]
    fn classifies_paths() {
        for (path, expected) in [
            ("/var/run/docker.sock", "socket"),
            ("/run/docker.sock", "socket"),
            ("//var//run/docker.sock/", "socket"),
            ("/var/run/./crio/crio.sock", "socket"),
            ("/run/containerd/containerd.sock", "socket"),
            ("/var/run", "holds-socket"),
            ("/run/", "holds-socket"),
            ("/run/containerd", "holds-socket"),
            ("/", "is"),
            ("/etc/", "is"),
            ("/proc", "is"),
            ("/proc/sys/kernel", "inside"),
            ("/var/lib/kubelet/pods", "inside"),
            ("/var", "holds"),
            ("/var/lib", "holds"),
            ("/var/log", "none"),
            ("/etc/nginx", "none"),
            ("/usr/src", "none"),
            ("/lib/modules", "none"),
            ("/var/run/secrets-store", "none"),
            ("/data", "none"),
            ("/home/ec2-user/.aws", "is"),
            ("/.azure/credentials", "is"),
            ("/root/.config/gcloud", "inside"),
            ("/home/app/.dockerignore", "none"),
            ("/srv/.kubernetes", "none"),
            ("/procfs", "none"),
            ("relative/etc", "none"),
            ("C:\\Windows", "none"),
        ] {
            assert_eq!(kind(path), expected, "{path}");
        }
    }
}
