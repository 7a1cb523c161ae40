//! The example CLI attacked on purpose: devices and endless input, escape
//! sequences in the data, a closed stdout, a read-only or busy index
//! directory, a disk that fills up. Every case ends with a clear message
//! and the documented exit code, never a hang, a panic or lost data.
// The CLI needs the `export` feature (its --export).
#![cfg(all(unix, feature = "export"))]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The built `examples/search` binary (built if this test runs alone).
fn binary() -> &'static PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().unwrap();
        let profile_dir = exe.parent().unwrap().parent().unwrap();
        let bin = profile_dir.join("examples").join("search");
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

/// Runs `script` with `sh -c`, the binary as `$0`, with at most 3 GB of
/// address space (so an unbounded read fails fast instead of exhausting the
/// machine) and killed after 60 s (so a hang fails the test).
fn sh(script: &str, args: &[&OsStr]) -> Output {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v 3000000; {script}"))
        .arg(binary())
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("`{script}` did not end within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn run(args: &[&OsStr]) -> Output {
    sh(r#"exec "$0" "$@""#, args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

const GLOSSARY: &str = r#"[{"id": "zone-pilote", "term": "Zone pilote", "term_en": "Pilot zone",
  "category": "zone", "definition": "Une zone \u001b]0;pwned\u0007\u001b[2J de test."}]"#;

fn data_dir(source: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("source.fr.txt"), source).unwrap();
    std::fs::write(dir.path().join("glossary.json"), GLOSSARY).unwrap();
    dir
}

fn assert_exit_1_naming(out: &Output, needles: &[&str]) {
    let message = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{message}");
    assert_eq!(message.lines().count(), 1, "one line: {message}");
    for needle in needles {
        assert!(message.contains(needle), "{needle:?} in {message}");
    }
}

/// Control characters from the data (a sentence, a definition, an annotated
/// text) reach the terminal visibly, never as escape sequences.
#[test]
fn escape_sequences_in_the_data_are_shown_not_obeyed() {
    let data = data_dir("La zone \u{1b}]0;pwned\u{7}\u{1b}[2J pilote est ici.\n");
    let d = data.path().as_os_str();
    let draft = data.path().join("draft.txt");
    std::fs::write(&draft, "Une zone pilote \u{1b}[31mrouge\u{9b}2J.\n").unwrap();
    for args in [
        vec![os("--data"), d, os("zone")],
        vec![os("--data"), d, os("--show"), os("zone-pilote")],
        vec![os("--data"), d, os("--list"), os("--kind"), os("passage")],
        vec![os("--data"), d, os("--annotate"), draft.as_os_str()],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        for bad in ['\u{1b}', '\u{7}', '\u{9b}'] {
            assert!(!text.contains(bad), "{args:?}: {bad:?} in {text:?}");
        }
        assert!(text.contains("\\u{1b}"), "{args:?}: shown visibly: {text}");
    }
    // JSON keeps the data as it is, escaped by the encoder.
    let out = run(&[os("--data"), d, os("--json"), os("zone")]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(value.to_string().contains("\\u001b]0;pwned"), "{value}");
}

/// A device reads forever: the 1 GiB limit of `--annotate` holds for it.
#[test]
fn annotating_an_endless_device_stops_at_the_limit() {
    let out = run(&[os("--annotate"), os("/dev/zero")]);
    assert_exit_1_naming(&out, &["/dev/zero", "1073741824 bytes"]);
}

/// A data file that is a device or a FIFO is refused before it is read.
#[test]
fn data_files_that_are_devices_or_fifos_are_refused() {
    let data = data_dir("Une phrase.\n");
    let source = data.path().join("source.fr.txt");
    std::fs::remove_file(&source).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &source).unwrap();
    let out = run(&[os("--data"), data.path().as_os_str(), os("zone")]);
    assert_exit_1_naming(&out, &["source.fr.txt", "not a regular file"]);

    std::fs::remove_file(&source).unwrap();
    let status = Command::new("mkfifo").arg(&source).status().unwrap();
    assert!(status.success());
    let out = run(&[os("--data"), data.path().as_os_str(), os("zone")]);
    assert_exit_1_naming(&out, &["source.fr.txt", "not a regular file"]);

    // The glossary file too.
    std::fs::remove_file(&source).unwrap();
    std::fs::write(&source, "Une phrase.\n").unwrap();
    let glossary = data.path().join("glossary.json");
    std::fs::remove_file(&glossary).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &glossary).unwrap();
    let out = run(&[os("--data"), data.path().as_os_str(), os("zone")]);
    assert_exit_1_naming(&out, &["glossary.json", "not a regular file"]);
}

