//! Paths on the node, as hostPath volumes name them.

/// The sockets of the container runtimes, as under `/run` (`/var/run` links to it). Whoever
/// reaches one controls every container on the node.
pub const RUNTIME_SOCKETS: &[&str] = &[
    "/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/run/crio/crio.sock",
    "/run/cri-dockerd.sock",
    "/run/dockershim.sock",
    "/run/podman/podman.sock",
    "/run/k3s/containerd/containerd.sock",
    "/run/docker/containerd/containerd.sock",
];

/// The absolute path without empty and `.` segments, with `..` applied and `/var/run` spelled
/// `/run`; `None` for a relative path (or a Windows one).
#[must_use]
pub fn normalize_host_path(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return None;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    if segments.starts_with(&["var", "run"]) {
        segments.remove(0);
    }
    Some(format!("/{}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_as_the_node_resolves() {
        assert_eq!(
            normalize_host_path("/var/run//docker.sock").as_deref(),
            Some("/run/docker.sock")
        );
        assert_eq!(
            normalize_host_path("/etc/./kubernetes/../").as_deref(),
            Some("/etc")
        );
        assert_eq!(normalize_host_path("/").as_deref(), Some("/"));
        assert_eq!(normalize_host_path("relative/path"), None);
    }
}
