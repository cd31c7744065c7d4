//! Inline suppressions: decisions written next to the code they are about.
//!
//! - `# rampart:ignore RULE[,RULE...] -- reason` as a trailing comment on a line, or on the
//!   comment lines directly above it. It covers findings on that line and inside the block that
//!   starts there (the key's value, the list item); above a resource's first line it covers the
//!   whole resource. Without `-- reason` it does not suppress, and a warning names its line.
//! - the annotation `rampart.dev/ignore: "RULE -- reason; RULE -- reason"` on a Kubernetes
//!   object covers that object.
//! - peer scanners' own syntax, honoured for a rule only where its metadata names the peer's
//!   equivalent check: Checkov (`# checkov:skip=CKV_K8S_16:reason` anywhere in or directly above
//!   the resource, and `checkov.io/skip1: CKV_K8S_16=reason` annotations), KICS
//!   (`# kics-scan ignore-line` for the next line, `# kics-scan ignore-block` for the block
//!   below; they name no check, so they cover every rule with a KICS equivalent), Trivy and
//!   tfsec (`# trivy:ignore:KSV017`, `# tfsec:ignore:...`, with an optional `:exp:YYYY-MM-DD`,
//!   placed like `rampart:ignore`).

use rampart_diagnostics::{Finding, Notice, Peer, Suppression, SuppressionKind};
use rampart_source::{Location, Node, NodeKind, SourceFile, TextRange};
use rampart_yaml::Document;

/// Text that any directive contains; a file without any of these has nothing to read.
const MARKERS: [&str; 7] = [
    "rampart:ignore",
    "rampart.dev/ignore",
    "checkov",
    "bridgecrew",
    "kics-scan",
    "trivy:ignore:",
    "tfsec:ignore:",
];

/// The annotation that carries rampart suppressions on a Kubernetes object.
pub const IGNORE_ANNOTATION: &str = "rampart.dev/ignore";

/// What a directive covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Findings that start on this 1-based line.
    Line(u32),
    /// Findings on this line or inside a block (entry, item, mapping) that starts on it.
    Block(u32),
    /// Findings inside this object.
    Object(TextRange),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Matcher {
    /// Rampart rule ids.
    Rules(Vec<String>),
    /// A peer's check id (`*` for Trivy's every check).
    PeerId(Peer, String),
    /// Every rule that has an equivalent in this peer.
    AnyOf(Peer),
}

#[derive(Debug, Clone)]
struct Directive {
    matcher: Matcher,
    scope: Scope,
    justification: String,
    expires: Option<String>,
    /// 1-based line the directive is written on.
    line: u32,
}

impl Directive {
    /// Whether the directive suppresses `finding`, which points into the directive's file at
    /// each of `places` (its location, or a `module` block that leads to its resource).
    fn matches(
        &self,
        finding: &Finding,
        places: &[&Location],
        blocks: &[(u32, TextRange)],
    ) -> bool {
        let rule = finding.rule;
        let rule_matches = match &self.matcher {
            Matcher::Rules(ids) => ids.iter().any(|id| id == rule.id),
            Matcher::PeerId(tool, id) => rule
                .peers
                .iter()
                .any(|p| p.tool == *tool && peer_id_matches(*tool, p.id, id)),
            Matcher::AnyOf(tool) => rule.peers.iter().any(|p| p.tool == *tool),
        };
        rule_matches && places.iter().any(|place| self.covers(place, blocks))
    }

    /// Whether the directive's scope covers `place`.
    fn covers(&self, place: &Location, blocks: &[(u32, TextRange)]) -> bool {
        let line = place.start.line;
        let offset = place.range.start;
        match self.scope {
            Scope::Line(target) => line == target,
            Scope::Block(target) => {
                line == target
                    || blocks.iter().any(|(start, range)| {
                        *start == target && range.start <= offset && offset < range.end
                    })
            }
            Scope::Object(range) => range.start <= offset && offset <= range.end,
        }
    }
}

/// Whether a peer's id as a rule's metadata gives it matches an id written in a comment.
fn peer_id_matches(tool: Peer, known: &str, written: &str) -> bool {
    match tool {
        Peer::Trivy => written == "*" || trivy_key(known) == trivy_key(written),
        _ => known.eq_ignore_ascii_case(written),
    }
}

/// Trivy names a check `KSV017` or `AVD-KSV-0017`: both become `KSV17`.
fn trivy_key(id: &str) -> String {
    let upper = id.trim().to_ascii_uppercase();
    let bare = upper
        .strip_prefix("AVD-")
        .unwrap_or(&upper)
        .replace('-', "");
    let split = bare
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(bare.len());
    let (letters, digits) = bare.split_at(split);
    match digits.parse::<u64>() {
        Ok(number) if letters.chars().all(|c| c.is_ascii_alphabetic()) => {
            format!("{letters}{number}")
        }
        _ => bare,
    }
}

