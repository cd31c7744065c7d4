//! Compliance scores: how a scan measures up to each framework, the way Kubescape reports it.
//!
//! - The **controls** of a framework are the distinct `control` strings of the rules that ran
//!   and map to it ([`framework_controls`]); the restricted Pod Security Standard includes the
//!   baseline's controls ([`Framework::includes`]).
//! - A rule **examines** the classes of object ([`ResourceClass`]: workloads, RBAC roles, RBAC
//!   bindings, other objects) that it reports on among the probe objects of `probes.yaml`, run
//!   once per process; a rule that reports on none of them is taken to examine every Kubernetes
//!   object. A Terraform rule examines the Terraform resource instances (every managed one of
//!   the scan: without provider schemas, which types a rule could judge is not listed).
//! - A control is **applicable** when the scan holds an object of a class one of its rules
//!   examines, or when one of its rules has a finding (counted, baselined or suppressed).
//! - A control **passes** when it is applicable and none of its rules has a finding that counts:
//!   an active one or one a baseline records. Suppressed findings (a decision on record) do not
//!   fail a control.
//! - The **resources** of a framework are the scanned objects (kind, namespace and name, per file)
//!   of a class one of its rules examines, and any object one of its rules has a finding in;
//!   those **passing** have no finding that counts of the framework's rules.
//! - The **score** is controls passed out of applicable, in percent, rounded down to one decimal
//!   ([`FrameworkScore::score`]): the plain ratio, not Kubescape's risk-weighted score.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use rampart_diagnostics::{
    framework_controls, FailedControl, Finding, Framework, FrameworkScore, Platform, ResourceClass,
    ResourceRef, RuleMeta, ScanResult,
};
use rampart_kubernetes::Object;
use rampart_rules::cluster::{Graph, Inventory};
use rampart_rules::{Context, Rule};
use rampart_source::{SourceFile, TextRange};

/// The probe objects rules are run over to learn what they examine.
const PROBES: &str = include_str!("probes.yaml");

/// The class of an object: a pod-running workload, an RBAC role or binding, or another object.
pub(crate) fn class_of(object: &Object<'_>) -> ResourceClass {
    if object.workload_kind().is_some() {
        ResourceClass::Workload
    } else if object.is_rbac_role() {
        ResourceClass::RbacRole
    } else if object.is_rbac_binding() {
        ResourceClass::RbacBinding
    } else {
        ResourceClass::Other
    }
}

/// The classes of object each built-in rule examines, by rule id, learned from the probes.
fn probed_scopes() -> &'static BTreeMap<&'static str, BTreeSet<ResourceClass>> {
    static SCOPES: OnceLock<BTreeMap<&'static str, BTreeSet<ResourceClass>>> = OnceLock::new();
    SCOPES.get_or_init(|| probe(rampart_rules::all()))
}

