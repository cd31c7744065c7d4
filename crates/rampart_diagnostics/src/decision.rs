//! Decisions on record (suppressions, exceptions, baselines) and the risk a finding carries.

use rampart_source::Location;
use serde::Serialize;

/// Why a finding does not count: who decided, why, and until when. A suppressed finding stays in
/// the record (`ScanResult::suppressed`), in every report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    pub kind: SuppressionKind,
    /// The reason given.
    pub justification: String,
    pub owner: Option<String>,
    /// The last day the decision holds (`YYYY-MM-DD`), if it has one.
    pub expires: Option<String>,
    pub ticket: Option<String>,
    /// Where the decision is written: an exceptions file entry, or an inline comment or
    /// annotation, as `path:line`.
    pub origin: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionKind {
    /// A comment or annotation next to the code (`# rampart:ignore`, or a peer's own syntax).
    /// SARIF `inSource`.
    InSource,
    /// An entry of the exceptions file. SARIF `external`.
    External,
}

/// An exception that matched no finding: it can be removed, or it no longer covers what it
/// was written for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleException {
    pub location: Location,
    pub rule: String,
    pub message: String,
}

/// How risky a finding is in its context: its severity weighed by exposure, privilege and what
/// it reaches. Reports sort by `score`, highest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Risk {
    /// 0 to 100.
    pub score: u32,
    /// Why, one factor a line: "exposed through LoadBalancer Service shop/storefront".
    pub reasons: Vec<String>,
    /// An attack path told as a chain, when the finding is a step of one.
    pub path: Vec<PathStep>,
}

/// One link of an attack path: a resource and what it contributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathStep {
    pub description: String,
    pub location: Option<Location>,
}

/// What a baseline did to this scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaselineSummary {
    /// The baseline file used.
    pub path: String,
    /// Findings left out because the baseline records them (they are in
    /// `ScanResult::baselined`).
    pub matched: usize,
    /// Baseline entries that matched no finding in a scanned file: fixed, or changed beyond
    /// recognition. Entries of files that were not scanned, or could not be parsed, and entries
    /// of findings now suppressed, are not counted.
    pub fixed: usize,
}
