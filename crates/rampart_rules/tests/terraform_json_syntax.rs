//! Every Terraform rule reads a configuration the same in either syntax: each fixture module
//! (fail and pass) rewritten in the JSON syntax (`.tf.json`) gives the same findings, by rule,
//! resource and route, as its `.tf` files.
//!
//! Without provider schemas a nested block in JSON syntax is an object-valued attribute
//! (`"metadata_options": {"http_tokens": "optional"}`, or an array of objects), which is also how
//! a plan writes it: this test is what keeps the rules reading both.
//!
//! The rewrite: `common/json_syntax.rs`.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

use std::path::Path;

use rampart_rules::terraform::{check_module_with, TfSettings, RULES};
use rampart_terraform::{evaluate, Inputs, Project};

mod common;
#[path = "common/json_syntax.rs"]
mod json_syntax;
use common::{root, settings};
use json_syntax::rewrite;

/// (rule, resource, route) of every finding of `dir`'s module, sorted.
fn findings(dir: &Path, settings: &TfSettings) -> Vec<(String, String, String)> {
    let mut project = Project::new();
    let module = evaluate(&mut project, dir, &Inputs::default());
    for m in module.walk() {
        assert!(m.errors.is_empty(), "{}: {:?}", dir.display(), m.errors);
    }
    let mut out: Vec<_> = check_module_with(&project, &module, RULES, settings)
        .into_iter()
        .map(|f| {
            (
                f.rule.id.to_owned(),
                f.resource.and_then(|r| r.name).unwrap_or_default(),
                f.route.unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_terraform_fixture_reads_the_same_in_json_syntax() {
    let temp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for rule in RULES {
        let id = rule.meta().id;
        for side in ["fail", "pass"] {
            let dir = root().join(id).join(side);
            let json = temp.path().join(id).join(side);
            rewrite(&dir, &json);
            let settings = settings(&root().join(id));
            let (hcl, json) = (findings(&dir, &settings), findings(&json, &settings));
            if hcl != json {
                failures.push(format!(
                    "{id}/{side}:\n  .tf:      {hcl:?}\n  .tf.json: {json:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