/// `>&-`: writing to a closed standard output is an output error.
#[test]
fn a_closed_stdout_is_an_error() {
    for args in [
        &[os("--export"), os("tsv")][..],
        &[os("zone")],
        &[os("--json"), os("zone")],
    ] {
        let out = sh(r#"exec "$0" "$@" >&-"#, args);
        assert_exit_1_naming(&out, &["standard output"]);
    }
}

/// A saved index that matches its data is usable from a directory its user
/// cannot write (a shared drive, another user's directory). Run as root,
/// the CLI is run as `nobody` through `setpriv`.
#[test]
fn a_read_only_index_directory_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let built = run(&[os("--index-dir"), index.as_os_str(), os("zone")]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let as_root = std::env::var("USER").as_deref() == Ok("root")
        || Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    chmod_read_only(dir.path(), &index);
    let reader = |args: &[&OsStr]| -> Output {
        if as_root {
            let mut all: Vec<&OsStr> = vec![
                os("--reuid=65534"),
                os("--regid=65534"),
                os("--clear-groups"),
                binary().as_os_str(),
            ];
            all.extend_from_slice(args);
            Command::new("setpriv").args(&all).output().unwrap()
        } else {
            Command::new(binary()).args(args).output().unwrap()
        }
    };
    let probe = reader(&[os("--version")]);
    if !probe.status.success() {
        // The binary itself is out of reach of `nobody` (a private checkout):
        // nothing to test here without writing outside the project.
        eprintln!(
            "skipped: cannot run the CLI as another user: {}",
            stderr(&probe)
        );
        return;
    }
    let reused = reader(&[os("--index-dir"), index.as_os_str(), os("zone")]);
    assert_eq!(reused.status.code(), Some(0), "{}", stderr(&reused));
    assert_same_hits(&built, &reused);
    // Other data cannot be built there: the message says why.
    let data = data_dir("Une autre phrase.\n");
    make_readable(data.path());
    let other = reader(&[
        os("--data"),
        data.path().as_os_str(),
        os("--index-dir"),
        index.as_os_str(),
        os("zone"),
    ]);
    assert_exit_1_naming(&other, &["index", "the data changed", "ermission denied"]);
}

fn assert_same_hits(a: &Output, b: &Output) {
    // The summary line holds the time: compare the hits.
    let hits = |o: &Output| -> Vec<String> {
        let text = stdout(o);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines.pop();
        lines
    };
    assert_eq!(hits(a), hits(b));
    assert!(!hits(a).is_empty());
}

fn files_of(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

/// Everyone may read `top` and `index`, no one but root may write them.
fn chmod_read_only(top: &Path, index: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let set = |p: &Path, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
    set(top, 0o755).unwrap();
    for file in files_of(index) {
        set(&file, 0o444).unwrap();
    }
    set(index, 0o555).unwrap();
}

fn make_readable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let set = |p: &Path, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
    set(dir, 0o755).unwrap();
    for file in files_of(dir) {
        set(&file, 0o644).unwrap();
    }
}

/// Waiting for another process's lock says so on stderr after a second.
#[test]
fn waiting_for_a_busy_index_directory_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let built = run(&[os("--index-dir"), index.as_os_str(), os("zone")]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(index.join("glossary.lock"))
        .unwrap();
    lock.lock().unwrap();
    let child = Command::new(binary())
        .args([os("--index-dir"), index.as_os_str(), os("zone")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    lock.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains("waiting"), "{message}");
    assert!(message.contains("index"), "{message}");
    assert_same_hits(&built, &out);
}

/// A write that fails while the index is saved (here a file-size limit,
/// as a full disk would) names the index directory.
#[test]
fn a_failed_save_names_the_index_directory() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let out = sh(
        r#"ulimit -f 16; trap "" XFSZ; exec "$0" "$@""#,
        &[os("--index-dir"), index.as_os_str(), os("zone")],
    );
    assert_exit_1_naming(&out, &["index directory", index.to_str().unwrap()]);
}

/// A rebuild says why on stderr instead of silently replacing an index
/// built for other data.
#[test]
fn a_rebuild_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let first = data_dir("Une phrase.\n");
    let second = data_dir("Une autre phrase.\n");
    for (data, note) in [
        (&first, None),
        (&first, None),
        (&second, Some("the data changed")),
    ] {
        let out = run(&[
            os("--data"),
            data.path().as_os_str(),
            os("--index-dir"),
            index.as_os_str(),
            os("phrase"),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        match note {
            None => assert_eq!(stderr(&out), ""),
            Some(note) => assert!(stderr(&out).contains(note), "{}", stderr(&out)),
        }
    }
}