/// One line of the file: where it starts and its text without the line break.
struct Line<'t> {
    start: u32,
    text: &'t str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// Only a comment.
    Comment,
    /// `---` or `...`.
    Marker,
    Content,
}

/// How a file writes comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// `# ...`; `---` and `...` mark documents.
    Yaml,
    /// Terraform: `# ...` and `// ...`.
    Hcl,
}

/// The file's comments, lines and structure, for placing directives.
struct Layout<'t> {
    syntax: Syntax,
    lines: Vec<Line<'t>>,
    kinds: Vec<LineKind>,
    /// Scalars' ranges, sorted: a `#` inside one is text, not a comment.
    scalars: Vec<TextRange>,
    /// Every entry, list item and Kubernetes object, by the 1-based line it starts on.
    blocks: Vec<(u32, TextRange)>,
    /// Every Kubernetes object's range and the line it starts on.
    objects: Vec<(u32, TextRange)>,
}

/// The lines of `text`, without their line breaks.
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0usize;
    for piece in text.split_inclusive('\n') {
        let content = piece.trim_end_matches(['\n', '\r']);
        lines.push(Line {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            text: content,
        });
        start += piece.len();
    }
    lines
}

/// The 1-based line of `offset` in `file`.
fn line_of(file: &SourceFile, offset: u32) -> u32 {
    u32::try_from(file.line_index().line_of(offset) + 1).unwrap_or(u32::MAX)
}

impl<'t> Layout<'t> {
    fn new(file: &'t SourceFile, documents: &[Document]) -> Self {
        let lines = lines(file.text());
        let line_of = |offset: u32| line_of(file, offset);
        let mut scalars = Vec::new();
        let mut blocks = Vec::new();
        let mut objects = Vec::new();
        for doc in documents {
            let Some(root) = &doc.root else { continue };
            walk(root, &mut scalars, &mut blocks, &line_of);
            if let Ok(found) = rampart_kubernetes::objects(root) {
                for object in found {
                    let start = line_of(object.node.range.start);
                    objects.push((start, object.node.range));
                    // Above its first line, a comment is about the whole object.
                    blocks.push((start, object.node.range));
                }
            }
        }
        scalars.sort_by_key(|r| r.start);
        Layout::with(Syntax::Yaml, lines, scalars, blocks, objects)
    }

    /// The layout of a Terraform file, from its outline.
    fn hcl(file: &'t SourceFile, outline: &rampart_terraform::outline::Outline) -> Self {
        let at_line = |range: &TextRange| (line_of(file, range.start), *range);
        let mut blocks: Vec<(u32, TextRange)> = outline.nodes.iter().map(at_line).collect();
        let objects: Vec<(u32, TextRange)> = outline.resources.iter().map(at_line).collect();
        blocks.extend(objects.iter().copied());
        Layout::with(
            Syntax::Hcl,
            lines(file.text()),
            outline.strings.clone(),
            blocks,
            objects,
        )
    }

    fn with(
        syntax: Syntax,
        lines: Vec<Line<'t>>,
        scalars: Vec<TextRange>,
        blocks: Vec<(u32, TextRange)>,
        objects: Vec<(u32, TextRange)>,
    ) -> Self {
        let mut layout = Layout {
            syntax,
            lines,
            kinds: Vec::new(),
            scalars,
            blocks,
            objects,
        };
        layout.kinds = (0..layout.lines.len()).map(|i| layout.kind(i)).collect();
        layout
    }

    fn in_scalar(&self, offset: u32) -> bool {
        let i = self.scalars.partition_point(|r| r.start <= offset);
        i > 0 && offset < self.scalars[i - 1].end
    }

    fn kind(&self, index: usize) -> LineKind {
        let line = &self.lines[index];
        let trimmed = line.text.trim_start();
        let indent = u32::try_from(line.text.len() - trimmed.len()).unwrap_or(0);
        let offset = line.start + indent;
        if trimmed.is_empty() {
            LineKind::Blank
        } else if self.in_scalar(offset) {
            LineKind::Content
        } else if trimmed.starts_with('#')
            || (self.syntax == Syntax::Hcl && trimmed.starts_with("//"))
        {
            LineKind::Comment
        } else if self.syntax == Syntax::Yaml
            && (trimmed.starts_with("---") || trimmed.starts_with("..."))
        {
            LineKind::Marker
        } else {
            LineKind::Content
        }
    }

    /// The comment on line `index` (0-based): its offset and text after `#` (or `//`).
    fn comment(&self, index: usize) -> Option<(u32, &'t str)> {
        let line = &self.lines[index];
        let mut previous_is_space = true;
        for (i, c) in line.text.char_indices() {
            let opener = match c {
                '#' => Some(1),
                '/' if self.syntax == Syntax::Hcl && line.text[i..].starts_with("//") => Some(2),
                _ => None,
            };
            // YAML needs a space before `#`; in HCL any comment opener outside a string counts.
            let opens = opener.filter(|_| previous_is_space || self.syntax == Syntax::Hcl);
            if let Some(len) = opens {
                let offset = line.start + u32::try_from(i).unwrap_or(0);
                if !self.in_scalar(offset) {
                    return Some((offset, &line.text[i + len..]));
                }
            }
            previous_is_space = c.is_whitespace();
        }
        None
    }

