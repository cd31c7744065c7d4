use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use rampart_diagnostics::Severity;
use rampart_source::{Node, NodeKind, SourceFile};
use rampart_yaml::{parse_yaml, Limits};

/// The name of the config file looked for upward from the scanned path.
pub const CONFIG_FILE_NAME: &str = ".rampart.yaml";

/// The contents of `.rampart.yaml`:
///
/// ```yaml
/// rules:
///   enable: [k8s-privileged-container]   # optional: run only these
///   disable: [k8s-image-not-pinned-by-digest]
///   severity:
///     k8s-default-namespace: medium
/// exclude: ["vendor/**", "**/testdata/**"]
/// max-file-size: 10485760                # bytes; also "10MB", "512KiB"
/// k8s-version: "1.29"                    # the target Kubernetes release (MAJOR.MINOR)
/// policies: [policy/, gatekeeper/]       # Rego policies and Gatekeeper manifests, relative to
///                                        # this file (as `--policy`)
/// namespaces: [main, kubernetes.security] # Rego packages judged (as `--namespace`)
/// required-tags: [owner, cost-center]    # tag keys every taggable Terraform resource carries
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub enable: Option<Vec<String>>,
    pub disable: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    pub exclude: Vec<String>,
    pub max_file_size: Option<u64>,
    /// The Kubernetes release the manifests target, `(MAJOR, MINOR)`.
    pub k8s_version: Option<(u32, u32)>,
    /// Policy files and folders, resolved against the config file's folder.
    pub policies: Vec<PathBuf>,
    /// The Rego packages whose `deny`/`violation`/`warn` rules are judged.
    pub namespaces: Vec<String>,
    /// The tag keys every taggable Terraform resource must carry (`tf-missing-required-tags`).
    pub required_tags: Vec<String>,
}

/// A config file that could not be used, with the line and column of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Finds `.rampart.yaml` in `start` (or its folder, if it is a file) or the nearest folder
    /// above it.
    #[must_use]
    pub fn find(start: &Path) -> Option<PathBuf> {
        find_upward(start, Path::new(CONFIG_FILE_NAME))
    }

    /// Reads and checks a config file. `is_rule` says whether a rule id exists.
    ///
    /// # Errors
    /// On an unreadable or malformed file, an unknown key, a value of the wrong type, or an
    /// unknown rule id, naming the line.
    pub fn load(path: &Path, is_rule: &dyn Fn(&str) -> bool) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.display().to_string(),
            line: 0,
            column: 0,
            message: format!("cannot read config file: {e}"),
        })?;
        let mut config = Config::parse(&path.display().to_string(), &text, is_rule)?;
        let folder = path.parent().unwrap_or(Path::new(""));
        for policy in &mut config.policies {
            *policy = folder.join(&*policy);
        }
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses config text reported under `name`.
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn parse(
        name: &str,
        text: &str,
        is_rule: &dyn Fn(&str) -> bool,
    ) -> Result<Config, ConfigError> {
        let file = SourceFile::new(name, text);
        let error = |offset: u32, message: String| {
            let pos = file.line_col(offset);
            ConfigError {
                path: name.to_owned(),
                line: pos.line,
                column: pos.column,
                message,
            }
        };
        let parsed = parse_yaml(text, Limits::default());
        if let Some(e) = parsed.error {
            return Err(error(e.offset, e.message));
        }
        let mut config = Config::default();
        let Some(root) = parsed.documents.into_iter().find_map(|d| d.root) else {
            return Ok(config);
        };
        if root.is_null() {
            return Ok(config);
        }
        let top = mapping(&root)
            .ok_or_else(|| error(root.range.start, "the config file must be a mapping".into()))?;
        for entry in top {
            let key = entry.key.as_str().unwrap_or_default();
            match key {
                "rules" => {
                    let rules = mapping(&entry.value).ok_or_else(|| {
                        error(entry.value.range.start, "`rules` must be a mapping".into())
                    })?;
                    for rule_entry in rules {
                        match rule_entry.key.as_str().unwrap_or_default() {
                            "enable" => {
                                config.enable = Some(rule_ids(&rule_entry.value, "rules.enable", is_rule, &error)?);
                            }
                            "disable" => {
                                config.disable = rule_ids(&rule_entry.value, "rules.disable", is_rule, &error)?;
                            }
                            "severity" => {
                                let overrides = mapping(&rule_entry.value).ok_or_else(|| {
                                    error(rule_entry.value.range.start, "`rules.severity` must map rule ids to severities".into())
                                })?;
                                for o in overrides {
                                    let id = o.key.as_str().unwrap_or_default();
                                    if !is_rule(id) {
                                        return Err(error(o.key.range.start, format!("unknown rule id `{id}` in rules.severity")));
                                    }
                                    let level = o
                                        .value
                                        .as_str()
                                        .unwrap_or_default()
                                        .parse::<Severity>()
                                        .map_err(|e| error(o.value.range.start, e))?;
                                    config.severity.insert(id.to_owned(), level);
                                }
                            }
                            other => {
                                return Err(error(
                                    rule_entry.key.range.start,
                                    format!("unknown key `rules.{other}` (expected enable, disable or severity)"),
                                ))
                            }
                        }
                    }
                }
                "exclude" => config.exclude = strings(&entry.value, "exclude", &error)?,
                "policies" => {
                    config.policies = strings(&entry.value, "policies", &error)?
                        .into_iter()
                        .map(PathBuf::from)
                        .collect();
                }
                "namespaces" => config.namespaces = strings(&entry.value, "namespaces", &error)?,
                "required-tags" => {
                    config.required_tags = strings(&entry.value, "required-tags", &error)?;
                }
                "max-file-size" => {
                    let text = entry.value.as_str().unwrap_or_default();
                    config.max_file_size = Some(parse_size(text).ok_or_else(|| {
                        error(entry.value.range.start, format!("invalid size `{text}` (use bytes, or a number with KB, MB, KiB, MiB)"))
                    })?);
                }
                "k8s-version" => {
                    let text = entry.value.as_str().unwrap_or_default();
                    let version = parse_k8s_version(text)
                        .map_err(|e| error(entry.value.range.start, e))?;
                    config.k8s_version = Some(version);
                }
                other => {
                    return Err(error(
                        entry.key.range.start,
                        format!("unknown key `{other}` (expected rules, exclude, max-file-size, k8s-version, policies, namespaces or required-tags)"),
                    ))
                }
            }
        }
        Ok(config)
    }
}

