//! The exceptions file: decisions on record, each with a reason, an owner and an end date.
//!
//! ```yaml
//! exceptions:
//!   - rule: k8s-privileged-container      # a rule id, or a glob of ids (k8s-rbac-*)
//!     resource: Deployment/payments/payments-api   # Kind/namespace/name, Kind/name, or a Terraform address
//!     paths: ["deploy/**"]                # file globs; resource, paths or both
//!     reason: Node agent needs privileges until the migration ships
//!     owner: team-payments@example.com
//!     expires: 2027-03-31                 # holds through that day
//!     ticket: https://tracker.example.com/SEC-142   # optional
//! ```
//!
//! [`apply_exceptions`] moves the findings an exception covers into
//! [`ScanResult::suppressed`](rampart_diagnostics::ScanResult::suppressed); a finding covered
//! only by expired exceptions stays, with a note naming each; an exception that matches nothing
//! is reported as stale.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use rampart_diagnostics::{Finding, ScanResult, StaleException, Suppression, SuppressionKind};
use rampart_source::{Location, Node, NodeKind, SourceFile};
use rampart_yaml::{parse_yaml, Limits};

use crate::{ConfigError, Date};

/// Where the exceptions file is looked for, in the first scanned path's folder and upward.
pub const EXCEPTIONS_FILE: &str = ".rampart/exceptions.yaml";

/// The entries of an exceptions file.
#[derive(Debug, Clone, Default)]
pub struct Exceptions {
    /// The file, as reports name it.
    pub path: String,
    pub entries: Vec<Exception>,
    /// The folder `paths` globs are relative to (absolute), and the folder relative finding
    /// paths are relative to, when known.
    base: Option<PathBuf>,
    cwd: Option<PathBuf>,
}

/// One entry of the exceptions file.
#[derive(Debug, Clone)]
pub struct Exception {
    /// A rule id, or a glob of ids.
    pub rule: String,
    /// `Kind/namespace/name`, `Kind/name`, or a Terraform address; `*` and `?` match within a
    /// part.
    pub resource: Option<String>,
    /// File globs.
    pub paths: Vec<String>,
    pub reason: String,
    pub owner: String,
    /// The last day the exception holds.
    pub expires: Date,
    pub ticket: Option<String>,
    /// The entry in the file (its first line).
    pub location: Location,
    path_globs: Option<GlobSet>,
}

impl Exception {
    /// Whether the exception still holds on `today`.
    #[must_use]
    pub fn is_active(&self, today: Date) -> bool {
        today <= self.expires
    }

    /// Whether the entry covers `finding` (whatever the date). `candidates` are the finding's
    /// path as reported and relative to the exceptions file's project.
    fn covers(&self, finding: &Finding, candidates: &[String]) -> bool {
        if !wildcard(&self.rule, finding.rule.id) {
            return false;
        }
        if let Some(pattern) = &self.resource {
            match &finding.resource {
                Some(resource) if wildcard(pattern, &resource.to_string()) => {}
                _ => return false,
            }
        }
        if let Some(globs) = &self.path_globs {
            if !candidates.iter().any(|path| globs.is_match(path)) {
                return false;
            }
        }
        true
    }

    /// `path:line` of the entry.
    fn origin(&self) -> String {
        format!("{}:{}", self.location.path, self.location.start.line)
    }
}

/// Matches `*` (any run of characters but `/`) and `?` (one character but `/`); everything else
/// stands for itself.
fn wildcard(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    // Classic two-pointer match with backtracking to the last `*`.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == text[t] || (pattern[p] == '?' && text[t] != '/')) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            if text[st] == '/' {
                return false;
            }
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

impl Exceptions {
    /// Finds `.rampart/exceptions.yaml` in `start` (or its folder, if it is a file) or the
    /// nearest folder above it.
    #[must_use]
    pub fn find(start: &Path) -> Option<PathBuf> {
        crate::config::find_upward(start, Path::new(EXCEPTIONS_FILE))
    }

