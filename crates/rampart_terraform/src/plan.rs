//! Terraform plan JSON (`terraform show -json plan.out`; the state's, without a plan, has the same
//! shape) read into the same evaluated model as
//! configuration: each planned resource instance with its values, so that the rules and policies
//! that judge configuration judge a plan unchanged.
//!
//! A plan knows what static evaluation cannot: the values given with `-var` at plan time, the
//! outputs of registry modules, the instances of every `count` and `for_each`. It still does not
//! know what the provider computes on apply: those values are listed in the resource change's
//! `after_unknown`, and become [`Unknown`] values here ([`Reason::AfterApply`]), never judged.
//!
//! Every value keeps its span in the plan file, so a finding points at the key in the plan; the
//! engine maps it back to the `.tf` source by resource address when that source is in the scan.
//! Nested blocks are arrays of objects in a plan, as object-valued attributes are: they are kept
//! as attributes, and those the configuration writes (or, for a resource the plan creates, every
//! known one) are also the body's blocks (see `EvalBody::blocks_of`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rampart_source::{Entry, Node, NodeKind, SourceFile};
use rampart_yaml::{parse_json, Limits};

use crate::eval::{
    EvalAttribute, EvalBlock, EvalBody, EvaluatedModule, InstanceKey, Mode, ResourceInstance,
};
use crate::parse::{error_at, ParseError};
use crate::value::{FileId, Kind, Origin, Reason, Span, Unknown, Value};

/// Whether `text` (the start of a `.json` file is enough) looks like a plan: plan JSON opens
/// with `format_version` and `terraform_version`, which no manifest or `.tf.json` file has.
#[must_use]
pub fn looks_like_plan(head: &str) -> bool {
    head.trim_start().starts_with('{')
        && head.contains("\"format_version\"")
        && head.contains("\"terraform_version\"")
}

/// Reads the plan in `file` (already added to the project) into a module tree: the root module
/// and its child modules, each with its planned resource instances.
///
/// # Errors
/// Malformed JSON, or JSON that is not a plan (no `planned_values`), with its position.
pub fn read_plan(
    file: FileId,
    source: &SourceFile,
    dir: &Path,
) -> Result<EvaluatedModule, ParseError> {
    let parsed = parse_json(source.text(), Limits::default());
    if let Some(error) = parsed.error {
        return Err(error_at(source, error.offset, error.message));
    }
    let Some(root) = parsed.documents.into_iter().next().and_then(|d| d.root) else {
        return Err(error_at(source, 0, "the file is empty".into()));
    };
    // A plan has `planned_values`; the state (`terraform show -json` without a plan) has
    // `values` of the same shape, every one known.
    let Some(planned) = root.get("planned_values").or_else(|| root.get("values")) else {
        return Err(error_at(
            source,
            root.range.start,
            "not a Terraform plan: no planned_values (expected the output of `terraform show -json PLAN`)".into(),
        ));
    };
    // What is known only after apply, by resource address.
    let mut unknown: HashMap<&str, &Node> = HashMap::new();
    // The resources the plan creates: nothing of theirs comes from a prior state.
    let mut created: HashSet<&str> = HashSet::new();
    for change in root
        .get("resource_changes")
        .map(Node::items)
        .into_iter()
        .flatten()
    {
        let address = change.get("address").and_then(Node::as_str);
        let after_unknown = change.get("change").and_then(|c| c.get("after_unknown"));
        if let (Some(address), Some(after_unknown)) = (address, after_unknown) {
            unknown.insert(address, after_unknown);
        }
        let before = change.get("change").and_then(|c| c.get("before"));
        if let (Some(address), Some(true)) = (address, before.map(Node::is_null)) {
            created.insert(address);
        }
    }
    let mut configured = HashMap::new();
    if let Some(config) = root.get("configuration").and_then(|c| c.get("root_module")) {
        read_configuration(config, "", &mut configured, 0);
    }
    let reader = Reader {
        file,
        unknown,
        created,
        configured,
    };
    let mut module = empty_module(dir, String::new());
    if let Some(root_module) = planned.get("root_module") {
        reader.module(root_module, &mut module, 0);
    }
    Ok(module)
}

