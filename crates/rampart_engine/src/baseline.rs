//! Baselines: the findings a team has today, recorded so that later scans report only new ones.
//!
//! A baseline file is JSON, pretty-printed with one entry per finding, sorted by path, resource,
//! rule and route so that it reads well and diffs well in review:
//!
//! ```json
//! {
//!   "version": 1,
//!   "tool": "rampart",
//!   "created_with": "0.1.0",
//!   "findings": [
//!     {
//!       "fingerprint": "fac7b2cdb0446497",
//!       "rule": "k8s-privileged-container",
//!       "path": "deploy/app.yaml",
//!       "resource": "Deployment/payments/payments-api",
//!       "route": "spec.template.spec.containers[0].securityContext.privileged",
//!       "message": "container \"app\" runs privileged"
//!     }
//!   ]
//! }
//! ```
//!
//! Findings are matched by their [fingerprint](rampart_diagnostics::fingerprint) (rule, file,
//! resource and route within it), which does not change when lines move; entries hold no line
//! numbers, so a baseline does not churn when unrelated lines are edited. A fingerprint that
//! occurs several times is matched as many times as the baseline records it, so a second
//! occurrence of a recorded finding is still new.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use rampart_diagnostics::{BaselineSummary, Finding, ScanResult};
use rampart_source::{Node, NodeKind, SourceFile};
use rampart_yaml::{parse_json, Limits};
use serde::Serialize;

/// The `version` of the baseline files this release writes and reads.
pub const BASELINE_VERSION: u32 = 1;

/// Where `rampart baseline create` writes, relative to the current folder.
pub const DEFAULT_BASELINE_PATH: &str = ".rampart/baseline.json";

/// The findings recorded by `rampart baseline create`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Baseline {
    pub version: u32,
    /// Always `rampart`.
    pub tool: String,
    /// The version of rampart that wrote the file.
    pub created_with: String,
    /// Sorted by [`BaselineEntry::sort_key`].
    pub findings: Vec<BaselineEntry>,
}

/// One recorded finding. Only `fingerprint` is used for matching; the other fields say what the
/// finding was, for the people who review the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
    /// `Kind/namespace/name`, as reports show it.
    pub resource: Option<String>,
    pub route: Option<String>,
    pub message: String,
}

impl BaselineEntry {
    fn of(finding: &Finding) -> Self {
        BaselineEntry {
            fingerprint: finding.fingerprint.clone(),
            rule: finding.rule.id.to_owned(),
            path: finding.location.path.clone(),
            resource: finding.resource.as_ref().map(ToString::to_string),
            route: finding.route.clone(),
            message: finding.message.clone(),
        }
    }

    /// The order of a baseline file: path, resource, rule, route, then message and
    /// fingerprint so that the order is total.
    #[must_use]
    pub fn sort_key(&self) -> (&str, Option<&str>, &str, Option<&str>, &str, &str) {
        (
            &self.path,
            self.resource.as_deref(),
            &self.rule,
            self.route.as_deref(),
            &self.message,
            &self.fingerprint,
        )
    }
}

/// A baseline file that could not be used, with the line and column of the problem (0 when the
/// file could not be read at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineError {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path, self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for BaselineError {}

impl Baseline {
    /// Records the findings of a scan: those that count (`result.findings`), not those already
    /// suppressed by a decision on record, which has its own end date and reason.
    #[must_use]
    pub fn from_result(result: &ScanResult) -> Self {
        let mut findings: Vec<BaselineEntry> =
            result.findings.iter().map(BaselineEntry::of).collect();
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Baseline {
            version: BASELINE_VERSION,
            tool: "rampart".to_owned(),
            created_with: env!("CARGO_PKG_VERSION").to_owned(),
            findings,
        }
    }

    /// The file's text: pretty-printed JSON, one entry per finding, ending with a newline.
    ///
    /// # Errors
    /// Only if serialization fails, which it does not for these plain types.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }

