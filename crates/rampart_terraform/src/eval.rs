//! Evaluating a module as Terraform does before apply: variables, locals, resources and data
//! sources with `count` and `for_each`, dynamic blocks, and local module calls with their
//! arguments.
//!
//! Evaluation is lazy and memoised: a local, resource or module call is evaluated when first
//! referenced (or in declaration order otherwise), once. A reference back to something being
//! evaluated is a cycle, and gives an [`Unknown`] instead of looping; nested
//! evaluations, module depth, instance counts and value sizes are bounded, so no input makes it
//! loop, overflow the stack or exhaust memory.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::functions;
use crate::project::{FileError, Item, Module, Project};
use crate::syntax::{
    Attribute, BinaryOp, Block, Body, Expr, ExprKind, ForExpr, TemplatePart, Traverser, UnaryOp,
};
use crate::value::{FileId, Kind, Reason, Span, Unknown, Value};

/// The deepest chain of references evaluated on demand (a local that needs a local that...).
const MAX_DEPTH: u32 = 100;
/// The deepest chain of module calls.
const MAX_MODULE_DEPTH: usize = 16;
/// The most instances of one resource or module call that are evaluated.
pub const MAX_INSTANCES: usize = 1000;
/// The longest string and the longest list that evaluation builds.
pub(crate) const MAX_STRING: usize = 1 << 20;
pub(crate) const MAX_LIST: usize = 100_000;
/// The evaluation steps that one root module may take, in all the modules it calls: one per
/// expression evaluated, one per element of a list or map a function returns, and
/// [`INSTANCE_STEPS`] per instance that `count` or `for_each` makes. Past it, every further
/// value is unknown ([`Reason::Limit`]), instances are no longer made, and the scan says so.
/// Loops, counts and functions nest and multiply where no single list is over [`MAX_LIST`] or
/// count over [`MAX_INSTANCES`]: `[for i in range(10000) : [for j in range(10000) : j]]` asks
/// for 100 million values, three nested modules with `count = 1000` for a billion resources.
/// The largest root module of the benchmark corpus (`../shared/bench/terraform`, public
/// modules) takes about 92,000 steps: the limit is 50 times that, and bounds a pathological
/// configuration to a few seconds and a few hundred MB.
pub const MAX_STEPS: u64 = 5_000_000;
/// The steps an instance of a resource or module costs: its body is evaluated and judged by
/// every rule, and kept until the end of the scan.
const INSTANCE_STEPS: usize = 500;

/// Values given from outside the configuration, as `terraform plan` takes them.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// `--var-file FILE`, in order (after `terraform.tfvars` and `*.auto.tfvars`).
    pub var_files: Vec<PathBuf>,
    /// `--var NAME=VALUE`, in order; later ones win.
    pub vars: Vec<(String, String)>,
}

/// Which kind of resource block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Managed,
    Data,
}

/// Which instance of a resource or module call.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InstanceKey {
    /// `count.index`
    Index(usize),
    /// `each.key`
    Key(String),
    /// The instances depend on a value not known before apply; one stands for all.
    Unknown,
}

impl InstanceKey {
    fn suffix(key: Option<&InstanceKey>) -> String {
        match key {
            None => String::new(),
            Some(InstanceKey::Index(i)) => format!("[{i}]"),
            Some(InstanceKey::Key(k)) => format!("[{k:?}]"),
            Some(InstanceKey::Unknown) => "[?]".into(),
        }
    }
}

/// An evaluated attribute.
#[derive(Debug, Clone)]
pub struct EvalAttribute {
    pub name: String,
    /// The whole `name = value` text.
    pub span: Span,
    pub value: Value,
}

/// An evaluated nested block (a `dynamic` block's instances appear as blocks of its label).
#[derive(Debug, Clone)]
pub struct EvalBlock {
    pub kind: String,
    pub labels: Vec<String>,
    /// The block's text (for a dynamic block, its `content` block).
    pub span: Span,
    pub body: EvalBody,
}

/// The evaluated contents of a block.
#[derive(Debug, Clone, Default)]
pub struct EvalBody {
    pub attributes: Vec<EvalAttribute>,
    pub blocks: Vec<EvalBlock>,
    /// The nested blocks written as attributes, read on first use (see [`EvalBody::blocks_of`]);
    /// a plan sets them when it is read, from what its configuration writes as blocks.
    pub(crate) unfolded: OnceLock<Vec<EvalBlock>>,
}

impl EvalBody {
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&EvalAttribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The nested blocks of type `kind`, however they are written: as blocks, or as an
    /// attribute whose value is an object or a list of objects (those first: in the JSON syntax
    /// a body's static blocks are such an attribute, beside its `dynamic` ones). Without provider schemas that is how a nested block reads in the JSON syntax
    /// (`"metadata_options": {"http_tokens": "optional"}`), in a plan (an array of objects),
    /// and in the attribute form Terraform accepts for some blocks (`ingress = [{...}]`, or a
    /// variable's list of objects): one block per object, its attributes the object's fields,
    /// located at their text when it is written inside the attribute (else at the attribute,
    /// with the value's own origin to tell where it was set). Elements that are not objects
    /// (not known before apply) give no block: a rule asks [`EvalBody::attribute`] for those.
    pub fn blocks_of<'b>(&'b self, kind: &'b str) -> impl Iterator<Item = &'b EvalBlock> + 'b {
        let unfolded: &[EvalBlock] = if self.attribute(kind).is_some() {
            self.unfolded.get_or_init(|| unfold(&self.attributes))
        } else {
            &[]
        };
        unfolded
            .iter()
            .chain(&self.blocks)
            .filter(move |b| b.kind == kind)
    }

    /// The body as an object value, as references to the resource see it (nested blocks are
    /// lists of objects).
    #[must_use]
    pub fn to_value(&self) -> Value {
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        for attribute in &self.attributes {
            map.insert(attribute.name.clone(), attribute.value.clone());
        }
        let mut blocks: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        for block in &self.blocks {
            blocks
                .entry(block.kind.as_str())
                .or_default()
                .push(block.body.to_value());
        }
        for (kind, list) in blocks {
            map.entry(kind.to_owned())
                .or_insert_with(|| Value::list(list));
        }
        Value::map(map)
    }
}

/// The blocks that object-valued `attributes` stand for (see [`EvalBody::blocks_of`]).
fn unfold(attributes: &[EvalAttribute]) -> Vec<EvalBlock> {
    let mut out = Vec::new();
    for attribute in attributes {
        let objects: Vec<&Value> = match &attribute.value.kind {
            Kind::Map(_) => vec![&attribute.value],
            Kind::List(items) => items
                .iter()
                .filter(|item| matches!(item.kind, Kind::Map(_)))
                .collect(),
            _ => continue,
        };
        for object in objects {
            let span = own_span(object, attribute.span);
            let Kind::Map(fields) = &object.kind else {
                continue;
            };
            let body = EvalBody {
                attributes: fields
                    .iter()
                    .map(|(name, value)| EvalAttribute {
                        name: name.clone(),
                        span: own_span(value, span),
                        value: value.clone(),
                    })
                    .collect(),
                ..EvalBody::default()
            };
            out.push(EvalBlock {
                kind: attribute.name.clone(),
                labels: Vec::new(),
                span,
                body,
            });
        }
    }
    out
}

