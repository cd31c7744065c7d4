//! Real-world corpora from `../shared` (beside the clone, in CI too): every valid file parses,
//! nothing crashes, and the output is the same run after run.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

mod common;

use std::path::{Path, PathBuf};

fn shared(sub: &str) -> Option<PathBuf> {
    let root = common::workspace_root().join("../shared").join(sub);
    if root.is_dir() {
        Some(root)
    } else {
        eprintln!("skipped: {} is not there", root.display());
        None
    }
}

fn scan_json(path: &Path) -> (Option<i32>, serde_json::Value, Vec<u8>) {
    let out = common::command()
        .args(["scan", "--format", "json", "--no-progress"])
        .arg(path)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code(), report, out.stdout)
}

fn assert_clean_scan(path: &Path, min_files: u64) {
    let (code, report, first) = scan_json(path);
    assert_eq!(
        report["errors"],
        serde_json::json!([]),
        "parse errors in {}",
        path.display()
    );
    assert_eq!(code, Some(1), "findings expected in {}", path.display());
    assert!(report["summary"]["files_scanned"].as_u64().unwrap() >= min_files);
    let (_, _, second) = scan_json(path);
    assert!(first == second, "two scans of {} differ", path.display());
}

#[test]
fn kics_kubernetes_samples_scan_without_errors() {
    if let Some(root) = shared("samples/kics/k8s") {
        assert_clean_scan(&root, 700);
    }
}

#[test]
fn the_benchmark_corpus_scans_without_errors() {
    if let Some(root) = shared("bench/k8s") {
        assert_clean_scan(&root, 818);
    }
}