/// A module of the plan, before its resources are read: a plan has no calls, variables or
/// outputs per module that rules read.
fn empty_module(dir: &Path, address: String) -> EvaluatedModule {
    EvaluatedModule {
        dir: dir.to_path_buf(),
        address,
        call: None,
        variables: BTreeMap::new(),
        resources: Vec::new(),
        outputs: BTreeMap::new(),
        children: Vec::new(),
        remote_modules: Vec::new(),
        providers: Vec::new(),
        errors: Vec::new(),
        by_kind: std::sync::OnceLock::new(),
    }
}

/// The deepest module nesting read (plans are generated, but a hand-made file may nest deeper).
const MAX_DEPTH: usize = 32;

struct Reader<'a> {
    file: FileId,
    unknown: HashMap<&'a str, &'a Node>,
    created: HashSet<&'a str>,
    /// The `expressions` of each resource of the configuration (the arguments and nested
    /// blocks it sets), by resource address without instance keys
    /// (`module.logs.aws_s3_bucket.this`).
    /// `None` for a resource that sets nothing.
    configured: HashMap<String, Option<&'a Node>>,
}

/// What the configuration sets at one level of a resource's values: the `expressions` of the
/// resource, or of every nested block of one type (a block's elements may be listed in another
/// order in the plan, so a key set in any of them counts); `None` when the configuration does
/// not say (no `configuration` in the plan, an argument set by an expression rather than written
/// as blocks, or blocks the configuration does not list, such as `dynamic` ones).
type Configured<'a> = Option<Vec<&'a Node>>;

/// Whether the configuration sets `key` at the level `configured` describes.
fn sets(configured: Option<&[&Node]>, key: &str) -> bool {
    configured.is_none_or(|levels| levels.iter().any(|level| level.get(key).is_some()))
}

/// What the configuration sets inside `key` at the level `configured` describes: the
/// expressions of its nested blocks.
fn inside<'a>(configured: Option<&[&'a Node]>, key: &str) -> Configured<'a> {
    let mut blocks = Vec::new();
    for expression in configured?.iter().filter_map(|level| level.get(key)) {
        // A nested block is an array of expression objects; an argument is one object
        // (`constant_value`, `references`), whose parts the configuration does not list.
        blocks.extend(
            expression
                .as_sequence()?
                .iter()
                .filter(|b| b.as_mapping().is_some()),
        );
    }
    (!blocks.is_empty()).then_some(blocks)
}

/// Records the `expressions` of each resource of a configuration module (and the modules it
/// calls).
fn read_configuration<'a>(
    module: &'a Node,
    prefix: &str,
    out: &mut HashMap<String, Option<&'a Node>>,
    depth: usize,
) {
    for resource in module
        .get("resources")
        .map(Node::items)
        .into_iter()
        .flatten()
    {
        let Some(address) = resource.get("address").and_then(Node::as_str) else {
            continue;
        };
        let expressions = resource
            .get("expressions")
            .filter(|e| e.as_mapping().is_some());
        out.insert(format!("{prefix}{address}"), expressions);
    }
    if depth >= MAX_DEPTH {
        return;
    }
    for call in module
        .get("module_calls")
        .and_then(Node::as_mapping)
        .unwrap_or_default()
    {
        if let (Some(name), Some(child)) = (call.key.as_str(), call.value.get("module")) {
            read_configuration(child, &format!("{prefix}module.{name}."), out, depth + 1);
        }
    }
}

