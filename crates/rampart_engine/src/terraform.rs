//! Terraform in a scan: the `.tf` and `.tf.json` inputs are grouped into modules by directory,
//! read and parsed once (in parallel), and each root module (a directory no other scanned
//! directory calls as a local module) is evaluated with its tfvars, its local module calls
//! followed, and judged by the Terraform rules. Files that do not parse are input errors with
//! their position; the rest of their module is still evaluated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rampart_diagnostics::{
    Finding, InputError, InputErrorKind, Notice, Related, ResourceClass, ResourceRef,
    ScannedResource,
};
use rampart_policy::Policies;
use rampart_rules::cluster::Inventory;
use rampart_source::{Location, TextRange};

use crate::ScanOptions;
use rampart_rules::terraform::{check_module_with, visit, TerraformRule, TfContext, TfSettings};
use rampart_terraform::{
    evaluate, EvalBlock, EvalBody, EvaluatedModule, Mode, Project, ResourceInstance, Span, Value,
};
use rayon::prelude::*;

/// What the Terraform part of a scan gave.
#[derive(Default)]
pub(crate) struct TerraformOutcome {
    pub findings: Vec<Finding>,
    /// Findings an inline directive or a conftest `exception` rule suppresses.
    pub suppressed: Vec<Finding>,
    pub errors: Vec<InputError>,
    /// Warnings about inline directives that cannot be used.
    pub notices: Vec<Notice>,
    /// Every managed resource instance judged, for compliance scores.
    pub resources: Vec<ScannedResource>,
    /// The text of each file a finding names.
    pub sources: BTreeMap<String, Arc<str>>,
    /// The Kubernetes objects of the Kubernetes provider's resources, for the cluster phase.
    pub cluster: ClusterObjects,
}

/// The Kubernetes objects that the Kubernetes provider's resources create, in the cluster
/// view, so that the rules that judge objects together (network policies, exposure, service
/// account powers, disruption budgets) see them with the YAML manifests of the scan.
#[derive(Default)]
pub(crate) struct ClusterObjects {
    pub inventory: Inventory,
    pub objects: Vec<ClusterObject>,
    /// The inline directives of the `.tf` files that hold them, with their text.
    pub files: Vec<(crate::inline::Suppressions, (String, Arc<str>))>,
}

/// One object of [`ClusterObjects`]: what a cluster finding in it needs to name the Terraform
/// resource, as the per-object phase's findings do (see [`check_kubernetes`]).
pub(crate) struct ClusterObject {
    path: String,
    range: TextRange,
    resource: ResourceRef,
    calls: Vec<Related>,
    unknown: Vec<TextRange>,
    /// For an object of a plan whose configuration is in the scan: where its fields are in the
    /// `.tf` source, where its findings point.
    source: Option<Arc<SourceFields>>,
    /// The object, to name the field a location in it is (see [`Self::in_source`]).
    manifest: Arc<rampart_source::Node>,
}

impl ClusterObject {
    /// Whether `finding` points into this object's text.
    pub fn holds(&self, finding: &Finding) -> bool {
        finding.location.path == self.path && self.range.contains_range(finding.location.range)
    }

    /// Names the Terraform resource in `finding` (which [`Self::holds`]), with the module
    /// calls that lead to it; `false` when the finding covers a value not known before apply,
    /// which might have made it wrong: drop it.
    pub fn adopt(&self, finding: &mut Finding) -> bool {
        let range = finding.location.range;
        if self.unknown.iter().any(|u| range.contains_range(*u)) {
            return false;
        }
        finding.fingerprint = rampart_diagnostics::fingerprint(
            finding.rule.id,
            &finding.location.path,
            Some(&self.resource),
            finding.route.as_deref(),
        );
        finding.resource = Some(self.resource.clone());
        finding.related.extend(self.calls.iter().cloned());
        if let Some(source) = &self.source {
            source.point(finding);
        }
        true
    }

    /// Where `location`, a place in this object (the Service that another finding names), is
    /// in the `.tf` source: for an object of a plan whose configuration is in the scan, the
    /// field of the same route (else its nearest ancestor, else the resource block).
    pub fn in_source(&self, location: &Location) -> Option<Location> {
        let source = self.source.as_ref()?;
        if location.path != self.path || !self.range.contains_range(location.range) {
            return None;
        }
        let route = self.manifest.route_to(location.range).unwrap_or_default();
        Some(source.locate(&route.to_string()).clone())
    }