    /// Reads and checks an exceptions file. Its `paths` globs are relative to the folder that
    /// holds `.rampart/` (or the file's own folder, for a file elsewhere). `is_rule` says whether
    /// a rule id exists.
    ///
    /// # Errors
    /// On an unreadable or malformed file, and on an entry with a missing or invalid field,
    /// naming the line.
    pub fn load(path: &Path, is_rule: &dyn Fn(&str) -> bool) -> Result<Exceptions, ConfigError> {
        let cwd = std::env::current_dir()
            .ok()
            .map(|dir| std::fs::canonicalize(&dir).unwrap_or(dir));
        let name = display_name(path, cwd.as_deref());
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: name.clone(),
            line: 0,
            column: 0,
            message: format!("cannot read exceptions file: {e}"),
        })?;
        let mut exceptions = Exceptions::parse(&name, &text, is_rule)?;
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let folder = absolute.parent().map(Path::to_path_buf);
        exceptions.base = match folder {
            Some(folder) if folder.file_name().is_some_and(|n| n == ".rampart") => {
                folder.parent().map(Path::to_path_buf)
            }
            other => other,
        };
        exceptions.cwd = cwd;
        Ok(exceptions)
    }

    /// Parses exceptions text reported under `name`. `paths` globs then match finding paths as
    /// reported.
    ///
    /// # Errors
    /// As [`Exceptions::load`].
    pub fn parse(
        name: &str,
        text: &str,
        is_rule: &dyn Fn(&str) -> bool,
    ) -> Result<Exceptions, ConfigError> {
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
        let mut exceptions = Exceptions {
            path: name.to_owned(),
            ..Exceptions::default()
        };
        let Some(root) = parsed.documents.into_iter().find_map(|d| d.root) else {
            return Ok(exceptions);
        };
        if root.is_null() {
            return Ok(exceptions);
        }
        let NodeKind::Mapping(top) = &root.kind else {
            return Err(error(
                root.range.start,
                "the exceptions file must be a mapping with an `exceptions` list".into(),
            ));
        };
        for entry in top {
            match entry.key.as_str().unwrap_or_default() {
                "exceptions" => {
                    if entry.value.is_null() {
                        continue;
                    }
                    let items = entry.value.as_sequence().ok_or_else(|| {
                        error(
                            entry.value.range.start,
                            "`exceptions` must be a list".into(),
                        )
                    })?;
                    for item in items {
                        exceptions
                            .entries
                            .push(parse_entry(&file, item, is_rule, &error)?);
                    }
                }
                other => {
                    return Err(error(
                        entry.key.range.start,
                        format!("unknown key `{other}` (expected exceptions)"),
                    ))
                }
            }
        }
        Ok(exceptions)
    }

    /// The finding's path as reported, and relative to the project the file belongs to.
    fn candidates(&self, path: &str) -> Vec<String> {
        let reported = path.replace('\\', "/");
        let mut reported = reported.as_str();
        while let Some(rest) = reported.strip_prefix("./") {
            reported = rest;
        }
        let mut candidates = vec![reported.to_owned()];
        if let Some(base) = &self.base {
            let path = Path::new(path);
            let absolute = if path.is_absolute() {
                Some(path.to_path_buf())
            } else {
                self.cwd.as_ref().map(|cwd| cwd.join(path))
            };
            if let Some(relative) = absolute
                .map(|p| normalize(&p))
                .and_then(|p| p.strip_prefix(base).ok().map(Path::to_path_buf))
            {
                let relative = relative.to_string_lossy().replace('\\', "/");
                if !candidates.contains(&relative) {
                    candidates.push(relative);
                }
            }
        }
        candidates
    }
}

/// The path relative to the working folder when it is under it, else as it is.
fn display_name(path: &Path, cwd: Option<&Path>) -> String {
    if path.is_absolute() {
        if let Some(relative) = cwd.and_then(|cwd| path.strip_prefix(cwd).ok()) {
            return relative.display().to_string();
        }
    }
    path.display().to_string()
}

