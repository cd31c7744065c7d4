use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rampart_diagnostics::{
    Finding, InputError, InputErrorKind, Notice, ResourceRef, ScanResult, ScannedResource, Severity,
};
use rampart_kubernetes::helm_source;
use rampart_policy::{Evaluator, Policies, PolicyInput};
use rampart_rules::Rule;
use rampart_source::{SourceFile, TextRange};
use rampart_yaml::{parse_json, parse_yaml, Limits};
use rayon::prelude::*;

use crate::{Input, InputSource};

/// Files larger than this are not read unless the limit is raised (`--max-file-size`).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// How many leading bytes are looked at to tell a binary file.
const BINARY_SNIFF: usize = 8 * 1024;

/// What to scan and how.
pub struct ScanOptions<'a> {
    pub inputs: Vec<Input>,
    /// The text of standard input, when an input is `-`.
    pub stdin: Option<String>,
    pub rules: Vec<&'static dyn Rule>,
    /// The rules run over Terraform modules.
    pub terraform_rules: Vec<&'static dyn rampart_rules::terraform::TerraformRule>,
    /// Variable files and values given to every Terraform root module.
    pub terraform_inputs: rampart_terraform::Inputs,
    /// What the configuration says about the Terraform rules (`required-tags`).
    pub terraform_settings: rampart_rules::terraform::TfSettings,
    pub severity_overrides: BTreeMap<String, Severity>,
    pub max_file_size: u64,
    pub limits: Limits,
    /// Counts files as they finish, for a progress display.
    pub progress: Option<&'a AtomicUsize>,
    /// The Kubernetes release the manifests target (`MAJOR`, `MINOR`); `None` judges them
    /// against the newest release the rules know of.
    pub k8s_version: Option<(u32, u32)>,
    /// Custom policies (Rego, Gatekeeper), run on every document beside the rules.
    pub policies: Option<&'a Policies>,
}

/// What one file gave.
#[derive(Default)]
struct FileOutcome {
    findings: Vec<Finding>,
    /// Findings an inline comment or annotation suppresses.
    suppressed: Vec<Finding>,
    errors: Vec<InputError>,
    notices: Vec<Notice>,
    source: Option<(String, Arc<str>)>,
    scanned: bool,
    /// What risk scoring needs to know about the file's objects.
    inventory: crate::risk::Inventory,
    /// The file's Kubernetes objects, for compliance scores.
    resources: Vec<ScannedResource>,
    /// The file's inline directives and, when it has objects of the cluster view, its text: for
    /// the findings of the cluster rules, which come once every file is read.
    suppressions: crate::inline::Suppressions,
    text: Option<(String, Arc<str>)>,
}

impl ScanOptions<'_> {
    /// What the Kubernetes rules are told about the scan (the target release).
    pub(crate) fn rule_settings(&self) -> rampart_rules::Settings {
        rampart_rules::Settings {
            k8s_version: self
                .k8s_version
                .map(|(major, minor)| rampart_rules::KubeVersion::new(major, minor)),
        }
    }
}