    /// The file its findings point into.
    fn reported_in(&self) -> &str {
        self.source.as_ref().map_or(&self.path, |s| &s.path)
    }
}

/// Whether an input is Terraform configuration.
pub(crate) fn is_terraform(name: &str) -> bool {
    rampart_terraform::project::is_terraform_file(name)
}

/// Whether a file is Terraform configuration, or a plan in JSON (`terraform show -json`): a
/// `.json` file whose start says so.
pub(crate) fn is_terraform_input(path: &Path, name: &str) -> bool {
    is_terraform(name) || (name.ends_with(".json") && is_plan(path))
}

fn is_plan(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = [0u8; 1024];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(read) = file.read(&mut head) else {
        return false;
    };
    rampart_terraform::plan::looks_like_plan(&String::from_utf8_lossy(&head[..read]))
}

/// What judging one module tree gave.
#[derive(Default)]
struct Judged {
    findings: Vec<Finding>,
    suppressed: Vec<Finding>,
    errors: Vec<InputError>,
}

impl Judged {
    fn of(
        project: &Project,
        module: &EvaluatedModule,
        rules: &[&'static dyn TerraformRule],
        settings: &TfSettings,
        policies: Option<&Policies>,
    ) -> Self {
        let mut judged = Judged {
            findings: check_module_with(project, module, rules, settings),
            ..Judged::default()
        };
        if let Some(policies) = policies.filter(|p| p.has_rules()) {
            run_policies(project, module, policies, &mut judged);
        }
        judged
    }
}

pub(crate) fn scan_terraform(files: &[&Path], options: &ScanOptions<'_>) -> TerraformOutcome {
    let rules = &options.terraform_rules;
    let settings = &options.terraform_settings;
    let policies = options.policies;
    let is_rule = |id: &str| {
        rampart_rules::find_meta(id).is_some() || policies.is_some_and(|p| p.defines(id))
    };
    let (plans, configuration): (Vec<&Path>, Vec<&Path>) = files
        .iter()
        .partition(|file| !is_terraform(&file.to_string_lossy()));
    let mut dirs: Vec<PathBuf> = configuration.iter().map(|file| dir_of(file)).collect();
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
    let mut roots = Vec::new();
    for root in dirs.iter().filter(|d| !called.contains(*d)) {
        let module = evaluate(&mut project, root, &options.terraform_inputs);
        if project.evaluation_limited() {
            outcome.notices.push(Notice {
                path: root.to_string_lossy().into_owned(),
                message: format!(
                    "the evaluation of this module stopped after {} steps (loops, counts or \
                     module calls that multiply): the values it had not reached are not known \
                     and not judged, and some resource instances were not made",
                    rampart_terraform::eval::MAX_STEPS
                ),
                warning: true,
            });
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
        let mut judged = Judged::of(&project, &module, rules, settings, policies);
        let (kubernetes, objects) = check_kubernetes(&project, &module, options);
        judged.findings.extend(kubernetes);
        roots.push((root.clone(), module, judged, objects));
    }
    for path in plans {
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                outcome
                    .errors
                    .push(read_error(path, "the file is not UTF-8 text".into()));
                continue;
            }
            Err(error) => {
                outcome.errors.push(read_error(path, error.to_string()));
                continue;
            }
        };
        let name = rampart_terraform::project::normalize(path);
        let file = project.add_file(name.to_string_lossy(), text);
        let dir = dir_of(path);
        let plan = match rampart_terraform::plan::read_plan(file, project.file(file), &dir) {
            Ok(plan) => plan,
            Err(error) => {
                let source = project.file(file);
                outcome.errors.push(InputError {
                    path: source.path().to_owned(),
                    kind: InputErrorKind::Parse,
                    location: Some(source.location(rampart_source::TextRange::empty(error.offset))),
                    message: error.message,
                });
                continue;
            }
        };
        let mut judged = Judged::of(&project, &plan, rules, settings, policies);
        let (mut kubernetes, mut objects) = check_kubernetes(&project, &plan, options);
        // The configuration the plan was made from, when it is in the scan: the root module in
        // the plan's folder. Its findings on the resources the plan has give way to the plan's
        // (the plan knows every value), which point into the `.tf` source; so do its objects in
        // the cluster view, and its other objects join the plan's under the same rule.
        if let Some((_, config, config_judged, config_objects)) =
            roots.iter_mut().find(|(d, _, _, _)| *d == dir)
        {
            let planned: BTreeMap<&str, &ResourceInstance> = plan
                .walk()
                .flat_map(|m| &m.resources)
                .map(|r| (r.address.as_str(), r))
                .collect();
            let covered = |f: &Finding| {
                f.resource
                    .as_ref()
                    .and_then(|r| r.name.as_deref())
                    .is_some_and(|a| planned.contains_key(a))
            };
            config_judged.findings.retain(|f| !covered(f));
            config_judged.suppressed.retain(|f| !covered(f));
            let sources: BTreeMap<&str, &ResourceInstance> = config
                .walk()
                .flat_map(|m| &m.resources)
                .map(|r| (r.address.as_str(), r))
                .collect();
            for finding in judged.findings.iter_mut().chain(&mut judged.suppressed) {
                map_to_source(&project, &sources, &planned, finding);
            }
            let fields: BTreeMap<String, Arc<SourceFields>> = objects
                .iter()
                .filter_map(|o| {
                    let address = o.address();
                    let source = sources.get(address)?;
                    let fields = SourceFields::of(&project, source);
                    Some((address.to_owned(), Arc::new(fields)))
                })
                .collect();
            for finding in &mut kubernetes {
                let address = finding.resource.as_ref().and_then(|r| r.name.as_deref());
                if let Some(fields) = address.and_then(|a| fields.get(a)) {
                    fields.point(finding);
                }
            }
            for object in &mut objects {
                object.object.source = fields.get(object.address()).cloned();
            }
            config_objects.retain(|object| !planned.contains_key(object.address()));
            objects.append(config_objects);
        }
        judged.findings.extend(kubernetes);
        roots.push((dir, plan, judged, objects));
    }
    // The resources judged: the configuration's, and those of plans whose configuration is not
    // in the scan (a plan beside its configuration judges the same resources).
    let mut seen = BTreeSet::new();
    for (_, module, _, _) in &roots {
        for instance in module.walk().flat_map(|m| &m.resources) {
            if instance.mode != Mode::Managed || !seen.insert(instance.address.clone()) {
                continue;
            }
            outcome.resources.push(ScannedResource {
                path: project.file(instance.span.file).path().to_owned(),
                resource: ResourceRef::terraform(&instance.kind, &instance.address),
                class: ResourceClass::Cloud,
            });
        }
    }
    for (_, _, judged, objects) in roots {
        outcome.findings.extend(judged.findings);
        outcome.suppressed.extend(judged.suppressed);
        outcome.errors.extend(judged.errors);
        join_cluster(objects, &mut outcome.cluster, &mut outcome.notices);
    }
    suppress_inline(&mut project, &mut outcome, &is_rule);
    let cluster_paths: BTreeSet<String> = outcome
        .cluster
        .objects
        .iter()
        .map(|o| o.reported_in().to_owned())
        .collect();
    for path in cluster_paths {
        // The warnings about its directives, if any, came with the file's other findings.
        if let Some((suppressions, _, text)) = hcl_suppressions(&mut project, &path, &is_rule) {
            outcome.cluster.files.push((suppressions, (path, text)));
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

/// The folder of `file`, normalized (`./a/../b` is `b`), as module sources are.
/// Runs the Kubernetes rules over the Kubernetes provider's resources (`kubernetes_deployment`
/// and the like), as the objects they create (`rampart_terraform::kubernetes`): findings keep
/// the Kubernetes rule ids, point into the `.tf` source, name the resource by its address, and
/// list the module calls that lead there. A finding that covers a value not known before apply
/// is dropped: that value might have made it wrong.
///
/// The objects are returned for the cluster view (see [`join_cluster`]).
fn check_kubernetes(
    project: &Project,
    module: &EvaluatedModule,
    options: &ScanOptions<'_>,
) -> (Vec<Finding>, Vec<KubernetesObject>) {
    let settings = options.rule_settings();
    let mut findings = Vec::new();
    let mut objects = Vec::new();
    if options.rules.is_empty() {
        return (findings, objects);
    }
    visit(module, &mut |resource, calls| {
        let instance = resource.instance;
        let Some(manifest) = rampart_terraform::kubernetes::manifest(instance) else {
            return;
        };
        let file = project.file(instance.span.file);
        let resource = ResourceRef::terraform(&instance.kind, &instance.address);
        let unknown = unknown_outside_containers(&manifest).map(|range| {
            let line = file.location(range).start.line;
            Notice {
                path: file.path().to_owned(),
                message: format!(
                    "{}: line {line} is not known before apply, so the cluster rules (network \
                     policies, exposure, service account powers) leave out the Kubernetes \
                     resources of this configuration (a variable without a value can be given \
                     with --var-file; a plan knows it)",
                    instance.address
                ),
                warning: false,
            }
        });
        let object = ClusterObject {
            path: file.path().to_owned(),
            range: manifest.node.range,
            resource,
            calls: rampart_rules::terraform::module_calls(project, calls),
            unknown: manifest.unknown.clone(),
            source: None,
            manifest: Arc::new(manifest.node.clone()),
        };
        if let Ok(found) = rampart_rules::check_terraform_object(
            file,
            &manifest.node,
            &instance.kind,
            &options.rules,
            &settings,
        ) {
            findings.extend(
                found
                    .into_iter()
                    .filter_map(|mut finding| object.adopt(&mut finding).then_some(finding)),
            );
        }
        let mut inventory = Inventory::default();
        inventory.add_created(file, &manifest.node);
        objects.push(KubernetesObject {
            inventory,
            object,
            unknown,
        });
    });
    (findings, objects)
}

/// One object that a Kubernetes provider's resource creates, for the cluster view.
struct KubernetesObject {
    inventory: Inventory,
    object: ClusterObject,
    /// Why it cannot join the cluster view, if it cannot: a value outside its containers (a
    /// label, a selector, a namespace, a role's rules) not known before apply.
    unknown: Option<Notice>,
}

impl KubernetesObject {
    /// The address of its resource.
    fn address(&self) -> &str {
        self.object.resource.name.as_deref().unwrap_or_default()
    }
}

/// Adds the objects of one configuration (or plan, with what its configuration has that the
/// plan does not) to the cluster view, unless one of them has a value outside its containers
/// that is not known before apply: then none joins it (a policy or a binding left out could
/// make the others look unprotected or harmless), and a notice says why.
fn join_cluster(
    objects: Vec<KubernetesObject>,
    cluster: &mut ClusterObjects,
    notices: &mut Vec<Notice>,
) {
    let unknown: Vec<Notice> = objects.iter().filter_map(|o| o.unknown.clone()).collect();
    if !unknown.is_empty() {
        notices.extend(unknown);
        return;
    }
    for object in objects {
        cluster.inventory.extend(object.inventory);
        cluster.objects.push(object.object);
    }
}

/// The first value of `manifest` not known before apply that lies outside the containers of
/// its pod spec, if any: a value the cluster view would need.
fn unknown_outside_containers(
    manifest: &rampart_terraform::kubernetes::Manifest,
) -> Option<TextRange> {
    let containers: Vec<TextRange> = rampart_kubernetes::objects_as_written(&manifest.node)
        .into_iter()
        .flatten()
        .flat_map(|object| object.containers())
        .map(|container| container.node.range)
        .collect();
    manifest
        .unknown
        .iter()
        .copied()
        .find(|u| !containers.iter().any(|c| c.contains_range(*u)))
}

/// Applies the inline directives (`# rampart:ignore ...`, and peers' own) of every `.tf` file a
/// finding points into; warnings about directives that cannot be used become notices.
fn suppress_inline(
    project: &mut Project,
    outcome: &mut TerraformOutcome,
    is_rule: &dyn Fn(&str) -> bool,
) {
    // The files findings point into, and those of the `module` blocks that lead to them.
    let paths: BTreeSet<String> = outcome
        .findings
        .iter()
        .flat_map(Finding::places)
        .map(|location| location.path.clone())
        .filter(|path| path.ends_with(".tf"))
        .collect();
    for path in paths {
        let Some((suppressions, notices, _)) = hcl_suppressions(project, &path, is_rule) else {
            continue;
        };
        outcome.notices.extend(notices);
        outcome
            .suppressed
            .extend(suppressions.apply(&mut outcome.findings));
    }
}

/// The inline directives of the `.tf` file `path`, the warnings about those that cannot be
/// used, and the file's text.
fn hcl_suppressions(
    project: &mut Project,
    path: &str,
    is_rule: &dyn Fn(&str) -> bool,
) -> Option<(crate::inline::Suppressions, Vec<Notice>, Arc<str>)> {
    let module = project.module(&dir_of(Path::new(path)));
    let file = module
        .files
        .iter()
        .copied()
        .find(|id| project.file(*id).path() == path)?;
    let outline = rampart_terraform::outline::outline(&module, file);
    let source = project.file(file);
    let (suppressions, notices) = crate::inline::Suppressions::read_hcl(source, &outline, is_rule);
    Some((suppressions, notices, source.shared_text()))
}

fn dir_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => rampart_terraform::project::normalize(dir),
        _ => PathBuf::from("."),
    }
}

fn read_error(path: &Path, message: String) -> InputError {
    InputError {
        path: path.to_string_lossy().into_owned(),
        kind: InputErrorKind::Read,
        location: None,
        message,
    }
}

/// The text in `source` (a resource instance of the configuration) that a finding's route
/// (`ingress[1].cidr_blocks`) on the planned instance `planned` names: the attribute it leads
/// to, through nested blocks, else the deepest block found, else the resource block. A plan
/// lists the elements of a set in its own order, so a nested block is found by its content: the
/// one source block of that type whose known arguments all equal the planned element's.
fn source_span(source: &ResourceInstance, planned: &ResourceInstance, route: &str) -> Span {
    let mut span = source.span;
    let mut body = &source.body;
    let mut plan = Some(planned.body.to_value());
    for step in route.split('.').filter(|s| !s.is_empty()) {
        let (name, index) = match step.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse().ok()),
            None => (step, None),
        };
        // Nested blocks however the source writes them (`.tf.json` objects, `ingress = [...]`).
        let blocks: Vec<&EvalBlock> = body.blocks_of(name).collect();
        let attribute = body.attribute(name).map(|a| a.span);
        if blocks.is_empty() {
            if let Some(span) = attribute {
                return span;
            }
        }
        let element = plan
            .as_ref()
            .and_then(|p| p.get(name))
            .and_then(|v| v.as_list())
            .and_then(|items| items.get(index.unwrap_or(0)))
            .cloned();
        let block = match blocks.as_slice() {
            [one] => Some(*one),
            many => element.as_ref().and_then(|element| {
                let mut same = many.iter().filter(|b| same_arguments(&b.body, element));
                match (same.next(), same.next()) {
                    (Some(found), None) => Some(*found),
                    _ => None,
                }
            }),
        };
        let Some(block) = block else {
            // Not told apart from its siblings: the attribute that holds them, if it is one.
            return attribute.unwrap_or(span);
        };
        span = block.span;
        body = &block.body;
        plan = element;
    }
    span
}