    /// The 1-based line a comment on line `index` (0-based) is about: its own line for a
    /// trailing comment; for a comment line, the first line below the run of comment lines (and
    /// document markers) it is part of. A blank line ends the run without a target.
    fn target(&self, index: usize) -> Option<u32> {
        if self.kinds[index] != LineKind::Comment {
            return u32::try_from(index + 1).ok();
        }
        for (below, kind) in self.kinds.iter().enumerate().skip(index + 1) {
            match kind {
                LineKind::Comment | LineKind::Marker => {}
                LineKind::Blank => return None,
                LineKind::Content => return u32::try_from(below + 1).ok(),
            }
        }
        None
    }

    /// The object whose text holds `offset`, or that starts on line `target`.
    fn object_at(&self, offset: u32, target: Option<u32>) -> Option<TextRange> {
        self.objects
            .iter()
            .find(|(_, range)| range.start <= offset && offset < range.end)
            .or_else(|| target.and_then(|t| self.objects.iter().find(|(line, _)| *line == t)))
            .map(|(_, range)| *range)
    }
}

fn walk(
    node: &Node,
    scalars: &mut Vec<TextRange>,
    blocks: &mut Vec<(u32, TextRange)>,
    line_of: &dyn Fn(u32) -> u32,
) {
    match &node.kind {
        NodeKind::Scalar(_) => scalars.push(node.range),
        // Not the collections themselves: a block mapping or sequence starts on its first entry's
        // or item's line, and a comment above that line is about the entry or item.
        NodeKind::Sequence(items) => {
            for item in items {
                blocks.push((line_of(item.range.start), item.range));
                walk(item, scalars, blocks, line_of);
            }
        }
        NodeKind::Mapping(entries) => {
            for entry in entries {
                blocks.push((line_of(entry.key.range.start), entry.range()));
                walk(&entry.key, scalars, blocks, line_of);
                walk(&entry.value, scalars, blocks, line_of);
            }
        }
    }
}

/// The inline directives of one file, kept after its tree is dropped, so that findings made
/// later (by the cluster rules, once every file is read) are suppressed as the file's own are.
#[derive(Debug, Clone, Default)]
pub(crate) struct Suppressions {
    path: String,
    directives: Vec<Directive>,
    /// Every entry, list item and object of the file, by the line it starts on.
    blocks: Vec<(u32, TextRange)>,
}

impl Suppressions {
    /// Reads the directives of a file, with warnings about those that cannot be used. Comments
    /// are read only when `comments` is set (YAML; JSON has none).
    pub(crate) fn read(
        file: &SourceFile,
        documents: &[Document],
        comments: bool,
        is_rule: &dyn Fn(&str) -> bool,
    ) -> (Self, Vec<Notice>) {
        let mut suppressions = Suppressions {
            path: file.path().to_owned(),
            ..Suppressions::default()
        };
        let text = file.text();
        if !MARKERS.iter().any(|m| text.contains(m)) {
            return (suppressions, Vec::new());
        }
        let layout = Layout::new(file, documents);
        let mut warnings = Vec::new();
        if comments {
            read_comments(
                &layout,
                &mut suppressions.directives,
                &mut warnings,
                is_rule,
            );
        }
        read_annotations(
            file,
            documents,
            &mut suppressions.directives,
            &mut warnings,
            is_rule,
        );
        suppressions.finish(layout, warnings)
    }

    /// Reads the directives of a Terraform file (`#` and `//` comments), placed by its outline:
    /// above a `resource` block a directive covers the resource, above an argument or a nested
    /// block it covers that.
    pub(crate) fn read_hcl(
        file: &SourceFile,
        outline: &rampart_terraform::outline::Outline,
        is_rule: &dyn Fn(&str) -> bool,
    ) -> (Self, Vec<Notice>) {
        let mut suppressions = Suppressions {
            path: file.path().to_owned(),
            ..Suppressions::default()
        };
        if !MARKERS.iter().any(|m| file.text().contains(m)) {
            return (suppressions, Vec::new());
        }
        let layout = Layout::hcl(file, outline);
        let mut warnings = Vec::new();
        read_comments(
            &layout,
            &mut suppressions.directives,
            &mut warnings,
            is_rule,
        );
        suppressions.finish(layout, warnings)
    }

