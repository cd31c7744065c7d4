//! Loading policies: finding the files, compiling the Rego (either language version), reading
//! METADATA, data files and Gatekeeper manifests, and naming the rules results come from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rampart_diagnostics::{Platform, Severity};
use rampart_yaml::{parse_yaml, Limits};

use crate::metadata::{annotations, Annotation};
use crate::{
    gatekeeper, policy_meta, ExceptionRule, Policies, PolicyError, PolicyOptions, PolicyRule,
};

/// The names conftest judges: `deny`, `violation`, `warn`, each alone or with a `_suffix`.
fn result_rule(name: &str) -> Option<bool> {
    for (prefix, warn) in [("deny", false), ("violation", false), ("warn", true)] {
        if let Some(rest) = name.strip_prefix(prefix) {
            if rest.is_empty() || rest.starts_with('_') {
                return Some(warn);
            }
        }
    }
    None
}

/// Everything read from policy paths: the Rego modules and data in one engine, the Gatekeeper
/// manifests, and the errors.
pub(crate) struct Built {
    pub engine: regorus::Engine,
    /// Each Rego file's name and text.
    pub sources: Vec<(String, String)>,
    pub gatekeeper_docs: Vec<gatekeeper::Manifest>,
    pub errors: Vec<PolicyError>,
}

/// Reads every policy file under `paths` into one engine.
pub(crate) fn build(paths: &[PathBuf]) -> Built {
    let mut errors = Vec::new();
    let mut files = Vec::new();
    for root in paths {
        if !root.exists() {
            errors.push(PolicyError::new(
                &root.display().to_string(),
                None,
                "no such file or folder",
            ));
            continue;
        }
        collect(root, root, &mut files, &mut errors);
    }
    files.sort();
    files.dedup();

    let mut engine = regorus::Engine::new();
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut gatekeeper_docs = Vec::new();
    for file in &files {
        let name = file.path.display().to_string();
        let text = match std::fs::read_to_string(&file.path) {
            Ok(text) => text,
            Err(e) => {
                errors.push(PolicyError::new(&name, None, format!("cannot read: {e}")));
                continue;
            }
        };
        match file.kind {
            FileKind::Rego => match add_rego(&mut engine, &name, &text) {
                Ok(()) => sources.push((name, text)),
                Err(e) => errors.push(e),
            },
            FileKind::Json => match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(value) => add_data(&mut engine, &name, &file.prefix, value, &mut errors),
                Err(e) => errors.push(PolicyError::new(
                    &name,
                    Some((
                        u32::try_from(e.line()).unwrap_or(0),
                        u32::try_from(e.column()).unwrap_or(0),
                    )),
                    format!("not valid JSON: {e}"),
                )),
            },
            FileKind::Yaml => {
                read_yaml(
                    &mut engine,
                    file,
                    &name,
                    text,
                    &mut gatekeeper_docs,
                    &mut errors,
                );
            }
        }
    }

    Built {
        engine,
        sources,
        gatekeeper_docs,
        errors,
    }
}

/// Loads and compiles every policy under `options.paths`.
///
/// # Errors
/// Every file that cannot be read, parsed or compiled, each with its position.
pub fn load(options: &PolicyOptions) -> Result<Policies, Vec<PolicyError>> {
    let Built {
        mut engine,
        sources,
        gatekeeper_docs,
        mut errors,
    } = build(&options.paths);

    let limit = options
        .evaluation_limit
        .unwrap_or(crate::DEFAULT_EVALUATION_LIMIT);
    crate::limit_time(&mut engine, limit);
    let (mut templates, constraints) = gatekeeper::compile(gatekeeper_docs, &mut errors);
    for template in &mut templates {
        crate::limit_time(&mut template.engine, limit);
    }
    let (rules, exceptions) = if sources.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        // Compiling (scheduling, checking references) happens on first evaluation: do it now, so
        // that a policy that does not compile stops the run before any input is judged.
        if let Err(e) = engine.eval_query("true".to_owned(), false) {
            errors.push(rego_error("", &e.to_string()));
        }
        match result_rules(&engine, &sources, options) {
            Ok(found) => found,
            Err(mut e) => {
                errors.append(&mut e);
                (Vec::new(), Vec::new())
            }
        }
    };
    check_ids(&rules, &constraints, &mut errors);
    if !rules.is_empty() {
        add_batch(&mut engine, &rules, &exceptions, &mut errors);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Policies {
        engine: (!sources.is_empty()).then_some(engine),
        rules,
        templates,
        constraints,
        exceptions,
        namespaces: serde_json::Map::new(),
    })
}

