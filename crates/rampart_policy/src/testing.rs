//! Rego unit tests, run as `opa test` runs them: every rule whose name starts with `test_`, in
//! any package, passes when it is defined and true. A test that runs longer than
//! [`crate::DEFAULT_EVALUATION_LIMIT`] is an error.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::load::{build, definitions, reference};
use crate::PolicyError;

/// How one test went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// Undefined or false.
    Fail,
    /// It could not be evaluated: why.
    Error(String),
}

/// One test and its outcome.
#[derive(Debug, Clone)]
pub struct TestResult {
    /// `data.main.test_denies_privileged`.
    pub name: String,
    pub file: String,
    pub line: u32,
    pub outcome: Outcome,
    pub duration: Duration,
}

/// Runs every `test_*` rule under `paths` (Rego and data files), in file and line order.
///
/// # Errors
/// When a policy file cannot be read, parsed or compiled.
pub fn run(paths: &[PathBuf]) -> Result<Vec<TestResult>, Vec<PolicyError>> {
    let built = build(paths);
    let mut errors = built.errors;
    let mut engine = built.engine;
    crate::limit_time(&mut engine, crate::DEFAULT_EVALUATION_LIMIT);
    if built.sources.is_empty() && errors.is_empty() {
        return Ok(Vec::new());
    }
    if let Err(e) = engine.eval_query("true".to_owned(), false) {
        errors.push(crate::load::rego_error("", &e.to_string()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut tests: Vec<_> = definitions(&engine)
        .map_err(|e| vec![e])?
        .into_iter()
        .filter(|d| d.name.starts_with("test_"))
        .collect();
    tests.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    // A test written in several bodies is one rule: run it once.
    tests.dedup_by(|a, b| a.package == b.package && a.name == b.name);
    let mut results = Vec::new();
    for test in tests {
        let name = reference(&test.package, &test.name);
        let started = Instant::now();
        let outcome = match engine.eval_rule(name.clone()) {
            Ok(regorus::Value::Bool(true)) => Outcome::Pass,
            Ok(_) => Outcome::Fail,
            Err(e) => Outcome::Error(crate::load::rego_error("", &e.to_string()).message),
        };
        results.push(TestResult {
            name,
            file: test.file,
            line: test.line,
            outcome,
            duration: started.elapsed(),
        });
    }
    Ok(results)
}
