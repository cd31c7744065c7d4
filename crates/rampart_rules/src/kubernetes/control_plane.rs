//! The control plane as manifests start it: the containers of a pod that run `kube-apiserver`,
//! `kube-controller-manager`, `kube-scheduler`, `etcd` or the `kubelet` (a static pod manifest,
//! as kubeadm writes them, or any workload), with the flags they are given, and the kubelet's
//! `KubeletConfiguration` file.
//!
//! # Which containers run a component
//!
//! A container runs a component when the first word of what it executes names the component's
//! binary: the first item of `command` (or, when there is no `command`, of `args`), by its base
//! name (`kube-apiserver`, `/usr/local/bin/kube-apiserver`), or `hyperkube` followed by the
//! component (`hyperkube kube-apiserver`, `/hyperkube apiserver`). The image alone does not
//! tell: what its entrypoint passes is not in the manifest. A shell (`sh -c "kube-apiserver
//! ..."`) is not read either: a script can set flags through variables, conditions and files,
//! so its flags are not known, and a rule that judged the ones it could see would report
//! settings the script may well make.
//!
//! # Flags
//!
//! Flags are read as the components' flag parsers (Go's `pflag`, and `flag` for etcd) read
//! them, from every item after the binary, `command` first and then `args`: `--name=value`,
//! `--name value` (the next item is the value, unless the flag is a boolean, which takes none),
//! `--name` alone (a boolean set to true). etcd also takes `-name`. When a flag is repeated, the
//! last one wins, except for list flags (`--enable-admission-plugins`), whose items add up.
//! A value that Kubernetes or Helm would still substitute (`$(VAR)`, `{{ .Values.x }}`) is
//! unknown, and never reported; an item that is only such a reference may hold any flag, so
//! that no flag is taken to be missing (see [`Invocation::lacks`]).

use crate::prelude::*;

/// A control-plane component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Component {
    ApiServer,
    ControllerManager,
    Scheduler,
    Etcd,
    Kubelet,
}

impl Component {
    /// The component a binary's base name starts.
    fn from_binary(name: &str) -> Option<Self> {
        Some(match name {
            "kube-apiserver" => Self::ApiServer,
            "kube-controller-manager" => Self::ControllerManager,
            "kube-scheduler" => Self::Scheduler,
            "etcd" => Self::Etcd,
            "kubelet" => Self::Kubelet,
            _ => return None,
        })
    }

    /// The component a `hyperkube` subcommand starts: the binary's name, or its short form.
    fn from_hyperkube(name: &str) -> Option<Self> {
        Self::from_binary(name).or(match name {
            "apiserver" => Some(Self::ApiServer),
            "controller-manager" => Some(Self::ControllerManager),
            "scheduler" => Some(Self::Scheduler),
            _ => None,
        })
    }

    /// The binary's name: `kube-apiserver`.
    pub(crate) fn binary(self) -> &'static str {
        match self {
            Self::ApiServer => "kube-apiserver",
            Self::ControllerManager => "kube-controller-manager",
            Self::Scheduler => "kube-scheduler",
            Self::Etcd => "etcd",
            Self::Kubelet => "kubelet",
        }
    }

    /// The flag that names a configuration file whose settings stand in for missing flags:
    /// the kubelet's `--config` (flags override it), the scheduler's `--config` (which makes it
    /// ignore its deprecated flags) and etcd's `--config-file` (which makes it ignore every
    /// flag).
    fn config_flag(self) -> Option<&'static str> {
        match self {
            Self::Kubelet | Self::Scheduler => Some("config"),
            Self::Etcd => Some("config-file"),
            Self::ApiServer | Self::ControllerManager => None,
        }
    }

    /// Whether `flag` is a boolean, which never takes the next item as its value.
    fn is_boolean(self, flag: &str) -> bool {
        const COMMON: &[&str] = &["profiling", "contention-profiling", "logtostderr"];
        let own: &[&str] = match self {
            Self::ApiServer => &[
                "anonymous-auth",
                "service-account-lookup",
                "kubelet-https",
                "allow-privileged",
                "enable-bootstrap-token-auth",
                "enable-aggregator-routing",
                "enable-priority-and-fairness",
                "audit-log-compress",
            ],
            Self::ControllerManager => &["use-service-account-credentials", "leader-elect"],
            Self::Scheduler => &["leader-elect"],
            Self::Etcd => &[
                "client-cert-auth",
                "peer-client-cert-auth",
                "auto-tls",
                "peer-auto-tls",
                "enable-pprof",
                "strict-reconfig-check",
                "debug",
            ],
            Self::Kubelet => &[
                "anonymous-auth",
                "rotate-certificates",
                "rotate-server-certificates",
                "protect-kernel-defaults",
                "make-iptables-util-chains",
                "enable-server",
                "fail-swap-on",
                "serialize-image-pulls",
                "register-node",
            ],
        };
        COMMON.contains(&flag) || own.contains(&flag)
    }
}