/// Whether every argument of `body` whose value is known equals the planned `element`'s.
fn same_arguments(body: &EvalBody, element: &Value) -> bool {
    body.attributes
        .iter()
        .filter(|a| !a.value.has_unknown())
        .all(|a| element.get(&a.name).is_some_and(|v| *v == a.value))
}

/// Points a finding made from a plan at the `.tf` source of its resource: the attribute the
/// finding names (the first step of its route), else the resource block; the key in the plan
/// becomes a related location.
fn map_to_source(
    project: &Project,
    sources: &BTreeMap<&str, &ResourceInstance>,
    plans: &BTreeMap<&str, &ResourceInstance>,
    finding: &mut Finding,
) {
    let address = finding.resource.as_ref().and_then(|r| r.name.as_deref());
    let (Some(source), Some(planned)) = (
        address.and_then(|a| sources.get(a)),
        address.and_then(|a| plans.get(a)),
    ) else {
        return;
    };
    let span = source_span(source, planned, finding.route.as_deref().unwrap_or(""));
    point_at_source(rampart_rules::terraform::location(project, span), finding);
}

/// Where the fields of the Kubernetes object of a configuration's resource are in its `.tf`
/// source, by route (`spec.template.spec.containers[name=web].securityContext.privileged`), so
/// that the Kubernetes rules' findings on the same resource in a plan point there, as the
/// Terraform rules' do (see [`map_to_source`]).
pub(crate) struct SourceFields {
    path: String,
    /// The route and text of each field and list item (a field's text is its key and value,
    /// as the Kubernetes rules report a field).
    fields: Vec<(String, Location)>,
    /// The resource block.
    block: Location,
}

