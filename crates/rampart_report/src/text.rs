//! The human-readable report: findings grouped by file, each with the source lines it points at,
//! then input errors and warnings, then a one-line summary. Files come riskiest first, and so do
//! the findings of each file (by risk score; unscored findings in file order).
//!
//! ```text
//! deploy/app.yaml (1 finding)
//!
//! critical k8s-privileged-container: Container runs privileged (risk 75)
//!   --> deploy/app.yaml:21:13
//!    |
//! 21 |             privileged: true
//!    |             ^^^^^^^^^^^^^^^^ container "app" runs privileged
//!    |
//!    = resource: Deployment/payments/payments-api
//!    = fix: Set securityContext.privileged to false; add only the capabilities the container needs.
//!
//! 1 finding: 1 critical, 0 high, 0 medium, 0 low in 1 file (3 files scanned)
//!
//! framework     controls passed  score  resources passing  name
//! pss-baseline              4/5  80.0%                2/3  Pod Security Standards (baseline)
//! ```
//!
//! The compliance table comes last, when the scan was scored (see `rampart_engine`'s
//! `assess_compliance`), with a line for each framework below `--compliance-threshold`.
//!
//! Text taken from the scanned files (source lines, names, messages) is printed with control
//! characters replaced, so that a manifest cannot send escape sequences to the terminal.

use std::fmt::Write as _;

use rampart_diagnostics::{BaselineSummary, Finding, ScanResult, Severity};
use rampart_source::Location;

use crate::{
    decision, risk_order, sorted_errors, sorted_findings, sorted_notices, sorted_stale,
    sorted_suppressed, Counts, TextOptions,
};

/// At most this many lines of a location are quoted; longer ones (a whole container or pod
/// spec that misses a field) show their first line, which names the object.
const QUOTED_LINES: usize = 2;
/// Quoted lines longer than this many characters are cut to a window around the location.
const LINE_WIDTH: usize = 160;
/// How many characters before the location a cut line keeps.
const LINE_CONTEXT: usize = 40;
/// How many columns a tab takes in a quoted line.
const TAB_WIDTH: usize = 4;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const BLUE: &str = "\x1b[1;34m";
const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[1;36m";
const MAGENTA: &str = "\x1b[1;35m";

/// Paints text with ANSI codes, or leaves it alone.
#[derive(Clone, Copy)]
struct Style {
    color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{code}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }

    fn severity(self, severity: Severity) -> &'static str {
        match severity {
            Severity::Critical => MAGENTA,
            Severity::High => RED,
            Severity::Medium => YELLOW,
            Severity::Low => CYAN,
        }
    }
}

/// Whether a character must not reach the terminal as it is: control characters (escape
/// sequences start with one) and the bidirectional overrides that can make text read other
/// than it is.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character replaced by U+FFFD, one character for one so that columns
/// still line up.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if is_unsafe(c) { '\u{fffd}' } else { c })
        .collect()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn position(location: &Location) -> String {
    format!(
        "{}:{}:{}",
        clean(&location.path),
        location.start.line,
        location.start.column
    )
}

/// One quoted line: its number, its text as shown, and the underline below it (empty for none).
struct Quoted {
    number: u32,
    text: String,
    underline: String,
}

/// Expands tabs and replaces unsafe characters in a window of `chars`, returning the text shown
/// and the display column of each character (plus one past the end).
fn display(chars: &[char]) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(chars.len());
    let mut columns = Vec::with_capacity(chars.len() + 1);
    let mut column = 0;
    for &c in chars {
        columns.push(column);
        if c == '\t' {
            text.push_str(&" ".repeat(TAB_WIDTH));
            column += TAB_WIDTH;
        } else {
            text.push(if is_unsafe(c) { '\u{fffd}' } else { c });
            column += 1;
        }
    }
    columns.push(column);
    (text, columns)
}

