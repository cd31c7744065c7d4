//! The rules reference in `docs/rules/` is generated from the rule metadata and doc comments.
//! This test fails when it is stale; `RAMPART_UPDATE_DOCS=1 cargo test -p rampart_rules --test docs`
//! rewrites it.

#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rampart_diagnostics::{Framework, RuleMeta};

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules")
}

fn rule_page(meta: &RuleMeta) -> String {
    let mut page = format!("# `{}`: {}\n\n", meta.id, meta.title);
    let _ = writeln!(page, "| | |\n|---|---|");
    let _ = writeln!(page, "| Severity | {} |", meta.severity);
    let platforms: Vec<_> = meta.platforms.iter().map(|p| format!("{p:?}")).collect();
    let _ = writeln!(page, "| Platforms | {} |", platforms.join(", "));
    let _ = writeln!(
        page,
        "| Fixable | {} |",
        if meta.fixable { "yes" } else { "no" }
    );
    for f in meta.frameworks {
        let _ = writeln!(page, "| {} | {} |", f.framework.name(), f.control);
    }
    for p in meta.peers {
        let _ = writeln!(page, "| {} | `{}` |", p.tool.name(), p.id);
    }
    let _ = write!(page, "\nFix: {}\n\n", meta.remediation);
    page.push_str(&meta.docs());
    page
}

fn index(rules: &[&RuleMeta]) -> String {
    let mut out = String::from(
        "# Rules reference\n\nGenerated from the rules' metadata and doc comments \
         (`crates/rampart_rules/src/`); do not edit by hand.\n\n\
         | id | severity | title |\n|---|---|---|\n",
    );
    for meta in rules {
        let _ = writeln!(
            out,
            "| [`{0}`]({0}.md) | {1} | {2} |",
            meta.id, meta.severity, meta.title
        );
    }
    let mut by_framework: BTreeMap<Framework, Vec<(&str, &str)>> = BTreeMap::new();
    for meta in rules {
        for f in meta.frameworks {
            by_framework
                .entry(f.framework)
                .or_default()
                .push((f.control, meta.id));
        }
    }
    out.push_str("\n## By framework\n");
    for (framework, mut controls) in by_framework {
        controls.sort_unstable();
        let _ = writeln!(
            out,
            "\n### {}\n\n| control | rule |\n|---|---|",
            framework.name()
        );
        for (control, id) in controls {
            let _ = writeln!(out, "| {control} | [`{id}`]({id}.md) |");
        }
    }
    out
}

#[test]
fn the_rules_reference_is_current() {
    let mut rules: Vec<&RuleMeta> = rampart_rules::metas().collect();
    rules.sort_by_key(|m| m.id);
    let mut expected: BTreeMap<String, String> = rules
        .iter()
        .map(|m| (format!("{}.md", m.id), rule_page(m)))
        .collect();
    expected.insert("README.md".into(), index(&rules));

    let dir = docs_dir();
    if std::env::var_os("RAMPART_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let mut actual = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        actual.insert(name, std::fs::read_to_string(&path).unwrap());
    }
    let stale: Vec<_> = expected
        .keys()
        .chain(actual.keys())
        .filter(|name| expected.get(*name) != actual.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/rules is stale ({stale:?}); run RAMPART_UPDATE_DOCS=1 cargo test -p rampart_rules --test docs"
    );
}
