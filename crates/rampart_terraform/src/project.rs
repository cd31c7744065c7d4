//! Files and modules on disk: a [`Project`] owns every file read (so a [`Span`] anywhere can be
//! located), and groups `.tf` and `.tf.json` files into [`Module`]s by directory, parsed once
//! however many times they are called.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rampart_source::{Location, SourceFile};

use crate::parse::{parse_file, ParseError};
use crate::syntax::{Attribute, Block, Body};
use crate::value::{FileId, Span};

/// Files larger than this are reported, not parsed.
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// A block and the file it is in.
#[derive(Debug, Clone)]
pub struct Item {
    pub file: FileId,
    pub block: Block,
}

/// A local value and the file it is in.
#[derive(Debug, Clone)]
pub struct LocalDecl {
    pub file: FileId,
    pub attribute: Attribute,
}

/// The parsed contents of one directory's `.tf` and `.tf.json` files, by kind of block.
#[derive(Debug, Default)]
pub struct Module {
    pub dir: PathBuf,
    pub files: Vec<FileId>,
    pub variables: Vec<Item>,
    pub locals: Vec<LocalDecl>,
    /// Managed resources (`resource`).
    pub resources: Vec<Item>,
    /// Data sources (`data`).
    pub data: Vec<Item>,
    pub module_calls: Vec<Item>,
    pub outputs: Vec<Item>,
    /// `terraform`, `provider`, `moved`, `import`, `check`...
    pub other: Vec<Item>,
    /// Files that could not be read or parsed; the rest of the module is still evaluated.
    pub errors: Vec<FileError>,
}

/// A file that could not be read or parsed.
#[derive(Debug, Clone)]
pub struct FileError {
    pub path: PathBuf,
    /// `None` when the file could not be read at all.
    pub file: Option<FileId>,
    pub message: String,
    /// The position, for a parse error.
    pub error: Option<ParseError>,
}

/// Every file read and every module loaded in one scan.
#[derive(Debug, Default)]
pub struct Project {
    files: Vec<SourceFile>,
    modules: HashMap<PathBuf, Arc<Module>>,
    /// The evaluation steps taken so far by the root module being evaluated, against
    /// [`crate::eval::MAX_STEPS`].
    pub(crate) steps: u64,
}

impl Project {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the last root module evaluated ran out of evaluation steps
    /// ([`crate::eval::MAX_STEPS`]): some of its values were left unknown, and some of its
    /// instances were not made.
    #[must_use]
    pub fn evaluation_limited(&self) -> bool {
        self.steps > crate::eval::MAX_STEPS
    }

    /// Adds a file's text, returning its id.
    pub fn add_file(&mut self, path: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(path, text));
        id
    }

    /// The file `id`. Ids come from this project, so it exists.
    ///
    /// # Panics
    /// When `id` was made by another project.
    #[must_use]
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    #[must_use]
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The line and column of `span`.
    #[must_use]
    pub fn location(&self, span: Span) -> Location {
        self.file(span.file).location(span.range)
    }

    /// The text of `span`.
    #[must_use]
    pub fn text(&self, span: Span) -> &str {
        self.file(span.file).slice(span.range)
    }

    /// Reads and parses a file, recording it whatever happens.
    ///
    /// # Errors
    /// The file could not be read, is too large, or does not parse.
    pub fn read_file(&mut self, path: &Path) -> Result<(FileId, Body), FileError> {
        let loaded = load(path);
        self.register(loaded)
    }

    /// Adds a file [`load`] read, with its parse.
    fn register(&mut self, loaded: Loaded) -> Result<(FileId, Body), FileError> {
        let Loaded { path, outcome } = loaded;
        match outcome {
            Err(message) => Err(FileError {
                path,
                file: None,
                message,
                error: None,
            }),
            Ok((file, parsed)) => {
                let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
                self.files.push(file);
                parsed.map(|body| (id, body)).map_err(|error| FileError {
                    path,
                    file: Some(id),
                    message: error.to_string(),
                    error: Some(error),
                })
            }
        }
    }

    /// The module in `dir` (its `.tf` and `.tf.json` files, in name order), loaded once.
    pub fn module(&mut self, dir: &Path) -> Arc<Module> {
        if let Some(module) = self.modules.get(dir) {
            return Arc::clone(module);
        }
        let files: Vec<Loaded> = module_files(dir).iter().map(|p| load(p)).collect();
        self.insert_module(dir, files)
    }

    /// Loads the modules in `dirs` (those not loaded yet), reading and parsing their files on
    /// every core; evaluation then finds them parsed.
    pub fn load_modules(&mut self, dirs: &[PathBuf]) {
        use rayon::prelude::*;
        let todo: Vec<&PathBuf> = dirs
            .iter()
            .filter(|d| !self.modules.contains_key(d.as_path()))
            .collect();
        let loaded: Vec<Vec<Loaded>> = todo
            .par_iter()
            .map(|dir| module_files(dir).par_iter().map(|p| load(p)).collect())
            .collect();
        for (dir, files) in todo.into_iter().zip(loaded) {
            self.insert_module(dir, files);
        }
    }

    fn insert_module(&mut self, dir: &Path, files: Vec<Loaded>) -> Arc<Module> {
        let mut module = Module {
            dir: dir.to_path_buf(),
            ..Module::default()
        };
        for loaded in files {
            match self.register(loaded) {
                Ok((file, body)) => {
                    module.files.push(file);
                    module.add(file, body);
                }
                Err(error) => {
                    module.files.extend(error.file);
                    module.errors.push(error);
                }
            }
        }
        let module = Arc::new(module);
        self.modules.insert(dir.to_path_buf(), Arc::clone(&module));
        module
    }
}

