//! Kubernetes rules, one per file. To add a rule: write its file (see
//! `privileged_container.rs`), add it to the list below, and add its fixtures under
//! `tests/fixtures/kubernetes/<rule-id>/` (`fail.yaml` with `# expect: <rule-id>` on each line
//! that must be reported, and `pass.yaml` that must be clean).

use crate::Rule;

mod privileged_container;

/// The Kubernetes rules, in the order they are listed.
pub(crate) static RULES: &[&dyn Rule] = &[&privileged_container::PrivilegedContainer];