/// Runs every rule over every probe object (and the cluster rules over all of them together)
/// and notes the classes of those it reports on.
fn probe(rules: &[&'static dyn Rule]) -> BTreeMap<&'static str, BTreeSet<ResourceClass>> {
    let file = SourceFile::new("<probe>", PROBES);
    let parsed = rampart_yaml::parse_yaml(file.text(), rampart_yaml::Limits::default());
    let mut scopes: BTreeMap<&'static str, BTreeSet<ResourceClass>> = rules
        .iter()
        .map(|rule| (rule.meta().id, BTreeSet::new()))
        .collect();
    let mut inventory = Inventory::default();
    let mut classes: Vec<(TextRange, ResourceClass)> = Vec::new();
    for root in parsed.documents.iter().filter_map(|doc| doc.root.as_ref()) {
        inventory.add_document(&file, root, None);
        let Ok(objects) = rampart_kubernetes::objects(root) else {
            continue;
        };
        for object in objects {
            let class = class_of(&object);
            classes.push((object.node.range, class));
            for rule in rules {
                let mut cx = Context::new(&file, object, None, rule.meta());
                rule.check(&object, &mut cx);
                if !cx.into_findings().is_empty() {
                    scopes.entry(rule.meta().id).or_default().insert(class);
                }
            }
        }
    }
    inventory.sort();
    for finding in rampart_rules::check_cluster(&Graph::new(&inventory), rules) {
        let range = finding.location.range;
        if let Some((_, class)) = classes.iter().find(|(r, _)| r.contains_range(range)) {
            scopes.entry(finding.rule.id).or_default().insert(*class);
        }
    }
    scopes
}

/// The classes of object `rule` examines: those it reports on among the probes, or every class
/// for a rule that reports on none of them (or that is not built in).
pub(crate) fn scope(rule: &RuleMeta) -> BTreeSet<ResourceClass> {
    if rule.platforms == [Platform::Terraform] {
        return [ResourceClass::Cloud].into();
    }
    match probed_scopes().get(rule.id) {
        Some(classes) if !classes.is_empty() => classes.clone(),
        _ => ResourceClass::ALL.into_iter().collect(),
    }
}

/// Fills `result.compliance` with the score of each framework: of `frameworks` when some are
/// given (each of them, in [`Framework::ALL`] order, even one no rule that ran implements), else
/// of every framework that at least one rule that ran implements.
///
/// Call it once the findings that count are settled: after exceptions
/// ([`apply_exceptions`](crate::apply_exceptions)) and a baseline
/// ([`Baseline::apply`](crate::Baseline::apply)) have been applied.
pub fn assess_compliance(result: &mut ScanResult, frameworks: &[Framework]) {
    result.compliance = compliance(result, frameworks, &scope);
}

fn compliance(
    result: &ScanResult,
    only: &[Framework],
    scope: &dyn Fn(&RuleMeta) -> BTreeSet<ResourceClass>,
) -> Vec<FrameworkScore> {
    let present: BTreeSet<ResourceClass> = result.resources.iter().map(|r| r.class).collect();
    let present_types: BTreeSet<&str> = result
        .resources
        .iter()
        .filter(|r| r.class == ResourceClass::Cloud)
        .map(|r| r.resource.kind.as_str())
        .collect();
    // Findings that count (active, or recorded by a baseline), and every finding, by rule id.
    let mut counted: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    let mut any: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for finding in result.findings.iter().chain(&result.baselined) {
        counted.entry(finding.rule.id).or_default().push(finding);
    }
    for finding in result
        .findings
        .iter()
        .chain(&result.baselined)
        .chain(&result.suppressed)
    {
        any.entry(finding.rule.id).or_default().push(finding);
    }

    let mut scores = Vec::new();
    for framework in Framework::ALL {
        if !only.is_empty() && !only.contains(&framework) {
            continue;
        }
        let controls = framework_controls(framework, &result.rules);
        if controls.is_empty() && only.is_empty() {
            continue;
        }
        let rules: Vec<&RuleMeta> = result
            .rules
            .iter()
            .copied()
            .filter(|rule| rule.maps_to(framework))
            .collect();
        let scopes: BTreeMap<&str, BTreeSet<ResourceClass>> =
            rules.iter().map(|rule| (rule.id, scope(rule))).collect();
        let examined_classes: BTreeSet<ResourceClass> =
            scopes.values().flatten().copied().collect();
        let findings_of =
            |map: &BTreeMap<&str, Vec<&'_ Finding>>, id: &str| map.get(id).map_or(0, Vec::len);

        let mut applicable = 0;
        let mut passed = 0;
        let mut failed_controls = Vec::new();
        for control in &controls {
            let examined = control.rules.iter().any(|rule| {
                scopes.get(rule.id).is_some_and(|classes| {
                    classes.iter().any(|class| {
                        present.contains(class)
                            && (*class != ResourceClass::Cloud
                                || present_types.iter().any(|kind| judges_type(rule.id, kind)))
                    })
                }) || findings_of(&any, rule.id) > 0
            });
            if !examined {
                continue;
            }
            applicable += 1;
            let failing: Vec<&'static str> = control
                .rules
                .iter()
                .map(|rule| rule.id)
                .filter(|id| findings_of(&counted, id) > 0)
                .collect();
            if failing.is_empty() {
                passed += 1;
            } else {
                failed_controls.push(FailedControl {
                    control: control.name.to_owned(),
                    findings: failing.iter().map(|id| findings_of(&counted, id)).sum(),
                    rules: failing,
                });
            }
        }

        let mut resources: BTreeSet<(&str, &ResourceRef)> = result
            .resources
            .iter()
            .filter(|r| examined_classes.contains(&r.class))
            .filter(|r| {
                r.class != ResourceClass::Cloud
                    || rules.iter().any(|rule| {
                        scopes[rule.id].contains(&ResourceClass::Cloud)
                            && judges_type(rule.id, &r.resource.kind)
                    })
            })
            .map(|r| (r.path.as_str(), &r.resource))
            .collect();
        let mut failing: BTreeSet<(&str, &ResourceRef)> = BTreeSet::new();
        for rule in &rules {
            resources.extend(
                any.get(rule.id)
                    .into_iter()
                    .flatten()
                    .filter_map(resource_of),
            );
            failing.extend(
                counted
                    .get(rule.id)
                    .into_iter()
                    .flatten()
                    .filter_map(resource_of),
            );
        }
        scores.push(FrameworkScore {
            framework,
            controls_total: controls.len(),
            controls_applicable: applicable,
            controls_passed: passed,
            resources_total: resources.len(),
            resources_passing: resources.difference(&failing).count(),
            failed_controls,
        });
    }
    scores
}

/// Whether the Terraform rule `id` judges resources of type `kind` (a rule that names no types
/// judges every type).
fn judges_type(id: &str, kind: &str) -> bool {
    rampart_rules::terraform::examined_types(id)
        .is_none_or(|types| types.is_empty() || types.contains(&kind))
}

/// The file and resource a finding is in, as compliance counts resources.
fn resource_of<'a>(finding: &&'a Finding) -> Option<(&'a str, &'a ResourceRef)> {
    finding
        .resource
        .as_ref()
        .map(|resource| (finding.location.path.as_str(), resource))
}

#[cfg(test)]
mod tests;
