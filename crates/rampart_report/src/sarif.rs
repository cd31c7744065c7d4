//! SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! One run; `tool.driver.rules` lists every rule that ran, each with its docs as help and its
//! severity as `security-severity`; each finding is a result pointing at its rule by id and
//! index, with a relative, percent-encoded `uri` under `%SRCROOT%`, a region in Unicode code
//! points (`columnKind`), and a `partialFingerprints` entry that does not change when lines
//! move. Results are listed riskiest first, with the risk score as `rank` and, with its reasons,
//! under `properties` (`risk-score`, `risk-reasons`). Input errors are `toolExecutionNotifications`
//! of the one invocation, which is then not `executionSuccessful`. The compliance score of each
//! framework is under the run's `properties.compliance`, shaped as in the JSON report.

use std::collections::BTreeMap;

use rampart_diagnostics::{
    Finding, InputError, RuleMeta, ScanResult, Severity, Suppression, SuppressionKind,
};
use rampart_source::Location;
use serde::Serialize;

use crate::json::{error_kind, JsonCompliance};
use crate::{
    risk_order, sorted_errors, sorted_findings, sorted_notices, sorted_stale, to_json_pretty,
    TOOL_NAME, TOOL_URI, TOOL_VERSION,
};

/// The `$schema` of the log.
pub const SARIF_SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of each result's `partialFingerprints` entry. The `v1` changes if the way the
/// fingerprint is computed ever changes, so that viewers do not match unlike fingerprints.
pub const SARIF_FINGERPRINT_KEY: &str = "rampart/v1";

/// The base every artifact `uri` is relative to: the directory the scan ran in.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RunProperties<'a>>,
}

/// The run's property bag: the compliance score of each framework, as the JSON report's
/// `compliance` gives it.
#[derive(Serialize)]
struct RunProperties<'a> {
    compliance: Vec<JsonCompliance<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    tags: Vec<&'static str>,
    precision: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<NotificationProperties>,
}

#[derive(Serialize)]
struct NotificationProperties {
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [SarifLocation; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
    /// With `--baseline`: `new`, or `unchanged` for a finding the baseline records.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    /// The risk score (0 to 100), which SARIF viewers sort by.
    #[serde(skip_serializing_if = "Option::is_none")]
    rank: Option<f64>,
    /// A suppressed finding's decision on record.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression<'a>>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct SarifSuppression<'a> {
    /// `inSource` (a comment or annotation) or `external` (the exceptions file).
    kind: &'static str,
    status: &'static str,
    justification: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<SuppressionLocation>,
    properties: SuppressionProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SuppressionLocation {
    physical_location: LinePhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LinePhysicalLocation {
    artifact_location: ArtifactLocation,
    region: LineRegion,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LineRegion {
    start_line: u32,
}

#[derive(Serialize)]
struct SuppressionProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ticket: Option<&'a str>,
    /// Where the decision is written, `path:line`.
    origin: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    /// The effective severity, which a config file may have changed from the rule's default.
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    route: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    helm_template: Option<&'a str>,
    /// Remarks such as an exception that expired.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    /// The risk score, 0 to 100 (as `rank`).
    #[serde(rename = "risk-score", skip_serializing_if = "Option::is_none")]
    risk_score: Option<u32>,
    /// Why the score is what it is, one factor a line.
    #[serde(rename = "risk-reasons", skip_serializing_if = "Option::is_none")]
    risk_reasons: Option<&'a [String]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

/// The SARIF `level` of a severity: `error` for high and critical, `warning` for medium, `note`
/// for low.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// `k8s-privileged-container` → `K8sPrivilegedContainer`.
fn pascal_case(id: &str) -> String {
    let mut name = String::with_capacity(id.len());
    for word in id.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    if name.is_empty() {
        id.to_owned()
    } else {
        name
    }
}

/// The first paragraph of a rule's docs (after any heading), on one line: what it checks.
fn first_paragraph(docs: &str) -> String {
    let mut lines = Vec::new();
    for line in docs.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            if lines.is_empty() {
                continue;
            }
            break;
        }
        lines.push(line);
    }
    lines.join(" ")
}

/// A rule as SARIF describes it, at its effective severity: the config file's override when it
/// has one, since GitHub code scanning shows an alert's severity from the rule.
fn rule_descriptor(rule: &RuleMeta, severity: Severity) -> Rule<'_> {
    let docs = rule.docs();
    let mut description = first_paragraph(&docs);
    if description.is_empty() {
        rule.title.clone_into(&mut description);
    }
    let mut tags = vec!["security"];
    for framework in rule.frameworks {
        let tag = framework.framework.tag();
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    for platform in rule.platforms {
        let tag = match platform {
            rampart_diagnostics::Platform::Kubernetes => "kubernetes",
            rampart_diagnostics::Platform::Terraform => "terraform",
        };
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    Rule {
        id: rule.id,
        name: pascal_case(rule.id),
        short_description: Text {
            text: rule.title.to_owned(),
        },
        full_description: Text { text: description },
        help: Help {
            text: docs.clone(),
            markdown: docs,
        },
        default_configuration: Configuration {
            level: level(severity),
        },
        properties: RuleProperties {
            security_severity: severity.security_severity(),
            tags,
            // The rules read the manifests as the API server does, with no heuristics.
            precision: "high",
        },
    }
}

/// Whether a byte may stand for itself in the path of a URI reference: the unreserved
/// characters, the sub-delimiters, `@` and `/`. `:` is encoded so that a first segment like
/// `c:x.yaml` does not read as a scheme.
fn is_uri_path_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&byte)
}

fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if is_uri_path_byte(byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The artifact location of a path as findings name it: relative paths become relative URIs
/// under `%SRCROOT%` with forward slashes; absolute paths become `file:` URIs.
fn artifact_location(path: &str) -> ArtifactLocation {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    let windows_drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if windows_drive {
        let (drive, rest) = path.split_at(2);
        return ArtifactLocation {
            uri: format!("file:///{drive}{}", percent_encode(rest)),
            uri_base_id: None,
        };
    }
    if path.starts_with('/') {
        return ArtifactLocation {
            uri: format!("file://{}", percent_encode(&path)),
            uri_base_id: None,
        };
    }
    let mut relative = path.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    ArtifactLocation {
        uri: percent_encode(relative),
        uri_base_id: Some(SRCROOT),
    }
}

/// A region from a location, clamped to SARIF's minimum of 1 for lines and columns.
fn region(location: &Location) -> Region {
    Region {
        start_line: location.start.line.max(1),
        start_column: location.start.column.max(1),
        end_line: location.end.line.max(location.start.line).max(1),
        end_column: location.end.column.max(1),
    }
}

fn physical_location(location: &Location) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifact_location(&location.path),
        region: Some(region(location)),
    }
}