/// Quotes line `number` (1-based) of a location, underlining characters `from..to` (0-based
/// character indices; an empty span gets one caret).
fn quote_line(line: &str, number: u32, from: usize, to: usize) -> Quoted {
    let chars: Vec<char> = line.chars().collect();
    let from = from.min(chars.len());
    let to = to.clamp(from, chars.len());
    // Cut long lines (minified JSON) to a window around the start of the span.
    let (start, end) = if chars.len() <= LINE_WIDTH {
        (0, chars.len())
    } else {
        let start = from.saturating_sub(LINE_CONTEXT);
        (start, (start + LINE_WIDTH).min(chars.len()))
    };
    let (shown, columns) = display(&chars[start..end]);
    let prefix = if start > 0 { "..." } else { "" };
    let suffix = if end < chars.len() { "..." } else { "" };
    let text = format!("{prefix}{shown}{suffix}");

    let span_from = from.clamp(start, end) - start;
    let span_to = to.clamp(start, end) - start;
    let caret_from = columns[span_from] + prefix.len();
    let caret_to = columns[span_to] + prefix.len();
    let underline = if caret_to > caret_from {
        format!(
            "{}{}",
            " ".repeat(caret_from),
            "^".repeat(caret_to - caret_from)
        )
    } else if to == from && from >= start && from <= end {
        format!("{}^", " ".repeat(caret_from))
    } else {
        String::new()
    };
    Quoted {
        number,
        text,
        underline,
    }
}

/// The lines of `location` in `source`, underlined, or `None` when the source is not there or
/// does not have those lines. The second value is how many lines were left out.
fn quote(source: &str, location: &Location) -> Option<(Vec<Quoted>, usize)> {
    let first = usize::try_from(location.start.line).ok()?.checked_sub(1)?;
    let mut last = usize::try_from(location.end.line).ok()?.checked_sub(1)?;
    // An end at the start of a line is the end of the line before.
    if last > first && location.end.column <= 1 {
        last -= 1;
    }
    let last = last.max(first);
    // Start from the line that holds the location's byte offset rather than counting lines from
    // the top of the file: large files with many findings would make that quadratic.
    let start = location.range.start as usize;
    let lines: Vec<&str> = if (start > 0 || first == 0) && source.is_char_boundary(start) {
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        source[line_start..]
            .lines()
            .take(last - first + 1)
            .collect()
    } else {
        source.lines().skip(first).take(last - first + 1).collect()
    };
    if lines.is_empty() {
        return None;
    }
    let count = lines.len();
    let shown = if count > QUOTED_LINES {
        QUOTED_LINES - 1
    } else {
        count
    };
    let start_column = (location.start.column as usize).saturating_sub(1);
    let end_column = (location.end.column as usize).saturating_sub(1);
    let quoted = lines
        .iter()
        .take(shown)
        .enumerate()
        .map(|(i, line)| {
            let number = u32::try_from(first + i + 1).unwrap_or(u32::MAX);
            let content_end = line.trim_end().chars().count();
            let from = if i == 0 {
                start_column
            } else {
                line.chars().take_while(|c| c.is_whitespace()).count()
            };
            let to = if first + i == last && last + 1 == location.end.line as usize {
                end_column
            } else {
                content_end
            };
            if i > 0 && from >= to {
                // A blank line inside a span: nothing to underline.
                return Quoted {
                    underline: String::new(),
                    ..quote_line(line, number, 0, 0)
                };
            }
            quote_line(line, number, from, to)
        })
        .collect();
    Some((quoted, count - shown))
}