/// One flag of an invocation, as written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flag<'a> {
    /// The name, without its dashes: `anonymous-auth`.
    pub name: &'a str,
    /// The value as written: after `=`, or the next item; `None` for a boolean given alone.
    value: Option<&'a str>,
    /// The list item that names the flag, where a finding points.
    pub node: &'a Node,
}

impl<'a> Flag<'a> {
    /// The value, when it is known: `None` for a boolean given alone, or a value still to be
    /// substituted.
    pub(crate) fn text(&self) -> Option<&'a str> {
        self.value.filter(|value| !is_unresolved(value))
    }

    /// The value as a boolean flag reads it (Go's `strconv.ParseBool`): a flag given alone is
    /// true; `None` for a value that is unknown or not a boolean.
    pub(crate) fn bool(&self) -> Option<bool> {
        let Some(value) = self.value else {
            return Some(true);
        };
        match value {
            "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
            "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
            _ => None,
        }
    }

    /// The items of a comma-separated value (`--enable-admission-plugins=A,B`), trimmed, empty
    /// ones left out; none when the value is unknown.
    pub(crate) fn items(&self) -> impl Iterator<Item = &'a str> {
        self.text()
            .into_iter()
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .filter(|item| !item.is_empty())
    }
}

/// Whether a value is still to be substituted: a Kubernetes `$(VAR)` reference (`$$(` escapes
/// one) or a Helm template.
fn is_unresolved(text: &str) -> bool {
    text.contains("{{") || text.replace("$$(", "").contains("$(")
}

/// A container that runs a control-plane component, and the flags it is given.
pub(crate) struct Invocation<'a> {
    pub component: Component,
    pub container: Container<'a>,
    /// The `command` (or `args`) entry whose first item starts the component: where a missing
    /// flag is reported.
    pub site: &'a Entry,
    flags: Vec<Flag<'a>>,
    /// Whether an item may hold flags that cannot be read (an unresolved reference).
    hidden: bool,
}

impl<'a> Invocation<'a> {
    /// The containers (init, regular and ephemeral) of a workload that run a control-plane
    /// component, in order.
    pub(crate) fn of(object: &Object<'a>) -> Vec<Self> {
        object
            .containers()
            .into_iter()
            .filter_map(Self::read)
            .collect()
    }

    /// The containers of a workload that run `component`.
    pub(crate) fn of_component(object: &Object<'a>, component: Component) -> Vec<Self> {
        Self::of_components(object, &[component])
    }

    /// The containers of a workload that run one of `components`.
    pub(crate) fn of_components(object: &Object<'a>, components: &[Component]) -> Vec<Self> {
        let mut all = Self::of(object);
        all.retain(|invocation| components.contains(&invocation.component));
        all
    }

    fn read(container: Container<'a>) -> Option<Self> {
        let command = container
            .node
            .entry("command")
            .filter(|entry| entry.value.items().next().is_some());
        let args = container.node.entry("args");
        let site = command.or(args)?;
        let words: Vec<&'a Node> = command
            .into_iter()
            .chain(args)
            .flat_map(|entry| entry.value.items())
            .collect();
        // A program, by its base name: not a flag (`--kubelet-service=kube-system/kubelet` is
        // an argument, whatever its last path segment), nor an assignment.
        let word = |i: usize| {
            words
                .get(i)
                .and_then(|node| node.as_str())
                .filter(|text| !text.starts_with('-') && !text.contains('='))
                .map(|text| text.rsplit('/').next().unwrap_or(text))
        };
        let (component, skip) = match word(0)? {
            "hyperkube" => (Component::from_hyperkube(word(1)?)?, 2),
            binary => (Component::from_binary(binary)?, 1),
        };
        let (flags, hidden) = parse_flags(component, &words[skip.min(words.len())..]);
        Some(Self {
            component,
            container,
            site,
            flags,
            hidden,
        })
    }

