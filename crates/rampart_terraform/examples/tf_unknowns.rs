//! Lists the resource attributes whose value is unknown for a given reason, to find what the
//! evaluator misses.
//!
//! ```sh
//! cargo run -p rampart_terraform --example tf_unknowns -- Error ../shared/bench/terraform
//! ```

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::path::PathBuf;

use rampart_terraform::{evaluate, EvalBody, Inputs, Project};

fn visit(project: &Project, body: &EvalBody, reason: &str, out: &mut Vec<String>) {
    for attribute in &body.attributes {
        if let Some(unknown) = attribute.value.as_unknown() {
            if format!("{:?}", unknown.reason) == reason {
                let location = project.location(attribute.span);
                let text: String = project.text(attribute.span).chars().take(160).collect();
                out.push(format!(
                    "{}:{}: {}",
                    location.path,
                    location.start.line,
                    text.replace('\n', " ")
                ));
            }
        }
    }
    for block in &body.blocks {
        visit(project, &block.body, reason, out);
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let reason = args.next().unwrap();
    let mut dirs = Vec::new();
    for root in args.map(PathBuf::from) {
        rampart_terraform::project::module_dirs(&root, &mut dirs);
    }
    for dir in &dirs {
        let mut project = Project::new();
        let module = evaluate(&mut project, dir, &Inputs::default());
        let mut out = Vec::new();
        for m in module.walk() {
            for instance in &m.resources {
                visit(&project, &instance.body, &reason, &mut out);
            }
        }
        for line in out {
            println!("{line}");
        }
    }
}
