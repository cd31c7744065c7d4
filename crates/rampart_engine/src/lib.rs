//! The scan engine: finds the inputs, reads and parses them, runs the selected rules over every
//! object in parallel, applies the configuration, and returns a sorted [`ScanResult`].
//!
//! Every failure is per file: a file that cannot be read or parsed becomes an
//! [`InputError`](rampart_diagnostics::InputError) with its position, and the other files are
//! still scanned.

mod config;
mod discover;
mod scan;

pub use config::parse_size;
pub use config::{Config, ConfigError, CONFIG_FILE_NAME};
pub use discover::{discover, Input, InputSource};
pub use rampart_yaml::Limits;
pub use scan::{scan, ScanOptions, DEFAULT_MAX_FILE_SIZE};
