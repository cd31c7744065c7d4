//! Parses and evaluates every module directory under the given folders, as a root module, and
//! prints what it found and how long it took.
//!
//! ```sh
//! cargo run --release -p rampart_terraform --example tf_bench -- ../shared/bench/terraform
//! ```

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use rampart_terraform::{evaluate, Inputs, Project};

fn main() {
    let roots: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let start = Instant::now();
    let mut dirs = Vec::new();
    for root in &roots {
        rampart_terraform::project::module_dirs(root, &mut dirs);
    }
    let mut totals = rampart_terraform::eval::Stats::default();
    let mut files = 0;
    for dir in &dirs {
        let mut project = Project::new();
        let module = evaluate(&mut project, dir, &Inputs::default());
        files += project.files().len();
        totals.add(&module);
    }
    let elapsed = start.elapsed();
    println!(
        "{} module directories, {files} files read, {} resource instances, {} attributes, {} parse errors",
        dirs.len(),
        totals.instances,
        totals.attributes,
        totals.errors
    );
    let reasons: BTreeMap<String, usize> = totals
        .unknowns
        .iter()
        .map(|(r, n)| (format!("{r:?}"), *n))
        .collect();
    println!("unknown attribute values by reason: {reasons:?}");
    println!("parse + evaluate: {:.3} s", elapsed.as_secs_f64());
}