fn result_of<'a>(finding: &'a Finding, rule_index: usize) -> SarifResult<'a> {
    let related_locations = finding
        .related
        .iter()
        .enumerate()
        .map(|(id, related)| SarifLocation {
            id: Some(id),
            physical_location: physical_location(&related.location),
            message: Some(Text {
                text: related.message.clone(),
            }),
        })
        .collect();
    SarifResult {
        rule_id: finding.rule.id,
        rule_index,
        level: level(finding.severity),
        message: Text {
            text: finding.message.clone(),
        },
        locations: [SarifLocation {
            id: None,
            physical_location: physical_location(&finding.location),
            message: None,
        }],
        related_locations,
        partial_fingerprints: BTreeMap::from([(
            SARIF_FINGERPRINT_KEY,
            finding.fingerprint.as_str(),
        )]),
        baseline_state: None,
        suppressions: finding
            .suppression
            .as_ref()
            .map(suppression_of)
            .into_iter()
            .collect(),
        properties: ResultProperties {
            severity: finding.severity.as_str(),
            resource: finding.resource.as_ref().map(ToString::to_string),
            route: finding.route.as_deref(),
            helm_template: finding.helm_template.as_deref(),
            notes: &finding.notes,
            risk_score: finding.risk.as_ref().map(|r| r.score),
            risk_reasons: finding.risk.as_ref().map(|r| r.reasons.as_slice()),
        },
        rank: finding.risk.as_ref().map(|r| f64::from(r.score.min(100))),
    }
}

fn suppression_of(suppression: &Suppression) -> SarifSuppression<'_> {
    // The origin is `path:line`; a path may hold colons, the line does not.
    let location = suppression
        .origin
        .rsplit_once(':')
        .and_then(|(path, line)| Some((path, line.parse::<u32>().ok()?)))
        .map(|(path, line)| SuppressionLocation {
            physical_location: LinePhysicalLocation {
                artifact_location: artifact_location(path),
                region: LineRegion {
                    start_line: line.max(1),
                },
            },
        });
    SarifSuppression {
        kind: match suppression.kind {
            SuppressionKind::InSource => "inSource",
            SuppressionKind::External => "external",
        },
        status: "accepted",
        justification: &suppression.justification,
        location,
        properties: SuppressionProperties {
            owner: suppression.owner.as_deref(),
            expires: suppression.expires.as_deref(),
            ticket: suppression.ticket.as_deref(),
            origin: &suppression.origin,
        },
    }
}

fn error_notification(error: &InputError) -> Notification {
    Notification {
        level: "error",
        message: Text {
            text: error.message.clone(),
        },
        locations: vec![SarifLocation {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: artifact_location(&error.path),
                region: error.location.as_ref().map(region),
            },
            message: None,
        }],
        properties: Some(NotificationProperties {
            kind: error_kind(error.kind),
        }),
    }
}