/// Scans every input in parallel and returns the sorted result.
#[must_use]
pub fn scan(options: &ScanOptions<'_>) -> ScanResult {
    let (terraform, manifests): (Vec<&Input>, Vec<&Input>) =
        options.inputs.iter().partition(|input| {
            matches!(&input.source, InputSource::File(path)
                if crate::terraform::is_terraform_input(path, &input.name))
        });
    let outcomes: Vec<FileOutcome> = manifests
        .par_iter()
        .map_init(
            || options.policies.map(Policies::evaluator),
            |evaluator, input| {
                let outcome = scan_input(input, options, evaluator.as_mut());
                if let Some(progress) = options.progress {
                    progress.fetch_add(1, Ordering::Relaxed);
                }
                outcome
            },
        )
        .collect();

    let mut rules: Vec<_> = options.rules.iter().map(|r| r.meta()).collect();
    rules.extend(options.policies.map(Policies::metas).unwrap_or_default());
    let mut result = ScanResult {
        rules,
        severity_overrides: options.severity_overrides.clone(),
        ..ScanResult::default()
    };
    let mut inventory = crate::risk::Inventory::default();
    let mut files = crate::cluster::Files::default();
    let mut terraform_objects = Vec::new();
    if !terraform.is_empty() {
        let paths: Vec<&Path> = terraform
            .iter()
            .filter_map(|input| match &input.source {
                InputSource::File(path) => Some(path.as_path()),
                InputSource::Stdin => None,
            })
            .collect();
        let mut outcome = crate::terraform::scan_terraform(&paths, options);
        let cluster = std::mem::take(&mut outcome.cluster);
        inventory.extend(cluster.inventory);
        terraform_objects = cluster.objects;
        for (suppressions, text) in cluster.files {
            files.add(suppressions, Some(text));
        }
        result
            .rules
            .extend(options.terraform_rules.iter().map(|r| r.meta()));
        result.files_scanned += paths.len();
        let mut findings = outcome.findings;
        for finding in &mut findings {
            if let Some(severity) = options.severity_overrides.get(finding.rule.id) {
                finding.severity = *severity;
            }
        }
        result.findings.extend(findings);
        result.suppressed.extend(outcome.suppressed);
        result.errors.extend(outcome.errors);
        result.notices.extend(outcome.notices);
        result.resources.extend(outcome.resources);
        result.sources.extend(outcome.sources);
        if let Some(progress) = options.progress {
            progress.fetch_add(paths.len(), Ordering::Relaxed);
        }
    }
    for outcome in outcomes {
        files.add(outcome.suppressions, outcome.text);
        result.findings.extend(outcome.findings);
        result.suppressed.extend(outcome.suppressed);
        inventory.extend(outcome.inventory);
        result.errors.extend(outcome.errors);
        result.notices.extend(outcome.notices);
        result.files_scanned += usize::from(outcome.scanned);
        result.resources.extend(outcome.resources);
        if let Some((name, text)) = outcome.source {
            result.sources.insert(name, text);
        }
    }
    inventory.sort();
    let cluster = rampart_rules::cluster::Graph::new(&inventory);
    crate::cluster::check(&cluster, options, files, &terraform_objects, &mut result);
    result
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    // The same finding twice (the same rule, place and resource); two instances of a
    // resource (module calls, `count`) stay two findings, as their fingerprints are two.
    let same = |a: &mut Finding, b: &mut Finding| {
        a.sort_key() == b.sort_key() && a.location == b.location && a.resource == b.resource
    };
    result.findings.dedup_by(same);
    result
        .suppressed
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    result.suppressed.dedup_by(same);
    result.resources.sort();
    crate::risk::assess(&cluster, &mut result.findings, &mut result.suppressed);
    result.errors.sort_by(|a, b| {
        let line = |e: &InputError| e.location.as_ref().map(|l| (l.start.line, l.start.column));
        (&a.path, line(a)).cmp(&(&b.path, line(b)))
    });
    result
        .notices
        .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    result
}

fn scan_input(
    input: &Input,
    options: &ScanOptions<'_>,
    evaluator: Option<&mut Evaluator<'_>>,
) -> FileOutcome {
    let name = input.name.clone();
    let error = |kind, message: String| FileOutcome {
        errors: vec![InputError {
            path: name.clone(),
            kind,
            location: None,
            message,
        }],
        ..FileOutcome::default()
    };
    let bytes = match &input.source {
        InputSource::Stdin => match &options.stdin {
            Some(text) if text.len() as u64 > options.max_file_size => {
                return error(
                    InputErrorKind::TooLarge,
                    too_large(text.len() as u64, options.max_file_size),
                );
            }
            Some(text) => text.clone().into_bytes(),
            None => return error(InputErrorKind::Read, "standard input was not read".into()),
        },
        InputSource::File(path) => match read_limited(path, options.max_file_size) {
            Ok(bytes) => bytes,
            Err(ReadError::TooLarge(size)) => {
                return error(
                    InputErrorKind::TooLarge,
                    too_large(size, options.max_file_size),
                );
            }
            Err(ReadError::Io(e)) => {
                return error(InputErrorKind::Read, format!("cannot read: {e}"))
            }
        },
    };

    if bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0) {
        return FileOutcome {
            notices: vec![Notice {
                path: name,
                message: "binary file (it contains NUL bytes); skipped".into(),
                warning: true,
            }],
            ..FileOutcome::default()
        };
    }

    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let file = SourceFile::new(name.clone(), prefix);
            let offset = u32::try_from(valid).unwrap_or(u32::MAX);
            return FileOutcome {
                errors: vec![InputError {
                    path: name,
                    kind: InputErrorKind::Encoding,
                    location: Some(file.location(TextRange::empty(offset))),
                    message: format!(
                        "not valid UTF-8 (invalid byte at offset {valid}); manifests must be UTF-8"
                    ),
                }],
                ..FileOutcome::default()
            };
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        // Keep offsets true to the file: blank the BOM out rather than shifting the text.
        Some(rest) => format!("   {rest}"),
        None => text,
    };
    scan_text(name, text, options, evaluator)
}