fn write_finding(out: &mut String, finding: &Finding, result: &ScanResult, options: &TextOptions) {
    let style = Style {
        color: options.color,
    };
    let sev = style.severity(finding.severity);
    let location = &finding.location;
    let quoted = result
        .sources
        .get(&location.path)
        .and_then(|source| quote(source, location));
    let width = match &quoted {
        Some((lines, _)) => lines
            .iter()
            .map(|q| q.number.to_string().len())
            .max()
            .unwrap_or(1),
        None => 1,
    };
    let pad = " ".repeat(width);
    let bar = style.paint(BLUE, "|");
    let message = clean(&finding.message);

    let risk = finding
        .risk
        .as_ref()
        .map_or_else(String::new, |r| format!(" (risk {})", r.score));
    let _ = writeln!(
        out,
        "{} {}: {}{risk}",
        style.paint(sev, finding.severity.as_str()),
        style.paint(BOLD, finding.rule.id),
        finding.rule.title
    );
    let _ = writeln!(
        out,
        "{pad}{} {}",
        style.paint(BLUE, "-->"),
        position(location)
    );
    match quoted {
        Some((lines, left_out)) => {
            let cut = left_out > 0;
            let _ = writeln!(out, "{pad} {bar}");
            let labelled = lines
                .iter()
                .rposition(|q| !q.underline.is_empty())
                .unwrap_or(usize::MAX);
            for (i, q) in lines.iter().enumerate() {
                let number = format!("{:>width$}", q.number);
                let _ = writeln!(
                    out,
                    "{} {bar} {}",
                    style.paint(BLUE, &number),
                    q.text.trim_end()
                );
                if !q.underline.is_empty() {
                    let carets = q.underline.trim_start();
                    let indent = &q.underline[..q.underline.len() - carets.len()];
                    let mut underline = format!("{indent}{}", style.paint(sev, carets));
                    if i == labelled && !cut {
                        underline.push(' ');
                        underline.push_str(&style.paint(sev, &message));
                    }
                    let _ = writeln!(out, "{pad} {bar} {underline}");
                }
            }
            if cut {
                let _ = writeln!(out, "{pad} {bar} ... ({})", plural(left_out, "more line"));
            }
            if cut || labelled == usize::MAX {
                let _ = writeln!(out, "{pad} {bar} {}", style.paint(sev, &message));
            }
            let _ = writeln!(out, "{pad} {bar}");
        }
        None => {
            let _ = writeln!(out, "{pad} {} {message}", style.paint(BLUE, "="));
        }
    }

    let note = |out: &mut String, label: &str, text: &str| {
        let _ = writeln!(
            out,
            "{pad} {} {}: {text}",
            style.paint(BLUE, "="),
            style.paint(BOLD, label)
        );
    };
    if let Some(resource) = &finding.resource {
        note(out, "resource", &clean(&resource.to_string()));
    }
    if let Some(template) = &finding.helm_template {
        let _ = writeln!(
            out,
            "{pad} {} rendered from {}",
            style.paint(BLUE, "="),
            clean(template)
        );
    }
    if options.verbose {
        if let Some(route) = &finding.route {
            note(out, "route", &clean(route));
        }
    }
    // The steps of an attack path repeat on every finding along it; name the path once here
    // (`--top` and `--verbose` tell it step by step).
    let on_path = finding.risk.as_ref().map_or(0, |risk| risk.path.len());
    if on_path > 0 && !options.verbose {
        note(
            out,
            "attack path",
            &format!(
                "one of {on_path} steps from outside the cluster (--top or --verbose tells them)"
            ),
        );
    }
    for related in &finding.related {
        if on_path > 0 && !options.verbose && related.message.starts_with("attack path ") {
            continue;
        }
        note(
            out,
            "related",
            &format!(
                "{}: {}",
                position(&related.location),
                clean(&related.message)
            ),
        );
    }
    for remark in &finding.notes {
        note(out, "note", &clean(remark));
    }
    let _ = writeln!(
        out,
        "{pad} {} {}: {}",
        style.paint(BLUE, "="),
        style.paint(GREEN, "fix"),
        finding.rule.remediation
    );
}

