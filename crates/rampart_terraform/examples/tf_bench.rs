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
    // One project for the scan: each directory is read and parsed once (on every core), then
    // evaluated as a root module.
    let mut project = Project::new();
    project.load_modules(&dirs);
    let parsed = start.elapsed();
    for dir in &dirs {
        let module = evaluate(&mut project, dir, &Inputs::default());
        totals.add(&module);
    }
    let files = project.files().len();
    let elapsed = start.elapsed();
    // Parsing alone, each file once on one core, for comparison.
    let parse_start = Instant::now();
    let mut parsed_files = 0;
    let mut parse_only = Project::new();
    for dir in &dirs {
        for path in rampart_terraform::project::module_files(dir) {
            parsed_files += usize::from(parse_only.read_file(&path).is_ok());
        }
    }
    let parse_elapsed = parse_start.elapsed();
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
    println!(
        "parse + evaluate: {:.3} s (of which reading and parsing on every core: {:.3} s)",
        elapsed.as_secs_f64(),
        parsed.as_secs_f64()
    );
    println!(
        "parse only ({parsed_files} files, each once): {:.3} s",
        parse_elapsed.as_secs_f64()
    );
}
