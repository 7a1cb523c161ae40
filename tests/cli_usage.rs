//! The example CLI's usage and data errors: exit codes 2 and 1, one-line
//! messages naming the option, the file, line and column.

// The CLI needs the `export` feature (its --export).
#![cfg(feature = "export")]

mod common;

use std::ffi::OsStr;

use common::*;

#[test]
fn usage_errors_exit_2() {
    let out = run(&["--category", "hub", "zone"]);
    assert_usage_error(
        &out,
        "no entry has category `hub` (categories here: economic-region",
    );
    let out = run(&["--category", "Hub X", "zone"]);
    assert_usage_error(&out, "expected a kebab-case slug");
    assert_eq!(
        stderr(&out).matches("invalid").count(),
        1,
        "{}",
        stderr(&out)
    );
    let out = run(&["--show", "zone-pilote"]);
    assert_usage_error(
        &out,
        "no entry `zone-pilote`; did you mean zone-pilote-reforme-financiere?",
    );
    let out = run::<&str>(&[]);
    assert_usage_error(&out, "the following required arguments were not provided");
    let out = run(&["--kind", "both", "x"]);
    assert_usage_error(&out, "[possible values: entry, passage, any]");
    let out = run(&["-n", "-1", "x"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn data_errors_exit_1_and_name_the_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("source.fr.txt"), "Texte.\n").unwrap();
    std::fs::write(
        dir.path().join("glossary.json"),
        "[\n  {\"id\": \"a\",, }\n]",
    )
    .unwrap();
    let out = run(&[
        OsStr::new("--data"),
        dir.path().as_os_str(),
        OsStr::new("zone"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let expected = format!("{}:2:14: ", dir.path().join("glossary.json").display());
    assert!(err.contains(&expected), "{err:?} lacks {expected:?}");
    assert_eq!(err.lines().count(), 1);
    let out = run(&["--data", "/no/such/dir", "zone"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/no/such/dir"));
}

#[cfg(unix)]
#[test]
fn non_utf8_arguments_are_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let out = run(&[OsStr::from_bytes(b"inno\xffvation")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn options_that_would_do_nothing_are_usage_errors() {
    for (args, needle) in [
        (
            &["--show", "zone-pilote-reforme-financiere", "--offset", "5"][..],
            "'--show <ID>' cannot be used with '--offset <N>'",
        ),
        (
            &["--suggest", "zon", "--kind", "entry"][..],
            "'--suggest <PREFIX>' cannot be used with '--kind <KIND>'",
        ),
        (
            &["--list", "--explain"][..],
            "'--list' cannot be used with '--explain'",
        ),
        (
            &["--list", "zone"][..],
            "'--list' cannot be used with '[QUERY]...'",
        ),
        (
            &["-n", "1001", "innovation"][..],
            "invalid value '1001' for '--limit <N>': 1001 is not in 0..=1000",
        ),
        (
            &[
                "--category",
                "pilot-zone",
                "--sector",
                "health-life",
                "zone",
            ][..],
            "no entry has category `pilot-zone` and sector `health-life`",
        ),
        (
            &["--list", "--kind", "passage", "--category", "pilot-zone"][..],
            "do not apply to --list --kind passage",
        ),
        (&["de la le"][..], "has only stop words"),
    ] {
        let out = run(args);
        assert_usage_error(&out, needle);
        assert_eq!(stderr(&out).lines().count(), 1, "{args:?}");
    }
}

#[test]
fn data_and_index_paths_that_are_files_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = run(&[OsStr::new("--data"), file.as_os_str(), OsStr::new("zone")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("it is a file, not a data directory"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        OsStr::new("--index-dir"),
        file.as_os_str(),
        OsStr::new("zone"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("it is a file; give a directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn help_lists_every_value_set() {
    let out = run(&["--help"]);
    let help = stdout(&out);
    for value in [
        "entry, passage",
        "innovation-hub",
        "health-life",
        "brings its own",
    ] {
        assert!(help.contains(value), "--help lacks {value:?}");
    }
}