    /// `kube-apiserver (container "apiserver")`: how messages name it.
    pub(crate) fn describe(&self) -> String {
        format!(
            "{} ({})",
            self.component.binary(),
            self.container.describe()
        )
    }

    /// The flag `name` as it takes effect: the last one given.
    pub(crate) fn flag(&self, name: &str) -> Option<&Flag<'a>> {
        self.flags.iter().rev().find(|flag| flag.name == name)
    }

    /// Every `name` flag, in order: a list flag's values add up.
    pub(crate) fn flags(&self, name: &'a str) -> impl Iterator<Item = &Flag<'a>> + '_ {
        self.flags.iter().filter(move |flag| flag.name == name)
    }

    /// The items of the list flag `name` across all its occurrences, with the flag that gives
    /// each.
    pub(crate) fn list(&self, name: &'a str) -> Vec<(&Flag<'a>, &'a str)> {
        self.flags(name)
            .flat_map(|flag| flag.items().map(move |item| (flag, item)))
            .collect()
    }

    /// Whether the flag `name` is known to be missing: it is not given, no item may hide it,
    /// no configuration file may set it instead (the kubelet's `--config`, etcd's
    /// `--config-file`, the scheduler's `--config`), and, for etcd, no environment variable
    /// (`ETCD_CLIENT_CERT_AUTH` for `--client-cert-auth`, or any `envFrom`) may set it.
    /// A flag given an empty value (`--audit-log-path=`) is missing: the components read it
    /// as unset.
    pub(crate) fn lacks(&self, name: &str) -> bool {
        let given = self.flag(name).is_some_and(|flag| flag.value != Some(""));
        if self.hidden || given || self.uses_config_file() {
            return false;
        }
        if self.component == Component::Etcd {
            let variable = format!("ETCD_{}", name.replace('-', "_").to_ascii_uppercase());
            let env = self
                .container
                .node
                .get("env")
                .into_iter()
                .flat_map(Node::items);
            let set = env
                .filter_map(|var| var.get("name").and_then(Node::as_str))
                .any(|var| var == variable);
            let env_from = self
                .container
                .node
                .get("envFrom")
                .is_some_and(|list| list.items().next().is_some());
            if set || env_from {
                return false;
            }
        }
        true
    }

    /// The admission plugins the API server is told to run: the items of
    /// `--enable-admission-plugins` and of the legacy `--admission-control`, with the flag
    /// that names each.
    pub(crate) fn enabled_plugins(&self) -> Vec<(&Flag<'a>, &'a str)> {
        let mut plugins = self.list("enable-admission-plugins");
        plugins.extend(self.list("admission-control"));
        plugins
    }

    /// Whether a configuration file is named (see [`Component::config_flag`]).
    pub(crate) fn uses_config_file(&self) -> bool {
        self.component
            .config_flag()
            .is_some_and(|name| self.flag(name).is_some())
    }

    /// Reports a flag that is missing, at the `command` (or `args`) entry that starts the
    /// component.
    pub(crate) fn report_missing(&self, cx: &mut Context<'_>, message: impl Into<String>) {
        cx.report_entry(self.site, message);
    }

    /// Reports the boolean flag `name`, which must be true, when it is false (at the flag) or
    /// known to be missing (see [`Invocation::lacks`]), with `message`: for the flags whose
    /// default is false.
    pub(crate) fn require_true(&self, cx: &mut Context<'_>, name: &str, message: &str) {
        match self.flag(name) {
            Some(flag) if flag.bool() == Some(false) => {
                cx.report_node(flag.node, message);
            }
            None if self.lacks(name) => self.report_missing(cx, message),
            _ => {}
        }
    }

    /// Reports the boolean flag `name`, which must be false, when it is true (at the flag, with
    /// `message`) or known to be missing (at the command, with `message` and the default): for
    /// the flags whose default is true.
    pub(crate) fn require_false(&self, cx: &mut Context<'_>, name: &str, message: &str) {
        match self.flag(name) {
            Some(flag) if flag.bool() == Some(true) => {
                cx.report_node(flag.node, message);
            }
            None if self.lacks(name) => {
                self.report_missing(cx, format!("{message} (--{name} defaults to true)"));
            }
            _ => {}
        }
    }

    /// Reports, once, the flags among `names` that are known to be missing, with `message`
    /// followed by the list of them: `(no --cert-file, --key-file)`.
    pub(crate) fn require_flags(&self, cx: &mut Context<'_>, names: &[&str], message: &str) {
        let missing: Vec<String> = names
            .iter()
            .filter(|name| self.lacks(name))
            .map(|name| format!("--{name}"))
            .collect();
        if !missing.is_empty() {
            self.report_missing(cx, format!("{message} (no {})", missing.join(", ")));
        }
    }
}

