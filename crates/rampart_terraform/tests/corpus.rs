//! Real-world corpora from `../shared` (beside the clone, in CI too): every Terraform file
//! parses, and every module directory evaluates without a panic.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

use std::path::{Path, PathBuf};

use rampart_source::SourceFile;

fn shared(sub: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(sub);
    if root.is_dir() {
        Some(root)
    } else {
        eprintln!("skipped: {} is not there", root.display());
        None
    }
}

fn terraform_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            terraform_files(&path, out);
        } else {
            let name = path.to_string_lossy();
            if name.ends_with(".tf")
                || name.ends_with(".tf.json")
                || name.ends_with(".tfvars")
                || name.ends_with(".tfvars.json")
            {
                out.push(path);
            }
        }
    }
}

fn assert_all_parse(root: &Path, min_files: usize) {
    let mut files = Vec::new();
    terraform_files(root, &mut files);
    assert!(files.len() >= min_files, "only {} files", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        if is_symlink_stand_in(path, &text) {
            eprintln!(
                "skipped: {} is a git symlink checked out as text",
                path.display()
            );
            continue;
        }
        let file = SourceFile::new(path.to_string_lossy(), text);
        if let Err(error) = rampart_terraform::parse_file(&file) {
            failures.push(format!("{}:{error}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// A symlink that git checked out as a text file holding the target's relative path (the
/// corpus has two): not HCL for Terraform either.
fn is_symlink_stand_in(path: &Path, text: &str) -> bool {
    let target = text.trim();
    !target.contains('\n')
        && target.starts_with("..")
        && path.parent().unwrap().join(target).is_file()
}

#[test]
fn every_benchmark_file_parses() {
    if let Some(root) = shared("bench/terraform") {
        assert_all_parse(&root, 865);
    }
}

#[test]
fn every_kics_terraform_sample_parses() {
    if let Some(root) = shared("samples/kics/terraform") {
        assert_all_parse(&root, 2000);
    }
}

/// Evaluates every module directory under `root` as a root module; returns the totals.
fn evaluate_all(root: &Path) -> rampart_terraform::eval::Stats {
    let mut dirs = Vec::new();
    rampart_terraform::project::module_dirs(root, &mut dirs);
    let mut stats = rampart_terraform::eval::Stats::default();
    for dir in &dirs {
        let mut project = rampart_terraform::Project::new();
        let module =
            rampart_terraform::evaluate(&mut project, dir, &rampart_terraform::Inputs::default());
        stats.add(&module);
    }
    eprintln!(
        "{}: {} module directories, {stats:?}",
        root.display(),
        dirs.len()
    );
    stats
}

#[test]
fn every_benchmark_module_evaluates() {
    if let Some(root) = shared("bench/terraform") {
        let stats = evaluate_all(&root);
        assert!(stats.instances > 2000, "{stats:?}");
        // The two git symlinks checked out as text are the only files that do not parse.
        assert_eq!(stats.errors, 2, "{stats:?}");
        // Values that Terraform would reject are rare: the evaluator understands the corpus.
        let rejected = stats
            .unknowns
            .get(&rampart_terraform::Reason::Error)
            .copied()
            .unwrap_or(0);
        assert!(rejected * 100 < stats.attributes, "{stats:?}");
        // No limit is reached by real modules: no cycle, and the evaluation budget
        // (`MAX_STEPS`) stays far above what they take.
        assert!(
            !stats
                .unknowns
                .contains_key(&rampart_terraform::Reason::Limit),
            "{stats:?}"
        );
    }
}

#[test]
fn every_kics_terraform_sample_evaluates() {
    if let Some(root) = shared("samples/kics/terraform") {
        let stats = evaluate_all(&root);
        assert!(stats.instances > 2000, "{stats:?}");
    }
}