/// A suppressed finding, in brief: where, what, and the decision that suppresses it.
fn write_suppressed(out: &mut String, finding: &Finding, options: &TextOptions) {
    let style = Style {
        color: options.color,
    };
    let _ = writeln!(
        out,
        "{} {}: {}",
        style.paint(style.severity(finding.severity), finding.severity.as_str()),
        style.paint(BOLD, finding.rule.id),
        finding.rule.title
    );
    let _ = writeln!(
        out,
        "  {} {}: {}",
        style.paint(BLUE, "-->"),
        position(&finding.location),
        clean(&finding.message)
    );
    let note = |out: &mut String, label: &str, text: &str| {
        let _ = writeln!(
            out,
            "   {} {}: {text}",
            style.paint(BLUE, "="),
            style.paint(BOLD, label)
        );
    };
    if let Some(resource) = &finding.resource {
        note(out, "resource", &clean(&resource.to_string()));
    }
    if let Some(suppression) = &finding.suppression {
        note(out, "suppressed", &clean(&suppression.justification));
        note(out, "decision", &clean(&decision(suppression)));
    }
    for remark in &finding.notes {
        note(out, "note", &clean(remark));
    }
}

fn summary(result: &ScanResult, options: &TextOptions) -> String {
    let counts = Counts::of(result);
    let mut line = if counts.total == 0 {
        format!(
            "no findings ({} scanned)",
            plural(result.files_scanned, "file")
        )
    } else {
        format!(
            "{}: {} critical, {} high, {} medium, {} low in {} ({} scanned)",
            plural(counts.total, "finding"),
            counts.critical,
            counts.high,
            counts.medium,
            counts.low,
            plural(counts.files_with_findings, "file"),
            plural(result.files_scanned, "file"),
        )
    };
    if counts.files_with_errors > 0 {
        let _ = write!(
            line,
            "; {} could not be scanned",
            plural(counts.files_with_errors, "file")
        );
    }
    if !result.suppressed.is_empty() {
        let _ = write!(line, "; {} suppressed", result.suppressed.len());
        if !options.show_suppressed {
            line.push_str(" (--show-suppressed lists them)");
        }
    }
    line
}

/// The "Top N risks" section that `--top N` prints before the report: the `top` riskiest
/// findings, each with its score, the reasons for it, and its attack path if it has one. Empty
/// when there are no findings.
#[must_use]
pub fn render_top_risks(result: &ScanResult, top: usize, options: &TextOptions) -> String {
    let style = Style {
        color: options.color,
    };
    let mut findings: Vec<&Finding> = result.findings.iter().collect();
    findings.sort_by(|a, b| risk_order(a, b));
    findings.truncate(top);
    let mut out = String::new();
    if findings.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "{}\n",
        style.paint(
            BOLD,
            &format!(
                "Top {} of {}",
                plural(findings.len(), "risk"),
                plural(result.findings.len(), "finding")
            )
        )
    );
    for (n, finding) in findings.iter().enumerate() {
        let score = finding.risk.as_ref().map_or(0, |r| r.score);
        let _ = writeln!(
            out,
            "{}. {} {} {}: {}",
            n + 1,
            style.paint(BOLD, &format!("risk {score}")),
            style.paint(style.severity(finding.severity), finding.severity.as_str()),
            style.paint(BOLD, finding.rule.id),
            finding.rule.title
        );
        let _ = writeln!(
            out,
            "   {} {}: {}",
            style.paint(BLUE, "-->"),
            position(&finding.location),
            clean(&finding.message)
        );
        let Some(risk) = &finding.risk else {
            out.push('\n');
            continue;
        };
        let _ = writeln!(out, "   {}", style.paint(BOLD, "why:"));
        for reason in &risk.reasons {
            let _ = writeln!(out, "     {}", clean(reason));
        }
        if !risk.path.is_empty() {
            let _ = writeln!(out, "   {}", style.paint(BOLD, "attack path:"));
            for (i, step) in risk.path.iter().enumerate() {
                let place = step
                    .location
                    .as_ref()
                    .map_or_else(String::new, |l| format!(" ({})", position(l)));
                let _ = writeln!(out, "     {}. {}{place}", i + 1, clean(&step.description));
            }
        }
        out.push('\n');
    }
    out
}