/// `module.a["x"].aws_s3_bucket.b[0]` without its instance keys: `module.a.aws_s3_bucket.b`.
pub(crate) fn without_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0u32;
    let mut quoted = false;
    for c in address.chars() {
        match c {
            '"' if depth > 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

impl Reader<'_> {
    fn span(&self, node: &Node) -> Span {
        Span {
            file: self.file,
            range: node.range,
        }
    }

    fn module(&self, node: &Node, module: &mut EvaluatedModule, depth: usize) {
        for resource in node.get("resources").map(Node::items).into_iter().flatten() {
            if let Some(instance) = self.resource(resource) {
                module.resources.push(instance);
            }
        }
        if depth >= MAX_DEPTH {
            return;
        }
        for child in node
            .get("child_modules")
            .map(Node::items)
            .into_iter()
            .flatten()
        {
            let address = child.get("address").and_then(Node::as_str);
            let mut evaluated = empty_module(&module.dir, address.unwrap_or_default().to_owned());
            self.module(child, &mut evaluated, depth + 1);
            module.children.push(evaluated);
        }
    }

    fn resource(&self, node: &Node) -> Option<ResourceInstance> {
        let address = node.get("address")?.as_str()?;
        let kind = node.get("type")?.as_str()?;
        let name = node.get("name")?.as_str()?;
        let mode = match node.get("mode").and_then(Node::as_str) {
            Some("data") => Mode::Data,
            _ => Mode::Managed,
        };
        let key = node.get("index").and_then(|index| match &index.kind {
            NodeKind::Scalar(scalar) if scalar.is_plain() => {
                scalar.value.parse().ok().map(InstanceKey::Index)
            }
            NodeKind::Scalar(scalar) => Some(InstanceKey::Key(scalar.value.clone())),
            _ => None,
        });
        let unknown = self.unknown.get(address).copied();
        let configured: Configured<'_> = self
            .configured
            .get(&without_keys(address))
            .map(|expressions| expressions.iter().copied().collect());
        let configured = configured.as_deref();
        let entries = node
            .get("values")
            .and_then(Node::as_mapping)
            .unwrap_or_default();
        let created = self.created.contains(address);
        let body = self.body(entries, unknown, configured, created, self.span(node));
        Some(ResourceInstance {
            mode,
            kind: kind.to_owned(),
            name: name.to_owned(),
            key,
            address: address.to_owned(),
            // The `"address": ...` line: where a reader looks for the resource.
            span: node
                .entry("address")
                .map_or_else(|| self.span(node), |e| self.span_of(e)),
            body,
            // A plan does not list the configuration's `lifecycle`.
            ignore_changes: Vec::new(),
        })
    }

    /// The body of a resource (`entries`: its `values`) or of a nested block (the fields of one
    /// of its objects), with `marks` its `after_unknown` counterpart, what `configured` says
    /// the configuration sets, whether the plan creates the resource, and `whole` the text of
    /// the resource or block.
    fn body(
        &self,
        entries: &[Entry],
        marks: Option<&Node>,
        configured: Option<&[&Node]>,
        created: bool,
        whole: Span,
    ) -> EvalBody {
        let mut body = EvalBody::default();
        for entry in entries {
            let Some(attribute) = entry.key.as_str() else {
                continue;
            };
            let mark = marks.and_then(|u| u.get(attribute));
            if mark.is_some_and(is_true) && !sets(configured, attribute) {
                continue;
            }
            body.attributes.push(EvalAttribute {
                name: attribute.to_owned(),
                span: self.span_of(entry),
                value: self.value(&entry.value, mark, inside(configured, attribute).as_deref()),
            });
        }
        // Attributes known only after apply are absent from `values`. One the configuration
        // sets is unknown, so that no rule takes it for missing; one it does not set is the
        // provider's default, which the rules judge as missing (as they do in the source).
        for entry in marks.and_then(Node::as_mapping).unwrap_or_default() {
            let Some(attribute) = entry.key.as_str() else {
                continue;
            };
            if sets(configured, attribute)
                && body.attribute(attribute).is_none()
                && is_true(&entry.value)
            {
                body.attributes.push(EvalAttribute {
                    name: attribute.to_owned(),
                    span: whole,
                    value: after_apply(),
                });
            }
        }
        body.unfolded = OnceLock::from(self.blocks(entries, marks, configured, created));
        body
    }

    /// The nested blocks among `entries`: each array of objects that the configuration writes
    /// (as blocks, or as an argument: `ingress = [{...}]`), one block per object, located at
    /// its key and values in the plan. The configuration does not list `dynamic` blocks, so of
    /// a resource the plan creates, every known array of objects is read as blocks: none of its
    /// values come from a prior state. Otherwise an array the configuration does not write
    /// stays an attribute only: the provider's view of, say, a bucket's `versioning` (which
    /// another resource may manage) is not read as the bucket's own block.
    fn blocks(
        &self,
        entries: &[Entry],
        marks: Option<&Node>,
        configured: Option<&[&Node]>,
        created: bool,
    ) -> Vec<EvalBlock> {
        let mut out = Vec::new();
        for entry in entries {
            let (Some(kind), Some(items)) = (entry.key.as_str(), entry.value.as_sequence()) else {
                continue;
            };
            let mark = marks.and_then(|m| m.get(kind));
            if !(created || sets(configured, kind)) || mark.is_some_and(is_true) {
                continue;
            }
            let item_marks = mark.and_then(Node::as_sequence).unwrap_or_default();
            let within = inside(configured, kind);
            for (i, item) in items.iter().enumerate() {
                let Some(fields) = item.as_mapping() else {
                    continue;
                };
                let span = self.span(item);
                out.push(EvalBlock {
                    kind: kind.to_owned(),
                    labels: Vec::new(),
                    span,
                    body: self.body(fields, item_marks.get(i), within.as_deref(), created, span),
                });
            }
        }
        out
    }

    fn span_of(&self, entry: &Entry) -> Span {
        Span {
            file: self.file,
            range: entry.range(),
        }
    }

    /// The value of `node`, with the parts `marks` (its `after_unknown` counterpart) says are
    /// unknown replaced by unknown values. Inside nested blocks, as at the top, a key known
    /// only after apply that the configuration does not set (`configured`) is the provider's
    /// to compute (a Kubernetes object's `uid`, a container's `image_pull_policy`): left out,
    /// as in the source, rather than unknown.
    fn value(&self, node: &Node, marks: Option<&Node>, configured: Option<&[&Node]>) -> Value {
        if marks.is_some_and(is_true) {
            return after_apply();
        }
        let origin = Some(Arc::new(Origin {
            span: self.span(node),
            via: None,
        }));
        let kind = match &node.kind {
            NodeKind::Scalar(scalar) => {
                if node.is_null() {
                    Kind::Null
                } else if scalar.is_plain() {
                    match scalar.value.as_str() {
                        "true" => Kind::Bool(true),
                        "false" => Kind::Bool(false),
                        text => text
                            .parse()
                            .map_or_else(|_| Kind::String(Arc::from(text)), Kind::Number),
                    }
                } else {
                    Kind::String(Arc::from(scalar.value.as_str()))
                }
            }
            NodeKind::Sequence(items) => {
                let marks = marks.and_then(Node::as_sequence).unwrap_or_default();
                Kind::List(Arc::new(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| self.value(item, marks.get(i), configured))
                        .collect(),
                ))
            }
            NodeKind::Mapping(entries) => {
                let mut map = BTreeMap::new();
                for entry in entries {
                    if let Some(key) = entry.key.as_str() {
                        let mark = marks.and_then(|m| m.get(key));
                        if mark.is_some_and(is_true) && !sets(configured, key) {
                            continue;
                        }
                        let within = inside(configured, key);
                        map.insert(
                            key.to_owned(),
                            self.value(&entry.value, mark, within.as_deref()),
                        );
                    }
                }
                if let Some(marks) = marks.and_then(Node::as_mapping) {
                    for mark in marks {
                        if let Some(key) = mark.key.as_str() {
                            if is_true(&mark.value)
                                && !map.contains_key(key)
                                && sets(configured, key)
                            {
                                map.insert(key.to_owned(), after_apply());
                            }
                        }
                    }
                }
                Kind::Map(Arc::new(map))
            }
        };
        Value { kind, origin }
    }
}