/// The flags among `words`, and whether some word may hide flags.
fn parse_flags<'a>(component: Component, words: &[&'a Node]) -> (Vec<Flag<'a>>, bool) {
    let mut flags = Vec::new();
    let mut hidden = false;
    let mut i = 0;
    while i < words.len() {
        let node = words[i];
        i += 1;
        let Some(text) = node.as_str() else {
            continue;
        };
        let name_part = if let Some(rest) = text.strip_prefix("--") {
            rest
        } else if component == Component::Etcd && text.len() > 1 {
            match text.strip_prefix('-') {
                Some(rest) => rest,
                None => {
                    hidden |= is_unresolved(text);
                    continue;
                }
            }
        } else {
            hidden |= is_unresolved(text);
            continue;
        };
        let (name, value) = match name_part.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (name_part, None),
        };
        if name.is_empty() || is_unresolved(name) {
            hidden = true;
            continue;
        }
        let value = value.or_else(|| {
            if component.is_boolean(name) {
                return None;
            }
            let next = words.get(i).and_then(|next| next.as_str())?;
            if next.starts_with('-') {
                return None;
            }
            i += 1;
            Some(next)
        });
        flags.push(Flag { name, value, node });
    }
    (flags, hidden)
}

/// The `KubeSchedulerConfiguration` object (`kubescheduler.config.k8s.io`, any version): the
/// scheduler's configuration file.
pub(crate) fn scheduler_configuration<'a>(object: &Object<'a>) -> Option<&'a Node> {
    (object.group() == "kubescheduler.config.k8s.io" && object.kind == "KubeSchedulerConfiguration")
        .then_some(object.node)
        .filter(|node| node.as_mapping().is_some())
}

/// The `KubeletConfiguration` object (`kubelet.config.k8s.io`, any version): the kubelet's
/// configuration file. Its fields left out take the kubelet's defaults for the file, which are
/// not those of the flags (`authentication.anonymous.enabled` defaults to false, `readOnlyPort`
/// to 0, `authorization.mode` to `Webhook`).
pub(crate) fn kubelet_configuration<'a>(object: &Object<'a>) -> Option<&'a Node> {
    (object.group() == "kubelet.config.k8s.io" && object.kind == "KubeletConfiguration")
        .then_some(object.node)
        .filter(|node| node.as_mapping().is_some())
}

/// Reports each API server whose `--authorization-mode` is given, known, and leaves out the
/// authorizer `mode` (`Node`, `RBAC`), at the last such flag: `{describe} does not authorize
/// with {mode} ({consequence})`. An API server without the flag (it then allows everything,
/// `k8s-authorization-always-allow`'s finding) or with `--authorization-config` (which replaces
/// the flag) is not reported.
pub(crate) fn check_authorizer(
    object: &Object<'_>,
    cx: &mut Context<'_>,
    mode: &str,
    consequence: &str,
) {
    for invocation in Invocation::of_component(object, Component::ApiServer) {
        if invocation.flag("authorization-config").is_some() {
            continue;
        }
        let Some(flag) = invocation.flag("authorization-mode") else {
            continue;
        };
        let modes = invocation.list("authorization-mode");
        let unknown = invocation
            .flags("authorization-mode")
            .any(|flag| flag.text().is_none());
        if unknown || modes.iter().any(|(_, item)| *item == mode) {
            continue;
        }
        cx.report_node(
            flag.node,
            format!(
                "{} does not authorize with {mode} ({consequence})",
                invocation.describe()
            ),
        );
    }
}