/// A file read and parsed, not yet given an id (so that files can be loaded in parallel).
struct Loaded {
    path: PathBuf,
    /// The file and its parse, or why it could not be read.
    outcome: Result<(SourceFile, Result<Body, ParseError>), String>,
}

fn load(path: &Path) -> Loaded {
    let read = || -> Result<SourceFile, String> {
        let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
        if size > MAX_FILE_SIZE {
            return Err(format!("larger than {MAX_FILE_SIZE} bytes"));
        }
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        let text = String::from_utf8(bytes).map_err(|_| "not UTF-8".to_owned())?;
        Ok(SourceFile::new(path.to_string_lossy(), text))
    };
    Loaded {
        path: path.to_path_buf(),
        outcome: read().map(|file| {
            let parsed = parse_file(&file).map_err(|mut error| {
                if let Some(target) = link_text(path, file.text()) {
                    error.message = format!(
                        "{}: the file holds only the path `{target}`, which exists: a symbolic \
                         link checked out as a plain file (git with core.symlinks=false)?",
                        error.message
                    );
                }
                error
            });
            (file, parsed)
        }),
    }
}

/// The path that `text`, the whole of the file at `path`, names, when it is nothing but a
/// relative path to an existing file: what git writes for a symbolic link where it cannot make
/// one.
fn link_text<'t>(path: &Path, text: &'t str) -> Option<&'t str> {
    let target = text.trim_end_matches(['\n', '\r']);
    let plausible = !target.is_empty()
        && target.len() < 1024
        && !target.contains(['\n', ' ', '{', '=', '"'])
        && !target.starts_with('/');
    (plausible && path.parent()?.join(target).is_file()).then_some(target)
}

impl Module {
    /// The directories of the module calls whose `source` is a local path literal (`./x`,
    /// `../x`), normalised: the modules this one calls, as far as the text says.
    #[must_use]
    pub fn local_calls(&self) -> Vec<PathBuf> {
        self.module_calls
            .iter()
            .filter_map(
                |item| match &item.block.body.attribute("source")?.value.kind {
                    crate::syntax::ExprKind::String(source)
                        if source.starts_with("./") || source.starts_with("../") =>
                    {
                        Some(normalize(&self.dir.join(source)))
                    }
                    _ => None,
                },
            )
            .collect()
    }

    fn add(&mut self, file: FileId, body: Body) {
        for block in body.blocks {
            if block.kind == "locals" {
                self.locals.extend(
                    block
                        .body
                        .attributes
                        .into_iter()
                        .map(|attribute| LocalDecl { file, attribute }),
                );
                continue;
            }
            let list = match block.kind.as_str() {
                "variable" => &mut self.variables,
                "resource" => &mut self.resources,
                "data" => &mut self.data,
                "module" => &mut self.module_calls,
                "output" => &mut self.outputs,
                _ => &mut self.other,
            };
            list.push(Item { file, block });
        }
    }
}

/// Whether `name` is a Terraform configuration file name.
#[must_use]
pub fn is_terraform_file(name: &str) -> bool {
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

/// The configuration files of a directory, sorted by name; hidden files are skipped, as
/// Terraform skips them.
#[must_use]
pub fn module_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    // Files of the current directory are named as the rest of the scan names them: `main.tf`,
    // not `./main.tf`.
    let here = dir == Path::new(".");
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| {
            if here {
                PathBuf::from(e.file_name())
            } else {
                e.path()
            }
        })
        .filter(|p| {
            p.is_file()
                && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    !n.starts_with('.') && !n.starts_with('#') && is_terraform_file(n)
                })
        })
        .collect();
    files.sort();
    files
}

/// Every directory under `root` (itself included) that holds a configuration file, in path
/// order; hidden directories and `.terraform` are skipped.
pub fn module_dirs(root: &Path, out: &mut Vec<PathBuf>) {
    if !module_files(root).is_empty() {
        out.push(root.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut subdirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    subdirs.sort();
    for dir in subdirs {
        module_dirs(&dir, out);
    }
}

/// Where `terraform init` put the module call `key` (`vpc`, or `vpc.subnets` for a call inside
/// it) of the root module in `root`: `.terraform/modules/modules.json` maps each call to the
/// folder its source was downloaded to. `None` without `terraform init`, or for a call it does
/// not list.
#[must_use]
pub fn downloaded_module(root: &Path, key: &str) -> Option<PathBuf> {
    let manifest = root.join(".terraform").join("modules").join("modules.json");
    let text = std::fs::read_to_string(manifest).ok()?;
    let parsed = rampart_yaml::parse_json(&text, rampart_yaml::Limits::default());
    let document = parsed.documents.into_iter().next()?.root?;
    let dir = document
        .get("Modules")?
        .items()
        .find(|m| m.get("Key").and_then(rampart_source::Node::as_str) == Some(key))?
        .get("Dir")?
        .as_str()?
        .to_owned();
    let dir = normalize(&root.join(dir));
    // The folder must be inside the root's `.terraform`, where `terraform init` writes.
    let inside = dir.starts_with(normalize(&root.join(".terraform")));
    (inside && dir.is_dir()).then_some(dir)
}

/// `a/./b/../c` as `a/c`, so that a module called twice by different paths is one module.
#[must_use]
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir
                if out
                    .components()
                    .next_back()
                    .is_some_and(|c| matches!(c, std::path::Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}
