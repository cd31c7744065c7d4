use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;
use rampart_diagnostics::Notice;

/// Where an input's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSource {
    File(PathBuf),
    /// Standard input (`-`), read once by the caller.
    Stdin,
}

/// One input to scan, with the name it is reported under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub source: InputSource,
}

/// Kubernetes manifests (`.yaml`, `.yml`, `.json`) and Terraform configuration (`.tf`; a
/// `.tf.json` file is a `.json` one).
const MANIFEST_EXTENSIONS: [&str; 4] = ["yaml", "yml", "json", "tf"];

/// Expands the scan paths into inputs.
///
/// A directory is walked for `.yaml`, `.yml`, `.json` and `.tf` files, honouring `.gitignore` (inside or
/// outside a git repository), `.ignore` files and the `excludes` globs; hidden files and folders
/// are skipped. A file named explicitly is always scanned, whatever its extension. Symlinks are
/// followed, and a symlink loop is reported as a warning, not followed again.
///
/// # Errors
/// When an exclude glob is malformed.
pub fn discover(
    paths: &[PathBuf],
    excludes: &[String],
) -> Result<(Vec<Input>, Vec<Notice>), String> {
    let excludes = build_globs(excludes)?;
    let mut inputs = Vec::new();
    let mut notices = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                name: "<stdin>".into(),
                source: InputSource::Stdin,
            });
            continue;
        }
        if !path.is_dir() {
            inputs.push(Input {
                name: display(path),
                source: InputSource::File(path.clone()),
            });
            continue;
        }
        let root = path.clone();
        let exclude_set = excludes.clone();
        let walker = WalkBuilder::new(path)
            .follow_links(true)
            .require_git(false)
            .sort_by_file_name(std::cmp::Ord::cmp)
            .filter_entry(move |entry| {
                let relative = entry.path().strip_prefix(&root).unwrap_or(entry.path());
                !is_excluded(&exclude_set, relative)
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    let wanted = entry
                        .path()
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| {
                            MANIFEST_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())
                        });
                    if is_file && wanted {
                        inputs.push(Input {
                            name: display(entry.path()),
                            source: InputSource::File(entry.into_path()),
                        });
                    }
                }
                Err(error) => notices.push(walk_notice(&error)),
            }
        }
    }
    inputs.dedup();
    Ok((inputs, notices))
}

fn walk_notice(error: &ignore::Error) -> Notice {
    let mut path = String::new();
    let mut current = error;
    let message = loop {
        match current {
            ignore::Error::WithPath { path: p, err } => {
                path = display(p);
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err;
            }
            ignore::Error::Loop { ancestor, child } => {
                path = display(child);
                break format!(
                    "symlink loop: {} points back to {}; not followed again",
                    display(child),
                    display(ancestor)
                );
            }
            other => break other.to_string(),
        }
    };
    Notice {
        path,
        message,
        warning: true,
    }
}

fn build_globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob =
            Glob::new(pattern).map_err(|e| format!("invalid exclude glob `{pattern}`: {e}"))?;
        builder.add(glob);
        // A pattern that names a folder excludes what is inside it too.
        if !pattern.ends_with("/**") {
            let inside = format!("{}/**", pattern.trim_end_matches('/'));
            if let Ok(glob) = Glob::new(&inside) {
                builder.add(glob);
            }
        }
    }
    builder.build().map_err(|e| e.to_string())
}

/// A path is excluded when a glob matches it relative to the scan root, or, for globs without
/// a `/`, when one matches any of its components (as in `.gitignore`).
fn is_excluded(globs: &GlobSet, relative: &Path) -> bool {
    if globs.is_empty() || relative.as_os_str().is_empty() {
        return false;
    }
    globs.is_match(relative)
        || relative
            .components()
            .any(|c| globs.is_match(Path::new(c.as_os_str())))
}

/// The name a path is reported under: as given, without a leading `./`, with `/` separators.
fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excludes_match_relative_paths_and_components() {
        let globs = build_globs(&[
            "vendor".into(),
            "charts/*/tests/**".into(),
            "*.tmp.yaml".into(),
        ])
        .unwrap();
        assert!(is_excluded(&globs, Path::new("vendor/a.yaml")));
        assert!(is_excluded(&globs, Path::new("x/vendor/a.yaml")));
        assert!(is_excluded(&globs, Path::new("charts/web/tests/t.yaml")));
        assert!(is_excluded(&globs, Path::new("deploy/a.tmp.yaml")));
        assert!(!is_excluded(&globs, Path::new("deploy/a.yaml")));
    }
}