impl SourceFields {
    fn of(project: &Project, source: &ResourceInstance) -> Self {
        let at = |range| {
            rampart_rules::terraform::location(
                project,
                Span {
                    file: source.span.file,
                    range,
                },
            )
        };
        let mut ranges = Vec::new();
        // A value the configuration alone cannot know is where the plan's value was set.
        if let Some(manifest) = rampart_terraform::kubernetes::manifest_with_placeholders(source) {
            routes(&manifest.node, &manifest.node, &mut ranges);
        }
        SourceFields {
            path: project.file(source.span.file).path().to_owned(),
            fields: ranges
                .into_iter()
                .map(|(route, range)| (route, at(range)))
                .collect(),
            block: at(source.span.range),
        }
    }

    /// Points a finding made from the plan at the field with the same route in the source,
    /// else at its nearest ancestor, else at the resource block (see [`point_at_source`]).
    fn point(&self, finding: &mut Finding) {
        let location = self.locate(finding.route.as_deref().unwrap_or(""));
        point_at_source(location.clone(), finding);
    }

    /// The field with `route` in the source, else its nearest ancestor, else the resource block.
    fn locate(&self, route: &str) -> &Location {
        self.fields
            .iter()
            .filter(|(r, _)| {
                route == r
                    || (route.starts_with(r.as_str())
                        && (r.is_empty() || route[r.len()..].starts_with(['.', '['])))
            })
            .rev()
            .max_by_key(|(r, _)| r.len())
            .map_or(&self.block, |(_, location)| location)
    }
}