    /// Reads and checks a baseline file.
    ///
    /// # Errors
    /// On an unreadable file, malformed JSON, an unknown version or key, or a value of the wrong
    /// type, naming the line.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| BaselineError {
            path: name.clone(),
            line: 0,
            column: 0,
            message: format!("cannot read baseline file: {e}"),
        })?;
        Baseline::parse(&name, &text)
    }

    /// Parses baseline text reported under `name`.
    ///
    /// # Errors
    /// As [`Baseline::load`].
    pub fn parse(name: &str, text: &str) -> Result<Baseline, BaselineError> {
        let file = SourceFile::new(name, text);
        let error = |offset: u32, message: String| {
            let pos = file.line_col(offset);
            BaselineError {
                path: name.to_owned(),
                line: pos.line,
                column: pos.column,
                message,
            }
        };
        let parsed = parse_json(text, Limits::default());
        if let Some(e) = parsed.error {
            return Err(error(
                e.offset,
                format!("invalid baseline file: {}", e.message),
            ));
        }
        let Some(root) = parsed.documents.into_iter().find_map(|d| d.root) else {
            return Err(error(0, "the baseline file is empty".into()));
        };
        let top = object(&root, "the baseline file", &error)?;
        let mut version = None;
        let mut tool = None;
        let mut created_with = None;
        let mut findings = None;
        for (key, value, key_at) in top {
            match key {
                "version" => {
                    let number = match &value.kind {
                        NodeKind::Scalar(s) if s.is_plain() => s.value.parse::<u32>().ok(),
                        _ => None,
                    };
                    match number {
                        Some(BASELINE_VERSION) => version = Some(BASELINE_VERSION),
                        Some(other) => {
                            return Err(error(
                                value.range.start,
                                format!(
                                    "baseline version {other} is not supported by this rampart \
                                     (it reads version {BASELINE_VERSION})"
                                ),
                            ))
                        }
                        None => {
                            return Err(error(
                                value.range.start,
                                "`version` must be a number".into(),
                            ))
                        }
                    }
                }
                "tool" => tool = Some(string(value, "tool", &error)?),
                "created_with" => created_with = Some(string(value, "created_with", &error)?),
                "findings" => {
                    let items = value.as_sequence().ok_or_else(|| {
                        error(value.range.start, "`findings` must be a list".into())
                    })?;
                    findings = Some(
                        items
                            .iter()
                            .map(|item| entry(item, &error))
                            .collect::<Result<Vec<_>, _>>()?,
                    );
                }
                other => {
                    return Err(error(
                        key_at,
                        format!(
                            "unknown key `{other}` (expected version, tool, created_with or \
                             findings)"
                        ),
                    ))
                }
            }
        }
        let Some(version) = version else {
            return Err(error(
                root.range.start,
                "the baseline file has no `version`".into(),
            ));
        };
        let Some(mut findings) = findings else {
            return Err(error(
                root.range.start,
                "the baseline file has no `findings`".into(),
            ));
        };
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Ok(Baseline {
            version,
            tool: tool.unwrap_or_else(|| "rampart".to_owned()),
            created_with: created_with.unwrap_or_default(),
            findings,
        })
    }

    /// Moves the findings this baseline records from `result.findings` to `result.baselined`
    /// and sets `result.baseline`. Apply it after suppressions: a suppressed finding stays
    /// suppressed, and its entry is neither matched nor counted as fixed. `path` names the baseline file in reports; `scanned` says
    /// whether a path was among the inputs of the scan, so that entries of files not scanned
    /// are not taken for fixed.
    ///
    /// Each entry matches one finding with its fingerprint: first a finding with the same
    /// message too, then any, so that a rule reporting twice at one place matches the right
    /// one when it can.
    pub fn apply(&self, path: &str, result: &mut ScanResult, scanned: &dyn Fn(&str) -> bool) {
        // The entries not matched yet, by fingerprint: their messages and paths.
        let mut open: BTreeMap<&str, Vec<&BaselineEntry>> = BTreeMap::new();
        for entry in &self.findings {
            open.entry(&entry.fingerprint).or_default().push(entry);
        }
        let mut matched = vec![false; result.findings.len()];
        for exact in [true, false] {
            for (finding, matched) in result.findings.iter().zip(matched.iter_mut()) {
                if *matched {
                    continue;
                }
                let Some(entries) = open.get_mut(finding.fingerprint.as_str()) else {
                    continue;
                };
                let position = if exact {
                    entries.iter().position(|e| e.message == finding.message)
                } else if entries.is_empty() {
                    None
                } else {
                    Some(0)
                };
                if let Some(position) = position {
                    entries.remove(position);
                    *matched = true;
                }
            }
        }

        let findings = std::mem::take(&mut result.findings);
        for (finding, matched) in findings.into_iter().zip(matched) {
            if matched {
                result.baselined.push(finding);
            } else {
                result.findings.push(finding);
            }
        }
        // A finding that a decision on record now suppresses is not fixed: its entry stays open
        // but is not counted.
        for finding in &result.suppressed {
            if let Some(entries) = open.get_mut(finding.fingerprint.as_str()) {
                entries.pop();
            }
        }
        let unreadable: BTreeSet<&str> = result.errors.iter().map(|e| e.path.as_str()).collect();
        let fixed = open
            .values()
            .flatten()
            .filter(|entry| scanned(&entry.path) && !unreadable.contains(entry.path.as_str()))
            .count();
        result.baseline = Some(BaselineSummary {
            path: path.to_owned(),
            matched: result.baselined.len(),
            fixed,
        });
    }
}

