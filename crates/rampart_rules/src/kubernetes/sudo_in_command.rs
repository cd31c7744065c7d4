use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (init, regular and ephemeral) whose `command` or `args` run `sudo`: an item
    /// that is `sudo` or a path ending in `/sudo`, or a shell line (`sh -c "..."`) with `sudo`
    /// as one of its words. Words are split at blanks and at the shell's `;`, `&`, `|`, `(`
    /// and `)`, so `pseudo`, `sudoers` or `--no-sudo` are not `sudo`.
    ///
    /// ## Why it matters
    ///
    /// A container that needs `sudo` to start runs a process that can become root: the image
    /// ships a set-user-ID `sudo` binary and a sudoers policy, and the container must allow
    /// privilege escalation for it to work. Whoever gets code execution in the container can
    /// use the same path to root, and from root inside the container every kernel or runtime
    /// weakness is a shorter step to the node. Kubernetes gives the privileges a process needs
    /// through the security context (user, group, capabilities), where they are visible and
    /// enforced, instead of through a tool inside the image.
    ///
    /// ## How to fix
    ///
    /// Remove `sudo`: run the container as the user the command needs (`runAsUser`), grant
    /// only the capabilities it needs, and do privileged setup in an init container or at
    /// image build time.
    ///
    /// ```yaml
    /// containers:
    ///   - name: app
    ///     image: registry.example.com/app:2.3.1
    ///     command: ["/app/run"]
    ///     securityContext:
    ///       runAsUser: 10001
    ///       allowPrivilegeEscalation: false
    /// ```
    pub struct SudoInCommand {
        id: "k8s-sudo-in-command",
        title: "Container command runs sudo",
        severity: Medium,
        remediation: "Remove sudo from the container's command and args; set the user and capabilities the process needs in its securityContext.",
        frameworks: [
            mitre("T1548.003"),
        ],
        peers: [
            kubescape("C-0062"),
        ],
        fixable: false,
    }
}

/// Whether a command line, or one argument, runs `sudo`.
fn runs_sudo(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')' | '`'))
        .any(|word| {
            let word = word.trim_matches(|c| c == '"' || c == '\'');
            word == "sudo" || word.ends_with("/sudo")
        })
}

impl Rule for SudoInCommand {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            let found = ["command", "args"].into_iter().find_map(|key| {
                let items = container.node.get(key).into_iter().flat_map(Node::items);
                items
                    .filter(|item| item.as_str().is_some_and(runs_sudo))
                    .map(|item| (key, item))
                    .next()
            });
            if let Some((key, item)) = found {
                cx.report_node(
                    item,
                    format!("{} runs sudo in its {key}", container.describe()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::runs_sudo;

    #[test]
    fn sudo_is_a_word() {
        assert!(runs_sudo("sudo"));
        assert!(runs_sudo("/usr/bin/sudo"));
        assert!(runs_sudo("apt-get update && sudo -u app ./run"));
        assert!(runs_sudo("echo x|sudo tee /etc/x"));
        assert!(!runs_sudo("pseudo-random"));
        assert!(!runs_sudo("cat /etc/sudoers"));
        assert!(!runs_sudo("--no-sudo"));
        assert!(!runs_sudo("echo sudo-less"));
    }
}