/// Where `value` is written, when that is inside `within`; else `within`.
pub(crate) fn own_span(value: &Value, within: Span) -> Span {
    match &value.origin {
        Some(origin)
            if origin.span.file == within.file
                && within.range.contains_range(origin.span.range) =>
        {
            origin.span
        }
        _ => within,
    }
}

/// One instance of a resource or data source, evaluated.
#[derive(Debug, Clone)]
pub struct ResourceInstance {
    pub mode: Mode,
    /// `aws_s3_bucket`
    pub kind: String,
    pub name: String,
    pub key: Option<InstanceKey>,
    /// The full address: `module.vpc.aws_subnet.private[0]`.
    pub address: String,
    /// The block's text.
    pub span: Span,
    pub body: EvalBody,
    /// What `lifecycle { ignore_changes = [...] }` lists, as paths without indices
    /// (`spec.replicas` for `spec[0].replicas`), or `["all"]`: arguments Terraform sets when it
    /// creates the resource and leaves alone afterwards.
    pub ignore_changes: Vec<String>,
}

/// The paths that a resource block's `lifecycle { ignore_changes = ... }` lists (see
/// [`ResourceInstance::ignore_changes`]).
fn ignore_changes(block: &Block) -> Vec<String> {
    let Some(lifecycle) = block.body.blocks_of("lifecycle").next() else {
        return Vec::new();
    };
    let Some(listed) = lifecycle.body.attribute("ignore_changes") else {
        return Vec::new();
    };
    let path = |expr: &Expr| -> Option<String> {
        match &expr.kind {
            ExprKind::Variable(name) => Some(name.clone()),
            ExprKind::Traversal(root, steps) => {
                let ExprKind::Variable(root) = &root.kind else {
                    return None;
                };
                let mut path = root.clone();
                for step in steps {
                    match step {
                        Traverser::Attr(name, _) => {
                            path.push('.');
                            path.push_str(name);
                        }
                        // `spec[0]`: the path names the block, whichever element.
                        Traverser::Index(_) => {}
                        Traverser::Splat(_) => return None,
                    }
                }
                Some(path)
            }
            // `"spec[0].replicas"`, the form before Terraform 0.12.
            ExprKind::String(text) => Some(
                text.split('.')
                    .map(|part| part.split('[').next().unwrap_or(part))
                    .collect::<Vec<_>>()
                    .join("."),
            ),
            _ => None,
        }
    };
    match &listed.value.kind {
        ExprKind::Tuple(items) => items.iter().filter_map(path).collect(),
        _ => path(&listed.value).into_iter().collect(),
    }
}

/// Resource types, each with where its instances are: the children's indices leading to the
/// module that holds one, and its index there.
type KindIndex = HashMap<String, Vec<(Vec<u32>, u32)>>;

/// A module call whose source is not a local directory.
#[derive(Debug, Clone)]
pub struct RemoteModule {
    pub name: String,
    pub source: Option<String>,
    pub span: Span,
}

/// A module instance, evaluated, with the modules it calls.
#[derive(Debug, Clone)]
pub struct EvaluatedModule {
    pub dir: PathBuf,
    /// `module.a.module.b["k"]`, or empty for the root module.
    pub address: String,
    /// The `module` block that called this instance (`None` for the root).
    pub call: Option<Span>,
    pub variables: BTreeMap<String, Value>,
    pub resources: Vec<ResourceInstance>,
    pub outputs: BTreeMap<String, Value>,
    pub children: Vec<EvaluatedModule>,
    pub remote_modules: Vec<RemoteModule>,
    /// The module's `provider` blocks, evaluated (`default_tags` of the AWS provider, say).
    pub providers: Vec<EvalBlock>,
    /// Files of the module that could not be read or parsed.
    pub errors: Vec<FileError>,
    /// Where the instances of each resource type are in this module and those it calls: the
    /// indices of the children leading to the module, and the instance's index in it. Built by
    /// [`Self::resources_of`] on first use, when the module is complete.
    pub(crate) by_kind: OnceLock<KindIndex>,
}

impl EvaluatedModule {
    /// This module and every module it calls, depth first.
    pub fn walk(&self) -> Box<dyn Iterator<Item = &EvaluatedModule> + '_> {
        Box::new(std::iter::once(self).chain(self.children.iter().flat_map(|c| c.walk())))
    }

    /// The instances of the resource (or data source) type `kind` in this module and the
    /// modules it calls, in [`Self::walk`] order. Rules that look for another resource (a
    /// bucket's public access block, a registry's scanning configuration) ask for one type
    /// without going through every resource of the configuration for each one they judge.
    pub fn resources_of<'s>(
        &'s self,
        kind: &str,
    ) -> impl Iterator<Item = &'s ResourceInstance> + 's {
        fn add(module: &EvaluatedModule, path: &mut Vec<u32>, index: &mut KindIndex) {
            for (i, resource) in (0u32..).zip(&module.resources) {
                let at = (path.clone(), i);
                index.entry(resource.kind.clone()).or_default().push(at);
            }
            for (c, child) in (0u32..).zip(&module.children) {
                path.push(c);
                add(child, path, index);
                path.pop();
            }
        }
        let index = self.by_kind.get_or_init(|| {
            let mut index = HashMap::new();
            add(self, &mut Vec::new(), &mut index);
            index
        });
        index.get(kind).into_iter().flatten().map(move |(path, i)| {
            let module = path
                .iter()
                .fold(self, |module, c| &module.children[*c as usize]);
            &module.resources[*i as usize]
        })
    }
}

