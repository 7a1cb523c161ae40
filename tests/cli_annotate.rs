//! The example CLI's `--annotate`: marked text, a legend, byte offsets in
//! JSON, and inputs that are refused naming themselves.

// The CLI needs the `export` feature (its --export).
#![cfg(feature = "export")]

mod common;

use std::ffi::OsStr;

use common::*;

#[test]
fn annotate_marks_a_file_and_gives_a_legend() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.txt");
    std::fs::write(&path, DRAFT).unwrap();
    let out = run(&[OsStr::new("--annotate"), path.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with(
        "Les [zones pilotes de réforme financière] et les [green innovation hubs].\n"
    ));
    assert!(text.contains("2 matches, 2 entries"), "{text}");
    assert!(
        text.contains("1 × zone-pilote-reforme-financiere"),
        "{text}"
    );
    assert!(
        text.contains("1 × pole-innovation-vert-bas-carbone"),
        "{text}"
    );
}

#[test]
fn annotate_json_reads_standard_input_and_gives_byte_offsets() {
    let out = run_with_stdin(&["--annotate", "-", "--json"], DRAFT.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v["elapsed_us"].is_u64());
    let matches = v["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 2);
    let first = &matches[0];
    assert_eq!(first["entry"], "zone-pilote-reforme-financiere");
    assert_eq!(first["label"], "alias");
    let (start, end) = (
        first["start"].as_u64().unwrap() as usize,
        first["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&DRAFT[start..end], first["text"].as_str().unwrap());
    assert_eq!(first["text"], "zones pilotes de réforme financière");
    assert_eq!(matches[1]["label"], "alias_en");
}

#[test]
fn annotate_refuses_bad_utf8_and_missing_files_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"Une zone\n pilote \xff fin").unwrap();
    let out = run(&[OsStr::new("--annotate"), bad.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    let message = stderr(&out);
    assert!(message.contains("bad.txt"), "{message}");
    assert!(
        message.contains("bad.txt:2:9: invalid UTF-8 (byte 0xff at byte offset 17)"),
        "{message}"
    );

    let out = run_with_stdin(&["--annotate", "-"], b"\xc3(");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("standard input:1:1: invalid UTF-8 (byte 0xc3 at byte offset 0)"),
        "{}",
        stderr(&out)
    );

    let missing = dir.path().join("missing.txt");
    let out = run(&[OsStr::new("--annotate"), missing.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.txt"), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1);

    let out = run(&[OsStr::new("--annotate"), dir.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("it is a directory"));
}

#[test]
fn annotate_refuses_a_file_over_1_gib_before_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.txt");
    // Sparse: no disk space is used, and the CLI must not read it.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len((1 << 30) + 1)
        .unwrap();
    let out = run(&[OsStr::new("--annotate"), huge.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("huge.txt"), "{message}");
    assert!(message.contains("over 1073741824 bytes"), "{message}");
}

#[test]
fn annotate_an_empty_file_finds_nothing_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let out = run(&[
        OsStr::new("--annotate"),
        empty.as_os_str(),
        OsStr::new("--json"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["matches"], serde_json::json!([]));
}

/// `--lang` looks for one language's names only.
#[test]
fn annotate_in_one_language() {
    let text = "Les green innovation hubs et la zone pilote de réforme financière.\n";
    let found = |lang: Option<&str>| -> Vec<String> {
        let mut args = vec!["--annotate", "-", "--json"];
        if let Some(lang) = lang {
            args.extend(["--lang", lang]);
        }
        let out = run_with_stdin(&args, text.as_bytes());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        v["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["label"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(found(None), ["alias_en", "alias"]);
    assert_eq!(found(Some("en")), ["alias_en"]);
    assert_eq!(found(Some("fr")), ["alias"]);
    assert_usage_error(
        &run(&["--lang", "fr", "zone"]),
        "'--lang <LANG>' cannot be used with '[QUERY]...'",
    );
    assert_usage_error(
        &run(&["--annotate", "-", "--lang", "de"]),
        "expected `fr` or `en`",
    );
}
