//! The JSON report, schema version 1: documented in `docs/report-json.md`, with a JSON Schema at
//! `docs/schema/report-v1.json`.
//!
//! The output is built from the structs below, not from the internal types, so that a change to
//! the internals cannot change the report by accident: these structs are the frozen v1 shape.
//! Within version 1, fields may be added but never removed, renamed or given another meaning.

use rampart_diagnostics::{Finding, InputError, InputErrorKind, Notice, Related, ScanResult};
use rampart_source::Location;
use serde::Serialize;

use crate::{
    sorted_errors, sorted_findings, sorted_notices, to_json_pretty, Counts, TOOL_NAME, TOOL_VERSION,
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

/// The `kind` of an input error, spelled out here so that the report does not follow a rename
/// of the internal enum.
pub(crate) fn error_kind(kind: InputErrorKind) -> &'static str {
    match kind {
        InputErrorKind::Read => "read",
        InputErrorKind::TooLarge => "too-large",
        InputErrorKind::Encoding => "encoding",
        InputErrorKind::Parse => "parse",
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
        },
        findings: sorted_findings(result)
            .into_iter()
            .map(JsonFinding::from)
            .collect(),
        errors: sorted_errors(result)
            .into_iter()
            .map(JsonError::from)
            .collect(),
        notices: sorted_notices(result)
            .into_iter()
            .map(JsonNotice::from)
            .collect(),
    };
    to_json_pretty(&report)
}