/// Evaluates the root module in `dir` with its `terraform.tfvars`, `*.auto.tfvars` and the
/// `inputs`.
pub fn evaluate(project: &mut Project, dir: &Path, inputs: &Inputs) -> EvaluatedModule {
    let module = project.module(dir);
    project.steps = 0;
    let mut given = BTreeMap::new();
    let mut errors = module.errors.clone();
    for path in tfvars_files(dir, inputs) {
        match project.read_file(&path) {
            Ok((file, body)) => {
                let mut ev = Evaluator::new(project, Arc::clone(&module), String::new(), &[]);
                for attribute in &body.attributes {
                    let value = ev.eval(&attribute.value, file, &mut Vec::new());
                    given.insert(attribute.name.clone(), value);
                }
            }
            Err(error) => errors.push(error),
        }
    }
    for (name, text) in &inputs.vars {
        let file = project.add_file(format!("<--var {name}>"), text.as_str());
        let span = Span {
            file,
            range: rampart_source::TextRange::new(0, crate::parse::offset(text.len())),
        };
        let typed = module
            .variables
            .iter()
            .find(|v| v.block.label(0) == Some(name))
            .and_then(|v| v.block.body.attribute("type"))
            .is_some_and(|t| !matches!(&t.value.kind, ExprKind::Variable(n) if n == "string"));
        let value = if typed {
            match crate::parse::parse_template_at(&format!("${{{text}}}"), None, span.range) {
                Ok(expr) => {
                    let mut ev = Evaluator::new(project, Arc::clone(&module), String::new(), &[]);
                    ev.eval(&expr, file, &mut Vec::new())
                }
                Err(_) => Value::unknown(Reason::Error),
            }
        } else {
            Value::string(text.as_str())
        };
        given.insert(name.clone(), value.at(span));
    }
    let mut result = evaluate_module(project, module, String::new(), None, &given, &[], 0);
    result.errors = errors;
    result
}

/// `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars` and `*.auto.tfvars.json` (in
/// name order), then the extra var files.
fn tfvars_files(dir: &Path, inputs: &Inputs) -> Vec<PathBuf> {
    // Named as the rest of the scan names files: `terraform.tfvars`, not `./terraform.tfvars`.
    let here = dir == Path::new(".");
    let mut files = Vec::new();
    for name in ["terraform.tfvars", "terraform.tfvars.json"] {
        let path = if here {
            PathBuf::from(name)
        } else {
            dir.join(name)
        };
        if path.is_file() {
            files.push(path);
        }
    }
    let mut auto: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| {
            if here {
                PathBuf::from(e.file_name())
            } else {
                e.path()
            }
        })
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
        })
        .collect();
    auto.sort();
    files.extend(auto);
    files.extend(inputs.var_files.iter().cloned());
    files
}

fn evaluate_module(
    project: &mut Project,
    module: Arc<Module>,
    address: String,
    call: Option<Span>,
    given: &BTreeMap<String, Value>,
    chain: &[PathBuf],
    depth: u32,
) -> EvaluatedModule {
    let mut chain = chain.to_vec();
    chain.push(module.dir.clone());
    let prefix = if address.is_empty() {
        String::new()
    } else {
        format!("{address}.")
    };
    let mut ev = Evaluator::new(project, Arc::clone(&module), prefix, &chain);
    // Nested evaluations count across modules, so that the stack stays bounded however deep.
    ev.depth = depth;
    ev.set_variables(given);
    for item in &module.resources {
        ev.resource(Mode::Managed, item);
    }
    for item in &module.data {
        ev.resource(Mode::Data, item);
    }
    for item in &module.module_calls {
        if let Some(name) = item.block.label(0) {
            ev.module_call(name);
        }
    }
    let mut providers = Vec::new();
    for item in module.other.iter().filter(|i| i.block.kind == "provider") {
        providers.push(EvalBlock {
            kind: item.block.kind.clone(),
            labels: item.block.labels.iter().map(|l| l.value.clone()).collect(),
            span: Evaluator::span(item.file, item.block.range),
            body: ev.body(&item.block.body, item.file, &mut Vec::new(), false),
        });
    }
    let mut outputs = BTreeMap::new();
    for item in &module.outputs {
        if let (Some(name), Some(value)) = (item.block.label(0), item.block.body.attribute("value"))
        {
            let value = ev.eval(&value.value, item.file, &mut Vec::new());
            outputs.insert(name.to_owned(), value);
        }
    }
    let mut resources = std::mem::take(&mut ev.instances);
    resources.sort_by(|a, b| (a.span, &a.key).cmp(&(b.span, &b.key)));
    EvaluatedModule {
        dir: module.dir.clone(),
        address,
        call,
        variables: ev.variables.clone().into_iter().collect(),
        resources,
        outputs,
        children: std::mem::take(&mut ev.children),
        remote_modules: std::mem::take(&mut ev.remote_modules),
        providers,
        errors: module.errors.clone(),
        by_kind: OnceLock::new(),
    }
}

/// A binding of a name in an expression's scope (`for` variables, `count`, `each`, a dynamic
/// block's iterator, `templatefile` variables), innermost last.
pub(crate) type Scope = Vec<(String, Value)>;

/// A memoised local, resource or module call.
enum Slot {
    /// Being evaluated: a reference to it now is a cycle.
    Busy,
    Done(Value),
}

/// The memoised value of `name`, `cycle()` when it is being evaluated, or `None` when it is
/// still to evaluate.
fn cached(
    slots: &HashMap<String, Slot>,
    name: &str,
    cycle: impl FnOnce() -> Value,
) -> Option<Value> {
    match slots.get(name)? {
        Slot::Done(value) => Some(value.clone()),
        Slot::Busy => Some(cycle()),
    }
}

struct Evaluator<'p> {
    project: &'p mut Project,
    module: Arc<Module>,
    prefix: String,
    chain: Vec<PathBuf>,
    variables: HashMap<String, Value>,
    locals: HashMap<String, Slot>,
    resources: HashMap<String, Slot>,
    modules: HashMap<String, Slot>,
    instances: Vec<ResourceInstance>,
    children: Vec<EvaluatedModule>,
    remote_modules: Vec<RemoteModule>,
    depth: u32,
}

impl<'p> Evaluator<'p> {
    fn new(
        project: &'p mut Project,
        module: Arc<Module>,
        prefix: String,
        chain: &[PathBuf],
    ) -> Self {
        Self {
            project,
            module,
            prefix,
            chain: chain.to_vec(),
            variables: HashMap::new(),
            locals: HashMap::new(),
            resources: HashMap::new(),
            modules: HashMap::new(),
            instances: Vec::new(),
            children: Vec::new(),
            remote_modules: Vec::new(),
            depth: 0,
        }
    }

    /// Each declared variable: its given value, else its default, else unknown.
    fn set_variables(&mut self, given: &BTreeMap<String, Value>) {
        let module = Arc::clone(&self.module);
        for item in &module.variables {
            let Some(name) = item.block.label(0) else {
                continue;
            };
            let mut value = match given.get(name) {
                Some(value) if !value.is_null() || !nullable_false(&item.block) => value.clone(),
                _ => match item.block.body.attribute("default") {
                    Some(default) => self.eval(&default.value, item.file, &mut Vec::new()),
                    None => Value::unknown(Reason::UnsetVariable),
                },
            };
            if let Some(constraint) = item.block.body.attribute("type") {
                let file = item.file;
                value = crate::types::convert(value, &constraint.value, &mut |default| {
                    self.eval(default, file, &mut Vec::new())
                });
            }
            self.variables.insert(name.to_owned(), value);
        }
    }

    fn span(file: FileId, range: rampart_source::TextRange) -> Span {
        Span { file, range }
    }