    fn finish(mut self, layout: Layout<'_>, warnings: Vec<String>) -> (Self, Vec<Notice>) {
        // Rampart's own directives first, then peers'; each in file order.
        self.directives
            .sort_by_key(|d| (!matches!(d.matcher, Matcher::Rules(_)), d.line));
        if !self.directives.is_empty() {
            self.blocks = layout.blocks;
        }
        let notices = warnings
            .into_iter()
            .map(|message| Notice {
                path: self.path.clone(),
                message,
                warning: true,
            })
            .collect();
        (self, notices)
    }

    /// The file's path.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// Whether the file has no directive.
    pub(crate) fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }

    /// Moves the findings (of this file) that a directive suppresses out of `findings`, each
    /// with its [`Suppression`], and returns them.
    pub(crate) fn apply(&self, findings: &mut Vec<Finding>) -> Vec<Finding> {
        if self.directives.is_empty() {
            return Vec::new();
        }
        let mut suppressed = Vec::new();
        let mut kept = Vec::with_capacity(findings.len());
        for mut finding in findings.drain(..) {
            // Where the finding points into this file: its location, and the `module` blocks
            // that lead to its resource (a directive on a module call covers what it creates).
            let places: Vec<&Location> = (finding.places())
                .filter(|place| place.path == self.path)
                .collect();
            let directive = (!places.is_empty())
                .then(|| {
                    self.directives
                        .iter()
                        .find(|d| d.matches(&finding, &places, &self.blocks))
                })
                .flatten();
            match directive {
                Some(directive) => {
                    finding.suppression = Some(Suppression {
                        kind: SuppressionKind::InSource,
                        justification: directive.justification.clone(),
                        owner: None,
                        expires: directive.expires.clone(),
                        ticket: None,
                        origin: format!("{}:{}", self.path, directive.line),
                    });
                    suppressed.push(finding);
                }
                None => kept.push(finding),
            }
        }
        *findings = kept;
        suppressed
    }
}

/// Moves the findings that an inline directive suppresses out of `findings`, each with its
/// [`Suppression`], and returns them with warnings about directives that cannot be used, and the
/// file's directives for findings to come. Comments are read only when `comments` is set (YAML;
/// JSON has none).
pub(crate) fn suppress(
    file: &SourceFile,
    documents: &[Document],
    comments: bool,
    findings: &mut Vec<Finding>,
    is_rule: &dyn Fn(&str) -> bool,
) -> (Vec<Finding>, Vec<Notice>, Suppressions) {
    let (suppressions, notices) = Suppressions::read(file, documents, comments, is_rule);
    let suppressed = suppressions.apply(findings);
    (suppressed, notices, suppressions)
}

/// Reads `RULE[,RULE...] -- reason`. Warnings name unknown rules and a missing reason; without a
/// reason there is no directive.
fn rampart_directive(
    spec: &str,
    line: u32,
    what: &str,
    warnings: &mut Vec<String>,
    is_rule: &dyn Fn(&str) -> bool,
) -> Option<(Vec<String>, String)> {
    let (ids, reason) = match spec.split_once("--") {
        Some((ids, reason)) => (ids, reason.trim()),
        None => (spec, ""),
    };
    let mut rules = Vec::new();
    for id in ids
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
    {
        if is_rule(id) {
            rules.push(id.to_owned());
        } else {
            warnings.push(format!(
                "line {line}: {what} names unknown rule `{id}`; it is ignored"
            ));
        }
    }
    if rules.is_empty() && !ids.trim().is_empty() {
        return None;
    }
    if rules.is_empty() {
        warnings.push(format!(
            "line {line}: {what} names no rule (write `RULE -- reason`); it does not suppress"
        ));
        return None;
    }
    if reason.is_empty() {
        warnings.push(format!(
            "line {line}: {what} for {} has no reason (write `{} -- reason`); it does not suppress",
            rules.join(", "),
            rules.join(",")
        ));
        return None;
    }
    Some((rules, reason.to_owned()))
}

