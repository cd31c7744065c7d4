//! OPA's METADATA annotations: a `# METADATA` comment block whose lines hold YAML, placed
//! directly above a rule (scope `rule`) or a `package` line (scope `package`). Rampart reads
//! `title`, `description`, `scope`, and `custom.id` / `custom.severity`.

use rampart_diagnostics::{Platform, Severity};
use rampart_source::Node;
use rampart_yaml::{parse_yaml, Limits};

/// One annotation block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotation {
    /// The 1-based line of the rule head or `package` line it is attached to.
    pub target_line: u32,
    /// Whether it is about the package rather than one rule.
    pub package_scope: bool,
    /// `scope` as written, if it is.
    pub scope: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub id: Option<String>,
    pub severity: Option<Severity>,
    /// `custom.platforms`: the inputs the rule judges (`kubernetes`, `terraform`).
    pub platforms: Option<Vec<Platform>>,
}

/// A METADATA block that cannot be read: its 1-based line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotationError {
    pub line: u32,
    pub message: String,
}

/// Every METADATA block of a Rego source, in order.
///
/// # Errors
/// A block whose YAML does not parse, or that gives an unknown severity.
pub fn annotations(source: &str) -> Result<Vec<Annotation>, AnnotationError> {
    let lines: Vec<&str> = source.lines().collect();
    let mut found = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let marker = lines[index].trim();
        if marker != "# METADATA" && marker != "#METADATA" {
            index += 1;
            continue;
        }
        let start_line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let mut yaml = String::new();
        index += 1;
        while index < lines.len() {
            let Some(rest) = lines[index].trim_start().strip_prefix('#') else {
                break;
            };
            yaml.push_str(rest);
            yaml.push('\n');
            index += 1;
        }
        // The block annotates the next line that is not blank.
        while index < lines.len() && lines[index].trim().is_empty() {
            index += 1;
        }
        let target_line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let next = lines.get(index).map_or("", |l| l.trim_start());
        let mut annotation = read(&yaml).map_err(|message| AnnotationError {
            line: start_line,
            message,
        })?;
        annotation.target_line = target_line;
        annotation.package_scope = match annotation.scope.as_deref() {
            Some("package" | "subpackages") => true,
            Some(_) => false,
            None => next.starts_with("package ") || next.starts_with("package\t"),
        };
        found.push(annotation);
    }
    Ok(found)
}

fn parse(yaml: &str) -> Result<Option<Node>, String> {
    let parsed = parse_yaml(yaml, Limits::default());
    if let Some(error) = parsed.error {
        return Err(format!("METADATA is not valid YAML: {}", error.message));
    }
    Ok(parsed.documents.into_iter().next().and_then(|d| d.root))
}

fn read(yaml: &str) -> Result<Annotation, String> {
    let Some(root) = parse(yaml)? else {
        return Ok(Annotation::default());
    };
    let text = |node: Option<&Node>| node.and_then(Node::as_str).map(|s| s.trim().to_owned());
    let custom = root.get("custom");
    let severity = match text(custom.and_then(|c| c.get("severity"))) {
        Some(s) => Some(parse_severity(&s).ok_or_else(|| {
            format!("METADATA custom.severity `{s}` is not one of low, medium, high, critical")
        })?),
        None => None,
    };
    let platforms = match custom.and_then(|c| c.get("platforms")) {
        None => None,
        Some(node) => {
            let names: Vec<&str> = match node.as_str() {
                Some(one) => vec![one],
                None => node.items().filter_map(Node::as_str).collect(),
            };
            let mut platforms = Vec::new();
            for name in names {
                platforms.push(match name.trim().to_ascii_lowercase().as_str() {
                    "kubernetes" | "k8s" => Platform::Kubernetes,
                    "terraform" => Platform::Terraform,
                    other => {
                        return Err(format!(
                        "METADATA custom.platforms `{other}` is not one of kubernetes, terraform"
                    ))
                    }
                });
            }
            if platforms.is_empty() {
                return Err("METADATA custom.platforms names no platform".to_owned());
            }
            Some(platforms)
        }
    };
    Ok(Annotation {
        target_line: 0,
        package_scope: false,
        scope: text(root.get("scope")),
        title: text(root.get("title")),
        description: text(root.get("description")),
        id: text(custom.and_then(|c| c.get("id"))),
        severity,
        platforms,
    })
}

/// A severity as policies write it: Rampart's four names in any case, plus the names other
/// tools use for the same levels (`info`, `warning`, `error`).
fn parse_severity(text: &str) -> Option<Severity> {
    match text.to_ascii_lowercase().as_str() {
        "low" | "info" | "informational" => Some(Severity::Low),
        "medium" | "moderate" | "warning" | "warn" => Some(Severity::Medium),
        "high" | "error" => Some(Severity::High),
        "critical" => Some(Severity::Critical),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_attach_to_the_next_rule_or_package() {
        let source = "# METADATA\n# title: Containers\n# description: About containers.\npackage main\n\n# METADATA\n# title: No privileged containers\n# custom:\n#   id: K8S-001\n#   severity: critical\n\ndeny contains msg if {\n  true\n}\n";
        let found = annotations(source).expect("valid");
        assert_eq!(found.len(), 2);
        assert!(found[0].package_scope);
        assert_eq!(found[0].target_line, 4);
        assert_eq!(found[1].target_line, 12);
        assert!(!found[1].package_scope);
        assert_eq!(found[1].id.as_deref(), Some("K8S-001"));
        assert_eq!(found[1].severity, Some(Severity::Critical));
        assert_eq!(found[1].title.as_deref(), Some("No privileged containers"));
    }

    #[test]
    fn a_bad_severity_names_its_line() {
        let error = annotations(
            "package p\n\n# METADATA\n# custom:\n#   severity: extreme\ndeny[m] { m := 1 }\n",
        )
        .expect_err("unknown severity");
        assert_eq!(error.line, 3);
        assert!(error.message.contains("extreme"), "{}", error.message);
    }
}