/// Removes `.` and resolves `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

const KEYS: &str = "rule, resource, paths, reason, owner, expires or ticket";

fn parse_entry(
    file: &SourceFile,
    item: &Node,
    is_rule: &dyn Fn(&str) -> bool,
    error: &dyn Fn(u32, String) -> ConfigError,
) -> Result<Exception, ConfigError> {
    let NodeKind::Mapping(fields) = &item.kind else {
        return Err(error(
            item.range.start,
            "each exception must be a mapping with rule, reason, owner, expires and resource or paths".into(),
        ));
    };
    let string = |node: &Node, key: &str| -> Result<String, ConfigError> {
        match &node.kind {
            NodeKind::Scalar(s) if !node.is_null() => Ok(s.value.trim().to_owned()),
            _ => Err(error(node.range.start, format!("`{key}` must be a string"))),
        }
    };
    let mut rule = None;
    let mut resource = None;
    let mut paths = Vec::new();
    let mut reason = None;
    let mut owner = None;
    let mut expires = None;
    let mut ticket = None;
    for field in fields {
        let key = field.key.as_str().unwrap_or_default();
        let value = &field.value;
        match key {
            "rule" => {
                let id = string(value, key)?;
                if !is_glob(&id) && !is_rule(&id) {
                    return Err(error(value.range.start, format!("unknown rule id `{id}`")));
                }
                rule = Some(id);
            }
            "resource" => {
                let text = string(value, key)?;
                let parts = text.split('/').count();
                if text.contains('/') && (parts > 3 || text.split('/').any(str::is_empty)) {
                    return Err(error(
                        value.range.start,
                        format!("invalid resource `{text}` (expected Kind/namespace/name, Kind/name, or a Terraform address)"),
                    ));
                }
                resource = Some(text);
            }
            "paths" => {
                let items: Vec<&Node> = match &value.kind {
                    NodeKind::Sequence(items) => items.iter().collect(),
                    NodeKind::Scalar(_) if !value.is_null() => vec![value],
                    _ => {
                        return Err(error(
                            value.range.start,
                            "`paths` must be a list of globs".into(),
                        ))
                    }
                };
                for glob in items {
                    paths.push((string(glob, "paths")?, glob.range.start));
                }
            }
            "reason" => reason = Some(string(value, key)?).filter(|s| !s.is_empty()),
            "owner" => owner = Some(string(value, key)?).filter(|s| !s.is_empty()),
            "expires" => {
                let text = string(value, key)?;
                expires = Some(Date::parse(&text).ok_or_else(|| {
                    error(
                        value.range.start,
                        format!("invalid date `{text}` in `expires` (expected YYYY-MM-DD)"),
                    )
                })?);
            }
            "ticket" => ticket = Some(string(value, key)?).filter(|s| !s.is_empty()),
            other => {
                return Err(error(
                    field.key.range.start,
                    format!("unknown key `{other}` (expected {KEYS})"),
                ))
            }
        }
    }
    let missing = |what: &str| error(item.range.start, format!("this exception has no {what}"));
    let rule = rule.ok_or_else(|| missing("`rule`"))?;
    let reason = reason.ok_or_else(|| missing("`reason`: say why the finding is accepted"))?;
    let owner = owner.ok_or_else(|| missing("`owner`: say who answers for it"))?;
    let expires = expires.ok_or_else(|| missing("`expires` date (YYYY-MM-DD)"))?;
    if resource.is_none() && paths.is_empty() {
        return Err(missing(
            "`resource` or `paths`: say what it covers (`paths: [\"**\"]` for everything)",
        ));
    }
    let path_globs = if paths.is_empty() {
        None
    } else {
        let mut builder = GlobSetBuilder::new();
        for (pattern, offset) in &paths {
            let glob = GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| error(*offset, format!("invalid glob `{pattern}`: {e}")))?;
            builder.add(glob);
        }
        Some(
            builder
                .build()
                .map_err(|e| error(item.range.start, format!("invalid globs: {e}")))?,
        )
    };
    Ok(Exception {
        rule,
        resource,
        paths: paths.into_iter().map(|(p, _)| p).collect(),
        reason,
        owner,
        expires,
        ticket,
        location: file.location(rampart_source::TextRange::empty(item.range.start)),
        path_globs,
    })
}

