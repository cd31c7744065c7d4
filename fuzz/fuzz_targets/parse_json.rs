//! Parses arbitrary bytes (as lossy UTF-8) as JSON and checks the span invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_yaml::{parse_json, Limits};

#[path = "../../crates/rampart_yaml/tests/support/spans.rs"]
mod spans;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = parse_json(&text, Limits::default());
    if let Err(problem) = spans::check(&text, &parsed, spans::Format::Json) {
        panic!("{problem}\ninput: {text:?}");
    }
});
