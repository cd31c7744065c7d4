//! Helpers shared by the end-to-end tests: running the real binary, reading its output, and
//! laying out files for it to scan.

// Each test crate includes this module and uses only some of its helpers.
#![allow(dead_code)]
#![allow(clippy::unwrap_used)] // Tests fail loudly on purpose.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A command for the `rampart` binary under test, with nothing else set.
pub fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rampart"))
}

/// Runs `rampart` with `args` in `dir`, without colours.
pub fn rampart(args: &[&str], dir: &Path) -> Output {
    rampart_with_env(args, dir, &[])
}

/// Runs `rampart` with `args` in `dir`, without colours and with the extra environment
/// variables `env` (such as `RAMPART_TODAY`).
pub fn rampart_with_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    command()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs")
}

/// Runs `rampart` with `args` in `dir`, feeding it `input` on stdin.
pub fn rampart_stdin(args: &[&str], dir: &Path, input: &[u8]) -> Output {
    let mut child = command()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// The run's stdout, as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The run's stderr, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The run's stdout parsed as JSON; panics with stdout and stderr if it is not JSON.
pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(output), stderr(output)))
}

/// The text of the file `name` under `dir`.
pub fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// Writes `text` to the file `name` under `dir`, creating its parent folders.
pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The root of the workspace, where `examples/` lives.
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .parent()
        .unwrap()
}