    pub(crate) fn eval(&mut self, expr: &Expr, file: FileId, scope: &mut Scope) -> Value {
        let span = Self::span(file, expr.range);
        if !self.spend(1) {
            return Value::unknown(Reason::Limit).at(span);
        }
        match &expr.kind {
            ExprKind::Null => Value::null().at(span),
            ExprKind::Bool(b) => Value::bool(*b).at(span),
            ExprKind::Number(n) => Value::number(*n).at(span),
            ExprKind::String(s) => Value::string(s.as_str()).at(span),
            ExprKind::Template(parts) => {
                if let [TemplatePart::Interpolation(inner)] = parts.as_slice() {
                    // `"${x}"` is `x`, whatever its type, as in Terraform.
                    return self.eval(inner, file, scope);
                }
                let mut out = String::new();
                match self.template(parts, file, scope, &mut out) {
                    Ok(()) => Value::string(out).at(span),
                    Err(unknown) => Value::bare(Kind::Unknown(Unknown {
                        derived: true,
                        ..unknown
                    }))
                    .at(span),
                }
            }
            ExprKind::Tuple(items) => {
                let items = items.iter().map(|e| self.eval(e, file, scope)).collect();
                Value::list(items).at(span)
            }
            ExprKind::Object(entries) => {
                let mut map = BTreeMap::new();
                for (key, value) in entries {
                    let key = match &key.kind {
                        // A bare name is the key itself, not a reference.
                        ExprKind::Variable(name) => Value::string(name.as_str()),
                        _ => self.eval(key, file, scope),
                    };
                    let Some(key) = key.to_plain_string() else {
                        return unknown_like(&key, Reason::Error).at(span);
                    };
                    let value = self.eval(value, file, scope);
                    map.insert(key, value);
                }
                Value::map(map).at(span)
            }
            ExprKind::Variable(name) => self.traversal(name, expr, &[], file, scope),
            ExprKind::Traversal(root, steps) => {
                if let ExprKind::Variable(name) = &root.kind {
                    self.traversal(name, root, steps, file, scope)
                } else {
                    let value = self.eval(root, file, scope);
                    self.apply_steps(value, steps, None, file, scope)
                }
            }
            ExprKind::Call(call) => self.call(call, span, file, scope),
            ExprKind::Conditional(c) => {
                let condition = self.eval(&c.condition, file, scope);
                match condition.as_bool() {
                    Some(true) => self.eval(&c.then, file, scope),
                    Some(false) => self.eval(&c.otherwise, file, scope),
                    None => unknown_like(&condition, Reason::Error).at(span),
                }
            }
            ExprKind::Unary(op, operand) => {
                let value = self.eval(operand, file, scope);
                let result = match op {
                    UnaryOp::Neg => value.as_number().map(|n| Value::number(-n)),
                    UnaryOp::Not => value.as_bool().map(|b| Value::bool(!b)),
                };
                result
                    .unwrap_or_else(|| unknown_like(&value, Reason::Error))
                    .at(span)
            }
            ExprKind::Binary(op, lhs, rhs) => {
                let lhs = self.eval(lhs, file, scope);
                // `&&` and `||` need not look further once one side decides.
                match (op, lhs.as_bool()) {
                    (BinaryOp::And, Some(false)) => return Value::bool(false).at(span),
                    (BinaryOp::Or, Some(true)) => return Value::bool(true).at(span),
                    _ => {}
                }
                let rhs = self.eval(rhs, file, scope);
                binary(*op, &lhs, &rhs).at(span)
            }
            ExprKind::For(f) => self.for_expr(f, file, scope).at(span),
        }
    }

    /// Appends a template's text to `out`, or gives the unknown that stops it.
    fn template(
        &mut self,
        parts: &[TemplatePart],
        file: FileId,
        scope: &mut Scope,
        out: &mut String,
    ) -> Result<(), Unknown> {
        for part in parts {
            match part {
                TemplatePart::Literal(text) => out.push_str(text),
                TemplatePart::Interpolation(expr) => {
                    let value = self.eval(expr, file, scope);
                    match value.to_plain_string() {
                        Some(text) => out.push_str(&text),
                        None => return Err(unknown_of(&value, Reason::Error)),
                    }
                }
                TemplatePart::If {
                    condition,
                    then,
                    otherwise,
                } => {
                    let value = self.eval(condition, file, scope);
                    match value.as_bool() {
                        Some(true) => self.template(then, file, scope, out)?,
                        Some(false) => self.template(otherwise, file, scope, out)?,
                        None => return Err(unknown_of(&value, Reason::Error)),
                    }
                }
                TemplatePart::For {
                    key_var,
                    value_var,
                    collection,
                    body,
                } => {
                    let collection = self.eval(collection, file, scope);
                    let Some(pairs) = pairs(&collection) else {
                        return Err(unknown_of(&collection, Reason::Error));
                    };
                    for (key, value) in pairs {
                        let mark = scope.len();
                        if let Some(k) = key_var {
                            scope.push((k.clone(), key));
                        }
                        scope.push((value_var.clone(), value));
                        let done = self.template(body, file, scope, out);
                        scope.truncate(mark);
                        done?;
                    }
                }
            }
            if out.len() > MAX_STRING {
                return Err(Unknown::of(Reason::Limit));
            }
        }
        Ok(())
    }

    /// Spends `steps` of the root module's evaluation budget ([`MAX_STEPS`]): `false` once it
    /// is spent.
    fn spend(&mut self, steps: usize) -> bool {
        let steps = u64::try_from(steps).unwrap_or(u64::MAX);
        self.project.steps = self.project.steps.saturating_add(steps);
        self.project.steps <= MAX_STEPS
    }

    /// Spends the budget of the instances that `count` or `for_each` asks for (at most
    /// [`MAX_INSTANCES`] are made): `false` once it is spent.
    fn spend_instances(&mut self, asked: usize) -> bool {
        self.spend(asked.min(MAX_INSTANCES).saturating_mul(INSTANCE_STEPS))
    }