/// Applies the decisions on record as of `today`:
///
/// - a suppression with an expiry date (a `trivy:ignore:ID:exp:DATE` comment) that has passed
///   no longer holds: its finding comes back with a note;
/// - findings an active exception covers move to `suppressed` (an `External` suppression);
///   a finding covered only by expired exceptions stays, with a note naming each one and its
///   owner;
/// - active exceptions that cover no finding (active or already suppressed) become
///   `stale_exceptions`.
pub fn apply_exceptions(result: &mut ScanResult, exceptions: &Exceptions, today: Date) {
    // Inline suppressions past their date.
    let mut still = Vec::with_capacity(result.suppressed.len());
    for mut finding in std::mem::take(&mut result.suppressed) {
        let expired = finding.suppression.as_ref().and_then(|s| {
            let date = Date::parse(s.expires.as_deref()?)?;
            (date < today).then(|| format!("{} expired on {date}", describe(s)))
        });
        match expired {
            Some(note) => {
                finding.suppression = None;
                finding.notes.push(note);
                result.findings.push(finding);
            }
            None => still.push(finding),
        }
    }
    result.suppressed = still;

    let mut used = vec![false; exceptions.entries.len()];
    let mut active = Vec::with_capacity(result.findings.len());
    for mut finding in std::mem::take(&mut result.findings) {
        let candidates = exceptions.candidates(&finding.location.path);
        let mut chosen = None;
        let mut expired_notes = Vec::new();
        for (index, exception) in exceptions.entries.iter().enumerate() {
            if !exception.covers(&finding, &candidates) {
                continue;
            }
            if exception.is_active(today) {
                used[index] = true;
                chosen.get_or_insert(index);
            } else {
                expired_notes.push(format!(
                    "exception at {} (owner {}) expired on {}",
                    exception.origin(),
                    exception.owner,
                    exception.expires
                ));
            }
        }
        match chosen {
            Some(index) => {
                let exception = &exceptions.entries[index];
                finding.suppression = Some(Suppression {
                    kind: SuppressionKind::External,
                    justification: exception.reason.clone(),
                    owner: Some(exception.owner.clone()),
                    expires: Some(exception.expires.to_string()),
                    ticket: exception.ticket.clone(),
                    origin: exception.origin(),
                });
                result.suppressed.push(finding);
            }
            None => {
                finding.notes.extend(expired_notes);
                active.push(finding);
            }
        }
    }
    result.findings = active;
    // An exception that covers a finding already suppressed inline is not stale.
    for finding in &result.suppressed {
        let candidates = exceptions.candidates(&finding.location.path);
        for (index, exception) in exceptions.entries.iter().enumerate() {
            if !used[index] && exception.is_active(today) && exception.covers(finding, &candidates)
            {
                used[index] = true;
            }
        }
    }

    for (exception, used) in exceptions.entries.iter().zip(used) {
        if used || !exception.is_active(today) {
            continue;
        }
        let ran = result.rules.iter().any(|r| wildcard(&exception.rule, r.id));
        let what = match (&exception.resource, exception.paths.is_empty()) {
            (Some(resource), true) => format!(" in {resource}"),
            (Some(resource), false) => {
                format!(" in {resource} under {}", exception.paths.join(", "))
            }
            (None, _) => format!(" under {}", exception.paths.join(", ")),
        };
        let message = if ran {
            format!(
                "exception for {}{what} matches no finding; remove it, or correct what it covers",
                exception.rule
            )
        } else {
            format!(
                "exception for {}{what} matches no finding: no such rule ran",
                exception.rule
            )
        };
        result.stale_exceptions.push(StaleException {
            location: exception.location.clone(),
            rule: exception.rule.clone(),
            message,
        });
    }

    result
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    result
        .suppressed
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    result.stale_exceptions.sort_by(|a, b| {
        (&a.location.path, a.location.start.line).cmp(&(&b.location.path, b.location.start.line))
    });
}

