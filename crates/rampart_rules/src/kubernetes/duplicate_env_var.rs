use crate::cluster::locate;
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Containers (init, regular and ephemeral) whose `env` list names the same variable twice.
    /// Each repeated item is reported at its `name`, with the first item of that name as a
    /// related location. Variables brought in by `envFrom` are not compared: overriding one
    /// of them in `env` is the documented way to do it.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// The container gets only one of the values (the last one), so whoever reads the
    /// manifest, or reviews a change to the first item, is misled about what the process sees.
    /// Worse, `kubectl apply` merges `env` by name: with duplicates, its patches can drop or
    /// keep the wrong item, and the live object drifts from the manifest. A duplicated
    /// variable is usually a merge or templating mistake, and when it holds a setting such as
    /// a TLS switch or a password, the value that wins may not be the one that was reviewed.
    ///
    /// ## How to fix
    ///
    /// Keep one item per variable name.
    ///
    /// ```yaml
    /// env:
    ///   - name: LOG_LEVEL
    ///     value: info
    /// ```
    pub struct DuplicateEnvVar {
        id: "k8s-duplicate-env-var",
        title: "Container sets the same environment variable twice",
        severity: Low,
        remediation: "Remove the repeated env items so that each variable is set once.",
        frameworks: [],
        peers: [
            kube_linter("duplicate-env-var"),
        ],
        fixable: false,
    }
}

impl Rule for DuplicateEnvVar {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            let mut seen: Vec<(&str, &Entry)> = Vec::new();
            for item in container.node.get("env").into_iter().flat_map(Node::items) {
                let Some(entry) = item.entry("name") else {
                    continue;
                };
                let Some(name) = entry.value.as_str() else {
                    continue;
                };
                if let Some(&(_, first)) = seen.iter().find(|(n, _)| *n == name) {
                    let first_set = locate(cx.file(), first.range());
                    let finding = cx.report_entry(
                        entry,
                        format!(
                            "{} sets environment variable {name} more than once; only the last value is used",
                            container.describe()
                        ),
                    );
                    relate(finding, &first_set, format!("{name} is first set here"));
                } else {
                    seen.push((name, entry));
                }
            }
        }
    }
}
