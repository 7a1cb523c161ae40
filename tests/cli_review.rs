//! The example CLI's check for reviewers: `--fail-on`, the verdict that
//! survives a reader closing the pipe, `--annotated` and `--report` files,
//! and the files they refuse to overwrite.

// The CLI needs the `export` feature (its --export).
#![cfg(feature = "export")]

mod common;

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn fail_on_sets_the_severity_that_fails() {
    let job = fixture("annotate-1.2.xlf");
    // Errors (a missing name) and warnings: 3 at every level.
    for (level, code) in [("error", 3), ("warning", 3), ("info", 3)] {
        let out = run(&[
            OsStr::new("--check"),
            job.as_os_str(),
            OsStr::new("--fail-on"),
            OsStr::new(level),
        ]);
        assert_eq!(out.status.code(), Some(code), "{level}: {}", stderr(&out));
    }
    // Warnings only: 0 by default, 3 from `warning` down.
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("job.tsv");
    std::fs::write(
        &tsv,
        "Le corridor d’innovation relie.\tThe innovation corridor links.\n",
    )
    .unwrap();
    for (level, code) in [
        (None, 0),
        (Some("error"), 0),
        (Some("warning"), 3),
        (Some("info"), 3),
    ] {
        let mut args = vec![OsStr::new("--check"), tsv.as_os_str()];
        if let Some(level) = level {
            args.extend([OsStr::new("--fail-on"), OsStr::new(level)]);
        }
        let out = run(&args);
        assert_eq!(out.status.code(), Some(code), "{level:?}: {}", stderr(&out));
    }
    assert_usage_error(
        &run(&["--check", "x.tsv", "--fail-on", "fatal"]),
        "expected error, warning or info",
    );
    assert_usage_error(
        &run(&["--fail-on", "error", "zone"]),
        "'--fail-on <SEVERITY>' cannot be used with '[QUERY]...'",
    );
}

/// `search --check job | head -1` under `set -o pipefail`: the reader goes
/// away after a line; the exit code still says there were findings.
#[test]
fn the_verdict_survives_a_reader_that_stops_early() {
    // Many findings, so that the output outlives the reader.
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("job.tsv");
    let line = "La zone pilote de réforme financière ouvre.\tThe zone opens.\n";
    std::fs::write(&tsv, line.repeat(5000)).unwrap();
    for json in [false, true] {
        let mut child = Command::new(binary());
        if json {
            child.arg("--json");
        }
        let mut child = child
            .arg("--check")
            .arg(&tsv)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read a little, then close the pipe.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(3), "json {json}: {}", stderr(&out));
        assert!(
            stderr(&out).is_empty(),
            "a closed pipe is a quiet end: {}",
            stderr(&out)
        );
    }
}

#[test]
fn annotated_and_report_files_are_written_and_only_ours_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let job = dir.path().join("job.xlf");
    std::fs::copy(fixture("annotate-1.2.xlf"), &job).unwrap();
    let annotated = dir.path().join("job.checked.xlf");
    let report = dir.path().join("report.html");
    let args = [
        OsStr::new("--check"),
        job.as_os_str(),
        OsStr::new("--annotated"),
        annotated.as_os_str(),
        OsStr::new("--report"),
        report.as_os_str(),
    ];
    let out = run(&args);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let written = std::fs::read_to_string(&annotated).unwrap();
    assert!(written.contains("its:locQualityIssueType=\"terminology\""));
    let page = std::fs::read_to_string(&report).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("job.xlf"));
    // The input is untouched.
    assert_eq!(
        std::fs::read(&job).unwrap(),
        std::fs::read(fixture("annotate-1.2.xlf")).unwrap()
    );
    // Run again: the files are the check's own, and replaced.
    let out = run(&args);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&annotated).unwrap(), written);
    // A file the check did not write is not overwritten, for either.
    for target in [&annotated, &report] {
        std::fs::write(target, "a file of someone else's\n").unwrap();
        let out = run(&args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("the file exists and was not written by a check"),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read_to_string(target).unwrap(),
            "a file of someone else's\n"
        );
        std::fs::remove_file(target).unwrap();
    }
    // Nor the file being checked, nor through a link.
    let out = run(&[
        OsStr::new("--check"),
        job.as_os_str(),
        OsStr::new("--annotated"),
        job.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is the file being checked"),
        "{}",
        stderr(&out)
    );
    #[cfg(unix)]
    {
        let link = dir.path().join("link.xlf");
        std::os::unix::fs::symlink(dir.path().join("elsewhere.xlf"), &link).unwrap();
        let out = run(&[
            OsStr::new("--check"),
            job.as_os_str(),
            OsStr::new("--annotated"),
            link.as_os_str(),
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
        assert!(!dir.path().join("elsewhere.xlf").exists());
    }
    // A directory that cannot be written: an error naming the file, and
    // nothing left behind.
    let missing = dir.path().join("no-such-dir").join("out.xlf");
    let out = run(&[
        OsStr::new("--check"),
        job.as_os_str(),
        OsStr::new("--annotated"),
        missing.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn tsv_has_nowhere_to_write_markup() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("job.tsv");
    std::fs::write(&tsv, "Le corridor d’innovation.\tThe corridor.\n").unwrap();
    let out_file = dir.path().join("out.xlf");
    let out = run(&[
        OsStr::new("--check"),
        tsv.as_os_str(),
        OsStr::new("--annotated"),
        out_file.as_os_str(),
    ]);
    assert_usage_error(&out, "it has nowhere to hold markup");
    assert!(!out_file.exists());
    // A report works for TSV.
    let report = dir.path().join("r.html");
    let out = run(&[
        OsStr::new("--check"),
        tsv.as_os_str(),
        OsStr::new("--report"),
        report.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .contains("<mark>corridor d’innovation</mark>"));
    assert_usage_error(
        &run(&["--annotated", "x.xlf", "zone"]),
        "'--annotated <FILE>' cannot be used with '[QUERY]...'",
    );
}