    fn for_expr(&mut self, f: &ForExpr, file: FileId, scope: &mut Scope) -> Value {
        let collection = self.eval(&f.collection, file, scope);
        let Some(pairs) = pairs(&collection) else {
            return unknown_like(&collection, Reason::Error);
        };
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (key, value) in pairs {
            let mark = scope.len();
            if let Some(k) = &f.key_var {
                scope.push((k.clone(), key));
            }
            scope.push((f.value_var.clone(), value));
            let keep = match &f.condition {
                Some(condition) => {
                    let keep = self.eval(condition, file, scope);
                    match keep.as_bool() {
                        Some(keep) => keep,
                        None => {
                            scope.truncate(mark);
                            return unknown_like(&keep, Reason::Error);
                        }
                    }
                }
                None => true,
            };
            if keep {
                if let Some(key_expr) = &f.key {
                    let key = self.eval(key_expr, file, scope);
                    let Some(key) = key.to_plain_string() else {
                        scope.truncate(mark);
                        return unknown_like(&key, Reason::Error);
                    };
                    let value = self.eval(&f.value, file, scope);
                    if f.grouping {
                        groups.entry(key).or_default().push(value);
                    } else {
                        map.insert(key, value);
                    }
                } else {
                    list.push(self.eval(&f.value, file, scope));
                }
            }
            scope.truncate(mark);
        }
        if f.key.is_none() {
            Value::list(list)
        } else if f.grouping {
            Value::map(
                groups
                    .into_iter()
                    .map(|(k, v)| (k, Value::list(v)))
                    .collect(),
            )
        } else {
            Value::map(map)
        }
    }

    fn call(
        &mut self,
        call: &crate::syntax::Call,
        span: Span,
        file: FileId,
        scope: &mut Scope,
    ) -> Value {
        match call.name.as_str() {
            // These look at whether their arguments fail, so they take them unevaluated.
            "try" => {
                for arg in &call.args {
                    let value = self.eval(arg, file, scope);
                    if value.as_unknown().is_none_or(|u| u.reason != Reason::Error) {
                        return value;
                    }
                }
                return Value::unknown(Reason::Error).at(span);
            }
            "can" => {
                let Some(arg) = call.args.first() else {
                    return Value::unknown(Reason::Error).at(span);
                };
                let value = self.eval(arg, file, scope);
                return match value.as_unknown() {
                    Some(u) if u.reason == Reason::Error => Value::bool(false),
                    Some(_) => value,
                    None => Value::bool(true),
                }
                .at(span);
            }
            "templatefile" => return self.templatefile(call, span, file, scope),
            _ => {}
        }
        let mut args: Vec<Value> = call
            .args
            .iter()
            .map(|a| self.eval(a, file, scope))
            .collect();
        if call.expand_final {
            if let Some(last) = args.pop() {
                match last.as_list() {
                    Some(items) => args.extend(items.iter().cloned()),
                    None => return unknown_like(&last, Reason::Error).at(span),
                }
            }
        }
        let context = functions::Context {
            module_dir: &self.module.dir,
        };
        // A function that passes a value on (`lookup`, `element`, `coalesce`) keeps where that
        // value was set, behind the call; a value the function builds starts at the call.
        let value = functions::call(&call.name, args, &context);
        let size = match &value.kind {
            Kind::List(items) => items.len(),
            Kind::Map(entries) => entries.len(),
            _ => 0,
        };
        if !self.spend(size) {
            return Value::unknown(Reason::Limit).at(span);
        }
        value.through(span)
    }

    /// `templatefile(path, vars)`: the file read and evaluated as a template with `vars` (and
    /// nothing else) in scope. Its expressions are located at the call.
    fn templatefile(
        &mut self,
        call: &crate::syntax::Call,
        span: Span,
        file: FileId,
        scope: &mut Scope,
    ) -> Value {
        let args: Vec<Value> = call
            .args
            .iter()
            .map(|a| self.eval(a, file, scope))
            .collect();
        let [path, vars] = args.as_slice() else {
            return Value::unknown(Reason::Error).at(span);
        };
        let (Some(path), Some(vars)) = (path.as_str(), vars.as_map()) else {
            return unknown_like(if path.is_unknown() { path } else { vars }, Reason::Error)
                .at(span);
        };
        let Some(text) = functions::read_small_file(&self.module.dir, path) else {
            return Value::unknown(Reason::Function).at(span);
        };
        let Ok(template) = crate::parse::parse_template_at(&text, None, span.range) else {
            return Value::unknown(Reason::Error).at(span);
        };
        let mut inner: Scope = vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        self.eval(&template, file, &mut inner).at(span)
    }

    /// A reference: `name` followed by `steps`.
    fn traversal(
        &mut self,
        name: &str,
        root: &Expr,
        steps: &[Traverser],
        file: FileId,
        scope: &mut Scope,
    ) -> Value {
        let root_span = Self::span(file, root.range);
        if let Some((_, value)) = scope.iter().rev().find(|(n, _)| n == name) {
            let value = value.clone();
            return self.apply_steps(value, steps, None, file, scope);
        }
        let attr = |i: usize| match steps.get(i) {
            Some(Traverser::Attr(name, range)) => Some((name.as_str(), *range)),
            _ => None,
        };
        let through = |end: rampart_source::TextRange| Span {
            file,
            range: root.range.cover(end),
        };
        match name {
            "var" | "local" | "module" => {
                let Some((item, range)) = attr(0) else {
                    return Value::unknown(Reason::Error).at(root_span);
                };
                let value = match name {
                    "var" => self
                        .variables
                        .get(item)
                        .cloned()
                        .unwrap_or_else(|| Value::unknown(Reason::Error)),
                    "local" => self.local(item),
                    _ => self.module_call(item),
                };
                let value = value.through(through(range));
                self.apply_steps(value, &steps[1..], None, file, scope)
            }
            "data" => {
                let (Some((kind, _)), Some((data_name, range))) = (attr(0), attr(1)) else {
                    return Value::unknown(Reason::Error).at(root_span);
                };
                let key = format!("data.{kind}.{data_name}");
                let value = self.resource_value(&key).through(through(range));
                self.apply_steps(value, &steps[2..], Some(&key), file, scope)
            }
            "path" => {
                let value = match attr(0) {
                    Some(("module", _)) => Value::string(self.module.dir.to_string_lossy()),
                    Some(("root" | "cwd", _)) => Value::string(
                        self.chain
                            .first()
                            .unwrap_or(&self.module.dir)
                            .to_string_lossy(),
                    ),
                    _ => Value::unknown(Reason::Error),
                };
                value.at(root_span)
            }
            "terraform" => match attr(0) {
                Some(("workspace", _)) => Value::string("default").at(root_span),
                _ => Value::unknown(Reason::Error).at(root_span),
            },
            "self" | "count" | "each" => {
                // Outside a block that binds them (`self` in provisioners): not known here.
                Value::unknown(Reason::AfterApply).at(root_span)
            }
            _ => {
                let Some((resource_name, range)) = attr(0) else {
                    return Value::unknown(Reason::Error).at(root_span);
                };
                let key = format!("{name}.{resource_name}");
                let value = self.resource_value(&key).through(through(range));
                self.apply_steps(value, &steps[1..], Some(&key), file, scope)
            }
        }
    }

