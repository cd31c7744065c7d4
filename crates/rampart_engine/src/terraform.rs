//! Terraform in a scan: the `.tf` and `.tf.json` inputs are grouped into modules by directory,
//! read and parsed once (in parallel), and each root module (a directory no other scanned
//! directory calls as a local module) is evaluated with its tfvars, its local module calls
//! followed, and judged by the Terraform rules. Files that do not parse are input errors with
//! their position; the rest of their module is still evaluated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rampart_diagnostics::{Finding, InputError, InputErrorKind};
use rampart_rules::terraform::{check_module, TerraformRule};
use rampart_terraform::{evaluate, Inputs, Project};

/// What the Terraform part of a scan gave.
#[derive(Default)]
pub(crate) struct TerraformOutcome {
    pub findings: Vec<Finding>,
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
