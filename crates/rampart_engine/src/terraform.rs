//! Terraform in a scan: the `.tf` and `.tf.json` inputs are grouped into modules by directory,
//! read and parsed once (in parallel), and each root module (a directory no other scanned
//! directory calls as a local module) is evaluated with its tfvars, its local module calls
//! followed, and judged by the Terraform rules. Files that do not parse are input errors with
//! their position; the rest of their module is still evaluated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rampart_diagnostics::{Finding, InputError, InputErrorKind, ResourceRef};
use rampart_policy::Policies;
use rampart_rules::terraform::{check_module, visit, TerraformRule, TfContext};
use rampart_terraform::{evaluate, EvaluatedModule, Inputs, Project, ResourceInstance, Span};
use rayon::prelude::*;

/// What the Terraform part of a scan gave.
#[derive(Default)]
pub(crate) struct TerraformOutcome {
    pub findings: Vec<Finding>,
    /// Policy findings a conftest `exception` rule exempts.
    pub suppressed: Vec<Finding>,
    pub errors: Vec<InputError>,
    /// The text of each file a finding names.
    pub sources: BTreeMap<String, Arc<str>>,
}

/// Whether an input is Terraform configuration.
pub(crate) fn is_terraform(name: &str) -> bool {
    rampart_terraform::project::is_terraform_file(name)
}

pub(crate) fn scan_terraform(
    files: &[&Path],
    rules: &[&'static dyn TerraformRule],
    inputs: &Inputs,
    policies: Option<&Policies>,
) -> TerraformOutcome {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|file| match file.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    let mut project = Project::new();
    project.load_modules(&dirs);
    let called: BTreeSet<PathBuf> = dirs
        .iter()
        .flat_map(|dir| project.module(dir).local_calls())
        .collect();
    let mut outcome = TerraformOutcome::default();
    let mut reported = BTreeSet::new();
    for root in dirs.iter().filter(|d| !called.contains(*d)) {
        let module = evaluate(&mut project, root, inputs);
        outcome
            .findings
            .extend(check_module(&project, &module, rules));
        if let Some(policies) = policies.filter(|p| p.has_rules()) {
            run_policies(&project, &module, policies, &mut outcome);
        }
        for error in module.walk().flat_map(|m| &m.errors) {
            if !reported.insert(error.path.clone()) {
                continue;
            }
            let location = error.file.zip(error.error.as_ref()).map(|(file, parse)| {
                project
                    .file(file)
                    .location(rampart_source::TextRange::empty(parse.offset))
            });
            outcome.errors.push(InputError {
                path: error.path.to_string_lossy().into_owned(),
                kind: if error.error.is_some() {
                    InputErrorKind::Parse
                } else {
                    InputErrorKind::Read
                },
                location,
                message: error
                    .error
                    .as_ref()
                    .map_or_else(|| error.message.clone(), |e| e.message.clone()),
            });
        }
    }
    let named: BTreeSet<&str> = outcome
        .findings
        .iter()
        .chain(&outcome.suppressed)
        .flat_map(|f| std::iter::once(&f.location).chain(f.related.iter().map(|r| &r.location)))
        .map(|l| l.path.as_str())
        .collect();
    for file in project.files() {
        if named.contains(file.path()) {
            outcome
                .sources
                .insert(file.path().to_owned(), file.shared_text());
        }
    }
    outcome
}

/// Runs the custom policies on every resource instance of `root` and the modules it calls (in
/// parallel): each instance is one input (see `rampart_policy::terraform`), and a result points
/// at the resource, or at the attribute or nested block its `path` names, with where the value
/// was set and the module calls that lead there, as built-in rules' findings do.
fn run_policies(
    project: &Project,
    root: &EvaluatedModule,
    policies: &Policies,
    outcome: &mut TerraformOutcome,
) {
    let mut instances: Vec<(&ResourceInstance, &EvaluatedModule, Vec<Span>)> = Vec::new();
    visit(root, &mut |resource, calls| {
        instances.push((resource.instance, resource.module, calls.to_vec()));
    });
    let judged: Vec<(Vec<Finding>, Vec<InputError>)> = instances
        .par_iter()
        .map_init(
            || policies.evaluator(),
            |evaluator, (instance, module, calls)| {
                let input = rampart_policy::terraform::input(instance, &module.address);
                let (results, failures) = evaluator.judge(&input);
                let findings = results
                    .iter()
                    .map(|result| policy_finding(project, instance, calls, result))
                    .collect();
                let errors = failures
                    .iter()
                    .map(|(rule, message)| {
                        let file = project.file(instance.span.file);
                        InputError {
                            path: file.path().to_owned(),
                            kind: InputErrorKind::Policy,
                            location: Some(file.location(rampart_source::TextRange::empty(
                                instance.span.range.start,
                            ))),
                            message: rampart_policy::failure(rule, &instance.address, message),
                        }
                    })
                    .collect();
                (findings, errors)
            },
        )
        .collect();
    for (findings, errors) in judged {
        for finding in findings {
            if finding.suppression.is_some() {
                outcome.suppressed.push(finding);
            } else {
                outcome.findings.push(finding);
            }
        }
        outcome.errors.extend(errors);
    }
}

fn policy_finding(
    project: &Project,
    instance: &ResourceInstance,
    calls: &[Span],
    result: &rampart_policy::RuleResult,
) -> Finding {
    let mut cx = TfContext::new(project, result.meta, instance, calls);
    let (target, route) = match &result.path {
        Some(path) => rampart_policy::terraform::locate(instance, path),
        None => (
            rampart_policy::terraform::Target {
                span: instance.span,
                attribute: None,
                whole: true,
            },
            String::new(),
        ),
    };
    let message = result.message.clone();
    match target.attribute {
        Some((attribute, value)) => {
            cx.report_value_at(target.span, attribute, value, &route, message);
        }
        None => {
            cx.report(target.span, &route, message);
        }
    }
    let mut finding = cx
        .into_findings()
        .pop()
        .expect("the context holds the finding just reported");
    let resource = ResourceRef::terraform(&instance.kind, &instance.address);
    finding.fingerprint = result.fingerprint(
        &finding.location.path,
        Some(&resource),
        finding.route.as_deref(),
    );
    finding.suppression.clone_from(&result.suppression);
    if !target.whole {
        finding.notes.extend(result.partial_path_note());
    }
    finding
}