    /// Applies traversal steps. Within a resource reference, a missing attribute is one the
    /// provider computes: unknown after apply, naming the resource.
    fn apply_steps(
        &mut self,
        mut value: Value,
        steps: &[Traverser],
        resource: Option<&str>,
        file: FileId,
        scope: &mut Scope,
    ) -> Value {
        for (i, step) in steps.iter().enumerate() {
            if value.is_unknown() {
                return value;
            }
            value = match step {
                Traverser::Attr(name, _) => match &value.kind {
                    Kind::Map(map) => match map.get(name) {
                        Some(v) => v.clone(),
                        None => missing(resource),
                    },
                    _ => Value::unknown(Reason::Error),
                },
                Traverser::Index(index) => {
                    let index = self.eval(index, file, scope);
                    if index.is_unknown() {
                        return unknown_like(&index, Reason::Error);
                    }
                    match &value.kind {
                        Kind::List(items) => index
                            .as_number()
                            .filter(|n| *n >= 0.0 && n.fract() == 0.0)
                            .and_then(|n| items.get(n as usize))
                            .cloned()
                            .unwrap_or_else(|| Value::unknown(Reason::Error)),
                        Kind::Map(map) => match index.to_plain_string() {
                            Some(key) => {
                                map.get(&key).cloned().unwrap_or_else(|| missing(resource))
                            }
                            None => Value::unknown(Reason::Error),
                        },
                        _ => Value::unknown(Reason::Error),
                    }
                }
                Traverser::Splat(_) => {
                    let items: Vec<Value> = match &value.kind {
                        Kind::Null => Vec::new(),
                        Kind::List(items) => items.to_vec(),
                        _ => vec![value.clone()],
                    };
                    let rest = &steps[i + 1..];
                    let mapped = items
                        .into_iter()
                        .map(|item| self.apply_steps(item, rest, resource, file, scope))
                        .collect();
                    return Value::list(mapped);
                }
            };
        }
        value
    }

    fn local(&mut self, name: &str) -> Value {
        if let Some(value) = cached(&self.locals, name, || Value::unknown(Reason::Limit)) {
            return value;
        }
        let module = Arc::clone(&self.module);
        let Some(decl) = module.locals.iter().find(|l| l.attribute.name == name) else {
            return Value::unknown(Reason::Error);
        };
        if self.depth >= MAX_DEPTH {
            return Value::unknown(Reason::Limit);
        }
        self.locals.insert(name.to_owned(), Slot::Busy);
        self.depth += 1;
        let value = self.eval(&decl.attribute.value, decl.file, &mut Vec::new());
        self.depth -= 1;
        self.locals
            .insert(name.to_owned(), Slot::Done(value.clone()));
        value
    }

    /// The value references see for `type.name` or `data.type.name`, evaluating it if needed.
    fn resource_value(&mut self, key: &str) -> Value {
        if let Some(value) = cached(&self.resources, key, || {
            resource_unknown(Reason::Limit, key)
        }) {
            return value;
        }
        let module = Arc::clone(&self.module);
        let (mode, rest) = match key.strip_prefix("data.") {
            Some(rest) => (Mode::Data, rest),
            None => (Mode::Managed, key),
        };
        let list = match mode {
            Mode::Managed => &module.resources,
            Mode::Data => &module.data,
        };
        let found = list.iter().find(|item| {
            let b = &item.block;
            rest.split_once('.') == b.label(0).zip(b.label(1))
        });
        match found {
            Some(item) => self.resource(mode, item),
            None => resource_unknown(Reason::Error, key),
        }
    }

    /// Evaluates every instance of a resource or data block (once), recording the instances
    /// and returning the value references see.
    fn resource(&mut self, mode: Mode, item: &Item) -> Value {
        let (Some(kind), Some(name)) = (item.block.label(0), item.block.label(1)) else {
            return Value::unknown(Reason::Error);
        };
        let key = match mode {
            Mode::Managed => format!("{kind}.{name}"),
            Mode::Data => format!("data.{kind}.{name}"),
        };
        if let Some(value) = cached(&self.resources, &key, || {
            resource_unknown(Reason::Limit, &key)
        }) {
            return value;
        }
        if self.depth >= MAX_DEPTH {
            return resource_unknown(Reason::Limit, &key);
        }
        self.resources.insert(key.clone(), Slot::Busy);
        self.depth += 1;
        let expansion = self.expand(&item.block, item.file);
        let mut values = Vec::new();
        for (instance_key, mut scope) in expansion.instances {
            let body = self.body(&item.block.body, item.file, &mut scope, true);
            let value = body.to_value();
            values.push((instance_key.clone(), value));
            self.instances.push(ResourceInstance {
                mode,
                kind: kind.to_owned(),
                name: name.to_owned(),
                address: format!(
                    "{}{key}{}",
                    self.prefix,
                    InstanceKey::suffix(instance_key.as_ref())
                ),
                key: instance_key,
                span: Self::span(item.file, item.block.range),
                body,
                ignore_changes: ignore_changes(&item.block),
            });
        }
        self.depth -= 1;
        let value = collect_instances(expansion.shape, values, &key);
        self.resources.insert(key, Slot::Done(value.clone()));
        value
    }

    /// The instances `count` or `for_each` make of a block, each with its scope.
    fn expand(&mut self, block: &Block, file: FileId) -> Expansion {
        let single = |shape| Expansion {
            shape,
            instances: vec![(Some(InstanceKey::Unknown), Vec::new())],
        };
        if let Some(count) = block.body.attribute("count") {
            let mut value = self.eval(&count.value, file, &mut Vec::new());
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Bounded above.
            let count = value
                .as_number()
                .filter(|n| *n >= 0.0)
                .map(|n| (n as usize).min(MAX_INSTANCES));
            if count.is_some_and(|n| !self.spend_instances(n)) {
                value = Value::unknown(Reason::Limit);
            }
            let Some(n) = count.filter(|_| !value.is_unknown()) else {
                let mut expansion = single(Shape::Unknown);
                let unknown = unknown_like(&value, Reason::Error);
                expansion.instances[0].1 = vec![("count".into(), object(&[("index", unknown)]))];
                return expansion;
            };
            let instances = (0..n)
                .map(|i| {
                    #[allow(clippy::cast_precision_loss)]
                    let index = Value::number(i as f64);
                    (
                        Some(InstanceKey::Index(i)),
                        vec![("count".to_owned(), object(&[("index", index)]))],
                    )
                })
                .collect();
            return Expansion {
                shape: Shape::List,
                instances,
            };
        }
        if let Some(for_each) = block.body.attribute("for_each") {
            let mut value = self.eval(&for_each.value, file, &mut Vec::new());
            let pairs = for_each_pairs(&value);
            if pairs
                .as_ref()
                .is_some_and(|pairs| !self.spend_instances(pairs.len()))
            {
                value = Value::unknown(Reason::Limit);
            }
            let Some(pairs) = pairs.filter(|_| !value.is_unknown()) else {
                let mut expansion = single(Shape::Unknown);
                let unknown = unknown_like(&value, Reason::Error);
                let each = object(&[("key", unknown.clone()), ("value", unknown)]);
                expansion.instances[0].1 = vec![("each".into(), each)];
                return expansion;
            };
            let instances = pairs
                .into_iter()
                .take(MAX_INSTANCES)
                .map(|(key, value)| {
                    let each = object(&[("key", Value::string(key.as_str())), ("value", value)]);
                    (Some(InstanceKey::Key(key)), vec![("each".to_owned(), each)])
                })
                .collect();
            return Expansion {
                shape: Shape::Map,
                instances,
            };
        }
        Expansion {
            shape: Shape::Single,
            instances: vec![(None, Vec::new())],
        }
    }

