//! The rule library.
//!
//! Each rule lives in one file under `src/<platform>/`: its documentation (a doc comment, from
//! which `rampart explain` and the docs are generated), its metadata (id, title, severity,
//! frameworks, peer equivalents) and its check, side by side, declared with [`declare_rule!`].
//! Rules see parsed objects and report through a [`Context`]; traversal of files, config,
//! sorting and rendering live elsewhere.

pub mod cluster;
mod context;
pub mod kubernetes;
mod macros;
pub mod prelude;
pub mod terraform;

use rampart_diagnostics::{Finding, RuleMeta};
use rampart_kubernetes::{NotKubernetes, Object};
use rampart_source::{Node, SourceFile};

pub use context::{relate, ClusterContext, Context, KubeVersion, Settings};

/// A rule: a check over each Kubernetes object, over the whole scan, or both.
///
/// Most rules judge one object at a time ([`Rule::check`]). A rule whose judgement needs other
/// objects (the NetworkPolicies of a workload's namespace, the Service a StatefulSet names, the
/// roles its service account holds) implements [`Rule::check_cluster`], which runs once per
/// scan, after every file is read, over the [`cluster::Graph`] of all of them. Both kinds are
/// listed, selected, documented and reported alike.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Checks one object.
    fn check(&self, _object: &Object<'_>, _cx: &mut Context<'_>) {}

    /// Checks the whole scan, once every file is read.
    fn check_cluster(&self, _cluster: &cluster::Graph<'_>, _cx: &mut ClusterContext) {}
}

/// Every built-in rule, in registration order.
#[must_use]
pub fn all() -> &'static [&'static dyn Rule] {
    kubernetes::RULES
}

/// The rule with this id.
#[must_use]
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|rule| rule.meta().id == id)
}

/// The metadata of every built-in rule of every platform: Kubernetes rules, then Terraform
/// rules, each in registration order.
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    all()
        .iter()
        .map(|rule| rule.meta())
        .chain(terraform::RULES.iter().map(|rule| rule.meta()))
}

/// The metadata of the rule with this id, whatever its platform.
#[must_use]
pub fn find_meta(id: &str) -> Option<&'static RuleMeta> {
    metas().find(|meta| meta.id == id)
}

/// Runs `rules` over every Kubernetes object in one document of `file`, with `settings` (the
/// target Kubernetes release).
///
/// # Errors
/// When the document is not Kubernetes: it is skipped, and the reason says why.
pub fn check_document(
    file: &SourceFile,
    root: &Node,
    helm_template: Option<&str>,
    rules: &[&dyn Rule],
    settings: &Settings,
) -> Result<Vec<Finding>, NotKubernetes> {
    check_objects(file, root, helm_template, None, rules, settings)
}

/// [`check_document`] for the object that a Terraform resource of type `resource_type` (a
/// `kubernetes_ingress`, a `kubernetes_manifest`) creates, `root`: the rules that say what to
/// change say it of the resource ([`Context::terraform_resource`]).
///
/// # Errors
/// When `root` is not a Kubernetes object.
pub fn check_terraform_object(
    file: &SourceFile,
    root: &Node,
    resource_type: &str,
    rules: &[&dyn Rule],
    settings: &Settings,
) -> Result<Vec<Finding>, NotKubernetes> {
    check_objects(file, root, None, Some(resource_type), rules, settings)
}

fn check_objects(
    file: &SourceFile,
    root: &Node,
    helm_template: Option<&str>,
    terraform_resource: Option<&str>,
    rules: &[&dyn Rule],
    settings: &Settings,
) -> Result<Vec<Finding>, NotKubernetes> {
    let mut findings = Vec::new();
    // A Terraform resource's object is created as it is: never a kustomize patch.
    let objects = match terraform_resource {
        Some(_) => rampart_kubernetes::objects_as_written(root)?,
        None => rampart_kubernetes::objects(root)?,
    };
    for object in objects {
        for rule in rules {
            let mut cx = Context::new(file, object, helm_template, rule.meta())
                .with_settings(settings)
                .with_terraform_resource(terraform_resource);
            rule.check(&object, &mut cx);
            findings.extend(cx.into_findings());
        }
    }
    Ok(findings)
}

/// Runs the cluster half of `rules` ([`Rule::check_cluster`]) over the scan's cluster view.
#[must_use]
pub fn check_cluster(cluster: &cluster::Graph<'_>, rules: &[&dyn Rule]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in rules {
        let mut cx = ClusterContext::new(rule.meta());
        rule.check_cluster(cluster, &mut cx);
        findings.extend(cx.into_findings());
    }
    findings
}
