//! Renderers for a [`ScanResult`]: human-readable text (the default), JSON with a documented,
//! versioned schema (`docs/report-json.md`), SARIF 2.1.0 for code-scanning services, and JUnit
//! XML for CI test reports.
//!
//! Every renderer is a pure function of the scan result: the same result always gives the same
//! bytes (no timestamps, no hash-map order), so reports can be diffed and snapshot-tested.
//!
//! ```no_run
//! # use rampart_diagnostics::ScanResult;
//! # use rampart_report::{render, Format, TextOptions};
//! # let result = ScanResult::default();
//! let format: Format = "sarif".parse().unwrap_or_default();
//! print!("{}", render(format, &result, &TextOptions::default()));
//! ```

use std::collections::BTreeSet;
use std::fmt;
use std::fmt::Write as _;
use std::str::FromStr;

use rampart_diagnostics::{
    Finding, InputError, Notice, ScanResult, Severity, StaleException, Suppression, SuppressionKind,
};

mod json;
mod junit;
mod sarif;
mod text;

pub use json::{render_json, JSON_REPORT_VERSION};
pub use junit::render_junit;
pub use sarif::{render_sarif, SARIF_FINGERPRINT_KEY, SARIF_SCHEMA_URI};
pub use text::{render_text, render_top_risks};

/// The name the tool reports itself under in every format.
pub const TOOL_NAME: &str = "rampart";
/// The version the tool reports itself under in every format.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Where to read about the tool (SARIF `tool.driver.informationUri`).
pub const TOOL_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// An output format. Parses from (and displays as) `text`, `json`, `sarif` or `junit`, so a
/// CLI can take it with `value_parser = Format::NAMES` plus `FromStr`, or `clap::value_parser!`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Format {
    /// Human-readable, grouped by file, with source lines (the default).
    #[default]
    Text,
    /// The versioned JSON report (`docs/report-json.md`).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML, for CI systems that show test reports.
    Junit,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Text, Format::Json, Format::Sarif, Format::Junit];

    /// The names [`Format::from_str`] accepts, in [`Format::ALL`] order.
    pub const NAMES: [&'static str; 4] = ["text", "json", "sarif", "junit"];

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|format| format.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown format `{s}` (expected text, json, sarif or junit)"))
    }
}

/// Options of the text format (the other formats have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextOptions {
    /// Use ANSI colours. The caller decides (from `NO_COLOR`, `--color` and whether the output
    /// is a terminal); the renderer never looks at the environment.
    pub color: bool,
    /// Also show notices that are not warnings (skipped files) and each finding's route.
    pub verbose: bool,
    /// Also list the suppressed findings, each with its decision (`--show-suppressed`); without
    /// it, the summary only counts them.
    pub show_suppressed: bool,
    /// The `--compliance-threshold` in percent: the compliance table marks the frameworks whose
    /// score is below it, and a line under the table says which fell short (see
    /// [`compliance_shortfalls`]).
    pub compliance_threshold: Option<u8>,
}

/// Renders `result` in `format`. `text` is used only by [`Format::Text`]. The output ends with
/// a newline.
#[must_use]
pub fn render(format: Format, result: &ScanResult, text: &TextOptions) -> String {
    match format {
        Format::Text => render_text(result, text),
        Format::Json => render_json(result),
        Format::Sarif => render_sarif(result),
        Format::Junit => render_junit(result),
    }
}

/// One line for each framework of `result.compliance` whose score is below `threshold` percent:
/// `pss-baseline scores 28.5%, below the threshold of 80% (failed controls: Capabilities, Host
/// Namespaces)`. Empty when every framework meets it (a framework with no applicable control has
/// no score and always does). The text report prints these under its compliance table, and the
/// CLI on standard error.
#[must_use]
pub fn compliance_shortfalls(result: &ScanResult, threshold: u8) -> Vec<String> {
    result
        .compliance
        .iter()
        .filter(|score| score.below(threshold))
        .map(|score| {
            let failed: Vec<&str> = score
                .failed_controls
                .iter()
                .map(|c| c.control.as_str())
                .collect();
            format!(
                "{} scores {}, below the threshold of {threshold}% (failed controls: {})",
                score.framework.tag(),
                score.score_text(),
                failed.join(", ")
            )
        })
        .collect()
}