/// The package of the rule that gathers every result rule's value in one evaluation.
pub(crate) const BATCH: &str = "data.rampart_internal_batch.results";

/// Adds a module with one rule whose value lists every result rule's values, then the exception
/// rules' (each as an array: empty when the rule is undefined). Evaluating it once per input
/// evaluates each helper rule once, where evaluating the rules one by one would start afresh
/// each time.
fn add_batch(
    engine: &mut regorus::Engine,
    rules: &[PolicyRule],
    exceptions: &[ExceptionRule],
    errors: &mut Vec<PolicyError>,
) {
    let items: Vec<String> = rules
        .iter()
        .map(|r| r.query.as_str())
        .chain(exceptions.iter().map(|e| e.query.as_str()))
        .map(|query| format!("  [x | x := {query}],"))
        .collect();
    let module = format!(
        "package rampart_internal_batch\n\nresults := [\n{}\n]\n",
        items.join("\n")
    );
    engine.set_rego_v0(false);
    if let Err(e) = engine.add_policy("<rampart batch>".to_owned(), module) {
        errors.push(rego_error("<rampart batch>", &e.to_string()));
    } else if let Err(e) = engine.eval_query("true".to_owned(), false) {
        errors.push(rego_error("<rampart batch>", &e.to_string()));
    }
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum FileKind {
    Rego,
    Json,
    Yaml,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct PolicyFile {
    path: PathBuf,
    kind: FileKind,
    /// Where data in this file goes under `data`: its folder relative to the root given, as OPA
    /// loads data folders.
    prefix: Vec<String>,
}

fn collect(root: &Path, path: &Path, files: &mut Vec<PolicyFile>, errors: &mut Vec<PolicyError>) {
    if path.is_dir() {
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => {
                errors.push(PolicyError::new(
                    &path.display().to_string(),
                    None,
                    format!("cannot read folder: {e}"),
                ));
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        children.sort();
        for child in children {
            let hidden = child
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            // A symlink to a folder is not followed: a loop would never end.
            if hidden || (child.is_symlink() && child.is_dir()) {
                continue;
            }
            collect(root, &child, files, errors);
        }
        return;
    }
    let kind = match path.extension().and_then(|e| e.to_str()) {
        Some("rego") => FileKind::Rego,
        Some("json") => FileKind::Json,
        Some("yaml" | "yml") => FileKind::Yaml,
        _ => return,
    };
    let prefix = path
        .parent()
        .and_then(|parent| parent.strip_prefix(root).ok())
        .map(|relative| {
            relative
                .components()
                .filter_map(|c| c.as_os_str().to_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    files.push(PolicyFile {
        path: path.to_owned(),
        kind,
        prefix,
    });
}

/// Adds a Rego module, in Rego v1 or, failing that, v0 (policies written before OPA 1.0 and most
/// Gatekeeper templates). When both fail, the error of the version the parser got further in.
pub(crate) fn add_rego(
    engine: &mut regorus::Engine,
    name: &str,
    text: &str,
) -> Result<(), PolicyError> {
    engine.set_rego_v0(false);
    let v1 = match engine.add_policy(name.to_owned(), text.to_owned()) {
        Ok(_) => return Ok(()),
        Err(e) => rego_error(name, &e.to_string()),
    };
    // A module that imports rego.v1 says which version it is written in.
    if text.contains("import rego.v1") {
        return Err(v1);
    }
    engine.set_rego_v0(true);
    let outcome = engine.add_policy(name.to_owned(), text.to_owned());
    engine.set_rego_v0(false);
    match outcome {
        Ok(_) => Ok(()),
        Err(e) => {
            let v0 = rego_error(name, &e.to_string());
            Err(if v0.position > v1.position { v0 } else { v1 })
        }
    }
}

/// Reads regorus's error text (`--> file:line:col`, a snippet, then `error: message`) into a
/// [`PolicyError`].
pub(crate) fn rego_error(default_path: &str, text: &str) -> PolicyError {
    let mut path = default_path.to_owned();
    let mut position = None;
    if let Some(at) = text.find("--> ") {
        let rest = &text[at + 4..];
        let location = rest.lines().next().unwrap_or("");
        let mut parts = location.rsplitn(3, ':');
        let column = parts.next().and_then(|c| c.trim().parse().ok());
        let line = parts.next().and_then(|l| l.trim().parse().ok());
        if let (Some(line), Some(column), Some(file)) = (line, column, parts.next()) {
            position = Some((line, column));
            path = file.to_owned();
        }
    }
    let message = text
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error:"))
        .map_or_else(|| text.trim().to_owned(), |m| m.trim().to_owned());
    PolicyError {
        path,
        position,
        message,
    }
}

fn add_data(
    engine: &mut regorus::Engine,
    name: &str,
    prefix: &[String],
    value: serde_json::Value,
    errors: &mut Vec<PolicyError>,
) {
    let mut value = value;
    for key in prefix.iter().rev() {
        let mut map = serde_json::Map::new();
        map.insert(key.clone(), value);
        value = serde_json::Value::Object(map);
    }
    if !value.is_object() {
        errors.push(PolicyError::new(
            name,
            None,
            "a data file at the top of a policy folder must hold an object",
        ));
        return;
    }
    if let Err(e) = engine.add_data(regorus::Value::from(value)) {
        errors.push(PolicyError::new(
            name,
            None,
            format!("cannot merge into data: {e}"),
        ));
    }
}

/// A YAML file among policies: Gatekeeper manifests, or else a data document.
fn read_yaml(
    engine: &mut regorus::Engine,
    file: &PolicyFile,
    name: &str,
    text: String,
    gatekeeper_docs: &mut Vec<gatekeeper::Manifest>,
    errors: &mut Vec<PolicyError>,
) {
    let source = rampart_source::SourceFile::new(name.to_owned(), text);
    let parsed = parse_yaml(source.text(), Limits::default());
    if let Some(e) = &parsed.error {
        let at = source.location(rampart_source::TextRange::empty(e.offset));
        errors.push(PolicyError::new(
            name,
            Some((at.start.line, at.start.column)),
            format!("not valid YAML: {}", e.message),
        ));
        return;
    }
    let roots: Vec<_> = parsed
        .documents
        .iter()
        .filter_map(|d| d.root.as_ref())
        .filter(|r| !r.is_null())
        .collect();
    let is_gatekeeper = roots.iter().any(|root| gatekeeper::is_manifest(root));
    if is_gatekeeper {
        let source = std::sync::Arc::new(source);
        for root in roots {
            if gatekeeper::is_manifest(root) {
                gatekeeper_docs.push(gatekeeper::Manifest {
                    file: source.clone(),
                    root: root.clone(),
                });
            }
        }
        return;
    }
    match roots.as_slice() {
        [] => {}
        [root] => add_data(
            engine,
            name,
            &file.prefix,
            crate::input::to_json(root),
            errors,
        ),
        _ => errors.push(PolicyError::new(
            name,
            None,
            "a data file must hold one YAML document (this one holds several)",
        )),
    }
}

/// One rule definition: its package, name and head line, in a file.
pub(crate) struct Definition {
    pub file: String,
    pub package: Vec<String>,
    pub name: String,
    pub line: u32,
}

/// Lists the rule definitions of every module, from regorus's syntax tree.
pub(crate) fn definitions(engine: &regorus::Engine) -> Result<Vec<Definition>, PolicyError> {
    let packages = engine
        .get_policy_package_components()
        .map_err(|e| PolicyError::new("", None, e.to_string()))?;
    let ast = engine
        .get_ast_as_json()
        .map_err(|e| PolicyError::new("", None, e.to_string()))?;
    let ast: serde_json::Value = serde_json::from_str(&ast)
        .map_err(|e| PolicyError::new("", None, format!("reading the syntax tree: {e}")))?;
    let modules = ast.as_array().map(Vec::as_slice).unwrap_or_default();
    let mut found = Vec::new();
    for (module, package) in modules.iter().zip(&packages) {
        let rules = module["ast"]["rules"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        for rule in rules {
            let Some(head) = rule.get("Spec").map(|spec| &spec["head"]) else {
                continue;
            };
            // Functions (`f(x) := ...`) give no results; `Compr` and `Set` heads are rules.
            let Some(head) = head.get("Compr").or_else(|| head.get("Set")) else {
                continue;
            };
            let Some(var) = head["refr"].get("Var") else {
                continue;
            };
            let (Some(name), Some(line)) = (var["value"].as_str(), var["span"]["line"].as_u64())
            else {
                continue;
            };
            found.push(Definition {
                file: package.source_file.clone(),
                package: package.components.clone(),
                name: name.to_owned(),
                line: u32::try_from(line).unwrap_or(0),
            });
        }
    }
    Ok(found)
}

/// `data.main.deny`, quoting components that are not plain identifiers.
pub(crate) fn reference(package: &[String], name: &str) -> String {
    let mut out = String::from("data");
    for component in package.iter().map(String::as_str).chain([name]) {
        let plain = component
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && component
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if plain {
            out.push('.');
            out.push_str(component);
        } else {
            out.push_str(&format!("[{}]", serde_json::Value::from(component)));
        }
    }
    out
}

/// The rules results come from, and the packages' `exception` rules.
fn result_rules(
    engine: &regorus::Engine,
    sources: &[(String, String)],
    options: &PolicyOptions,
) -> Result<(Vec<PolicyRule>, Vec<ExceptionRule>), Vec<PolicyError>> {
    let mut errors = Vec::new();
    let mut notes: BTreeMap<&str, Vec<Annotation>> = BTreeMap::new();
    for (name, text) in sources {
        match annotations(text) {
            Ok(found) => {
                notes.insert(name, found);
            }
            Err(e) => errors.push(PolicyError::new(name, Some((e.line, 1)), e.message)),
        }
    }
    let definitions = definitions(engine).map_err(|e| vec![e])?;
    let namespaces: Vec<String> = if options.namespaces.is_empty() {
        vec!["main".to_owned()]
    } else {
        options.namespaces.clone()
    };

    // Every definition of one rule (same package and name) yields into one set: one rule.
    let mut grouped: BTreeMap<(Vec<String>, String), Vec<&Definition>> = BTreeMap::new();
    let mut exceptions: Vec<ExceptionRule> = Vec::new();
    for definition in &definitions {
        let judged = options.all_namespaces || namespaces.contains(&definition.package.join("."));
        if judged
            && definition.name == "exception"
            && !exceptions.iter().any(|e| e.package == definition.package)
        {
            exceptions.push(ExceptionRule {
                package: definition.package.clone(),
                query: reference(&definition.package, "exception"),
                origin: format!("{}:{}", definition.file, definition.line),
            });
        }
        if judged && result_rule(&definition.name).is_some() {
            grouped
                .entry((definition.package.clone(), definition.name.clone()))
                .or_default()
                .push(definition);
        }
    }
    let per_package = |package: &[String]| {
        grouped
            .keys()
            .filter(|(p, _)| p.as_slice() == package)
            .count()
    };
    let mut rules = Vec::new();
    for ((package, name), defs) in &grouped {
        let warn = result_rule(name).unwrap_or(false);
        let of_file = |d: &Definition| notes.get(d.file.as_str()).map(Vec::as_slice);
        let rule_note = defs.iter().find_map(|d| {
            of_file(d)?
                .iter()
                .find(|a| !a.package_scope && a.target_line == d.line)
        });
        let package_note = defs
            .iter()
            .find_map(|d| of_file(d)?.iter().find(|a| a.package_scope));
        let pick = |f: &dyn Fn(&Annotation) -> Option<String>| {
            rule_note.and_then(f).or_else(|| package_note.and_then(f))
        };
        let package_id = package_note
            .and_then(|a| a.id.clone())
            .filter(|_| per_package(package) == 1);
        let id = rule_note
            .and_then(|a| a.id.clone())
            .or(package_id)
            .unwrap_or_else(|| format!("{}.{name}", package.join(".")));
        let severity = rule_note
            .and_then(|a| a.severity)
            .or_else(|| package_note.and_then(|a| a.severity))
            .unwrap_or(if warn { Severity::Low } else { Severity::High });
        let title = pick(&|a| a.title.clone())
            .unwrap_or_else(|| format!("Rego policy {}", reference(package, name)));
        let description = pick(&|a| a.description.clone());
        let first = defs[0];
        let mut docs = format!("{title}\n\n");
        if let Some(description) = &description {
            docs.push_str(description);
            docs.push_str("\n\n");
        }
        docs.push_str(&format!(
            "A custom policy: the Rego rule `{}`, defined at {}:{}.\n",
            reference(package, name),
            first.file,
            first.line
        ));
        // Only the rule's own description says how to fix it; a package's is about them all.
        let remediation = rule_note
            .and_then(|a| a.description.clone())
            .unwrap_or_else(|| format!("See the policy at {}:{}.", first.file, first.line));
        // conftest-style rules judge every input (Kubernetes objects, other YAML and JSON
        // documents, Terraform resource instances), unless METADATA `custom.platforms` names
        // the ones they are for.
        let platforms: &'static [Platform] = match rule_note
            .and_then(|a| a.platforms.clone())
            .or_else(|| package_note.and_then(|a| a.platforms.clone()))
        {
            Some(platforms) => Box::leak(platforms.into_boxed_slice()),
            None => &[Platform::Kubernetes, Platform::Terraform],
        };
        let meta = policy_meta(id, title, severity, remediation, docs, platforms);
        let exception_name = if warn {
            None
        } else {
            let suffix = name.split_once('_').map_or("", |(_, rest)| rest);
            Some(suffix.to_owned())
        };
        rules.push(PolicyRule {
            meta,
            query: reference(package, name),
            warn,
            package: package.clone(),
            exception_name,
        });
    }
    if errors.is_empty() {
        Ok((rules, exceptions))
    } else {
        Err(errors)
    }
}

/// Two rules may not share an id, nor take a built-in rule's: findings, suppressions and
/// baselines name rules by id.
fn check_ids(
    rules: &[PolicyRule],
    constraints: &[gatekeeper::Constraint],
    errors: &mut Vec<PolicyError>,
) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let all = rules
        .iter()
        .map(|r| (r.meta.id, r.query.as_str()))
        .chain(constraints.iter().map(|c| (c.meta.id, c.path.as_str())));
    for (id, origin) in all {
        if let Some(previous) = seen.insert(id, origin) {
            errors.push(PolicyError::new(
                origin,
                None,
                format!("rule id `{id}` is also the id of {previous}; ids must be unique"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_quote_what_is_not_an_identifier() {
        let package = vec!["k8s".to_owned(), "pod-security".to_owned()];
        assert_eq!(
            reference(&package, "deny"),
            r#"data.k8s["pod-security"].deny"#
        );
    }

    #[test]
    fn result_rule_names_follow_conftest() {
        assert_eq!(result_rule("deny"), Some(false));
        assert_eq!(result_rule("deny_privileged"), Some(false));
        assert_eq!(result_rule("violation"), Some(false));
        assert_eq!(result_rule("warn_latest"), Some(true));
        assert_eq!(result_rule("denying"), None);
        assert_eq!(result_rule("allow"), None);
    }

    #[test]
    fn regorus_errors_give_file_line_and_column() {
        let e = rego_error(
            "x",
            "\n--> p/a.rego:2:10\n  |\n2 | allow if { 1 = }\n  |          ^\nerror: expecting }",
        );
        assert_eq!(e.path, "p/a.rego");
        assert_eq!(e.position, Some((2, 10)));
        assert_eq!(e.message, "expecting }");
    }
}