/// How a note names a suppression: `comment at deploy/app.yaml:12`.
fn describe(suppression: &Suppression) -> String {
    match suppression.kind {
        SuppressionKind::InSource => format!("suppression at {}", suppression.origin),
        SuppressionKind::External => format!("exception at {}", suppression.origin),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeMap;

    use super::*;
    use crate::{Input, InputSource, ScanOptions};

    fn is_rule(id: &str) -> bool {
        rampart_rules::find(id).is_some()
    }

    fn parse(text: &str) -> Result<Exceptions, ConfigError> {
        Exceptions::parse(".rampart/exceptions.yaml", text, &is_rule)
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\n  namespace: payments\nspec:\n  hostPID: true\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n";

    fn scan(path: &str, text: &str) -> ScanResult {
        crate::scan(&ScanOptions {
            inputs: vec![Input {
                name: path.into(),
                source: InputSource::Stdin,
            }],
            stdin: Some(text.into()),
            rules: rampart_rules::all().to_vec(),
            terraform_rules: Vec::new(),
            terraform_inputs: crate::TerraformInputs::default(),
            terraform_settings: rampart_rules::terraform::TfSettings::default(),
            severity_overrides: BTreeMap::new(),
            max_file_size: crate::DEFAULT_MAX_FILE_SIZE,
            limits: crate::Limits::default(),
            progress: None,
            k8s_version: None,
            policies: None,
        })
    }

    fn entry(fields: &str) -> String {
        format!("exceptions:\n  - rule: k8s-privileged-container\n{fields}")
    }

    const VALID: &str = "    resource: Pod/payments/agent\n    reason: node agent\n    owner: team@example.com\n    expires: 2027-03-31\n";

    fn rules(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.rule.id).collect()
    }

    #[test]
    fn reads_every_field() {
        let exceptions = parse(
            "# decisions on record\nexceptions:\n  - rule: k8s-privileged-container\n    resource: Deployment/payments/payments-api\n    paths: [\"deploy/**\"]\n    reason: Node agent needs privileges until the migration ships\n    owner: team-payments@example.com\n    expires: 2027-03-31\n    ticket: https://tracker.example.com/SEC-142\n",
        )
        .unwrap();
        let e = &exceptions.entries[0];
        assert_eq!(e.rule, "k8s-privileged-container");
        assert_eq!(
            e.resource.as_deref(),
            Some("Deployment/payments/payments-api")
        );
        assert_eq!(e.paths, ["deploy/**"]);
        assert_eq!(e.owner, "team-payments@example.com");
        assert_eq!(e.expires, date("2027-03-31"));
        assert_eq!(
            e.ticket.as_deref(),
            Some("https://tracker.example.com/SEC-142")
        );
        assert_eq!(e.location.start.line, 3);
        assert!(parse("").unwrap().entries.is_empty());
        assert!(parse("exceptions:\n").unwrap().entries.is_empty());
    }

    #[test]
    fn a_missing_reason_or_owner_is_an_error_naming_the_entry_line() {
        let e = parse(&entry(
            "    resource: Pod/payments/agent\n    owner: team@example.com\n    expires: 2027-03-31\n",
        ))
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("no `reason`"), "{e}");
        let e = parse(&format!(
            "exceptions:\n{}{}",
            "  - rule: k8s-host-pid\n    paths: [a.yaml]\n    reason: r\n    owner: o\n    expires: 2027-01-01\n",
            "  - rule: k8s-privileged-container\n    paths: [a.yaml]\n    reason: r\n    owner: \"\"\n    expires: 2027-01-01\n"
        ))
        .unwrap_err();
        assert_eq!(e.line, 7);
        assert!(e.message.contains("no `owner`"), "{e}");
        let e = parse(&entry(
            "    resource: Pod/a/b\n    reason: r\n    owner: o\n",
        ))
        .unwrap_err();
        assert!(e.message.contains("`expires`"), "{e}");
        let e = parse(&entry(
            "    reason: r\n    owner: o\n    expires: 2027-01-01\n",
        ))
        .unwrap_err();
        assert!(e.message.contains("`resource` or `paths`"), "{e}");
    }

    #[test]
    fn bad_dates_unknown_rules_and_keys_name_their_line() {
        let e = parse(&entry(&VALID.replace("2027-03-31", "2027-02-30"))).unwrap_err();
        assert_eq!((e.line, e.column), (6, 14));
        assert!(e.message.contains("invalid date `2027-02-30`"), "{e}");
        let e = parse(&entry(&VALID.replace("2027-03-31", "31/03/2027"))).unwrap_err();
        assert_eq!(e.line, 6);
        let e = parse(&VALID.replace(
            "    resource",
            "exceptions:\n  - rule: k8s-privileged\n    resource",
        ))
        .unwrap_err();
        assert_eq!((e.line, e.column), (2, 11));
        assert!(
            e.message.contains("unknown rule id `k8s-privileged`"),
            "{e}"
        );
        let e = parse(&entry(&format!("{VALID}    onwer: x\n"))).unwrap_err();
        assert_eq!(e.line, 7);
        assert!(e.message.contains("unknown key `onwer`"), "{e}");
        let e = parse(&entry(&VALID.replace("Pod/payments/agent", "Pod//agent"))).unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse("exceptions:\n  - rule: k8s-privileged-container\n    paths: [\"a/[b\"]\n    reason: r\n    owner: o\n    expires: 2027-01-01\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse("exception: []\n").unwrap_err();
        assert_eq!(e.line, 1);
        // A glob of ids need not name a rule.
        assert!(parse(&entry(VALID).replace("k8s-privileged-container", "k8s-rbac-*")).is_ok());
    }

    #[test]
    fn wildcards_stay_within_a_part() {
        assert!(wildcard("k8s-rbac-*", "k8s-rbac-wildcard"));
        assert!(!wildcard("k8s-rbac-*", "k8s-host-pid"));
        assert!(wildcard("Deployment/*/web", "Deployment/shop/web"));
        assert!(!wildcard("Deployment/*", "Deployment/shop/web"));
        assert!(wildcard("*/*/*", "Deployment/shop/web"));
        assert!(wildcard("Deploy?ent/shop/w*b", "Deployment/shop/web"));
        assert!(!wildcard("Deployment/shop/web", "Deployment/shop/web2"));
        assert!(wildcard("aws_s3_bucket.logs[0]", "aws_s3_bucket.logs[0]"));
        assert!(wildcard("*", ""));
    }

    fn applied(path: &str, exceptions: &str, today: &str) -> ScanResult {
        let mut result = scan(path, POD);
        apply_exceptions(&mut result, &parse(exceptions).unwrap(), date(today));
        result
    }

    fn exception(rule: &str, covers: &str, expires: &str) -> String {
        format!(
            "exceptions:\n  - rule: {rule}\n{covers}    reason: node agent\n    owner: team@example.com\n    expires: {expires}\n    ticket: SEC-1\n"
        )
    }

    #[test]
    fn an_exception_that_expires_tomorrow_still_suppresses() {
        let text = exception(
            "k8s-privileged-container",
            "    resource: Pod/payments/agent\n",
            "2027-03-31",
        );
        for today in ["2027-03-30", "2027-03-31"] {
            let result = applied("deploy/agent.yaml", &text, today);
            assert_eq!(rules(&result.suppressed), ["k8s-privileged-container"]);
            assert!(!rules(&result.findings).contains(&"k8s-privileged-container"));
            assert!(result.stale_exceptions.is_empty());
            let s = result.suppressed[0].suppression.as_ref().unwrap();
            assert_eq!(s.kind, SuppressionKind::External);
            assert_eq!(s.justification, "node agent");
            assert_eq!(s.owner.as_deref(), Some("team@example.com"));
            assert_eq!(s.expires.as_deref(), Some("2027-03-31"));
            assert_eq!(s.ticket.as_deref(), Some("SEC-1"));
            assert_eq!(s.origin, ".rampart/exceptions.yaml:2");
        }
    }

    #[test]
    fn an_exception_that_expired_yesterday_no_longer_suppresses() {
        let text = exception(
            "k8s-privileged-container",
            "    resource: Pod/payments/agent\n",
            "2027-03-31",
        );
        let result = applied("deploy/agent.yaml", &text, "2027-04-01");
        assert!(result.suppressed.is_empty());
        let finding = result
            .findings
            .iter()
            .find(|f| f.rule.id == "k8s-privileged-container")
            .unwrap();
        assert_eq!(
            finding.notes,
            ["exception at .rampart/exceptions.yaml:2 (owner team@example.com) expired on 2027-03-31"]
        );
        // Expired is not stale.
        assert!(result.stale_exceptions.is_empty());
        // Other findings carry no note.
        assert!(result
            .findings
            .iter()
            .filter(|f| f.rule.id != "k8s-privileged-container")
            .all(|f| f.notes.is_empty()));
    }

    #[test]
    fn rule_globs_resource_globs_and_path_globs() {
        let covered = |rule: &str, covers: &str, path: &str| {
            let result = applied(path, &exception(rule, covers, "2030-01-01"), "2027-01-01");
            rules(&result.suppressed)
        };
        let res = |r: &str| format!("    resource: {r}\n");
        assert_eq!(
            covered("k8s-host-*", &res("Pod/payments/agent"), "a.yaml"),
            ["k8s-host-pid"]
        );
        assert_eq!(
            covered("k8s-host-pid", &res("Pod/*/agent"), "a.yaml"),
            ["k8s-host-pid"]
        );
        assert_eq!(
            covered("k8s-host-pid", &res("Pod/payments/ag*"), "a.yaml"),
            ["k8s-host-pid"]
        );
        assert!(covered("k8s-host-pid", &res("Pod/other/agent"), "a.yaml").is_empty());
        assert!(covered("k8s-host-pid", &res("Deployment/payments/agent"), "a.yaml").is_empty());
        // `Kind/name` is for objects without a namespace.
        assert!(covered("k8s-host-pid", &res("Pod/agent"), "a.yaml").is_empty());
        let paths = |p: &str| format!("    paths: [{p}]\n");
        assert_eq!(
            covered(
                "k8s-host-pid",
                &paths("\"deploy/**\""),
                "deploy/x/agent.yaml"
            ),
            ["k8s-host-pid"]
        );
        assert_eq!(
            covered(
                "k8s-host-pid",
                &paths("\"deploy/**\""),
                "./deploy/agent.yaml"
            ),
            ["k8s-host-pid"]
        );
        assert!(covered(
            "k8s-host-pid",
            &paths("\"deploy/*.yaml\""),
            "deploy/x/agent.yaml"
        )
        .is_empty());
        assert!(covered("k8s-host-pid", &paths("\"deploy/**\""), "other/agent.yaml").is_empty());
        // Both: each must match.
        let both = format!("{}{}", res("Pod/payments/agent"), paths("\"deploy/**\""));
        assert_eq!(
            covered("k8s-host-pid", &both, "deploy/a.yaml"),
            ["k8s-host-pid"]
        );
        assert!(covered("k8s-host-pid", &both, "other/a.yaml").is_empty());
    }

    #[test]
    fn an_exception_that_matches_nothing_is_stale() {
        let text = format!(
            "{}{}",
            exception("k8s-host-pid", "    resource: Pod/payments/gone\n", "2030-01-01"),
            "  - rule: k8s-host-pid\n    resource: Pod/payments/old\n    reason: r\n    owner: o\n    expires: 2020-01-01\n"
        );
        let result = applied("a.yaml", &text, "2027-01-01");
        assert_eq!(
            result.stale_exceptions.len(),
            1,
            "an expired one is not stale"
        );
        let stale = &result.stale_exceptions[0];
        assert_eq!(stale.rule, "k8s-host-pid");
        assert_eq!(stale.location.start.line, 2);
        assert_eq!(stale.location.path, ".rampart/exceptions.yaml");
        assert!(
            stale.message.contains("matches no finding"),
            "{}",
            stale.message
        );
        assert!(rules(&result.findings).contains(&"k8s-host-pid"));
    }

    #[test]
    fn an_exception_covering_an_inline_suppressed_finding_is_not_stale() {
        let text = POD.replace(
            "  hostPID: true",
            "  hostPID: true  # rampart:ignore k8s-host-pid -- agent",
        );
        let mut result = scan("a.yaml", &text);
        let exceptions = parse(&exception(
            "k8s-host-pid",
            "    resource: Pod/payments/agent\n",
            "2030-01-01",
        ))
        .unwrap();
        apply_exceptions(&mut result, &exceptions, date("2027-01-01"));
        assert!(result.stale_exceptions.is_empty());
        assert_eq!(rules(&result.suppressed), ["k8s-host-pid"]);
        // The inline decision stands.
        assert_eq!(
            result.suppressed[0].suppression.as_ref().unwrap().kind,
            SuppressionKind::InSource
        );
    }

    #[test]
    fn inline_suppressions_past_their_date_come_back() {
        let text = POD.replace(
            "  hostPID: true",
            "  hostPID: true  # trivy:ignore:KSV010:exp:2027-03-31",
        );
        let mut result = scan("a.yaml", &text);
        apply_exceptions(&mut result, &Exceptions::default(), date("2027-03-31"));
        assert_eq!(rules(&result.suppressed), ["k8s-host-pid"]);
        let mut result = scan("a.yaml", &text);
        apply_exceptions(&mut result, &Exceptions::default(), date("2027-04-01"));
        assert!(result.suppressed.is_empty());
        let finding = result
            .findings
            .iter()
            .find(|f| f.rule.id == "k8s-host-pid")
            .unwrap();
        assert_eq!(
            finding.notes,
            ["suppression at a.yaml:7 expired on 2027-03-31"]
        );
    }

    #[test]
    fn paths_are_matched_relative_to_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join(".rampart")).unwrap();
        std::fs::create_dir_all(root.join("deploy/sub")).unwrap();
        let file = root.join(".rampart/exceptions.yaml");
        std::fs::write(
            &file,
            exception("k8s-host-pid", "    paths: [\"deploy/**\"]\n", "2030-01-01"),
        )
        .unwrap();
        assert_eq!(
            Exceptions::find(&root.join("deploy/sub")),
            Some(file.clone())
        );
        assert_eq!(
            Exceptions::find(&root.join("deploy/sub/x.yaml")),
            Some(file.clone())
        );
        let mut exceptions = Exceptions::load(&file, &is_rule).unwrap();
        // As if the scan ran in deploy/sub and named the file `x.yaml`.
        exceptions.cwd = Some(root.join("deploy/sub"));
        let mut result = scan("x.yaml", POD);
        apply_exceptions(&mut result, &exceptions, date("2027-01-01"));
        assert_eq!(rules(&result.suppressed), ["k8s-host-pid"]);
        let absolute = root.join("deploy/y.yaml").display().to_string();
        let mut result = scan(&absolute, POD);
        apply_exceptions(&mut result, &exceptions, date("2027-01-01"));
        assert_eq!(rules(&result.suppressed), ["k8s-host-pid"]);
    }
}
