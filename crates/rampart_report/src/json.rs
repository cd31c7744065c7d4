//! The JSON report, schema version 1: documented in `docs/report-json.md`, with a JSON Schema at
//! `docs/schema/report-v1.json`.
//!
//! The output is built from the structs below, not from the internal types, so that a change to
//! the internals cannot change the report by accident: these structs are the frozen v1 shape.
//! Within version 1, fields may be added but never removed, renamed or given another meaning.

use rampart_diagnostics::{
    FailedControl, Finding, FrameworkScore, InputError, InputErrorKind, Notice, Related,
    ScanResult, SuppressionKind,
};
use rampart_source::Location;
use serde::Serialize;

use crate::{
    risk_order, sorted_errors, sorted_findings, sorted_notices, sorted_stale, sorted_suppressed,
    to_json_pretty, Counts, TOOL_NAME, TOOL_VERSION,
};

/// The `version` field of the JSON report: the major version of its schema.
pub const JSON_REPORT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
    errors: Vec<JsonError<'a>>,
    notices: Vec<JsonNotice<'a>>,
    baseline: Option<JsonBaseline<'a>>,
    suppressed: Vec<JsonFinding<'a>>,
    stale_exceptions: Vec<JsonStale<'a>>,
    compliance: Vec<JsonCompliance<'a>>,
}

/// A framework's compliance score; SARIF carries the same under `run.properties.compliance`.
#[derive(Serialize)]
pub(crate) struct JsonCompliance<'a> {
    framework: &'static str,
    name: &'static str,
    controls_total: usize,
    controls_applicable: usize,
    controls_passed: usize,
    /// Percent, one decimal, rounded down; null when no control is applicable.
    score: Option<f64>,
    resources_total: usize,
    resources_passing: usize,
    failed_controls: Vec<JsonFailedControl<'a>>,
}

#[derive(Serialize)]
struct JsonFailedControl<'a> {
    control: &'a str,
    rules: &'a [&'static str],
    findings: usize,
}

impl<'a> From<&'a FrameworkScore> for JsonCompliance<'a> {
    fn from(score: &'a FrameworkScore) -> Self {
        JsonCompliance {
            framework: score.framework.tag(),
            name: score.framework.name(),
            controls_total: score.controls_total,
            controls_applicable: score.controls_applicable,
            controls_passed: score.controls_passed,
            score: score.score(),
            resources_total: score.resources_total,
            resources_passing: score.resources_passing,
            failed_controls: score
                .failed_controls
                .iter()
                .map(|failed: &'a FailedControl| JsonFailedControl {
                    control: &failed.control,
                    rules: &failed.rules,
                    findings: failed.findings,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct JsonSuppression<'a> {
    kind: &'static str,
    justification: &'a str,
    owner: Option<&'a str>,
    expires: Option<&'a str>,
    ticket: Option<&'a str>,
    origin: &'a str,
}

#[derive(Serialize)]
struct JsonStale<'a> {
    location: JsonLocation<'a>,
    rule: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonBaseline<'a> {
    path: &'a str,
    matched: usize,
    fixed: usize,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    findings: usize,
    by_severity: BySeverity,
    files_scanned: usize,
    files_with_findings: usize,
    errors: usize,
    files_with_errors: usize,
    suppressed: usize,
}

#[derive(Serialize)]
struct BySeverity {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule_id: &'a str,
    title: &'a str,
    severity: &'static str,
    message: &'a str,
    location: JsonLocation<'a>,
    resource: Option<JsonResource<'a>>,
    route: Option<&'a str>,
    helm_template: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
    fingerprint: &'a str,
    notes: &'a [String],
    suppression: Option<JsonSuppression<'a>>,
    risk: Option<JsonRisk<'a>>,
}

#[derive(Serialize)]
struct JsonRisk<'a> {
    score: u32,
    reasons: &'a [String],
    path: Vec<JsonPathStep<'a>>,
}

#[derive(Serialize)]
struct JsonPathStep<'a> {
    description: &'a str,
    location: Option<JsonLocation<'a>>,
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    path: &'a str,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct JsonResource<'a> {
    api_version: &'a str,
    kind: &'a str,
    namespace: Option<&'a str>,
    name: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    location: JsonLocation<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    kind: &'static str,
    message: &'a str,
    location: Option<JsonLocation<'a>>,
}

#[derive(Serialize)]
struct JsonNotice<'a> {
    path: &'a str,
    message: &'a str,
    warning: bool,
}