/// Renders the text report. Colours are used only when `options.color` is set.
#[must_use]
pub fn render_text(result: &ScanResult, options: &TextOptions) -> String {
    let style = Style {
        color: options.color,
    };
    let mut out = String::new();

    let findings = sorted_findings(result);
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for finding in findings {
        match groups.last_mut() {
            Some((path, group)) if *path == finding.location.path => group.push(finding),
            _ => groups.push((&finding.location.path, vec![finding])),
        }
    }
    // Files riskiest first, and in each file its findings riskiest first (ties in file order).
    for (_, group) in &mut groups {
        group.sort_by(|a, b| risk_order(a, b));
    }
    groups.sort_by(|a, b| risk_order(a.1[0], b.1[0]));
    for (path, group) in &groups {
        let header = format!(
            "{} ({})",
            style.paint(BOLD, &clean(path)),
            plural(group.len(), "finding")
        );
        let _ = writeln!(out, "{header}");
        for finding in group {
            out.push('\n');
            write_finding(&mut out, finding, result, options);
        }
        out.push('\n');
    }

    if options.show_suppressed && !result.suppressed.is_empty() {
        let _ = writeln!(
            out,
            "{} ({})",
            style.paint(BOLD, "suppressed"),
            plural(result.suppressed.len(), "finding")
        );
        for finding in sorted_suppressed(result) {
            out.push('\n');
            write_suppressed(&mut out, finding, options);
        }
        out.push('\n');
    }

    let mut diagnostics = String::new();
    for error in sorted_errors(result) {
        let place = match &error.location {
            Some(location) => position(location),
            None => clean(&error.path),
        };
        let _ = writeln!(
            diagnostics,
            "{}: {place}: {}",
            style.paint(RED, "error"),
            clean(&error.message)
        );
    }
    for notice in sorted_notices(result) {
        let label = if notice.warning {
            style.paint(YELLOW, "warning")
        } else if options.verbose {
            style.paint(CYAN, "note")
        } else {
            continue;
        };
        let _ = writeln!(
            diagnostics,
            "{label}: {}: {}",
            clean(&notice.path),
            clean(&notice.message)
        );
    }
    for stale in sorted_stale(result) {
        let _ = writeln!(
            diagnostics,
            "{}: {}: {}",
            style.paint(YELLOW, "warning"),
            position(&stale.location),
            clean(&stale.message)
        );
    }
    if !diagnostics.is_empty() {
        out.push_str(&diagnostics);
        out.push('\n');
    }

    let _ = writeln!(out, "{}", style.paint(BOLD, &summary(result, options)));
    if let Some(baseline) = &result.baseline {
        let _ = writeln!(out, "{}", baseline_summary(baseline));
    }
    write_compliance(&mut out, result, options);
    out
}

/// The compliance table, one row per framework, then a line for each framework below
/// `--compliance-threshold`. Nothing when no framework was scored.
///
/// ```text
/// framework       controls passed   score  resources passing  name
/// pss-baseline                5/7   71.4%              12/14  Pod Security Standards (baseline)
/// ```
fn write_compliance(out: &mut String, result: &ScanResult, options: &TextOptions) {
    if result.compliance.is_empty() {
        return;
    }
    let style = Style {
        color: options.color,
    };
    let header = [
        "framework",
        "controls passed",
        "score",
        "resources passing",
        "name",
    ];
    let rows: Vec<[String; 5]> = result
        .compliance
        .iter()
        .map(|score| {
            [
                score.framework.tag().to_owned(),
                format!("{}/{}", score.controls_passed, score.controls_applicable),
                score.score_text(),
                format!("{}/{}", score.resources_passing, score.resources_total),
                score.framework.name().to_owned(),
            ]
        })
        .collect();
    let width = |column: usize| {
        rows.iter()
            .map(|row| row[column].len())
            .chain([header[column].len()])
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2), width(3)];
    out.push('\n');
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            BOLD,
            &format!(
                "{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}  {}",
                header[0],
                header[1],
                header[2],
                header[3],
                header[4],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2],
                w3 = widths[3],
            )
        )
    );
    for (score, row) in result.compliance.iter().zip(&rows) {
        let below = options
            .compliance_threshold
            .is_some_and(|threshold| score.below(threshold));
        let score_cell = format!("{:>w$}", row[2], w = widths[2]);
        let score_cell = if below {
            style.paint(RED, &score_cell)
        } else {
            score_cell
        };
        let _ = writeln!(
            out,
            "{:<w0$}  {:>w1$}  {score_cell}  {:>w3$}  {}",
            row[0],
            row[1],
            row[3],
            row[4],
            w0 = widths[0],
            w1 = widths[1],
            w3 = widths[3],
        );
    }
    if let Some(threshold) = options.compliance_threshold {
        for line in crate::compliance_shortfalls(result, threshold) {
            let _ = writeln!(out, "{}: {}", style.paint(RED, "compliance"), clean(&line));
        }
    }
}