fn read_comments(
    layout: &Layout<'_>,
    directives: &mut Vec<Directive>,
    warnings: &mut Vec<String>,
    is_rule: &dyn Fn(&str) -> bool,
) {
    for index in 0..layout.lines.len() {
        if matches!(layout.kinds[index], LineKind::Blank) {
            continue;
        }
        let Some((offset, comment)) = layout.comment(index) else {
            continue;
        };
        if !MARKERS.iter().any(|m| comment.contains(m)) {
            continue;
        }
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let target = layout.target(index);
        let body = comment.trim();

        if let Some(rest) = body.strip_prefix("rampart:ignore") {
            if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                let what = "`# rampart:ignore`";
                if let Some((rules, reason)) =
                    rampart_directive(rest, line, what, warnings, is_rule)
                {
                    match target {
                        Some(target) => directives.push(Directive {
                            matcher: Matcher::Rules(rules),
                            scope: Scope::Block(target),
                            justification: reason,
                            expires: None,
                            line,
                        }),
                        None => warnings.push(format!(
                            "line {line}: `# rampart:ignore` is not directly above a line; it does not suppress"
                        )),
                    }
                }
                continue;
            }
        }

        // Checkov: `checkov:skip=ID` or `checkov:skip=ID:reason`, anywhere in a comment; it
        // covers the resource it is in or directly above.
        for marker in ["checkov:skip=", "bridgecrew:skip="] {
            let mut rest = comment;
            while let Some(at) = rest.find(marker) {
                rest = &rest[at + marker.len()..];
                let spec = rest.trim_start();
                let id_len = spec
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(spec.len());
                let id = &spec[..id_len];
                if id.is_empty() {
                    continue;
                }
                let reason = spec[id_len..]
                    .strip_prefix(':')
                    .map(str::trim)
                    .filter(|r| !r.is_empty());
                let scope = match layout.object_at(offset, target) {
                    Some(object) => Scope::Object(object),
                    None => match target {
                        Some(target) => Scope::Block(target),
                        None => continue,
                    },
                };
                directives.push(Directive {
                    matcher: Matcher::PeerId(Peer::Checkov, id.to_owned()),
                    scope,
                    justification: reason
                        .map_or_else(|| "suppressed by Checkov comment".to_owned(), str::to_owned),
                    expires: None,
                    line,
                });
            }
        }

        // KICS: `kics-scan ignore-line` (the line below) and `kics-scan ignore-block`.
        if let Some(command) = body.strip_prefix("kics-scan") {
            let command = command.split_whitespace().next().unwrap_or("");
            let scope = match (command, target) {
                ("ignore-line", Some(target)) => Some(Scope::Line(target)),
                ("ignore-block", Some(target)) => Some(Scope::Block(target)),
                _ => None,
            };
            if let Some(scope) = scope {
                directives.push(Directive {
                    matcher: Matcher::AnyOf(Peer::Kics),
                    scope,
                    justification: "suppressed by KICS comment".to_owned(),
                    expires: None,
                    line,
                });
            }
        }

        // Trivy and tfsec: `trivy:ignore:ID[:exp:YYYY-MM-DD]`, several on a line if need be.
        for (marker, tool) in [("trivy:ignore:", "Trivy"), ("tfsec:ignore:", "tfsec")] {
            let mut rest = comment;
            while let Some(at) = rest.find(marker) {
                rest = &rest[at + marker.len()..];
                let token = rest
                    .split(|c: char| c.is_whitespace() || c == '#')
                    .next()
                    .unwrap_or("");
                let id_end = token.find([':', '[']).unwrap_or(token.len());
                let id = &token[..id_end];
                let expires = token
                    .find(":exp:")
                    .map(|at| &token[at + 5..])
                    .map(|date| date.get(..10).unwrap_or(date).to_owned());
                let Some(target) = target else { continue };
                if id.is_empty() {
                    continue;
                }
                if let Some(date) = &expires {
                    if crate::Date::parse(date).is_none() {
                        warnings.push(format!(
                            "line {line}: `{marker}{id}` has an invalid expiry date `{date}` (expected YYYY-MM-DD); it does not suppress"
                        ));
                        continue;
                    }
                }
                directives.push(Directive {
                    matcher: Matcher::PeerId(Peer::Trivy, id.to_owned()),
                    scope: Scope::Block(target),
                    justification: format!("suppressed by {tool} comment"),
                    expires,
                    line,
                });
            }
        }
    }
}