fn scan_text(
    name: String,
    text: String,
    options: &ScanOptions<'_>,
    mut evaluator: Option<&mut Evaluator<'_>>,
) -> FileOutcome {
    let file = SourceFile::new(name, text);
    let is_json = Path::new(file.path())
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = if is_json {
        parse_json(file.text(), options.limits)
    } else {
        parse_yaml(file.text(), options.limits)
    };

    let mut outcome = FileOutcome {
        scanned: true,
        ..FileOutcome::default()
    };
    if let Some(e) = &parsed.error {
        outcome.errors.push(InputError {
            path: file.path().to_owned(),
            kind: InputErrorKind::Parse,
            location: Some(file.location(TextRange::empty(e.offset))),
            message: e.message.clone(),
        });
    }
    let many = parsed.documents.len() > 1;
    for (index, doc) in parsed.documents.iter().enumerate() {
        let Some(root) = &doc.root else { continue };
        if root.is_null() {
            continue;
        }
        let helm = helm_source(file.slice(doc.range));
        outcome.inventory.add_document(&file, root, helm);
        if let Ok(objects) = rampart_kubernetes::objects(root) {
            outcome
                .resources
                .extend(objects.iter().map(|object| ScannedResource {
                    path: file.path().to_owned(),
                    resource: ResourceRef {
                        api_version: object.api_version.to_owned(),
                        kind: object.kind.to_owned(),
                        namespace: object.namespace.map(str::to_owned),
                        name: object.name.map(str::to_owned),
                    },
                    class: crate::compliance::class_of(object),
                }));
        }
        let settings = options.rule_settings();
        if let Some(evaluator) = evaluator.as_deref_mut() {
            run_policies(evaluator, &file, root, helm, &mut outcome);
        }
        match rampart_rules::check_document(&file, root, helm, &options.rules, &settings) {
            Ok(findings) => outcome.findings.extend(findings),
            Err(reason) => outcome.notices.push(Notice {
                path: file.path().to_owned(),
                message: if many {
                    format!(
                        "document {} is not a Kubernetes object ({}); skipped",
                        index + 1,
                        reason.0
                    )
                } else {
                    format!("not a Kubernetes object ({}); skipped", reason.0)
                },
                warning: false,
            }),
        }
    }
    for finding in &mut outcome.findings {
        if let Some(severity) = options.severity_overrides.get(finding.rule.id) {
            finding.severity = *severity;
        }
    }
    let is_rule = |id: &str| {
        rampart_rules::find_meta(id).is_some() || options.policies.is_some_and(|p| p.defines(id))
    };
    let (suppressed, warnings, suppressions) = crate::inline::suppress(
        &file,
        &parsed.documents,
        !is_json,
        &mut outcome.findings,
        &is_rule,
    );
    outcome.suppressed.extend(suppressed);
    outcome.notices.extend(warnings);
    outcome.suppressions = suppressions;
    if !outcome.inventory.is_empty() {
        outcome.text = Some((file.path().to_owned(), file.shared_text()));
    }
    if !outcome.findings.is_empty() || !outcome.suppressed.is_empty() {
        let mut redact = outcome
            .findings
            .iter()
            .chain(&outcome.suppressed)
            .flat_map(|f| &f.redact)
            .peekable();
        let text = if redact.peek().is_some() {
            Arc::from(masked(file.text(), redact))
        } else {
            file.shared_text()
        };
        outcome.source = Some((file.path().to_owned(), text));
    }
    outcome
}

