//! Parses arbitrary bytes (as lossy UTF-8) as Terraform native and JSON syntax: no panic, no
//! hang, and every error's offset inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
    for path in ["main.tf", "main.tf.json"] {
        let file = SourceFile::new(path, text.as_ref());
        if let Err(error) = rampart_terraform::parse_file(&file) {
            assert!(error.offset <= len, "{error} at {} past {len}", error.offset);
        }
    }
});