fn read_annotations(
    file: &SourceFile,
    documents: &[Document],
    directives: &mut Vec<Directive>,
    warnings: &mut Vec<String>,
    is_rule: &dyn Fn(&str) -> bool,
) {
    let line_of =
        |offset: u32| u32::try_from(file.line_index().line_of(offset) + 1).unwrap_or(u32::MAX);
    for doc in documents {
        let Some(root) = &doc.root else { continue };
        let Ok(objects) = rampart_kubernetes::objects(root) else {
            continue;
        };
        for object in objects {
            let Some(annotations) = object
                .metadata()
                .and_then(|m| m.get("annotations"))
                .and_then(Node::as_mapping)
            else {
                continue;
            };
            let scope = Scope::Object(object.node.range);
            for entry in annotations {
                let key = entry.key.as_str().unwrap_or_default();
                let Some(value) = entry.value.as_str() else {
                    continue;
                };
                let line = line_of(entry.value.range.start);
                if key == IGNORE_ANNOTATION {
                    let what = format!("annotation `{IGNORE_ANNOTATION}`");
                    for part in value.split([';', '\n']).filter(|p| !p.trim().is_empty()) {
                        if let Some((rules, reason)) =
                            rampart_directive(part, line, &what, warnings, is_rule)
                        {
                            directives.push(Directive {
                                matcher: Matcher::Rules(rules),
                                scope,
                                justification: reason,
                                expires: None,
                                line,
                            });
                        }
                    }
                } else if key.starts_with("checkov.io/skip")
                    || key.starts_with("bridgecrew.io/skip")
                {
                    let (id, reason) = match value.split_once('=') {
                        Some((id, reason)) => (id.trim(), reason.trim()),
                        None => (value.trim(), ""),
                    };
                    if id.is_empty() {
                        continue;
                    }
                    directives.push(Directive {
                        matcher: Matcher::PeerId(Peer::Checkov, id.to_owned()),
                        scope,
                        justification: if reason.is_empty() {
                            "suppressed by Checkov annotation".to_owned()
                        } else {
                            reason.to_owned()
                        },
                        expires: None,
                        line,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeMap;

    use rampart_diagnostics::ScanResult;

    use super::*;
    use crate::{Input, InputSource, ScanOptions};

    fn scan_named(name: &str, text: &str) -> ScanResult {
        crate::scan(&ScanOptions {
            inputs: vec![Input {
                name: name.into(),
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

    fn scan(text: &str) -> ScanResult {
        scan_named("app.yaml", text)
    }

    /// (rule id, line) of the active findings of `rule`.
    fn active(result: &ScanResult, rule: &str) -> Vec<u32> {
        lines(&result.findings, rule)
    }

    fn suppressed(result: &ScanResult, rule: &str) -> Vec<u32> {
        lines(&result.suppressed, rule)
    }

    fn lines(findings: &[Finding], rule: &str) -> Vec<u32> {
        findings
            .iter()
            .filter(|f| f.rule.id == rule)
            .map(|f| f.location.start.line)
            .collect()
    }

    fn warnings(result: &ScanResult) -> Vec<&str> {
        result
            .notices
            .iter()
            .filter(|n| n.warning)
            .map(|n| n.message.as_str())
            .collect()
    }

    const PRIV: &str = "k8s-privileged-container";
    const HOST_PID: &str = "k8s-host-pid";

    /// A pod with `hostPID` (line 7) and a privileged container (line 12), with `{a}` replaced by
    /// text above the resource, `{b}` above hostPID, `{c}` after `privileged: true` and `{d}`
    /// above `securityContext:`.
    fn pod(above: &str, above_host_pid: &str, trailing: &str, above_sc: &str) -> String {
        format!(
            "{above}apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: apps\nspec:\n{above_host_pid}  hostPID: true\n  containers:\n    - name: c\n      image: nginx:1.27\n{above_sc}      securityContext:\n        privileged: true{trailing}\n"
        )
    }

    #[test]
    fn nothing_is_suppressed_without_a_directive() {
        let result = scan(&pod("", "", "", ""));
        assert_eq!(active(&result, PRIV), [12]);
        assert_eq!(active(&result, HOST_PID), [7]);
        assert!(result.suppressed.is_empty());
    }

    #[test]
    fn a_trailing_comment_suppresses_its_line() {
        let result = scan(&pod(
            "",
            "",
            "  # rampart:ignore k8s-privileged-container -- node agent needs it",
            "",
        ));
        assert!(active(&result, PRIV).is_empty());
        assert_eq!(suppressed(&result, PRIV), [12]);
        assert_eq!(active(&result, HOST_PID), [7]);
        let suppression = result.suppressed[0].suppression.as_ref().unwrap();
        assert_eq!(suppression.kind, SuppressionKind::InSource);
        assert_eq!(suppression.justification, "node agent needs it");
        assert_eq!(suppression.origin, "app.yaml:12");
        assert_eq!(suppression.owner, None);
    }

    #[test]
    fn a_comment_line_above_suppresses_the_line_and_its_block() {
        let result = scan(&pod(
            "",
            "  # rampart:ignore k8s-host-pid -- needs the host's processes\n",
            "",
            "",
        ));
        assert_eq!(suppressed(&result, HOST_PID), [8]);
        assert_eq!(active(&result, PRIV), [13]);
        // Above `securityContext:`, it covers `privileged: true` inside it.
        let result = scan(&pod(
            "",
            "",
            "",
            "      # a note first\n      # rampart:ignore k8s-privileged-container,k8s-host-pid -- agent\n",
        ));
        assert_eq!(suppressed(&result, PRIV), [14]);
        assert_eq!(active(&result, HOST_PID), [7]);
    }

    #[test]
    fn a_comment_above_a_first_key_is_about_that_key_not_its_whole_mapping() {
        // `hostPID` is the first key of the pod spec, and `- name: c` the first container.
        let result = scan(&pod(
            "",
            "  # rampart:ignore k8s-privileged-container -- no\n",
            "",
            "",
        ));
        assert_eq!(active(&result, PRIV), [13]);
        let text = pod("", "", "", "").replace(
            "  containers:\n",
            "  containers:\n    # rampart:ignore k8s-privileged-container -- only the first\n",
        );
        let text = text.replace(
            "        privileged: true\n",
            "        privileged: true\n    - name: d\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n",
        );
        let result = scan(&text);
        assert_eq!(suppressed(&result, PRIV), [13]);
        assert_eq!(active(&result, PRIV), [17]);
    }

    #[test]
    fn a_comment_above_the_resource_covers_all_of_it() {
        let result = scan(&pod(
            "---\n# rampart:ignore k8s-privileged-container, k8s-host-pid -- node agent\n",
            "",
            "",
            "",
        ));
        assert_eq!(suppressed(&result, PRIV), [14]);
        assert_eq!(suppressed(&result, HOST_PID), [9]);
        // Other rules are not covered.
        assert!(!result.findings.is_empty());
        assert!(result.findings.iter().all(|f| f.rule.id != PRIV));
    }

    #[test]
    fn a_blank_line_between_comment_and_code_breaks_the_link() {
        let result = scan(&pod(
            "# rampart:ignore k8s-privileged-container -- agent\n\n",
            "",
            "",
            "",
        ));
        assert_eq!(active(&result, PRIV), [14]);
    }

    #[test]
    fn without_a_reason_nothing_is_suppressed_and_a_warning_names_the_line() {
        let result = scan(&pod(
            "",
            "",
            "  # rampart:ignore k8s-privileged-container",
            "",
        ));
        assert_eq!(active(&result, PRIV), [12]);
        let warnings = warnings(&result);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("line 12: "), "{}", warnings[0]);
        assert!(warnings[0].contains("no reason"), "{}", warnings[0]);
        let result = scan(&pod(
            "",
            "",
            "  # rampart:ignore k8s-privileged-container --  ",
            "",
        ));
        assert_eq!(active(&result, PRIV), [12]);
    }

    #[test]
    fn unknown_rules_are_warned_about() {
        let result = scan(&pod(
            "",
            "",
            "  # rampart:ignore k8s-privileged, k8s-privileged-container -- agent",
            "",
        ));
        assert_eq!(suppressed(&result, PRIV), [12]);
        assert!(warnings(&result)
            .iter()
            .any(|w| w.contains("unknown rule `k8s-privileged`")));
    }

    #[test]
    fn a_directive_inside_a_string_is_not_a_comment() {
        let text = pod("", "", "", "").replace(
            "image: nginx:1.27",
            "image: nginx:1.27\n      args: [\"# rampart:ignore k8s-privileged-container -- no\"]\n      command:\n        - |\n          # rampart:ignore k8s-privileged-container -- no",
        );
        let result = scan(&text);
        assert_eq!(active(&result, PRIV).len(), 1);
        assert!(result.suppressed.is_empty());
    }

    #[test]
    fn annotations_cover_their_object() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: apps\n  annotations:\n    rampart.dev/ignore: \"k8s-privileged-container -- node agent; k8s-host-pid -- reads host processes\"\nspec:\n  hostPID: true\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: q\n  namespace: apps\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n";
        let result = scan(text);
        assert_eq!(suppressed(&result, PRIV), [14]);
        assert_eq!(suppressed(&result, HOST_PID), [9]);
        assert_eq!(active(&result, PRIV), [26]);
        let reasons: Vec<_> = result
            .suppressed
            .iter()
            .map(|f| f.suppression.as_ref().unwrap())
            .map(|s| (s.justification.as_str(), s.origin.as_str()))
            .collect();
        assert!(
            reasons.contains(&("node agent", "app.yaml:7")),
            "{reasons:?}"
        );
        assert!(reasons.contains(&("reads host processes", "app.yaml:7")));
    }

    #[test]
    fn annotations_without_a_reason_do_not_suppress() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    rampart.dev/ignore: k8s-host-pid\nspec:\n  hostPID: true\n  containers: []\n";
        let result = scan(text);
        assert_eq!(active(&result, HOST_PID), [8]);
        assert!(warnings(&result)
            .iter()
            .any(|w| w.starts_with("line 6: annotation") && w.contains("no reason")));
    }

    #[test]
    fn annotations_work_in_json_too() {
        let text = r#"{"apiVersion": "v1", "kind": "Pod",
 "metadata": {"name": "p", "annotations": {"rampart.dev/ignore": "k8s-host-pid -- agent", "checkov.io/skip1": "CKV_K8S_16=agent"}},
 "spec": {"hostPID": true, "containers": [{"name": "c", "image": "nginx:1.27", "securityContext": {"privileged": true}}]}}"#;
        let result = scan_named("pod.json", text);
        assert_eq!(suppressed(&result, HOST_PID), [3]);
        assert_eq!(suppressed(&result, PRIV), [3]);
    }

    #[test]
    fn checkov_comments_suppress_only_the_rule_that_maps_their_id() {
        // CKV_K8S_16 is the privileged check; hostPID maps CKV_K8S_17.
        let result = scan(&pod("", "  #checkov:skip=CKV_K8S_16:agent\n", "", ""));
        assert_eq!(suppressed(&result, PRIV), [13]);
        assert_eq!(active(&result, HOST_PID), [8]);
        let suppression = result.suppressed[0].suppression.as_ref().unwrap();
        assert_eq!(suppression.justification, "agent");
        assert_eq!(suppression.origin, "app.yaml:7");
        // Without a reason, the justification says where it came from.
        let result = scan(&pod("# checkov:skip=CKV_K8S_17\n", "", "", ""));
        assert_eq!(suppressed(&result, HOST_PID), [8]);
        assert_eq!(active(&result, PRIV), [13]);
        assert_eq!(
            result.suppressed[0]
                .suppression
                .as_ref()
                .unwrap()
                .justification,
            "suppressed by Checkov comment"
        );
        // An id no rule maps suppresses nothing.
        let result = scan(&pod("", "  # checkov:skip=CKV_K8S_999:no\n", "", ""));
        assert!(result.suppressed.is_empty());
    }

    #[test]
    fn checkov_annotations() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    checkov.io/skip1: CKV_K8S_17=reads host processes\n    checkov.io/skip2: CKV_K8S_999=nothing\nspec:\n  hostPID: true\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n";
        let result = scan(text);
        assert_eq!(suppressed(&result, HOST_PID), [9]);
        assert_eq!(active(&result, PRIV), [14]);
        assert_eq!(
            result.suppressed[0]
                .suppression
                .as_ref()
                .unwrap()
                .justification,
            "reads host processes"
        );
    }

    #[test]
    fn kics_ignore_line_covers_the_next_line_for_rules_with_a_kics_equivalent() {
        let result = scan(&pod(
            "",
            "",
            "",
            "      securityContext:\n        # kics-scan ignore-line\n        runAsUser: 0\n",
        ));
        // The comment is above `runAsUser: 0`, not above `privileged`.
        assert_eq!(active(&result, PRIV).len(), 1);
        let text = pod("", "  # kics-scan ignore-line\n", "", "");
        let result = scan(&text);
        assert_eq!(suppressed(&result, HOST_PID), [8]);
        assert_eq!(
            result.suppressed[0]
                .suppression
                .as_ref()
                .unwrap()
                .justification,
            "suppressed by KICS comment"
        );
        // ignore-line does not reach into the block below; ignore-block does.
        let result = scan(&pod("", "", "", "      # kics-scan ignore-line\n"));
        assert_eq!(active(&result, PRIV), [13]);
        let result = scan(&pod("", "", "", "      # kics-scan ignore-block\n"));
        assert_eq!(suppressed(&result, PRIV), [13]);
    }

    #[test]
    fn kics_does_not_suppress_a_rule_without_a_kics_equivalent() {
        // k8s-binding-to-public-group has no KICS equivalent.
        let text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: open\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\n# kics-scan ignore-block\nsubjects:\n  # kics-scan ignore-line\n  - kind: Group\n    apiGroup: rbac.authorization.k8s.io\n    # kics-scan ignore-line\n    name: system:unauthenticated\n";
        let result = scan(text);
        assert!(!active(&result, "k8s-binding-to-public-group").is_empty());
        assert!(suppressed(&result, "k8s-binding-to-public-group").is_empty());
    }

    #[test]
    fn trivy_and_tfsec_comments() {
        let result = scan(&pod("", "  # trivy:ignore:KSV010\n", "", ""));
        assert_eq!(suppressed(&result, HOST_PID), [8]);
        assert_eq!(active(&result, PRIV), [13]);
        // The AVD form of the id, an expiry date, and tfsec's prefix.
        let result = scan(&pod(
            "",
            "",
            "  #trivy:ignore:AVD-KSV-0017:exp:2030-01-31",
            "",
        ));
        assert_eq!(suppressed(&result, PRIV), [12]);
        let suppression = result.suppressed[0].suppression.as_ref().unwrap();
        assert_eq!(suppression.expires.as_deref(), Some("2030-01-31"));
        assert_eq!(suppression.justification, "suppressed by Trivy comment");
        let result = scan(&pod("", "  # tfsec:ignore:KSV010\n", "", ""));
        assert_eq!(suppressed(&result, HOST_PID), [8]);
        // An id the rule does not map.
        let result = scan(&pod("", "  # trivy:ignore:KSV017\n", "", ""));
        assert_eq!(active(&result, HOST_PID), [8]);
    }

    #[test]
    fn trivy_ids() {
        assert_eq!(trivy_key("KSV017"), trivy_key("AVD-KSV-0017"));
        assert_eq!(trivy_key("ksv17"), "KSV17");
        assert_ne!(trivy_key("KSV017"), trivy_key("KSV001"));
        assert!(peer_id_matches(Peer::Trivy, "KSV017", "*"));
        assert!(peer_id_matches(Peer::Checkov, "CKV_K8S_16", "ckv_k8s_16"));
    }
}