/// Renders a SARIF 2.1.0 log with one run, pretty-printed, ending with a newline.
#[must_use]
pub fn render_sarif(result: &ScanResult) -> String {
    // The rules that ran, then any rule a finding names that is not among them, so that every
    // result's `ruleIndex` points into `tool.driver.rules`.
    let mut rules: Vec<&RuleMeta> = Vec::new();
    for rule in result
        .rules
        .iter()
        .copied()
        .chain(result.findings.iter().map(|f| f.rule))
        .chain(result.baselined.iter().map(|f| f.rule))
        .chain(result.suppressed.iter().map(|f| f.rule))
    {
        if !rules.iter().any(|known| known.id == rule.id) {
            rules.push(rule);
        }
    }
    let index_of = |id: &str| rules.iter().position(|rule| rule.id == id).unwrap_or(0);

    // With a baseline, the findings it records are results too, `unchanged`, so that a
    // code-scanning service keeps their alerts open rather than closing them as fixed.
    let new_state = result.baseline.as_ref().map(|_| "new");
    let mut findings: Vec<(&Finding, Option<&'static str>)> = sorted_findings(result)
        .into_iter()
        .map(|finding| (finding, new_state))
        .chain(result.baselined.iter().map(|f| (f, Some("unchanged"))))
        // Suppressed findings are results too, each with its `suppressions`.
        .chain(result.suppressed.iter().map(|f| (f, new_state)))
        .collect();
    findings.sort_by(|a, b| risk_order(a.0, b.0));
    let results = findings
        .into_iter()
        .map(|(finding, state)| {
            let mut sarif = result_of(finding, index_of(finding.rule.id));
            sarif.baseline_state = state;
            sarif
        })
        .collect();

    let mut notifications: Vec<Notification> = sorted_errors(result)
        .into_iter()
        .map(error_notification)
        .collect();
    // Warnings (files passed over during the walk) too; skipped non-Kubernetes documents are
    // routine and would only be noise here.
    notifications.extend(
        sorted_notices(result)
            .into_iter()
            .filter(|notice| notice.warning)
            .map(|notice| Notification {
                level: "warning",
                message: Text {
                    text: notice.message.clone(),
                },
                locations: vec![SarifLocation {
                    id: None,
                    physical_location: PhysicalLocation {
                        artifact_location: artifact_location(&notice.path),
                        region: None,
                    },
                    message: None,
                }],
                properties: None,
            }),
    );
    // Exceptions that matched nothing.
    notifications.extend(sorted_stale(result).into_iter().map(|stale| Notification {
        level: "warning",
        message: Text {
            text: stale.message.clone(),
        },
        locations: vec![SarifLocation {
            id: None,
            physical_location: physical_location(&stale.location),
            message: None,
        }],
        properties: Some(NotificationProperties {
            kind: "stale-exception",
        }),
    }));

    let log = Log {
        schema: SARIF_SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: TOOL_NAME,
                    version: TOOL_VERSION,
                    semantic_version: TOOL_VERSION,
                    information_uri: TOOL_URI,
                    rules: rules
                        .into_iter()
                        .map(|rule| {
                            let severity = result
                                .severity_overrides
                                .get(rule.id)
                                .copied()
                                .unwrap_or(rule.severity);
                            rule_descriptor(rule, severity)
                        })
                        .collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: result.errors.is_empty(),
                tool_execution_notifications: notifications,
            }],
            results,
            column_kind: "unicodeCodePoints",
            properties: (!result.compliance.is_empty()).then(|| RunProperties {
                compliance: result.compliance.iter().map(JsonCompliance::from).collect(),
            }),
        }],
    };
    to_json_pretty(&log)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(
            pascal_case("k8s-privileged-container"),
            "K8sPrivilegedContainer"
        );
        assert_eq!(pascal_case("---"), "---");
    }

    #[test]
    fn relative_paths_become_encoded_relative_uris() {
        let location = artifact_location("./deploy\\my app/100%#1.yaml");
        assert_eq!(location.uri, "deploy/my%20app/100%25%231.yaml");
        assert_eq!(location.uri_base_id, Some(SRCROOT));
        assert_eq!(artifact_location("c:x.yaml").uri, "c%3Ax.yaml");
        assert_eq!(artifact_location("<stdin>").uri, "%3Cstdin%3E");
        assert_eq!(artifact_location("naïve.yaml").uri, "na%C3%AFve.yaml");
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        let unix = artifact_location("/srv/k8s/app.yaml");
        assert_eq!(unix.uri, "file:///srv/k8s/app.yaml");
        assert_eq!(unix.uri_base_id, None);
        let windows = artifact_location("C:\\k8s\\app.yaml");
        assert_eq!(windows.uri, "file:///C:/k8s/app.yaml");
    }

    #[test]
    fn the_first_paragraph_skips_headings_and_joins_lines() {
        let docs = "## What it checks\n\nContainers whose\n`privileged` is true.\n\nMore.\n";
        assert_eq!(
            first_paragraph(docs),
            "Containers whose `privileged` is true."
        );
    }
}
