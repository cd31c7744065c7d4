//! The scan engine: finds the inputs, reads and parses them, runs the selected rules over every
//! object in parallel, applies the configuration, scores every finding's risk in the context of
//! the resources around it (exposure, privilege, what it reaches; see `risk`), and returns a
//! sorted [`ScanResult`](rampart_diagnostics::ScanResult) that records every object scanned;
//! [`assess_compliance`] then scores each framework (controls passed out of applicable, resources
//! passing; see `compliance`).
//!
//! Terraform (`.tf`, `.tf.json`) is scanned by module: see `terraform`.
//!
//! Every failure is per file: a file that cannot be read or parsed becomes an
//! [`InputError`](rampart_diagnostics::InputError) with its position, and the other files are
//! still scanned.

mod baseline;
mod cluster;
mod compliance;
mod config;
mod date;
mod discover;
mod exceptions;
mod inline;
mod risk;
mod scan;
mod terraform;

pub use baseline::{
    Baseline, BaselineEntry, BaselineError, BASELINE_VERSION, DEFAULT_BASELINE_PATH,
};
pub use compliance::assess_compliance;
pub use config::{parse_k8s_version, parse_size};
pub use config::{Config, ConfigError, CONFIG_FILE_NAME};
pub use date::Date;
pub use discover::{discover, Input, InputSource};
pub use exceptions::{apply_exceptions, Exception, Exceptions, EXCEPTIONS_FILE};
pub use inline::IGNORE_ANNOTATION;
pub use rampart_terraform::Inputs as TerraformInputs;
pub use rampart_yaml::Limits;
pub use scan::{objects_as_json, scan, ScanOptions, DEFAULT_MAX_FILE_SIZE};