/// The order of findings by risk: the highest `risk.score` first, and at equal scores the highest
/// severity (a critical finding leads a high one capped at the same score); unscored findings
/// last; then report order ([`Finding::sort_key`]). Unscored findings alone keep report order.
fn risk_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let score = |f: &Finding| f.risk.as_ref().map(|r| r.score);
    let by_risk = match (score(a), score(b)) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| b.severity.cmp(&a.severity)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_risk.then_with(|| a.sort_key().cmp(&b.sort_key()))
}

/// The findings in report order ([`Finding::sort_key`]), whatever order they came in.
fn sorted_findings(result: &ScanResult) -> Vec<&Finding> {
    let mut findings: Vec<&Finding> = result.findings.iter().collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// The suppressed findings in report order.
fn sorted_suppressed(result: &ScanResult) -> Vec<&Finding> {
    let mut findings: Vec<&Finding> = result.suppressed.iter().collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// The stale exceptions by file, then position, then rule.
fn sorted_stale(result: &ScanResult) -> Vec<&StaleException> {
    let mut stale: Vec<&StaleException> = result.stale_exceptions.iter().collect();
    stale.sort_by(|a, b| {
        let key =
            |s: &'_ StaleException| (s.location.path.clone(), s.location.start, s.rule.clone());
        key(a).cmp(&key(b))
    });
    stale
}

/// Who decided, where and until when: `exception at .rampart/exceptions.yaml:4 (owner
/// team@example.com, expires 2027-03-31, ticket SEC-142)`.
pub(crate) fn decision(suppression: &Suppression) -> String {
    let mut line = match suppression.kind {
        SuppressionKind::External => format!("exception at {}", suppression.origin),
        SuppressionKind::InSource => format!("in-source suppression at {}", suppression.origin),
    };
    let details: Vec<String> = [
        suppression.owner.as_ref().map(|o| format!("owner {o}")),
        suppression.expires.as_ref().map(|e| format!("expires {e}")),
        suppression.ticket.as_ref().map(|t| format!("ticket {t}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !details.is_empty() {
        let _ = write!(line, " ({})", details.join(", "));
    }
    line
}

/// The input errors by path, then position, then message.
fn sorted_errors(result: &ScanResult) -> Vec<&InputError> {
    fn key(e: &InputError) -> (&str, Option<(u32, u32)>, &str) {
        let position = e.location.as_ref().map(|l| (l.start.line, l.start.column));
        (&e.path, position, &e.message)
    }
    let mut errors: Vec<&InputError> = result.errors.iter().collect();
    errors.sort_by(|a, b| key(a).cmp(&key(b)));
    errors
}

/// The notices by path, then message.
fn sorted_notices(result: &ScanResult) -> Vec<&Notice> {
    let mut notices: Vec<&Notice> = result.notices.iter().collect();
    notices.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    notices
}

/// Counts of findings per severity, and the files they are in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    total: usize,
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    files_with_findings: usize,
    files_with_errors: usize,
}

impl Counts {
    fn of(result: &ScanResult) -> Self {
        let mut counts = Counts {
            total: result.findings.len(),
            ..Counts::default()
        };
        for finding in &result.findings {
            match finding.severity {
                Severity::Critical => counts.critical += 1,
                Severity::High => counts.high += 1,
                Severity::Medium => counts.medium += 1,
                Severity::Low => counts.low += 1,
            }
        }
        counts.files_with_findings = result
            .findings
            .iter()
            .map(|f| f.location.path.as_str())
            .collect::<BTreeSet<_>>()
            .len();
        counts.files_with_errors = result
            .errors
            .iter()
            .map(|e| e.path.as_str())
            .collect::<BTreeSet<_>>()
            .len();
        counts
    }
}

/// Serializes with `serde_json`, pretty and newline-terminated. The report structs have only
/// string keys, so this cannot fail; if it ever did, the output says so rather than panicking.
fn to_json_pretty<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(mut json) => {
            json.push('\n');
            json
        }
        Err(err) => {
            let message = format!("rampart could not serialize the report: {err}");
            serde_json::Value::from(message).to_string() + "\n"
        }
    }
}
