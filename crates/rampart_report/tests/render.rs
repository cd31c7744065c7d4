//! Snapshots of every format for the fixture scan, and the properties each format promises.

mod common;

use rampart_report::{render, Format, TextOptions};

const PLAIN: TextOptions = TextOptions {
    color: false,
    verbose: false,
    show_suppressed: false,
    compliance_threshold: None,
};

#[test]
fn text() {
    insta::assert_snapshot!(render(Format::Text, &common::scan_result(), &PLAIN));
}

#[test]
fn text_verbose() {
    let options = TextOptions {
        color: false,
        verbose: true,
        show_suppressed: false,
        compliance_threshold: None,
    };
    insta::assert_snapshot!(render(Format::Text, &common::scan_result(), &options));
}

#[test]
fn text_color() {
    let options = TextOptions {
        color: true,
        verbose: false,
        show_suppressed: false,
        compliance_threshold: None,
    };
    insta::assert_snapshot!(render(Format::Text, &common::scan_result(), &options));
}

#[test]
fn text_clean() {
    insta::assert_snapshot!(render(Format::Text, &common::clean_result(), &PLAIN));
}

#[test]
fn json() {
    insta::assert_snapshot!(render(Format::Json, &common::scan_result(), &PLAIN));
}

#[test]
fn json_clean() {
    insta::assert_snapshot!(render(Format::Json, &common::clean_result(), &PLAIN));
}

#[test]
fn sarif() {
    insta::assert_snapshot!(render(Format::Sarif, &common::scan_result(), &PLAIN));
}

#[test]
fn junit() {
    insta::assert_snapshot!(render(Format::Junit, &common::scan_result(), &PLAIN));
}

#[test]
fn junit_clean() {
    insta::assert_snapshot!(render(Format::Junit, &common::clean_result(), &PLAIN));
}

#[test]
fn colour_codes_appear_only_when_asked_for() {
    let result = common::scan_result();
    for verbose in [false, true] {
        let plain = render(
            Format::Text,
            &result,
            &TextOptions {
                color: false,
                verbose,
                show_suppressed: false,
                compliance_threshold: None,
            },
        );
        assert!(
            !plain.contains('\x1b'),
            "escape code without colour:\n{plain}"
        );
        let coloured = render(
            Format::Text,
            &result,
            &TextOptions {
                color: true,
                verbose,
                show_suppressed: false,
                compliance_threshold: None,
            },
        );
        assert!(coloured.contains("\x1b["), "no colour with colour on");
        // Without the codes, the coloured report is the plain one.
        assert_eq!(strip_ansi(&coloured), plain);
    }
    for format in [Format::Json, Format::Sarif, Format::Junit] {
        let coloured = render(
            format,
            &result,
            &TextOptions {
                color: true,
                verbose: true,
                show_suppressed: false,
                compliance_threshold: None,
            },
        );
        assert!(!coloured.contains('\x1b'), "{format} has escape codes");
        assert_eq!(
            coloured,
            render(format, &result, &PLAIN),
            "{format} depends on text options"
        );
    }
}

#[test]
fn text_from_the_scanned_files_cannot_reach_the_terminal_raw() {
    let mut result = common::scan_result();
    result.findings[0].message = "evil \x1b]0;pwned\x07 \u{202e}name".into();
    result.sources.insert(
        common::APP_PATH.into(),
        common::APP
            .replace("payments-api", "pay\x1b[2Jments")
            .into(),
    );
    result.notices[0].message = "bell \x07".into();
    for color in [false, true] {
        let text = render(
            Format::Text,
            &result,
            &TextOptions {
                color,
                verbose: true,
                show_suppressed: false,
                compliance_threshold: None,
            },
        );
        let raw: Vec<char> = strip_ansi(&text)
            .chars()
            .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
            .collect();
        assert!(raw.is_empty(), "unsafe characters {raw:?} in:\n{text}");
    }
}

#[test]
fn output_is_deterministic_whatever_the_input_order() {
    let result = common::scan_result();
    let mut shuffled = result.clone();
    shuffled.findings.reverse();
    shuffled.errors.reverse();
    shuffled.notices.reverse();
    for format in Format::ALL {
        assert_eq!(
            render(format, &result, &PLAIN),
            render(format, &shuffled, &PLAIN),
            "{format} depends on input order"
        );
    }
}

#[test]
fn formats_parse_from_their_names() {
    for (format, name) in Format::ALL.into_iter().zip(Format::NAMES) {
        assert_eq!(name.parse::<Format>(), Ok(format));
        assert_eq!(format.to_string(), name);
    }
    assert_eq!("SARIF".parse::<Format>(), Ok(Format::Sarif));
    assert!("xml".parse::<Format>().is_err());
    assert_eq!(Format::default(), Format::Text);
}

#[test]
fn every_output_ends_with_one_newline() {
    for result in [common::scan_result(), common::clean_result()] {
        for format in Format::ALL {
            let output = render(format, &result, &PLAIN);
            assert!(
                output.ends_with('\n') && !output.ends_with("\n\n"),
                "{format}"
            );
        }
    }
}

/// Removes `ESC [ ... m` sequences.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
