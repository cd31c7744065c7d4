//! The cluster phase of a scan: once every file is read, the rules that judge objects together
//! (`Rule::check_cluster`) run over the cluster view of the whole scan, and their findings get
//! what the per-file phase gives every finding there: severity overrides, inline suppressions
//! (from each file's directives, kept for this), and the file's text for the reports to quote.
//! Exceptions, baselines, risk scores and compliance then treat them like any other finding.

use std::collections::BTreeMap;
use std::sync::Arc;

use rampart_diagnostics::ScanResult;
use rampart_rules::cluster::Graph;

use crate::inline::Suppressions;
use crate::terraform::ClusterObject;
use crate::ScanOptions;

/// What the cluster phase needs to know of each file, by path: its inline directives, and its
/// text (kept only for files with objects of the cluster view).
#[derive(Default)]
pub(crate) struct Files {
    pub suppressions: BTreeMap<String, Suppressions>,
    pub texts: BTreeMap<String, Arc<str>>,
}

impl Files {
    pub fn add(&mut self, suppressions: Suppressions, text: Option<(String, Arc<str>)>) {
        if !suppressions.is_empty() {
            self.suppressions
                .insert(suppressions.path().to_owned(), suppressions);
        }
        if let Some((path, text)) = text {
            self.texts.insert(path, text);
        }
    }
}

/// Runs the cluster rules and adds their findings (unsorted) to `result`. A finding in an
/// object of the Kubernetes provider's resources (`terraform`) names the Terraform resource,
/// and is dropped when it covers a value not known before apply.
pub(crate) fn check(
    cluster: &Graph<'_>,
    options: &ScanOptions<'_>,
    files: Files,
    terraform: &[ClusterObject],
    result: &mut ScanResult,
) {
    let mut findings = rampart_rules::check_cluster(cluster, &options.rules);
    // The other objects a finding names, where a plan's object is in its `.tf` source.
    for related in findings.iter_mut().flat_map(|f| &mut f.related) {
        if let Some(location) = terraform
            .iter()
            .find_map(|o| o.in_source(&related.location))
        {
            related.location = location;
        }
    }
    findings.retain_mut(|finding| {
        terraform
            .iter()
            .find(|object| object.holds(finding))
            .is_none_or(|object| object.adopt(finding))
    });
    for finding in &mut findings {
        if let Some(severity) = options.severity_overrides.get(finding.rule.id) {
            finding.severity = *severity;
        }
    }
    for suppressions in files.suppressions.values() {
        result.suppressed.extend(suppressions.apply(&mut findings));
    }
    for finding in findings.iter().chain(&result.suppressed) {
        let path = &finding.location.path;
        if !result.sources.contains_key(path) {
            if let Some(text) = files.texts.get(path) {
                result.sources.insert(path.clone(), Arc::clone(text));
            }
        }
    }
    result.findings.extend(findings);
}