/// Reports each API server that does not run the admission plugin `plugin`, which is not on by
/// default: it is in neither `--enable-admission-plugins` nor the legacy `--admission-control`
/// (at the list that leaves it out, or at the command when there is none), or it is in
/// `--disable-admission-plugins` (at that list). Unknown lists, and items that may hold any
/// flag, keep an API server from being reported.
pub(crate) fn check_plugin_enabled(object: &Object<'_>, cx: &mut Context<'_>, plugin: &str) {
    for invocation in Invocation::of_component(object, Component::ApiServer) {
        let describe = invocation.describe();
        if let Some((flag, _)) = invocation
            .list("disable-admission-plugins")
            .into_iter()
            .find(|(_, item)| *item == plugin)
        {
            cx.report_node(
                flag.node,
                format!("{describe} disables the {plugin} admission plugin"),
            );
            continue;
        }
        if invocation
            .enabled_plugins()
            .iter()
            .any(|(_, item)| *item == plugin)
        {
            continue;
        }
        let lists = ["enable-admission-plugins", "admission-control"];
        let unknown = lists
            .iter()
            .any(|name| invocation.flags(name).any(|flag| flag.text().is_none()));
        if unknown {
            continue;
        }
        let message = format!("{describe} does not enable the {plugin} admission plugin");
        match lists.iter().find_map(|name| invocation.flag(name)) {
            Some(flag) => {
                cx.report_node(flag.node, message);
            }
            None if lists.iter().all(|name| invocation.lacks(name)) => {
                invocation.report_missing(cx, message);
            }
            None => {}
        }
    }
}

/// The TLS cipher suites that Kubernetes components accept but list as insecure (`--help` of
/// `--tls-cipher-suites`): RC4, 3DES, and CBC with SHA-256, which Go marks insecure.
pub(crate) const INSECURE_CIPHER_SUITES: &[&str] = &[
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
    "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
    "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_RSA_WITH_RC4_128_SHA",
];

/// Whether an address is a loopback one (`127.0.0.1`, `::1`, `localhost`).
pub(crate) fn is_loopback(address: &str) -> bool {
    let address = address.trim().trim_start_matches('[').trim_end_matches(']');
    address == "localhost" || address == "::1" || address.starts_with("127.")
}

