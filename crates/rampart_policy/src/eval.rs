//! Evaluating policies on one input: results become findings at the resource, or at the key a
//! result's `path` names.

use rampart_diagnostics::{
    fingerprint, Finding, Platform, ResourceRef, RuleMeta, Suppression, SuppressionKind,
};
use rampart_kubernetes::Object;
use rampart_source::{Node, SourceFile, TextRange};
use serde_json::Value;

use crate::input::{parse_path, resolve, to_json, Step, Target};
use crate::{gatekeeper, Policies};

/// One input: a parsed document (a Kubernetes object, or any YAML or JSON document when it is
/// not one) in its file.
pub struct PolicyInput<'a> {
    pub file: &'a SourceFile,
    /// The document, or the List item.
    pub root: &'a Node,
    /// The object, when the document is Kubernetes.
    pub object: Option<&'a Object<'a>>,
    /// The chart template Helm rendered it from.
    pub helm_template: Option<&'a str>,
}

/// Evaluates policies; one per thread (Rego evaluation needs its own interpreter state).
pub struct Evaluator<'p> {
    policies: &'p Policies,
    engine: Option<regorus::Engine>,
    templates: Vec<regorus::Engine>,
}

impl<'p> Evaluator<'p> {
    pub(crate) fn new(policies: &'p Policies) -> Self {
        Evaluator {
            policies,
            engine: policies.engine.clone(),
            templates: policies
                .templates
                .iter()
                .map(|t| t.engine.clone())
                .collect(),
        }
    }

    /// Every result of every policy for `input`, as findings; a policy that fails at run time on
    /// this input gives an error instead, and the others still run. Findings a conftest
    /// `exception` rule exempts come with their suppression set: nothing is dropped silently.
    pub fn evaluate(&mut self, input: &PolicyInput<'_>) -> (Vec<Finding>, Vec<RunError>) {
        let mut findings = Vec::new();
        let mut errors = Vec::new();
        if self.policies.rules.is_empty() && self.policies.constraints.is_empty() {
            return (findings, errors);
        }
        let json = to_json(input.root);
        let resource = input.object.map(|object| ResourceRef {
            api_version: object.api_version.to_owned(),
            kind: object.kind.to_owned(),
            namespace: object.namespace.map(str::to_owned),
            name: object.name.map(str::to_owned),
        });
        let report = Report {
            input,
            resource: resource.as_ref(),
        };

        // Any YAML or JSON document is judged as the Kubernetes platform's input.
        let (judged, failures) = self.judge(&json, Platform::Kubernetes);
        for result in &judged {
            findings.push(report.finding(result));
        }
        errors.extend(
            failures
                .iter()
                .map(|(rule, message)| report.error(rule, message)),
        );

        if let Some(object) = input.object {
            for constraint in &self.policies.constraints {
                if !constraint.matches(object, &json, &self.policies.namespaces) {
                    continue;
                }
                let Some(engine) = self.templates.get_mut(constraint.template) else {
                    continue;
                };
                let template = &self.policies.templates[constraint.template];
                engine.set_input(regorus::Value::from(gatekeeper::review(
                    object,
                    &json,
                    &constraint.parameters,
                )));
                match engine.eval_rule(template.query.clone()) {
                    Ok(value) => {
                        for outcome in results(&value) {
                            findings.push(report.finding(&RuleResult::new(
                                constraint.meta,
                                outcome,
                                None,
                            )));
                        }
                    }
                    Err(e) => errors.push(report.error(constraint.meta.id, &e.to_string())),
                }
            }
        }
        (findings, errors)
    }
    /// The results of the conftest-style rules for one input document (any JSON: a Kubernetes
    /// object, a Terraform resource instance...) of `platform`, not yet located; and the rules
    /// that failed on it, with why. Results a conftest `exception` rule exempts carry their
    /// suppression; rules whose METADATA names other platforms give none.
    pub fn judge(
        &mut self,
        input: &Value,
        platform: Platform,
    ) -> (Vec<RuleResult>, Vec<(String, String)>) {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        let Some(engine) = &mut self.engine else {
            return (out, errors);
        };
        if self.policies.rules.is_empty() {
            return (out, errors);
        }
        engine.set_input(regorus::Value::from(input.clone()));
        let policies = self.policies;
        let values = batch(engine, policies.rules.len() + policies.exceptions.len())
            .unwrap_or_else(|| {
                // One rule failed: evaluate them one by one, to say which, and keep the
                // others' results.
                policies
                    .rules
                    .iter()
                    .map(|r| &r.query)
                    .chain(policies.exceptions.iter().map(|e| &e.query))
                    .map(|query| match engine.eval_rule(query.clone()) {
                        Ok(value) => value,
                        Err(e) => {
                            errors.push((query.clone(), e.to_string()));
                            regorus::Value::Undefined
                        }
                    })
                    .collect()
            });
        let (rule_values, exception_values) = values.split_at(policies.rules.len());
        // conftest `exception` rules: which rules this input is exempt from, and why.
        let mut exempt: Vec<(&Vec<String>, String, &str)> = Vec::new();
        for (exception, value) in policies.exceptions.iter().zip(exception_values) {
            exempt.extend(
                exception_names(value)
                    .into_iter()
                    .map(|name| (&exception.package, name, exception.origin.as_str())),
            );
        }
        for (rule, value) in policies.rules.iter().zip(rule_values) {
            // A rule whose METADATA names other platforms does not judge this input.
            if !rule.meta.platforms.contains(&platform) {
                continue;
            }
            let exemption = exempt.iter().find(|(package, name, _)| {
                **package == rule.package && rule.exception_name.as_ref() == Some(name)
            });
            for outcome in results(value) {
                let suppression = exemption.map(|(package, _, origin)| Suppression {
                    kind: SuppressionKind::InSource,
                    justification: format!(
                        "the conftest exception rule {} exempts this input",
                        crate::load::reference(package, "exception")
                    ),
                    owner: None,
                    expires: None,
                    ticket: None,
                    origin: (*origin).to_owned(),
                });
                out.push(RuleResult::new(rule.meta, outcome, suppression));
            }
        }
        (out, errors)
    }
}

