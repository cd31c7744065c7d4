use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (regular, init and ephemeral) that declare `containerPort: 22` in their
    /// `ports`, over TCP (the default protocol). The port is read as the API server reads it: a
    /// quoted `"22"` is not a number, and is rejected by it.
    ///
    /// ## Why it matters
    ///
    /// Port 22 is SSH's. A container that listens on it usually runs an SSH server: a remote
    /// shell into the pod that bypasses the cluster's own access control (RBAC on `pods/exec`,
    /// audit logs), with credentials of its own to steal, guess or leave behind. Attackers use
    /// such services to get in and to stay in. Containers should run their one application;
    /// `kubectl exec` or an ephemeral debug container gives operators a shell when they need
    /// one.
    ///
    /// ## How to fix
    ///
    /// Remove the SSH server from the image and the port from the container; use `kubectl exec`
    /// or `kubectl debug` instead.
    ///
    /// ```yaml
    /// containers:
    ///   - name: web
    ///     image: registry.example.com/web:1.4.2
    ///     ports:
    ///       - containerPort: 8080
    /// ```
    pub struct SshPortExposed {
        id: "k8s-ssh-port-exposed",
        title: "Container exposes the SSH port",
        severity: Low,
        remediation: "Do not run an SSH server in the container; remove containerPort 22 and use kubectl exec or kubectl debug.",
        frameworks: [
            mitre("T1133"),
        ],
        peers: [
            kube_linter("ssh-port"),
        ],
        fixable: false,
    }
}

/// SSH's port.
const SSH_PORT: i64 = 22;

impl Rule for SshPortExposed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            for port in container
                .node
                .get("ports")
                .into_iter()
                .flat_map(Node::items)
            {
                let Some(entry) = port.entry("containerPort") else {
                    continue;
                };
                if int_value(&entry.value) != Some(SSH_PORT) {
                    continue;
                }
                let tcp = port
                    .get("protocol")
                    .filter(|protocol| !protocol.is_null())
                    .and_then(Node::as_str)
                    .is_none_or(|protocol| protocol == "TCP");
                if tcp {
                    cx.report_entry(
                        entry,
                        format!("{} exposes port 22 (SSH)", container.describe()),
                    );
                }
            }
        }
    }
}
