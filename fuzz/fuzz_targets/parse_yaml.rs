//! Parses arbitrary bytes (as lossy UTF-8) as YAML and checks the span invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_yaml::{parse_yaml, Limits};

#[path = "../../crates/rampart_yaml/tests/support/spans.rs"]
mod spans;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = parse_yaml(&text, Limits::default());
    if let Err(problem) = spans::check(&text, &parsed, spans::Format::Yaml) {
        panic!("{problem}\ninput: {text:?}");
    }
});