/// One result of one policy rule on one input, before it is located.
#[derive(Debug, Clone)]
pub struct RuleResult {
    pub meta: &'static RuleMeta,
    /// The result's message; the rule's title when the result has none.
    pub message: String,
    /// The path the result names (`path` in a result object), as keys and indices.
    pub path: Option<Vec<Step>>,
    /// The path as the policy wrote it, for a note when it does not resolve.
    pub path_text: Option<String>,
    /// Set when a conftest `exception` rule exempts the input.
    pub suppression: Option<Suppression>,
}

impl RuleResult {
    fn new(meta: &'static RuleMeta, outcome: Outcome, suppression: Option<Suppression>) -> Self {
        RuleResult {
            meta,
            message: if outcome.message.is_empty() {
                meta.title.to_owned()
            } else {
                outcome.message
            },
            path: outcome.path.as_ref().and_then(parse_path),
            path_text: outcome.path.as_ref().map(ToString::to_string),
            suppression,
        }
    }

    /// The note a finding carries when its path did not resolve in full.
    #[must_use]
    pub fn partial_path_note(&self) -> Option<String> {
        self.path_text.as_ref().map(|path| {
            format!(
                "the policy named the path {path}, which the input does not have in full; \
                 this points at the deepest part that exists"
            )
        })
    }

    /// The fingerprint of the finding: results of one rule on one resource differ by message,
    /// and the fingerprint tells them apart the same way.
    #[must_use]
    pub fn fingerprint(
        &self,
        path: &str,
        resource: Option<&ResourceRef>,
        route: Option<&str>,
    ) -> String {
        let key = format!("{}#{}", route.unwrap_or(""), self.message);
        fingerprint(self.meta.id, path, resource, Some(&key))
    }
}

/// A policy that failed at run time on one input: where the input is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunError {
    pub range: TextRange,
    pub message: String,
}

/// Every result rule's value, then every exception rule's, from one evaluation of the batch rule
/// (see `load::add_batch`); `None` when evaluation fails.
fn batch(engine: &mut regorus::Engine, count: usize) -> Option<Vec<regorus::Value>> {
    let value = engine.eval_rule(crate::load::BATCH.to_owned()).ok()?;
    let regorus::Value::Array(items) = value else {
        return None;
    };
    if items.len() != count {
        return None;
    }
    // Each item is `[value]` when the rule is defined, `[]` when it is not.
    Some(
        items
            .iter()
            .map(|item| match item {
                regorus::Value::Array(inner) => {
                    inner.first().cloned().unwrap_or(regorus::Value::Undefined)
                }
                _ => regorus::Value::Undefined,
            })
            .collect(),
    )
}

