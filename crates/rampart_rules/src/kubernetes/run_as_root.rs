use super::shared::{container_security_context, Pod};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) that run, or may run, as root. The pod-level and
    /// container-level `securityContext` are resolved as the kubelet resolves them: a field set on
    /// the container wins, otherwise the pod's applies.
    ///
    /// - `runAsUser: 0`, on a container or on the pod, is reported at the entry. An explicit
    ///   root UID on the pod is reported even when every container overrides it: the pod sandbox
    ///   uses it, any container added later inherits it, and the restricted Pod Security Standard
    ///   rejects it.
    /// - A container whose effective `runAsUser` is a non-zero UID does not run as root, whatever
    ///   `runAsNonRoot` says.
    /// - Otherwise the container needs an effective `runAsNonRoot: true`. An effective
    ///   `runAsNonRoot: false` is reported at that entry (once, when it is the pod's).
    /// - When neither is set for a container: if nothing is set on the pod nor on any container,
    ///   the pod is reported once, at its `securityContext` (or its spec when it has none);
    ///   otherwise each such container is reported, at its `securityContext` (or itself).
    ///
    /// On Windows pods (`spec.os.name: windows`) the effective
    /// `windowsOptions.runAsUserName` plays the part of `runAsUser`: `ContainerAdministrator` is
    /// reported, any other user is not root.
    ///
    /// ## Why it matters
    ///
    /// Unless told otherwise, a container runs as the user its image names, and most images name
    /// none, so they run as root (UID 0). Root in a container is root on the node's kernel, kept
    /// in only by namespaces, capabilities and seccomp: a kernel or runtime bug, a mounted host
    /// path or an added capability turns it into root on the node. `runAsNonRoot: true` makes the
    /// kubelet refuse to start a container whose user is root.
    ///
    /// ## How to fix
    ///
    /// Set `runAsNonRoot: true` on the pod, and give a non-zero `runAsUser` where the image does
    /// not set a numeric non-root user. Build images with a numeric `USER`.
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    ///     runAsUser: 10001
    ///     runAsGroup: 10001
    /// ```
    pub struct RunAsRoot {
        id: "k8s-run-as-root",
        title: "Container may run as root",
        severity: Medium,
        remediation: "Set runAsNonRoot: true on the pod (or every container) and a non-zero runAsUser; never set runAsUser to 0.",
        frameworks: [
            nsa("Kubernetes Pod security: non-root containers and rootless container engines"),
            mitre("T1611"),
            cis("5.2.7"),
            pss_restricted("Running as Non-root"),
            pss_restricted("Running as Non-root user"),
        ],
        peers: [
            checkov("CKV_K8S_23"),
            kics("cf34805e-3872-4c08-bf92-6ff7bb0cfadb"),
            kubescape("C-0013"),
            kube_linter("run-as-non-root"),
            polaris("runAsRootAllowed"),
            trivy("KSV012"),
        ],
        fixable: false,
    }
}

/// The Windows account that is the administrator inside a container.
const WINDOWS_ADMIN: &str = "ContainerAdministrator";

impl Rule for RunAsRoot {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let Some(pod) = Pod::of(object) else {
            return;
        };
        if pod.containers.is_empty() {
            return;
        }
        let windows = object.is_windows_pod();
        let pod_sc = pod.security_context;

        let pod_user = set_entry(pod_sc, "runAsUser");
        if let Some(entry) = pod_user.filter(|e| int_value(&e.value) == Some(0)) {
            cx.report_entry(entry, "pod securityContext sets runAsUser to 0 (root)");
        }
        let pod_user_name = windows_user_name(pod_sc).filter(|_| windows);
        let pod_non_root = set_entry(pod_sc, "runAsNonRoot");

        // Pod-level entries that containers inherit are reported once.
        let mut reported_pod_entries = Vec::new();
        let mut unset = Vec::new();
        for container in &pod.containers {
            let sc = container_security_context(container);

            // The user: a UID decides; 0 is reported where it is written.
            let own_user = set_entry(sc, "runAsUser");
            if let Some(entry) = own_user {
                if int_value(&entry.value) == Some(0) {
                    cx.report_entry(
                        entry,
                        format!("{} sets runAsUser to 0 (root)", container.describe()),
                    );
                }
            }
            if own_user.or(pod_user).is_some() {
                // A non-zero UID is not root; 0 is reported above; anything else is rejected
                // by the API server.
                continue;
            }

            if windows {
                let own_name = windows_user_name(sc);
                if let Some(entry) = own_name.or(pod_user_name) {
                    let is_admin = entry
                        .value
                        .as_str()
                        .is_some_and(|name| name.eq_ignore_ascii_case(WINDOWS_ADMIN));
                    if is_admin {
                        if own_name.is_some() {
                            cx.report_entry(
                                entry,
                                format!("{} runs as {WINDOWS_ADMIN}", container.describe()),
                            );
                        } else if first_report(&mut reported_pod_entries, entry) {
                            cx.report_entry(
                                entry,
                                format!(
                                    "pod securityContext runs its containers as {WINDOWS_ADMIN}"
                                ),
                            );
                        }
                    }
                    continue;
                }
            }

            // No user: runAsNonRoot decides.
            let own_non_root = set_entry(sc, "runAsNonRoot");
            let Some(entry) = own_non_root.or(pod_non_root) else {
                unset.push(container);
                continue;
            };
            if bool_value(&entry.value) != Some(false) {
                // `true`, or a value the API server rejects.
                continue;
            }
            if own_non_root.is_some() {
                cx.report_entry(
                    entry,
                    format!(
                        "{} sets runAsNonRoot to false and may run as root",
                        container.describe()
                    ),
                );
            } else if first_report(&mut reported_pod_entries, entry) {
                cx.report_entry(
                    entry,
                    "pod securityContext sets runAsNonRoot to false; its containers may run as root",
                );
            }
        }

        // When nothing is set anywhere, one finding at the pod, where the fix goes.
        pod.report_unset(
            cx,
            &unset,
            "pod may run its containers as root: neither it nor any container sets runAsNonRoot: true or a non-zero runAsUser",
            |container| {
                format!(
                    "{} may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser",
                    container.describe()
                )
            },
        );
    }
}

/// Whether `entry` is reported for the first time (and remembers it).
fn first_report(reported: &mut Vec<TextRange>, entry: &Entry) -> bool {
    let range = entry.range();
    if reported.contains(&range) {
        return false;
    }
    reported.push(range);
    true
}

/// The `key` entry of a security context, unless it is null (which leaves the field unset).
fn set_entry<'a>(security_context: Option<&'a Node>, key: &str) -> Option<&'a Entry> {
    security_context?
        .entry(key)
        .filter(|entry| !entry.value.is_null())
}

/// The `windowsOptions.runAsUserName` entry of a security context, when it names a user.
fn windows_user_name(security_context: Option<&Node>) -> Option<&Entry> {
    set_entry(security_context?.get("windowsOptions"), "runAsUserName")
        .filter(|entry| entry.value.as_str().is_some_and(|name| !name.is_empty()))
}
