//! What the Terraform fixture tests share.

use std::path::{Path, PathBuf};

use rampart_rules::terraform::TfSettings;

/// `tests/fixtures/terraform`: a folder per rule, with `fail/` and `pass/` modules.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/terraform")
}

/// The settings a rule's fixtures run with: `<rule-id>/required-tags.txt` lists the
/// configuration's `required-tags`, a key per line.
pub fn settings(rule_dir: &Path) -> TfSettings {
    let required_tags = std::fs::read_to_string(rule_dir.join("required-tags.txt"))
        .map(|text| {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    TfSettings { required_tags }
}