/// What the baseline left out, and how many of its entries can go.
fn baseline_summary(baseline: &BaselineSummary) -> String {
    let mut line = format!(
        "{} in the baseline ({}) not shown",
        plural(baseline.matched, "finding"),
        clean(&baseline.path)
    );
    if baseline.fixed > 0 {
        let entries = if baseline.fixed == 1 {
            "1 baseline entry is".to_owned()
        } else {
            format!("{} baseline entries are", baseline.fixed)
        };
        let _ = write!(
            line,
            "; {entries} fixed (`rampart baseline create` refreshes it)"
        );
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_replaced_one_for_one() {
        assert_eq!(clean("a\x1b[31mb\u{202e}c"), "a\u{fffd}[31mb\u{fffd}c");
    }

    #[test]
    fn carets_count_characters_and_expand_tabs() {
        let q = quote_line("naïve:\tyes", 1, 7, 10);
        assert_eq!(q.text, "naïve:    yes");
        assert_eq!(q.underline, "          ^^^");
    }

    #[test]
    fn an_empty_span_gets_one_caret() {
        let q = quote_line("key: [", 3, 6, 6);
        assert_eq!(q.underline, "      ^");
    }

    fn location(start: (u32, u32), end: (u32, u32)) -> Location {
        use rampart_source::{LineCol, TextRange};
        Location {
            path: "x.yaml".into(),
            range: TextRange::default(),
            start: LineCol {
                line: start.0,
                column: start.1,
            },
            end: LineCol {
                line: end.0,
                column: end.1,
            },
        }
    }

    #[test]
    fn an_end_at_the_start_of_a_line_ends_the_line_before() {
        let source = "a: 1\nb:\n  c: 2\nd: 4\n";
        let (lines, left_out) = quote(source, &location((2, 1), (4, 1))).unwrap_or_default();
        assert_eq!(left_out, 0);
        let shown: Vec<_> = lines
            .iter()
            .map(|q| (q.number, q.text.as_str(), q.underline.as_str()))
            .collect();
        assert_eq!(shown, [(2, "b:", "^^"), (3, "  c: 2", "  ^^^^")]);
    }

    #[test]
    fn long_spans_are_cut() {
        let source = "a:\n  b: 1\n  c: 2\n  d: 3\n  e: 4\n";
        let (lines, left_out) = quote(source, &location((1, 1), (5, 7))).unwrap_or_default();
        assert_eq!(lines.len(), QUOTED_LINES - 1);
        assert_eq!(left_out, 5 - (QUOTED_LINES - 1));
    }

    #[test]
    fn lines_past_the_end_of_the_source_are_not_quoted() {
        assert!(quote("a: 1\n", &location((3, 1), (3, 2))).is_none());
        assert!(quote("a: 1\n", &location((0, 1), (1, 2))).is_none());
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let line = format!("{}TARGET{}", "x".repeat(500), "y".repeat(500));
        let q = quote_line(&line, 1, 500, 506);
        assert!(q.text.starts_with("...") && q.text.ends_with("..."));
        assert_eq!(q.text.chars().count(), LINE_WIDTH + 6);
        let caret = q.underline.find('^').unwrap_or(0);
        assert_eq!(&q.text[caret..caret + 6], "TARGET");
        assert_eq!(q.underline.trim(), "^^^^^^");
    }
}