impl<'a> From<&'a Location> for JsonLocation<'a> {
    fn from(location: &'a Location) -> Self {
        JsonLocation {
            path: &location.path,
            start: Position {
                line: location.start.line,
                column: location.start.column,
            },
            end: Position {
                line: location.end.line,
                column: location.end.column,
            },
        }
    }
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(finding: &'a Finding) -> Self {
        JsonFinding {
            rule_id: finding.rule.id,
            title: finding.rule.title,
            severity: finding.severity.as_str(),
            message: &finding.message,
            location: JsonLocation::from(&finding.location),
            resource: finding.resource.as_ref().map(|r| JsonResource {
                api_version: &r.api_version,
                kind: &r.kind,
                namespace: r.namespace.as_deref(),
                name: r.name.as_deref(),
            }),
            route: finding.route.as_deref(),
            helm_template: finding.helm_template.as_deref(),
            related: finding.related.iter().map(JsonRelated::from).collect(),
            fingerprint: &finding.fingerprint,
            notes: &finding.notes,
            suppression: finding.suppression.as_ref().map(|s| JsonSuppression {
                kind: suppression_kind(s.kind),
                justification: &s.justification,
                owner: s.owner.as_deref(),
                expires: s.expires.as_deref(),
                ticket: s.ticket.as_deref(),
                origin: &s.origin,
            }),
            risk: finding.risk.as_ref().map(|risk| JsonRisk {
                score: risk.score,
                reasons: &risk.reasons,
                path: risk
                    .path
                    .iter()
                    .map(|step| JsonPathStep {
                        description: &step.description,
                        location: step.location.as_ref().map(JsonLocation::from),
                    })
                    .collect(),
            }),
        }
    }
}

impl<'a> From<&'a Related> for JsonRelated<'a> {
    fn from(related: &'a Related) -> Self {
        JsonRelated {
            location: JsonLocation::from(&related.location),
            message: &related.message,
        }
    }
}

impl<'a> From<&'a InputError> for JsonError<'a> {
    fn from(error: &'a InputError) -> Self {
        JsonError {
            path: &error.path,
            kind: error_kind(error.kind),
            message: &error.message,
            location: error.location.as_ref().map(JsonLocation::from),
        }
    }
}

impl<'a> From<&'a Notice> for JsonNotice<'a> {
    fn from(notice: &'a Notice) -> Self {
        JsonNotice {
            path: &notice.path,
            message: &notice.message,
            warning: notice.warning,
        }
    }
}

/// The `kind` of a suppression, spelled out here so that the report does not follow a rename of
/// the internal enum.
pub(crate) fn suppression_kind(kind: SuppressionKind) -> &'static str {
    match kind {
        SuppressionKind::InSource => "in-source",
        SuppressionKind::External => "external",
    }
}

/// The `kind` of an input error, spelled out here so that the report does not follow a rename
/// of the internal enum.
pub(crate) fn error_kind(kind: InputErrorKind) -> &'static str {
    match kind {
        InputErrorKind::Read => "read",
        InputErrorKind::TooLarge => "too-large",
        InputErrorKind::Encoding => "encoding",
        InputErrorKind::Parse => "parse",
        InputErrorKind::Policy => "policy",
    }
}

/// Renders the JSON report (schema version [`JSON_REPORT_VERSION`]), pretty-printed, ending with
/// a newline.
#[must_use]
pub fn render_json(result: &ScanResult) -> String {
    let counts = Counts::of(result);
    let report = Report {
        version: JSON_REPORT_VERSION,
        tool: Tool {
            name: TOOL_NAME,
            version: TOOL_VERSION,
        },
        summary: Summary {
            findings: counts.total,
            by_severity: BySeverity {
                critical: counts.critical,
                high: counts.high,
                medium: counts.medium,
                low: counts.low,
            },
            files_scanned: result.files_scanned,
            files_with_findings: counts.files_with_findings,
            errors: result.errors.len(),
            files_with_errors: counts.files_with_errors,
            suppressed: result.suppressed.len(),
        },
        // Riskiest first, as every report orders findings; ties by location.
        findings: {
            let mut findings = sorted_findings(result);
            findings.sort_by(|a, b| risk_order(a, b));
            findings.into_iter().map(JsonFinding::from).collect()
        },
        errors: sorted_errors(result)
            .into_iter()
            .map(JsonError::from)
            .collect(),
        notices: sorted_notices(result)
            .into_iter()
            .map(JsonNotice::from)
            .collect(),
        baseline: result.baseline.as_ref().map(|b| JsonBaseline {
            path: &b.path,
            matched: b.matched,
            fixed: b.fixed,
        }),
        suppressed: sorted_suppressed(result)
            .into_iter()
            .map(JsonFinding::from)
            .collect(),
        stale_exceptions: sorted_stale(result)
            .into_iter()
            .map(|stale| JsonStale {
                location: JsonLocation::from(&stale.location),
                rule: &stale.rule,
                message: &stale.message,
            })
            .collect(),
        compliance: result.compliance.iter().map(JsonCompliance::from).collect(),
    };
    to_json_pretty(&report)
}
