//! Risk: how much each finding matters in its context, so that the riskiest are fixed first.
//!
//! During the scan, `Inventory::add_document` (the cluster view of `rampart_rules::cluster`,
//! which the cluster rules read too) keeps a few facts about every object (what a
//! workload runs and mounts, what a Service selects, where an Ingress routes, what a role grants
//! and to whom). After the scan, [`assess`] links them across files (`rampart_rules::cluster::Graph`), gives every
//! finding a score from its severity and its resource's context, each point with its reason
//! ([`score`]), and tells the attack paths that end at an exposed, powerful workload ([`paths`]).
//! The README's "Risk scores" section documents the model.

mod paths;
mod score;

#[cfg(test)]
mod tests;

use std::cmp::Reverse;

use rampart_diagnostics::{Finding, PathStep, Related};

use rampart_rules::cluster::Graph;

pub(crate) use rampart_rules::cluster::Inventory;
use score::{Locator, Target};

/// Scores every finding (active and suppressed alike, so that each record has its risk) and
/// attaches attack paths. `findings` should be in report order, for the rare ties of the
/// fallback below to break the same way on every run.
pub(crate) fn assess(graph: &Graph<'_>, findings: &mut [Finding], suppressed: &mut [Finding]) {
    let inventory = graph.inventory;
    let locator = Locator::new(graph);
    let mut all: Vec<&mut Finding> = findings.iter_mut().chain(suppressed.iter_mut()).collect();
    let targets: Vec<Option<Target>> = all.iter().map(|f| locator.find(&f.location)).collect();
    for (finding, target) in all.iter_mut().zip(&targets) {
        finding.risk = Some(score::score(finding, graph, *target));
    }

    for w in 0..inventory.workloads.len() {
        let Some(path) = paths::attack_path(graph, w) else {
            continue;
        };
        // The findings that are steps of the path (the privileged flag, the socket mount, the
        // cluster-admin binding...), and at least one finding of the workload at its end: its
        // riskiest, active before suppressed.
        let mut on_path: Vec<usize> = (0..all.len()).filter(|&i| is_step(all[i], &path)).collect();
        if !on_path
            .iter()
            .any(|&i| targets[i] == Some(Target::Workload(w)))
        {
            let riskiest = (0..all.len())
                .filter(|&i| targets[i] == Some(Target::Workload(w)))
                .min_by(|&a, &b| {
                    let key = |f: &Finding| {
                        (
                            f.suppression.is_some(),
                            Reverse(f.risk.as_ref().map_or(0, |r| r.score)),
                        )
                    };
                    key(all[a])
                        .cmp(&key(all[b]))
                        .then_with(|| all[a].sort_key().cmp(&all[b].sort_key()))
                });
            on_path.extend(riskiest);
        }
        for i in on_path {
            attach(all[i], &path);
        }
    }
}

/// Whether a finding is at one of the path's steps (at the entry the step points at, or inside
/// it).
fn is_step(finding: &Finding, path: &[PathStep]) -> bool {
    path.iter()
        .filter_map(|s| s.location.as_ref())
        .any(|l| l.path == finding.location.path && l.range.contains_range(finding.location.range))
}

/// Gives a finding the path (the first path it is on keeps it), and the steps' locations as
/// related locations, numbered: `attack path 2/5: ...`.
fn attach(finding: &mut Finding, path: &[PathStep]) {
    let Some(risk) = finding.risk.as_mut() else {
        return;
    };
    if !risk.path.is_empty() {
        return;
    }
    risk.path = path.to_vec();
    for (n, step) in path.iter().enumerate() {
        let Some(location) = &step.location else {
            continue;
        };
        if *location == finding.location {
            continue;
        }
        let related = Related {
            location: location.clone(),
            message: format!("attack path {}/{}: {}", n + 1, path.len(), step.description),
        };
        if !finding
            .related
            .iter()
            .any(|r| r.location == related.location && r.message == related.message)
        {
            finding.related.push(related);
        }
    }
}
