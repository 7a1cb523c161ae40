//! What the CLI tests share: the built example, running it, reading what it
//! printed.

// Each test file uses some of these.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The built `examples/search` binary (`cargo test` builds examples; build it
/// if this test runs on its own).
pub fn binary() -> &'static PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().unwrap();
        let profile_dir = exe.parent().unwrap().parent().unwrap();
        let bin = profile_dir
            .join("examples")
            .join(format!("search{}", std::env::consts::EXE_SUFFIX));
        if !bin.exists() {
            let status = Command::new(env!("CARGO"))
                .args(["build", "--example", "search"])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .status()
                .unwrap();
            assert!(status.success());
        }
        bin
    })
}

pub fn run<S: AsRef<OsStr>>(args: &[S]) -> Output {
    run_with(args, &[])
}

/// Runs the CLI with `vars` set and no colour variable inherited.
pub fn run_with<S: AsRef<OsStr>>(args: &[S], vars: &[(&str, &str)]) -> Output {
    Command::new(binary())
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .envs(vars.iter().copied())
        .output()
        .unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs with `--json`, expects exit 0 and exactly one JSON object on stdout.
pub fn json<S: AsRef<OsStr>>(args: &[S]) -> serde_json::Value {
    let mut all: Vec<&OsStr> = vec![OsStr::new("--json")];
    all.extend(args.iter().map(AsRef::as_ref));
    let out = run(&all);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "one line of JSON: {text}");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(value.is_object());
    value
}

pub fn assert_usage_error(out: &Output, needle: &str) {
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout {} stderr {}",
        stdout(out),
        stderr(out)
    );
    let err = stderr(out);
    assert!(err.contains(needle), "{err:?} lacks {needle:?}");
    assert!(stdout(out).is_empty());
}

pub fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

pub const DRAFT: &str = "Les zones pilotes de réforme financière et les green innovation hubs.\n";