    /// Evaluates a block body; `meta` leaves out Terraform's meta-arguments (`count`,
    /// `for_each`, `depends_on`, `provider`, `lifecycle`...).
    fn body(&mut self, body: &Body, file: FileId, scope: &mut Scope, meta: bool) -> EvalBody {
        let mut out = EvalBody::default();
        for attribute in &body.attributes {
            if meta && is_meta_argument(&attribute.name) {
                continue;
            }
            out.attributes.push(self.attribute(attribute, file, scope));
        }
        for block in &body.blocks {
            if meta
                && matches!(
                    block.kind.as_str(),
                    "lifecycle" | "provisioner" | "connection"
                )
            {
                continue;
            }
            if block.kind == "dynamic" {
                self.dynamic(block, file, scope, &mut out.blocks);
                continue;
            }
            out.blocks.push(EvalBlock {
                kind: block.kind.clone(),
                labels: block.labels.iter().map(|l| l.value.clone()).collect(),
                span: Self::span(file, block.range),
                body: self.body(&block.body, file, scope, false),
            });
        }
        out
    }

    fn attribute(
        &mut self,
        attribute: &Attribute,
        file: FileId,
        scope: &mut Scope,
    ) -> EvalAttribute {
        EvalAttribute {
            name: attribute.name.clone(),
            span: Self::span(file, attribute.range),
            value: self.eval(&attribute.value, file, scope),
        }
    }

    /// `dynamic "name" { for_each = ..., iterator = it, content { ... } }`: one block per
    /// element, or one whose iterator is unknown when the collection is.
    fn dynamic(
        &mut self,
        block: &Block,
        file: FileId,
        scope: &mut Scope,
        out: &mut Vec<EvalBlock>,
    ) {
        let Some(kind) = block.label(0) else { return };
        let Some(content) = block.body.blocks_of("content").next() else {
            return;
        };
        let iterator = match block.body.attribute("iterator").map(|a| &a.value.kind) {
            Some(ExprKind::Variable(name)) => name.clone(),
            _ => kind.to_owned(),
        };
        let collection = match block.body.attribute("for_each") {
            Some(for_each) => self.eval(&for_each.value, file, scope),
            None => Value::unknown(Reason::Error),
        };
        let pairs: Vec<(Value, Value)> = match pairs(&collection) {
            Some(pairs) => pairs.into_iter().take(MAX_INSTANCES).collect(),
            None => {
                let unknown = unknown_like(&collection, Reason::Error);
                vec![(unknown.clone(), unknown)]
            }
        };
        for (key, value) in pairs {
            scope.push((iterator.clone(), object(&[("key", key), ("value", value)])));
            let body = self.body(&content.body, file, scope, false);
            scope.pop();
            out.push(EvalBlock {
                kind: kind.to_owned(),
                labels: Vec::new(),
                span: Self::span(file, content.range),
                body,
            });
        }
    }

    /// The value of `module.NAME` (an object of its outputs), evaluating the call (once).
    fn module_call(&mut self, name: &str) -> Value {
        if let Some(value) = cached(&self.modules, name, || Value::unknown(Reason::Limit)) {
            return value;
        }
        let module = Arc::clone(&self.module);
        let Some(item) = module
            .module_calls
            .iter()
            .find(|i| i.block.label(0) == Some(name))
        else {
            return Value::unknown(Reason::Error);
        };
        if self.depth >= MAX_DEPTH {
            return Value::unknown(Reason::Limit);
        }
        self.modules.insert(name.to_owned(), Slot::Busy);
        self.depth += 1;
        let value = self.evaluate_call(name, item);
        self.depth -= 1;
        self.modules
            .insert(name.to_owned(), Slot::Done(value.clone()));
        value
    }

    /// The key `terraform init` gives the call `name` in this module: the names of the calls
    /// from the root, joined with dots (`vpc.subnets`), without instance keys.
    fn call_key(&self, name: &str) -> String {
        let path = crate::plan::without_keys(&self.prefix);
        let mut parts: Vec<&str> = path
            .split('.')
            .collect::<Vec<_>>()
            .chunks(2)
            .filter_map(|pair| match pair {
                ["module", call] => Some(*call),
                _ => None,
            })
            .collect();
        parts.push(name);
        parts.join(".")
    }

    fn evaluate_call(&mut self, name: &str, item: &Item) -> Value {
        let span = Self::span(item.file, item.block.range);
        let source = item
            .block
            .body
            .attribute("source")
            .map(|s| self.eval(&s.value, item.file, &mut Vec::new()));
        let source_text = source.as_ref().and_then(Value::as_str).map(str::to_owned);
        let local = source_text
            .as_deref()
            .is_some_and(|s| s.starts_with("./") || s.starts_with("../"));
        let dir = if local {
            source_text
                .as_deref()
                .map(|s| crate::project::normalize(&self.module.dir.join(s)))
                .filter(|d| d.is_dir())
        } else {
            // A registry or git module is on disk once `terraform init` has run.
            self.chain
                .first()
                .and_then(|root| crate::project::downloaded_module(root, &self.call_key(name)))
        };
        let Some(dir) = dir else {
            self.remote_modules.push(RemoteModule {
                name: name.to_owned(),
                source: source_text,
                span,
            });
            return Value::unknown(Reason::RemoteModule);
        };
        if self.chain.len() >= MAX_MODULE_DEPTH || self.chain.contains(&dir) {
            return Value::unknown(Reason::Limit);
        }
        let child = self.project.module(&dir);
        let expansion = self.expand(&item.block, item.file);
        let mut values = Vec::new();
        for (key, mut scope) in expansion.instances {
            let mut given = BTreeMap::new();
            for attribute in &item.block.body.attributes {
                if is_meta_argument(&attribute.name)
                    || matches!(attribute.name.as_str(), "source" | "version" | "providers")
                {
                    continue;
                }
                let value = self.eval(&attribute.value, item.file, &mut scope);
                given.insert(attribute.name.clone(), value);
            }
            let address = format!(
                "{}module.{name}{}",
                self.prefix,
                InstanceKey::suffix(key.as_ref())
            );
            let evaluated = evaluate_module(
                self.project,
                Arc::clone(&child),
                address,
                Some(span),
                &given,
                &self.chain,
                self.depth,
            );
            values.push((key, Value::map(evaluated.outputs.clone())));
            self.children.push(evaluated);
        }
        collect_instances(expansion.shape, values, &format!("module.{name}"))
    }
}