type ErrorAt<'a> = dyn Fn(u32, String) -> BaselineError + 'a;

/// The entries of a JSON object, refusing anything else and duplicate keys.
fn object<'n>(
    node: &'n Node,
    what: &str,
    error: &ErrorAt<'_>,
) -> Result<Vec<(&'n str, &'n Node, u32)>, BaselineError> {
    let entries = node
        .as_mapping()
        .ok_or_else(|| error(node.range.start, format!("{what} must be a JSON object")))?;
    let mut seen = BTreeSet::new();
    entries
        .iter()
        .map(|entry| {
            let key = entry.key.as_str().unwrap_or_default();
            if seen.insert(key) {
                Ok((key, &entry.value, entry.key.range.start))
            } else {
                Err(error(
                    entry.key.range.start,
                    format!("duplicate key `{key}`"),
                ))
            }
        })
        .collect()
}

fn string(node: &Node, what: &str, error: &ErrorAt<'_>) -> Result<String, BaselineError> {
    match &node.kind {
        NodeKind::Scalar(s) if !s.is_plain() => Ok(s.value.clone()),
        _ => Err(error(
            node.range.start,
            format!("`{what}` must be a string"),
        )),
    }
}

fn optional_string(
    node: &Node,
    what: &str,
    error: &ErrorAt<'_>,
) -> Result<Option<String>, BaselineError> {
    if node.is_null() {
        Ok(None)
    } else {
        string(node, what, error).map(Some)
    }
}