/// The route (from `root`) and text of every field and list item in `node`.
fn routes(
    root: &rampart_source::Node,
    node: &rampart_source::Node,
    out: &mut Vec<(String, TextRange)>,
) {
    use rampart_source::NodeKind;
    match &node.kind {
        NodeKind::Mapping(entries) => {
            for entry in entries {
                if let Some(route) = root.route_to(entry.range()) {
                    out.push((route.to_string(), entry.range()));
                }
                routes(root, &entry.value, out);
            }
        }
        NodeKind::Sequence(items) => {
            for item in items {
                if let Some(route) = root.route_to(item.range) {
                    out.push((route.to_string(), item.range));
                }
                routes(root, item, out);
            }
        }
        NodeKind::Scalar(_) => {}
    }
}

/// Moves a finding made from a plan to `location` in the `.tf` source; the key in the plan
/// becomes a related location.
fn point_at_source(location: Location, finding: &mut Finding) {
    let planned = std::mem::replace(&mut finding.location, location);
    // Fingerprinted where it points, as the same finding of the configuration alone is: a
    // baseline made from the `.tf` still matches when the plan is scanned with it.
    finding.fingerprint = rampart_diagnostics::fingerprint(
        finding.rule.id,
        &finding.location.path,
        finding.resource.as_ref(),
        finding.route.as_deref(),
    );
    finding.related.insert(
        0,
        rampart_diagnostics::Related {
            location: planned,
            message: "the planned value, in the plan".into(),
        },
    );
}

/// Runs the custom policies on every resource instance of `root` and the modules it calls (in
/// parallel): each instance is one input (see `rampart_policy::terraform`), and a result points
/// at the resource, or at the attribute or nested block its `path` names, with where the value
/// was set and the module calls that lead there, as built-in rules' findings do.
fn run_policies(
    project: &Project,
    root: &EvaluatedModule,
    policies: &Policies,
    outcome: &mut Judged,
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
                let (results, failures) =
                    evaluator.judge(&input, rampart_diagnostics::Platform::Terraform);
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
