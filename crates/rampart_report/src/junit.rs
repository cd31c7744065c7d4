//! JUnit XML, for CI systems that show test reports.
//!
//! One test suite per file with findings or input errors, named by its path. In it, one failing
//! test case per rule and resource, named `<rule-id> <Kind/namespace/name>` with the file path as
//! class name, whose failure lists each finding of that rule in that resource; one skipped test
//! case per rule and resource for suppressed findings, listing each decision; and one errored
//! test case per input error. A scan without findings adds a suite with one passing test case,
//! so that CI shows a green result rather than an empty report. No timestamps or durations are
//! written, so the report is the same for the same scan.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use rampart_diagnostics::{Finding, InputError, ScanResult, Severity};

use crate::json::error_kind;
use crate::{decision, sorted_errors, sorted_findings, sorted_suppressed, TOOL_NAME};

/// The findings of one rule in one resource of one file.
struct Case<'a> {
    name: String,
    findings: Vec<&'a Finding>,
}

#[derive(Default)]
struct Suite<'a> {
    cases: Vec<Case<'a>>,
    /// Suppressed findings, by rule and resource: skipped test cases.
    skipped: Vec<Case<'a>>,
    errors: Vec<&'a InputError>,
}

/// Adds `finding` to the case of its rule and resource among `cases`.
fn add_to_case<'a>(cases: &mut Vec<Case<'a>>, finding: &'a Finding) {
    let name = case_name(finding);
    match cases.iter_mut().find(|case| case.name == name) {
        Some(case) => case.findings.push(finding),
        None => cases.push(Case {
            name,
            findings: vec![finding],
        }),
    }
}

fn case_name(finding: &Finding) -> String {
    match &finding.resource {
        Some(resource) => format!("{} {resource}", finding.rule.id),
        None => finding.rule.id.to_owned(),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn failing_case(path: &str, case: &Case<'_>) -> TestCase {
    let severity = case
        .findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Low);
    let message = match case.findings.as_slice() {
        [only] => only.message.clone(),
        many => format!(
            "{}: {}",
            plural(many.len(), "finding"),
            many.iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    };
    let mut description = String::new();
    for finding in &case.findings {
        let loc = &finding.location;
        let _ = writeln!(
            description,
            "{}:{}:{}: {} {}: {}",
            loc.path,
            loc.start.line,
            loc.start.column,
            finding.severity,
            finding.rule.id,
            finding.message
        );
        if let Some(template) = &finding.helm_template {
            let _ = writeln!(description, "  rendered from {template}");
        }
        for related in &finding.related {
            let r = &related.location;
            let _ = writeln!(
                description,
                "  related: {}:{}:{}: {}",
                r.path, r.start.line, r.start.column, related.message
            );
        }
    }
    if let Some(first) = case.findings.first() {
        let _ = writeln!(description, "fix: {}", first.rule.remediation);
    }

    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status
        .set_message(message)
        .set_type(severity.as_str())
        .set_description(description);
    let mut test_case = TestCase::new(case.name.as_str(), status);
    test_case.set_classname(path);
    test_case
}

/// A test case for suppressed findings: skipped, with each decision.
fn skipped_case(path: &str, case: &Case<'_>) -> TestCase {
    let mut description = String::new();
    let mut reasons: Vec<&str> = Vec::new();
    for finding in &case.findings {
        let loc = &finding.location;
        let _ = writeln!(
            description,
            "{}:{}:{}: {} {}: {}",
            loc.path,
            loc.start.line,
            loc.start.column,
            finding.severity,
            finding.rule.id,
            finding.message
        );
        if let Some(suppression) = &finding.suppression {
            let _ = writeln!(
                description,
                "  suppressed: {} ({})",
                suppression.justification,
                decision(suppression)
            );
            if !reasons.contains(&suppression.justification.as_str()) {
                reasons.push(&suppression.justification);
            }
        }
    }
    let mut status = TestCaseStatus::skipped();
    status
        .set_message(format!("suppressed: {}", reasons.join("; ")))
        .set_type("suppressed")
        .set_description(description);
    let mut test_case = TestCase::new(case.name.as_str(), status);
    test_case.set_classname(path);
    test_case
}

fn errored_case(path: &str, error: &InputError) -> TestCase {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    status
        .set_message(error.message.as_str())
        .set_type(error_kind(error.kind))
        .set_description(error.to_string());
    let name = match &error.location {
        Some(loc) => format!(
            "{} error at {}:{}",
            error_kind(error.kind),
            loc.start.line,
            loc.start.column
        ),
        None => format!("{} error", error_kind(error.kind)),
    };
    let mut test_case = TestCase::new(name, status);
    test_case.set_classname(path);
    test_case
}

/// Renders a JUnit XML report, ending with a newline.
#[must_use]
pub fn render_junit(result: &ScanResult) -> String {
    let mut suites: BTreeMap<&str, Suite<'_>> = BTreeMap::new();
    for finding in sorted_findings(result) {
        let suite = suites.entry(finding.location.path.as_str()).or_default();
        add_to_case(&mut suite.cases, finding);
    }
    for finding in sorted_suppressed(result) {
        let suite = suites.entry(finding.location.path.as_str()).or_default();
        add_to_case(&mut suite.skipped, finding);
    }
    for error in sorted_errors(result) {
        suites
            .entry(error.path.as_str())
            .or_default()
            .errors
            .push(error);
    }

    let mut report = Report::new(TOOL_NAME);
    if result.findings.is_empty() {
        let mut suite = TestSuite::new(TOOL_NAME);
        let mut passed = TestCase::new("no findings", TestCaseStatus::success());
        passed.set_classname(TOOL_NAME).set_system_out(format!(
            "{} scanned, no findings\n",
            plural(result.files_scanned, "file")
        ));
        suite.add_test_case(passed);
        report.add_test_suite(suite);
    }
    for (path, suite) in suites {
        let mut test_suite = TestSuite::new(path);
        test_suite.add_test_cases(suite.cases.iter().map(|case| failing_case(path, case)));
        test_suite.add_test_cases(suite.skipped.iter().map(|case| skipped_case(path, case)));
        test_suite.add_test_cases(suite.errors.iter().map(|error| errored_case(path, error)));
        report.add_test_suite(test_suite);
    }

    match report.to_string() {
        Ok(mut xml) => {
            if !xml.ends_with('\n') {
                xml.push('\n');
            }
            xml
        }
        Err(err) => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- rampart could not write the report: {} -->\n",
            err.to_string().replace("--", "- -")
        ),
    }
}