/// Whether a Go duration (`0`, `0s`, `0h0m0s`) is zero.
pub(crate) fn is_zero_duration(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.contains('0')
        && text
            .chars()
            .all(|c| matches!(c, '0' | '.' | 'h' | 'm' | 's' | 'u' | 'µ' | 'n'))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use rampart_yaml::{parse_yaml, Limits};

    fn with_invocations(yaml: &str, check: impl FnOnce(&str, Vec<Invocation<'_>>)) {
        let parsed = parse_yaml(yaml, Limits::default());
        let root = parsed.documents[0].root.as_ref().unwrap();
        let object = Object::new(root).unwrap();
        check(yaml, Invocation::of(&object));
    }

    fn pod(container: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n{container}"
        )
    }

    fn slice(text: &str, node: &Node) -> String {
        text[node.range.as_usize()].to_owned()
    }

    #[test]
    fn reads_flags_from_command_then_args() {
        let yaml = pod(concat!(
            "    - name: apiserver\n",
            "      command:\n",
            "        - /usr/local/bin/kube-apiserver\n",
            "        - --anonymous-auth=false\n",
            "        - --enable-admission-plugins=NodeRestriction,AlwaysPullImages\n",
            "        - --audit-log-path\n",
            "        - /var/log/audit.log\n",
            "        - --profiling\n",
            "        - false\n",
            "        - --encryption-provider-config=\n",
            "      args: [\"--enable-admission-plugins=EventRateLimit\", \"--anonymous-auth=true\"]\n",
        ));
        with_invocations(&yaml, |text, invocations| {
            let [apiserver] = invocations.as_slice() else {
                panic!("one invocation");
            };
            assert_eq!(apiserver.component, Component::ApiServer);
            // The last flag wins.
            let anonymous = apiserver.flag("anonymous-auth").unwrap();
            assert_eq!(anonymous.bool(), Some(true));
            assert_eq!(slice(text, anonymous.node), "\"--anonymous-auth=true\"");
            // A list flag's items add up.
            let plugins: Vec<&str> = apiserver
                .list("enable-admission-plugins")
                .into_iter()
                .map(|(_, item)| item)
                .collect();
            assert_eq!(
                plugins,
                ["NodeRestriction", "AlwaysPullImages", "EventRateLimit"]
            );
            // `--name value`: the next item is the value.
            let path = apiserver.flag("audit-log-path").unwrap();
            assert_eq!(path.text(), Some("/var/log/audit.log"));
            assert_eq!(slice(text, path.node), "--audit-log-path");
            // A boolean given alone takes no value: `false` is a stray word, not its value.
            assert_eq!(apiserver.flag("profiling").unwrap().bool(), Some(true));
            assert!(apiserver.lacks("token-auth-file"));
            assert!(apiserver.lacks("encryption-provider-config"));
            assert!(!apiserver.lacks("audit-log-path"));
            assert_eq!(
                text[apiserver.site.key.range.as_usize()].to_owned(),
                "command"
            );
        });
    }

    #[test]
    fn recognises_args_only_and_hyperkube() {
        let yaml = pod(concat!(
            "    - name: kubelet\n",
            "      args: [kubelet, --read-only-port=0]\n",
            "    - name: hyper\n",
            "      command: [/hyperkube, apiserver, --token-auth-file=/etc/tokens.csv]\n",
            "    - name: web\n",
            "      command: [nginx, -g, daemon off;]\n",
            "    - name: shell\n",
            "      command: [sh, -c, kube-apiserver --anonymous-auth=true]\n",
            "    - name: plain\n",
            "      command: [scheduler]\n",
            "    - name: operator\n",
            "      args: [--kubelet-service=kube-system/kubelet, --kubelet-endpoints=true]\n",
        ));
        with_invocations(&yaml, |_, invocations| {
            let components: Vec<Component> = invocations.iter().map(|inv| inv.component).collect();
            assert_eq!(components, [Component::Kubelet, Component::ApiServer]);
            assert_eq!(
                invocations[1].flag("token-auth-file").unwrap().text(),
                Some("/etc/tokens.csv")
            );
        });
    }

    #[test]
    fn unresolved_items_hide_flags_and_values() {
        let yaml = pod(concat!(
            "    - name: apiserver\n",
            "      command: [kube-apiserver, \"--profiling=$(PROFILING)\", \"{{ .Values.extraArgs }}\"]\n",
            "    - name: etcd\n",
            "      command: [etcd, -auto-tls]\n",
            "      env: [{name: ETCD_CLIENT_CERT_AUTH, value: \"true\"}]\n",
            "    - name: kubelet\n",
            "      command: [kubelet, --config, /var/lib/kubelet/config.yaml]\n",
        ));
        with_invocations(&yaml, |_, invocations| {
            let profiling = invocations[0].flag("profiling").unwrap();
            assert_eq!(profiling.bool(), None);
            assert_eq!(profiling.text(), None);
            assert!(!invocations[0].lacks("anonymous-auth"));
            // etcd takes single-dash flags, and reads flags from ETCD_* variables.
            assert_eq!(invocations[1].flag("auto-tls").unwrap().bool(), Some(true));
            assert!(!invocations[1].lacks("client-cert-auth"));
            assert!(invocations[1].lacks("peer-client-cert-auth"));
            // A kubelet configuration file may set what the flags leave out.
            assert!(!invocations[2].lacks("anonymous-auth"));
        });
    }

    #[test]
    fn zero_durations() {
        for zero in ["0", "0s", "0h0m0s", "0.0m"] {
            assert!(is_zero_duration(zero), "{zero}");
        }
        for other in ["5m", "4h0m0s", "", "10s"] {
            assert!(!is_zero_duration(other), "{other}");
        }
    }
}
