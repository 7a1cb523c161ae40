//! The example CLI's `--export`, and output that fails: a full disk is an
//! error, a closed pipe a quiet end.

// The CLI needs the `export` feature (its --export).
#![cfg(feature = "export")]

mod common;

use std::ffi::OsStr;
use std::process::Command;

use common::*;

#[test]
fn export_writes_each_format() {
    for (format, first_line) in [
        ("tbx", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        ("csv", "fr,en,pos,description"),
        (
            "tsv",
            "Cercle économique Chengdu-Chongqing\tChengdu-Chongqing Economic Circle",
        ),
        ("ndjson", "{\"id\":\"cercle-economique-chengdu-chongqing\","),
    ] {
        let out = run(&["--export", format]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.starts_with(first_line), "{format}: {text}");
        assert!(
            text.to_lowercase()
                .contains("zone pilote de réforme financière"),
            "{format}"
        );
        assert!(text.ends_with('\n'), "{format}");
    }
    assert_usage_error(
        &run(&["--export", "xml"]),
        "[possible values: tbx, csv, tsv, ndjson]",
    );
    assert_usage_error(
        &run(&["--export", "tbx", "--json"]),
        "'--export <FORMAT>' cannot be used with '--json'",
    );
}

/// `> /dev/full`: every write fails with "no space left on device".
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_exit_1_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.txt");
    std::fs::write(&draft, DRAFT).unwrap();
    let draft = draft.to_str().unwrap();
    for args in [
        &["innovation"][..],
        &["--json", "innovation"],
        &["--export", "tbx"],
        &["--export", "csv"],
        &["--export", "tsv"],
        &["--export", "ndjson"],
        &["--annotate", draft],
        &["--annotate", draft, "--json"],
        &["--show", "zone-pilote-reforme-financiere"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(binary())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let message = stderr(&out);
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(
            message.contains("No space left on device"),
            "{args:?}: {message}"
        );
    }
}

/// `| head -1`: the reader goes away early; the program ends quietly.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    // Far more than a pipe holds, so writes go on after the reader is gone.
    std::fs::write(&big, DRAFT.repeat(20_000)).unwrap();
    let mut child = Command::new(binary())
        .args([OsStr::new("--annotate"), big.as_os_str()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("[zones pilotes de réforme financière]"));
    // The reader (and the pipe's read end) is dropped here.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "", "no message, no panic");
}

/// The CLI loads no `libm.so` (its two maths functions are its own, see
/// `examples/search/libm_free.rs`): loading it was half a megabyte of the
/// start-up peak RSS. A new call to a libm function brings it back, and
/// fails here.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_cli_loads_no_libm() {
    let out = std::process::Command::new("readelf")
        .arg("-d")
        .arg(binary())
        .output()
        .expect("readelf (binutils, beside the C compiler the build needs)");
    assert!(out.status.success());
    let dynamic = String::from_utf8_lossy(&out.stdout);
    assert!(dynamic.contains("(NEEDED)"), "{dynamic}");
    assert!(!dynamic.contains("libm.so"), "{dynamic}");
}