/// The rule names an `exception` rule's value holds: a set of arrays of names (conftest's
/// `rules := ["foo", "bar"]`), or of names.
fn exception_names(value: &regorus::Value) -> Vec<String> {
    if *value == regorus::Value::Undefined {
        return Vec::new();
    }
    let Ok(json) = serde_json::to_value(value) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for item in json.as_array().map(Vec::as_slice).unwrap_or_default() {
        match item {
            Value::String(name) => names.push(name.clone()),
            Value::Array(inner) => {
                names.extend(inner.iter().filter_map(|n| n.as_str().map(str::to_owned)));
            }
            _ => {}
        }
    }
    names
}

/// One result of a rule: its message and, when it names one, the path of the offending key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    pub message: String,
    pub path: Option<Value>,
}

/// The results a rule's value holds: a set or array of strings or `{msg, path?, ...}` objects,
/// one such value, or `true` for a boolean rule. Undefined and empty give none.
pub(crate) fn results(value: &regorus::Value) -> Vec<Outcome> {
    let json: Value = match value {
        regorus::Value::Undefined => return Vec::new(),
        other => match serde_json::to_value(other) {
            Ok(json) => json,
            Err(_) => return Vec::new(),
        },
    };
    let mut out = Vec::new();
    match &json {
        Value::Array(items) => out.extend(items.iter().filter_map(outcome)),
        Value::Bool(true) => out.push(Outcome {
            message: String::new(),
            path: None,
        }),
        other => out.extend(outcome(other)),
    }
    out.sort_by(|a, b| a.message.cmp(&b.message));
    out.dedup();
    out
}

fn outcome(item: &Value) -> Option<Outcome> {
    match item {
        Value::String(message) => Some(Outcome {
            message: message.clone(),
            path: None,
        }),
        Value::Object(map) => Some(Outcome {
            message: match map.get("msg").or_else(|| map.get("message")) {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => item.to_string(),
            },
            path: map.get("path").cloned(),
        }),
        Value::Bool(false) | Value::Null => None,
        other => Some(Outcome {
            message: other.to_string(),
            path: None,
        }),
    }
}

struct Report<'a> {
    input: &'a PolicyInput<'a>,
    resource: Option<&'a ResourceRef>,
}

impl Report<'_> {
    fn finding(&self, result: &RuleResult) -> Finding {
        let root = self.input.root;
        let Target { range, node, whole } = match &result.path {
            Some(steps) => resolve(root, steps),
            None => anchor(root),
        };
        let route = root.route_to(node).map(|r| r.to_string());
        let file = self.input.file;
        let text = file.text();
        let trimmed = text.get(range.as_usize()).unwrap_or("").trim_end();
        let range = TextRange::new(
            range.start,
            range.start + u32::try_from(trimmed.len()).unwrap_or(range.len()),
        );
        let mut finding = Finding::new(
            result.meta,
            result.message.clone(),
            file.location(range),
            self.resource.cloned(),
            route,
        );
        finding.fingerprint =
            result.fingerprint(file.path(), self.resource, finding.route.as_deref());
        finding.helm_template = self.input.helm_template.map(str::to_owned);
        finding.suppression.clone_from(&result.suppression);
        if !whole {
            finding.notes.extend(result.partial_path_note());
        }
        finding
    }

    fn error(&self, rule: &str, message: &str) -> RunError {
        let what = self
            .resource
            .map_or_else(|| "this document".to_owned(), ToString::to_string);
        RunError {
            range: anchor(self.input.root).range,
            message: failure(rule, &what, message),
        }
    }
}

/// What to say when the policy rule `rule` failed at run time on `what` (an input's name) with
/// regorus's `message`.
#[must_use]
pub fn failure(rule: &str, what: &str, message: &str) -> String {
    format!(
        "policy {rule} failed on {what}: {}",
        crate::load::rego_error("", message).message
    )
}

/// Where a finding about a whole document points: its `metadata.name` entry when it has one
/// (the line a reader looks for), else its `kind` entry, else its start.
fn anchor(root: &Node) -> Target {
    let entry = root
        .get("metadata")
        .and_then(|m| m.entry("name"))
        .or_else(|| root.entry("kind"));
    match entry {
        Some(entry) => Target {
            range: entry.range(),
            node: entry.value.range,
            whole: true,
        },
        None => Target {
            range: TextRange::empty(root.range.start),
            node: root.range,
            whole: true,
        },
    }
}