#[derive(Clone, Copy)]
enum Shape {
    Single,
    List,
    Map,
    Unknown,
}

struct Expansion {
    shape: Shape,
    instances: Vec<(Option<InstanceKey>, Scope)>,
}

fn collect_instances(shape: Shape, values: Vec<(Option<InstanceKey>, Value)>, key: &str) -> Value {
    match shape {
        Shape::Single => values
            .into_iter()
            .next()
            .map_or_else(|| resource_unknown(Reason::Error, key), |(_, v)| v),
        Shape::List => Value::list(values.into_iter().map(|(_, v)| v).collect()),
        Shape::Map => Value::map(
            values
                .into_iter()
                .filter_map(|(k, v)| match k {
                    Some(InstanceKey::Key(k)) => Some((k, v)),
                    _ => None,
                })
                .collect(),
        ),
        Shape::Unknown => resource_unknown(Reason::AfterApply, key),
    }
}

fn is_meta_argument(name: &str) -> bool {
    matches!(name, "count" | "for_each" | "depends_on" | "provider")
}

/// `nullable = false`: a null given for the variable means its default.
fn nullable_false(block: &Block) -> bool {
    block
        .body
        .attribute("nullable")
        .is_some_and(|n| n.value.kind == ExprKind::Bool(false))
}

fn object(entries: &[(&str, Value)]) -> Value {
    Value::map(
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

/// A configured resource's attribute that its block does not set: the provider's to compute (a
/// data source's result is read at plan time, from outside the configuration).
fn missing(resource: Option<&str>) -> Value {
    match resource {
        Some(key) if key.starts_with("data.") => resource_unknown(Reason::DataSource, key),
        Some(key) => resource_unknown(Reason::AfterApply, key),
        None => Value::unknown(Reason::Error),
    }
}

fn resource_unknown(reason: Reason, key: &str) -> Value {
    Value::bare(Kind::Unknown(Unknown {
        reason,
        resource: Some(Arc::from(key)),
        derived: false,
    }))
}

/// The unknown `value` is, or a new one for `reason` when it is known (a type error).
pub(crate) fn unknown_of(value: &Value, reason: Reason) -> Unknown {
    match &value.kind {
        Kind::Unknown(u) => u.clone(),
        _ => Unknown::of(reason),
    }
}

pub(crate) fn unknown_like(value: &Value, reason: Reason) -> Value {
    Value::bare(Kind::Unknown(unknown_of(value, reason)))
}

/// The (key, value) pairs a `for` iterates: indices of a list, keys of a map.
fn pairs(collection: &Value) -> Option<Vec<(Value, Value)>> {
    match &collection.kind {
        Kind::List(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    #[allow(clippy::cast_precision_loss)]
                    let index = Value::number(i as f64);
                    (index, v.clone())
                })
                .collect(),
        ),
        Kind::Map(map) => Some(
            map.iter()
                .map(|(k, v)| (Value::string(k.as_str()), v.clone()))
                .collect(),
        ),
        _ => None,
    }
}

/// `for_each`'s instances: a map's entries, or a set of strings (each its own key).
fn for_each_pairs(collection: &Value) -> Option<Vec<(String, Value)>> {
    match &collection.kind {
        Kind::Map(map) => Some(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        Kind::List(items) => items
            .iter()
            .map(|v| v.to_plain_string().map(|k| (k, v.clone())))
            .collect(),
        _ => None,
    }
}

fn binary(op: BinaryOp, lhs: &Value, rhs: &Value) -> Value {
    if lhs.is_unknown() {
        return unknown_like(lhs, Reason::Error);
    }
    if rhs.is_unknown() {
        return unknown_like(rhs, Reason::Error);
    }
    match op {
        BinaryOp::Eq => return Value::bool(lhs == rhs || loosely_equal(lhs, rhs)),
        BinaryOp::NotEq => return Value::bool(!(lhs == rhs || loosely_equal(lhs, rhs))),
        BinaryOp::And | BinaryOp::Or => {
            return match (lhs.as_bool(), rhs.as_bool()) {
                (Some(a), Some(b)) => {
                    Value::bool(if op == BinaryOp::And { a && b } else { a || b })
                }
                _ => Value::unknown(Reason::Error),
            };
        }
        _ => {}
    }
    let (Some(a), Some(b)) = (lhs.as_number(), rhs.as_number()) else {
        return Value::unknown(Reason::Error);
    };
    match op {
        BinaryOp::LessEq => Value::bool(a <= b),
        BinaryOp::GreaterEq => Value::bool(a >= b),
        BinaryOp::Less => Value::bool(a < b),
        BinaryOp::Greater => Value::bool(a > b),
        BinaryOp::Plus => Value::number(a + b),
        BinaryOp::Minus => Value::number(a - b),
        BinaryOp::Mul => Value::number(a * b),
        BinaryOp::Div if b == 0.0 => Value::unknown(Reason::Error),
        BinaryOp::Div => Value::number(a / b),
        BinaryOp::Mod if b == 0.0 => Value::unknown(Reason::Error),
        BinaryOp::Mod => Value::number(a % b),
        _ => Value::unknown(Reason::Error),
    }
}

/// Terraform converts a number and a numeric string, or a bool and `"true"`, to compare them.
fn loosely_equal(lhs: &Value, rhs: &Value) -> bool {
    match (&lhs.kind, &rhs.kind) {
        (Kind::String(_), Kind::Number(_) | Kind::Bool(_))
        | (Kind::Number(_) | Kind::Bool(_), Kind::String(_)) => {
            lhs.to_plain_string() == rhs.to_plain_string()
        }
        _ => false,
    }
}

/// Counts over evaluated modules: how much was evaluated, and how much stayed unknown.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub modules: usize,
    pub instances: usize,
    /// Attributes of resource instances, at any depth of nested blocks.
    pub attributes: usize,
    /// Attributes whose value is unknown, by reason.
    pub unknowns: BTreeMap<Reason, usize>,
    /// Files that could not be read or parsed.
    pub errors: usize,
}

impl Stats {
    /// Adds `module` and every module it calls.
    pub fn add(&mut self, module: &EvaluatedModule) {
        for m in module.walk() {
            self.modules += 1;
            self.errors += m.errors.len();
            for instance in &m.resources {
                self.instances += 1;
                self.add_body(&instance.body);
            }
        }
    }

    fn add_body(&mut self, body: &EvalBody) {
        for attribute in &body.attributes {
            self.attributes += 1;
            if let Some(unknown) = attribute.value.as_unknown() {
                *self.unknowns.entry(unknown.reason).or_default() += 1;
            }
        }
        for block in &body.blocks {
            self.add_body(&block.body);
        }
    }
}