fn is_true(node: &Node) -> bool {
    node.scalar()
        .is_some_and(|s| s.is_plain() && s.value == "true")
}

/// A value the provider computes on apply. Which resource it refers to is not recorded (the
/// plan's `configuration` has the references, but not per instance): rules that follow a
/// reference take such a value as possibly referring to any resource, and stay quiet.
fn after_apply() -> Value {
    Value::bare(Kind::Unknown(Unknown {
        reason: Reason::AfterApply,
        resource: None,
        derived: false,
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::Project;

    fn read(text: &str) -> Result<EvaluatedModule, ParseError> {
        let mut project = Project::new();
        let file = project.add_file("plan.json", text.to_owned());
        read_plan(file, project.file(file), Path::new("."))
    }

    #[test]
    fn instance_keys_are_dropped_from_addresses() {
        assert_eq!(without_keys("aws_s3_bucket.b[0]"), "aws_s3_bucket.b");
        assert_eq!(
            without_keys(r#"module.a["x]"].module.b[2].aws_iam_role.r["k"]"#),
            "module.a.module.b.aws_iam_role.r"
        );
    }

    #[test]
    fn plans_are_told_from_other_json_by_their_start() {
        assert!(looks_like_plan(
            r#"{"format_version":"1.2","terraform_version":"1.9.5","planned_values":"#
        ));
        assert!(!looks_like_plan(r#"{"apiVersion": "v1", "kind": "Pod"}"#));
        assert!(!looks_like_plan(r#"{"resource": {"aws_s3_bucket": {}}}"#));
    }

    #[test]
    fn unknown_values_follow_after_unknown_and_the_configuration() {
        let plan = r#"{
  "format_version": "1.2", "terraform_version": "1.9.5",
  "planned_values": {"root_module": {"child_modules": [{"address": "module.m", "resources": [
    {"address": "module.m.aws_x.y[1]", "mode": "managed", "type": "aws_x", "name": "y", "index": 1,
     "values": {"list": ["a", null], "set_here": 1}}
  ]}]}},
  "resource_changes": [{"address": "module.m.aws_x.y[1]", "change": {"after_unknown": {
    "list": [false, true], "computed": true, "configured": true}}}],
  "configuration": {"root_module": {"module_calls": {"m": {"module": {"resources": [
    {"address": "aws_x.y", "expressions": {"configured": {}, "list": {}, "set_here": {}}}]}}}}}
}"#;
        let root = read(plan).unwrap();
        let instance = &root.children[0].resources[0];
        assert_eq!(root.children[0].address, "module.m");
        assert_eq!(instance.key, Some(InstanceKey::Index(1)));
        let list = instance
            .body
            .attribute("list")
            .unwrap()
            .value
            .as_list()
            .unwrap();
        assert_eq!(list[0].as_str(), Some("a"));
        assert!(list[1].is_unknown());
        // Set in the configuration, known after apply: unknown. Not set: the provider's default,
        // judged as missing.
        assert!(instance
            .body
            .attribute("configured")
            .unwrap()
            .value
            .is_unknown());
        assert!(instance.body.attribute("computed").is_none());
        assert_eq!(
            instance
                .body
                .attribute("set_here")
                .unwrap()
                .value
                .as_number(),
            Some(1.0)
        );
    }

    #[test]
    fn unknown_values_in_nested_blocks_follow_the_configuration_too() {
        let plan = r#"{
  "format_version": "1.2", "terraform_version": "1.9.5",
  "planned_values": {"root_module": {"resources": [
    {"address": "k_x.y", "mode": "managed", "type": "k_x", "name": "y",
     "values": {"block": [{"name": "a"}], "expr": [{"name": "b"}], "other": [{"name": "c"}]}}
  ]}},
  "resource_changes": [{"address": "k_x.y", "change": {"after_unknown": {
    "block": [{"computed": true, "set": true}], "expr": [{"computed": true}],
    "other": [{"computed": true}], "whole": true}}}],
  "configuration": {"root_module": {"resources": [
    {"address": "k_x.y", "expressions": {
      "block": [{"name": {"constant_value": "a"}, "set": {"references": ["var.v"]}}],
      "expr": {"references": ["local.blocks"]}}}]}}
}"#;
        let root = read(plan).unwrap();
        let body = &root.resources[0].body;
        let first = |name: &str| body.attribute(name).unwrap().value.as_list().unwrap()[0].clone();
        // In a block the configuration writes: what it sets is unknown, what the provider
        // computes is left out.
        let block = first("block");
        assert!(block.get("set").unwrap().is_unknown());
        assert!(block.get("computed").is_none());
        // Set by an expression, or not listed (a `dynamic` block): unknown.
        assert!(first("expr").get("computed").unwrap().is_unknown());
        assert!(first("other").get("computed").unwrap().is_unknown());
        // A whole block the configuration does not set: not set.
        assert!(body.attribute("whole").is_none());
    }

    #[test]
    fn nested_blocks_are_read_as_blocks_where_the_configuration_writes_them() {
        let plan = r#"{
  "format_version": "1.2", "terraform_version": "1.9.5",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_instance.new", "mode": "managed", "type": "aws_instance", "name": "new",
     "values": {"metadata_options": [{"http_tokens": "optional", "hop": 1}],
                "ingress": [{"cidr_blocks": ["0.0.0.0/0"]}], "tags": {"a": "b"}, "ebs": []}},
    {"address": "aws_s3_bucket.old", "mode": "managed", "type": "aws_s3_bucket", "name": "old",
     "values": {"versioning": [{"enabled": false}], "logging": [{"target_bucket": "x"}]}}
  ]}},
  "resource_changes": [
    {"address": "aws_instance.new", "change": {"before": null, "after_unknown": {
      "metadata_options": [{"hop": true}]}}},
    {"address": "aws_s3_bucket.old", "change": {"before": {}, "after_unknown": {}}}],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_instance.new", "expressions": {
      "metadata_options": [{"http_tokens": {"constant_value": "optional"}}]}},
    {"address": "aws_s3_bucket.old", "expressions": {
      "logging": [{"target_bucket": {"constant_value": "x"}}]}}]}}
}"#;
        let root = read(plan).unwrap();
        let (instance, bucket) = (&root.resources[0].body, &root.resources[1].body);
        // Written as a block: a block, whose computed part is left out as at the top.
        let options: Vec<_> = instance.blocks_of("metadata_options").collect();
        assert_eq!(options.len(), 1);
        let tokens = options[0].body.attribute("http_tokens").unwrap();
        assert_eq!(tokens.value.as_str(), Some("optional"));
        assert_eq!(
            &plan[tokens.span.range.start as usize..tokens.span.range.end as usize],
            r#""http_tokens": "optional""#
        );
        assert!(options[0].body.attribute("hop").is_none());
        // Not in the configuration (a `dynamic` block) of a resource the plan creates: a block.
        assert_eq!(instance.blocks_of("ingress").count(), 1);
        // An empty array is no block; a map is an attribute that no rule reads as a block.
        assert_eq!(instance.blocks_of("ebs").count(), 0);
        assert!(instance.attribute("tags").is_some());
        // Of a resource the plan updates, what the configuration writes is a block, and what
        // the provider reports from the prior state stays an attribute.
        assert_eq!(bucket.blocks_of("logging").count(), 1);
        assert_eq!(bucket.blocks_of("versioning").count(), 0);
        assert!(bucket.attribute("versioning").is_some());
    }

    #[test]
    fn malformed_plans_are_errors_with_their_position() {
        let error = read("{\n  \"format_version\": \"1.2\",\n  oops\n}").unwrap_err();
        assert_eq!(error.position.line, 3);
        let error = read(r#"{"format_version": "1.2", "terraform_version": "1"}"#).unwrap_err();
        assert!(
            error.message.contains("not a Terraform plan"),
            "{}",
            error.message
        );
    }
}