/// Runs the custom policies on one document: on each Kubernetes object in it (each item of a
/// List), or on the document as it is when it is not Kubernetes, as conftest would.
fn run_policies(
    evaluator: &mut Evaluator<'_>,
    file: &SourceFile,
    root: &rampart_source::Node,
    helm: Option<&str>,
    outcome: &mut FileOutcome,
) {
    let objects = rampart_kubernetes::objects(root).unwrap_or_default();
    let inputs: Vec<PolicyInput<'_>> = if objects.is_empty() {
        vec![PolicyInput {
            file,
            root,
            object: None,
            helm_template: helm,
        }]
    } else {
        objects
            .iter()
            .map(|object| PolicyInput {
                file,
                root: object.node,
                object: Some(object),
                helm_template: helm,
            })
            .collect()
    };
    for input in &inputs {
        let (findings, errors) = evaluator.evaluate(input);
        let (suppressed, findings): (Vec<_>, Vec<_>) =
            findings.into_iter().partition(|f| f.suppression.is_some());
        outcome.findings.extend(findings);
        outcome.suppressed.extend(suppressed);
        outcome
            .errors
            .extend(errors.into_iter().map(|e| InputError {
                path: file.path().to_owned(),
                kind: InputErrorKind::Policy,
                location: Some(file.location(e.range)),
                message: e.message,
            }));
    }
}

/// The objects of every input as JSON, for policies that must see the whole scan before judging
/// one object (Gatekeeper's `data.inventory` and namespace selectors). Files that cannot be read
/// or parsed are left out here; the scan reports them.
#[must_use]
pub fn objects_as_json(
    inputs: &[Input],
    stdin: Option<&str>,
    max_file_size: u64,
    limits: Limits,
) -> Vec<serde_json::Value> {
    let mut objects: Vec<serde_json::Value> = inputs
        .par_iter()
        .filter(|input| match &input.source {
            InputSource::File(path) => !crate::terraform::is_terraform_input(path, &input.name),
            InputSource::Stdin => true,
        })
        .flat_map_iter(|input| {
            let text = match &input.source {
                InputSource::Stdin => stdin.map(str::to_owned),
                InputSource::File(path) => read_limited(path, max_file_size)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok()),
            };
            let Some(text) = text else {
                return Vec::new();
            };
            let is_json = Path::new(&input.name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let parsed = if is_json {
                parse_json(&text, limits)
            } else {
                parse_yaml(&text, limits)
            };
            parsed
                .documents
                .iter()
                .filter_map(|d| d.root.as_ref())
                .flat_map(|root| rampart_kubernetes::objects(root).unwrap_or_default())
                .map(|object| rampart_policy::input::to_json(object.node))
                .collect()
        })
        .collect();
    objects.sort_by_key(ToString::to_string);
    objects
}

/// The text with every byte of the given ranges (secrets) replaced by `*`, so that offsets stay
/// true while no report can quote what was there.
fn masked<'r>(text: &str, ranges: impl Iterator<Item = &'r TextRange>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        let end = (range.end as usize).min(bytes.len());
        for byte in &mut bytes[(range.start as usize).min(end)..end] {
            if !byte.is_ascii_whitespace() {
                *byte = b'*';
            }
        }
    }
    // Masking whole ranges may cut a multi-byte character at a range edge; lossy decoding keeps
    // the rest intact.
    String::from_utf8_lossy(&bytes).into_owned()
}

fn too_large(size: u64, limit: u64) -> String {
    format!("file is {size} bytes, over the {limit}-byte limit; skipped (raise it with --max-file-size)")
}

enum ReadError {
    TooLarge(u64),
    Io(std::io::Error),
}

/// Reads a file, refusing to read past `limit` bytes (the size is checked first, and the read is
/// bounded too, for files that grow or lie about their size, like those under /proc).
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if metadata.is_dir() {
        return Err(ReadError::Io(std::io::Error::other("is a directory")));
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge(metadata.len()));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}