/// Finds `relative` (a file name, or a path such as `.rampart/exceptions.yaml`) in `start` (or
/// its folder, if it is a file) or the nearest folder above it.
pub(crate) fn find_upward(start: &Path, relative: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start.to_path_buf()
    } else {
        // `pod.yaml` has the parent `""`: the working folder.
        start
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    start
        .ancestors()
        .map(|dir| dir.join(relative))
        .find(|candidate| candidate.is_file())
}

fn mapping(node: &Node) -> Option<&[rampart_source::Entry]> {
    match &node.kind {
        NodeKind::Mapping(entries) => Some(entries),
        _ if node.is_null() => Some(&[]),
        _ => None,
    }
}

fn strings(
    node: &Node,
    what: &str,
    error: &dyn Fn(u32, String) -> ConfigError,
) -> Result<Vec<String>, ConfigError> {
    if node.is_null() {
        return Ok(Vec::new());
    }
    let items = node
        .as_sequence()
        .ok_or_else(|| error(node.range.start, format!("`{what}` must be a list")))?;
    items
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_owned)
                .ok_or_else(|| error(item.range.start, format!("`{what}` items must be strings")))
        })
        .collect()
}

fn rule_ids(
    node: &Node,
    what: &str,
    is_rule: &dyn Fn(&str) -> bool,
    error: &dyn Fn(u32, String) -> ConfigError,
) -> Result<Vec<String>, ConfigError> {
    let ids = strings(node, what, error)?;
    for (id, item) in ids.iter().zip(node.items()) {
        if !is_rule(id) {
            return Err(error(
                item.range.start,
                format!("unknown rule id `{id}` in {what}"),
            ));
        }
    }
    Ok(ids)
}

/// Parses a Kubernetes release, `MAJOR.MINOR` (`1.29`, or `v1.29`).
///
/// # Errors
/// When `text` is not of that form, saying what is expected.
pub fn parse_k8s_version(text: &str) -> Result<(u32, u32), String> {
    text.parse::<rampart_rules::KubeVersion>()
        .map(|v| (v.major, v.minor))
}

/// Parses a size: `1048576`, `10MB`, `512KiB`, `1 GiB`.
#[must_use]
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "kib" | "k" => 1024,
        "mb" => 1_000_000,
        "mib" | "m" => 1024 * 1024,
        "gb" => 1_000_000_000,
        "gib" | "g" => 1024 * 1024 * 1024,
        _ => return None,
    };
    number.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(".rampart.yaml", text, &|id| id == "k8s-a" || id == "k8s-b")
    }

    #[test]
    fn reads_every_setting() {
        let config = parse(
            "rules:\n  disable: [k8s-a]\n  severity:\n    k8s-b: critical\nexclude: [vendor]\nmax-file-size: 2MiB\nk8s-version: 1.29\n",
        )
        .unwrap();
        assert_eq!(config.disable, vec!["k8s-a"]);
        assert_eq!(config.severity["k8s-b"], Severity::Critical);
        assert_eq!(config.exclude, vec!["vendor"]);
        assert_eq!(config.max_file_size, Some(2 * 1024 * 1024));
        assert_eq!(config.k8s_version, Some((1, 29)));
    }

    #[test]
    fn k8s_versions() {
        assert_eq!(
            parse("k8s-version: \"1.30\"\n").unwrap().k8s_version,
            Some((1, 30))
        );
        assert_eq!(
            parse("k8s-version: v1.25\n").unwrap().k8s_version,
            Some((1, 25))
        );
        let e = parse("exclude: [x]\nk8s-version: 1.29.3\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 14));
        assert!(
            e.message.contains("invalid Kubernetes version `1.29.3`"),
            "{e}"
        );
        assert!(parse("k8s-version: latest\n").is_err());
        assert!(parse("k8s-version: 1\n").is_err());
    }

    #[test]
    fn unknown_keys_and_rules_name_their_line() {
        let e = parse("rules:\n  disable: [k8s-a]\nexlude: [x]\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert!(e.message.contains("unknown key `exlude`"), "{e}");
        let e = parse("rules:\n  disable:\n    - k8s-a\n    - k8s-nope\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 7));
        assert!(e.message.contains("k8s-nope"), "{e}");
        let e = parse("rules:\n  severity: {k8s-a: severe}\n").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("10MB"), Some(10_000_000));
        assert_eq!(parse_size("1 KiB"), Some(1024));
        assert_eq!(parse_size("ten"), None);
    }
}