fn entry(node: &Node, error: &ErrorAt<'_>) -> Result<BaselineEntry, BaselineError> {
    let fields = object(node, "each entry of `findings`", error)?;
    let mut fingerprint = None;
    let mut rule = None;
    let mut path = None;
    let mut resource = None;
    let mut route = None;
    let mut message = None;
    for (key, value, key_at) in fields {
        match key {
            "fingerprint" => {
                let text = string(value, "fingerprint", error)?;
                if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(error(
                        value.range.start,
                        format!("`fingerprint` must be 16 hexadecimal digits, not `{text}`"),
                    ));
                }
                fingerprint = Some(text.to_ascii_lowercase());
            }
            "rule" => rule = Some(string(value, "rule", error)?),
            "path" => path = Some(string(value, "path", error)?),
            "resource" => resource = optional_string(value, "resource", error)?,
            "route" => route = optional_string(value, "route", error)?,
            "message" => message = Some(string(value, "message", error)?),
            other => {
                return Err(error(
                    key_at,
                    format!(
                        "unknown key `{other}` in a baseline entry (expected fingerprint, rule, \
                         path, resource, route or message)"
                    ),
                ))
            }
        }
    }
    let missing = |field: &str| {
        error(
            node.range.start,
            format!("a baseline entry has no `{field}`"),
        )
    };
    Ok(BaselineEntry {
        fingerprint: fingerprint.ok_or_else(|| missing("fingerprint"))?,
        rule: rule.ok_or_else(|| missing("rule"))?,
        path: path.ok_or_else(|| missing("path"))?,
        resource,
        route,
        message: message.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_diagnostics::{fingerprint, ResourceRef, RuleMeta, Severity};
    use rampart_source::{LineCol, Location};

    static RULE: RuleMeta = RuleMeta {
        id: "k8s-test-rule",
        title: "A test rule",
        severity: Severity::High,
        platforms: &[],
        frameworks: &[],
        peers: &[],
        remediation: "Fix it.",
        fixable: false,
        doc_comment: "",
    };

    fn finding(path: &str, name: &str, route: Option<&str>, line: u32, message: &str) -> Finding {
        let resource = ResourceRef {
            api_version: "apps/v1".into(),
            kind: "Deployment".into(),
            namespace: Some("shop".into()),
            name: Some(name.into()),
        };
        Finding {
            rule: &RULE,
            severity: Severity::High,
            message: message.into(),
            location: Location {
                path: path.into(),
                range: rampart_source::TextRange::new(line * 10, line * 10 + 6),
                start: LineCol { line, column: 3 },
                end: LineCol { line, column: 9 },
            },
            fingerprint: fingerprint(RULE.id, path, Some(&resource), route),
            resource: Some(resource),
            route: route.map(str::to_owned),
            helm_template: None,
            related: Vec::new(),
            redact: Vec::new(),
            suppression: None,
            notes: Vec::new(),
            risk: None,
        }
    }

    fn result(findings: Vec<Finding>) -> ScanResult {
        ScanResult {
            findings,
            ..ScanResult::default()
        }
    }

    #[test]
    fn round_trips_sorted_without_line_numbers() {
        let scan = result(vec![
            finding("b.yaml", "web", Some("spec.x"), 4, "b"),
            finding("a.yaml", "web", Some("spec.y"), 9, "a2"),
            finding("a.yaml", "api", Some("spec.z"), 30, "a1"),
        ]);
        let baseline = Baseline::from_result(&scan);
        let paths: Vec<_> = baseline
            .findings
            .iter()
            .map(|e| (e.path.as_str(), e.resource.as_deref()))
            .collect();
        assert_eq!(
            paths,
            [
                ("a.yaml", Some("Deployment/shop/api")),
                ("a.yaml", Some("Deployment/shop/web")),
                ("b.yaml", Some("Deployment/shop/web")),
            ]
        );
        let text = baseline.to_json().unwrap();
        assert!(!text.contains("line"), "{text}");
        assert!(text.ends_with("}\n"));
        // One entry per finding, one field per line.
        assert_eq!(text.matches("\"fingerprint\":").count(), 3);
        assert!(
            text.contains("\n      \"rule\": \"k8s-test-rule\",\n"),
            "{text}"
        );
        let again = Baseline::parse("baseline.json", &text).unwrap();
        assert_eq!(again, baseline);
        assert_eq!(again.to_json().unwrap(), text);
    }

    #[test]
    fn matches_findings_that_moved_and_reports_new_and_fixed() {
        let before = result(vec![
            finding("a.yaml", "web", Some("spec.x"), 4, "x"),
            finding("a.yaml", "web", Some("spec.y"), 5, "y"),
            finding("gone.yaml", "web", Some("spec.x"), 5, "x"),
            finding("other.yaml", "web", Some("spec.x"), 5, "x"),
        ]);
        let baseline = Baseline::from_result(&before);
        let mut after = result(vec![
            finding("a.yaml", "web", Some("spec.x"), 40, "x"),
            finding("a.yaml", "web", Some("spec.z"), 41, "z"),
            finding("a.yaml", "web", Some("spec.y"), 50, "y"),
        ]);
        // other.yaml was not part of this scan: its entry is not taken for fixed.
        baseline.apply("base.json", &mut after, &|p| p != "other.yaml");
        assert_eq!(after.findings.len(), 1);
        assert_eq!(after.findings[0].route.as_deref(), Some("spec.z"));
        assert_eq!(after.baselined.len(), 2);
        assert_eq!(
            after.baseline,
            Some(BaselineSummary {
                path: "base.json".into(),
                matched: 2,
                fixed: 1,
            })
        );
    }

    #[test]
    fn counts_occurrences_of_one_fingerprint() {
        // Two findings without a route in one resource share a fingerprint.
        let baseline = Baseline::from_result(&result(vec![
            finding("a.yaml", "web", None, 1, "first"),
            finding("a.yaml", "web", None, 2, "second"),
        ]));
        assert_eq!(baseline.findings.len(), 2);
        let mut after = result(vec![
            finding("a.yaml", "web", None, 1, "new one"),
            finding("a.yaml", "web", None, 2, "first"),
            finding("a.yaml", "web", None, 3, "second"),
        ]);
        baseline.apply("b.json", &mut after, &|_| true);
        assert_eq!(after.baselined.len(), 2);
        // The exact messages are matched first, so the new one is the one reported.
        assert_eq!(after.findings.len(), 1);
        assert_eq!(after.findings[0].message, "new one");

        let mut fewer = result(vec![finding("a.yaml", "web", None, 7, "reworded")]);
        baseline.apply("b.json", &mut fewer, &|_| true);
        assert!(fewer.findings.is_empty());
        assert_eq!(fewer.baseline.map(|b| (b.matched, b.fixed)), Some((1, 1)));
    }

    #[test]
    fn entries_of_suppressed_findings_are_not_fixed() {
        let recorded = finding("a.yaml", "web", Some("spec.x"), 1, "x");
        let baseline = Baseline::from_result(&result(vec![recorded.clone()]));
        let mut after = ScanResult {
            suppressed: vec![recorded],
            ..ScanResult::default()
        };
        baseline.apply("b.json", &mut after, &|_| true);
        assert_eq!(after.baseline.map(|b| (b.matched, b.fixed)), Some((0, 0)));
        assert_eq!(after.suppressed.len(), 1);
    }

    #[test]
    fn entries_of_unparsable_files_are_not_fixed() {
        let baseline = Baseline::from_result(&result(vec![finding(
            "a.yaml",
            "web",
            Some("spec.x"),
            1,
            "x",
        )]));
        let mut after = ScanResult {
            errors: vec![rampart_diagnostics::InputError {
                path: "a.yaml".into(),
                kind: rampart_diagnostics::InputErrorKind::Parse,
                location: None,
                message: "broken".into(),
            }],
            ..ScanResult::default()
        };
        baseline.apply("b.json", &mut after, &|_| true);
        assert_eq!(after.baseline.map(|b| b.fixed), Some(0));
    }

    fn parse_error(text: &str) -> BaselineError {
        Baseline::parse("base.json", text).unwrap_err()
    }

    #[test]
    fn malformed_files_name_their_line() {
        let e = parse_error(
            "{\n  \"version\": 1,\n  \"findings\": [\n    {\"fingerprint\": 12}\n  ]\n}\n",
        );
        assert_eq!((e.line, e.column), (4, 21), "{e}");
        assert!(e.message.contains("must be a string"), "{e}");
        assert!(e.to_string().starts_with("base.json:4:21: "), "{e}");

        let e = parse_error("{\n  \"version\": 1,\n  \"findings\": [\n");
        assert!(e.message.starts_with("invalid baseline file"), "{e}");
        assert_eq!(e.line, 4, "{e}");

        let e = parse_error("{\"version\": 2, \"findings\": []}");
        assert!(e.message.contains("version 2 is not supported"), "{e}");
        let e = parse_error("{\"findings\": []}");
        assert!(e.message.contains("no `version`"), "{e}");
        let e = parse_error("{\"version\": 1}");
        assert!(e.message.contains("no `findings`"), "{e}");
        let e = parse_error("[]");
        assert!(e.message.contains("must be a JSON object"), "{e}");
        let e = parse_error("");
        assert!(e.message.contains("empty"), "{e}");
        let e = parse_error("{\"version\": 1, \"findings\": [], \"lines\": {}}");
        assert!(e.message.contains("unknown key `lines`"), "{e}");
        assert_eq!((e.line, e.column), (1, 32), "{e}");
        let e = parse_error(
            "{\"version\": 1, \"findings\": [{\"fingerprint\": \"abc\", \"rule\": \"r\", \"path\": \"p\"}]}",
        );
        assert!(e.message.contains("16 hexadecimal digits"), "{e}");
        let e = parse_error(
            "{\"version\": 1,\n\"findings\": [\n{\"fingerprint\": \"0123456789abcdef\", \"path\": \"p\"}]}",
        );
        assert!(e.message.contains("no `rule`"), "{e}");
        assert_eq!(e.line, 3);
        let e = parse_error("{\"version\": 1, \"version\": 1, \"findings\": []}");
        assert!(e.message.contains("duplicate key `version`"), "{e}");
    }

    #[test]
    fn unreadable_files_are_errors_without_a_line() {
        let e = Baseline::load(Path::new("/nonexistent/rampart/baseline.json")).unwrap_err();
        assert_eq!(e.line, 0);
        assert!(e
            .to_string()
            .starts_with("/nonexistent/rampart/baseline.json: cannot read"));
    }
}
