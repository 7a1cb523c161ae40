//! The example CLI, run as a user or a script would: JSON shapes, exit codes,
//! and hostile input that must never make it panic.

// The CLI needs the `export` feature (its --export).
#![cfg(feature = "export")]

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The built `examples/search` binary (`cargo test` builds examples; build it
/// if this test runs on its own).
fn binary() -> &'static PathBuf {
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

fn run<S: AsRef<OsStr>>(args: &[S]) -> Output {
    run_with(args, &[])
}

/// Runs the CLI with `vars` set and no colour variable inherited.
fn run_with<S: AsRef<OsStr>>(args: &[S], vars: &[(&str, &str)]) -> Output {
    Command::new(binary())
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .envs(vars.iter().copied())
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs with `--json`, expects exit 0 and exactly one JSON object on stdout.
fn json<S: AsRef<OsStr>>(args: &[S]) -> serde_json::Value {
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

#[test]
fn query_json_has_the_documented_shape() {
    let v = json(&["-n", "30", "zone", "pilote"]);
    assert_eq!(v["query"], "zone pilote");
    assert!(v["total_hits"].is_u64() && v["elapsed_us"].is_u64());
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits[0]["id"], "zone-pilote-reforme-financiere");
    for hit in hits {
        assert!(hit["id"].is_string() && hit["score"].is_f64());
        let snippet = &hit["snippet"];
        let text = snippet["text"].as_str().unwrap();
        for pair in snippet["highlights"].as_array().unwrap() {
            let (s, e) = (
                pair[0].as_u64().unwrap() as usize,
                pair[1].as_u64().unwrap() as usize,
            );
            assert!(
                s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
            );
        }
        match hit["kind"].as_str().unwrap() {
            "entry" => {
                for key in ["term", "term_en", "category"] {
                    assert!(hit[key].is_string(), "{key}");
                }
                assert!(hit["sector"].is_null() || hit["sector"].is_string());
                assert!(hit["definition"].is_null() || hit["definition"].is_string());
            }
            "passage" => {
                assert!(hit["text"].is_string());
                assert!(hit["paragraph"].is_u64() && hit["sentence"].is_u64());
                assert!(hit["mentions"].is_array());
            }
            other => panic!("unknown kind {other}"),
        }
    }
    assert!(hits.iter().any(|h| h["kind"] == "passage"));
}

#[test]
fn filters_and_paging_reach_the_library() {
    let v = json(&[
        "--kind",
        "passage",
        "-n",
        "2",
        "--offset",
        "1",
        "innovation",
    ]);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h["kind"] == "passage"));
    let v = json(&[
        "--category",
        "innovation-hub",
        "--sector",
        "health-life",
        "pôle",
    ]);
    assert_eq!(v["total_hits"], 1);
    assert_eq!(v["hits"][0]["id"], "pole-innovation-sante-vie");
}

#[test]
fn show_json_gives_the_entry_and_its_mentions() {
    let v = json(&["--show", "zone-pilote-reforme-financiere"]);
    assert_eq!(
        v["entry"]["term_en"],
        "Chongqing Science and Technology Finance Reform Pilot Zone"
    );
    assert_eq!(
        v["entry"]["related"][0],
        "cercle-economique-chengdu-chongqing"
    );
    let mention = &v["mentions"][0];
    assert_eq!(mention["passage"], "p7.s3");
    let text = mention["text"].as_str().unwrap();
    let span = mention["span"].as_array().unwrap();
    let (s, e) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    assert!(text[s..e].starts_with("Zone Pilote"));
    let layout = json(&["--show", "disposition-innovation-416"]);
    assert!(layout["entry"]["definition"].is_null());
}

#[test]
fn show_in_text_says_when_there_is_no_definition() {
    let out = run(&["--show", "disposition-innovation-416"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("The source glossary gives no definition for this entry."));
    assert!(!text.contains("Je ne peux pas"));
    assert!(text.contains("p2.s1"));
}

#[test]
fn suggest_and_list_json() {
    let v = json(&["--suggest", "pôle d'innovation s", "-n", "3"]);
    assert_eq!(v["prefix"], "pôle d'innovation s");
    let suggestions = v["suggestions"].as_array().unwrap();
    assert!(!suggestions.is_empty() && suggestions.len() <= 3);
    assert!(suggestions
        .iter()
        .all(|s| s["text"].is_string() && s["entry"].is_string() && s["label"].is_string()));
    let v = json(&["--list"]);
    assert_eq!(v["entries"].as_array().unwrap().len(), 8);
    let v = json(&["--list", "--category", "innovation-hub"]);
    assert_eq!(v["entries"].as_array().unwrap().len(), 4);
}

#[test]
fn human_output_ranks_highlights_and_summarizes() {
    let out = run(&["pôle d'innovation santé"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert!(
        first.contains("1.")
            && first.contains(
                "Pôle d’innovation en santé et vie / Health and Life Sciences Innovation Hub"
            ),
        "{first}"
    );
    assert!(text.contains("[Santé]"), "{text}");
    let summary = text.lines().last().unwrap();
    assert!(
        summary.starts_with("hits 1–10 of ")
            && summary.contains(" for \"pôle d'innovation santé\""),
        "{summary}"
    );
    // Piped output has no ANSI escapes.
    assert!(!text.contains('\x1b'));
}

/// Colour follows the usual variables: `CLICOLOR_FORCE` colours even a
/// pipe, `NO_COLOR` wins over it, and JSON never has colour.
#[test]
fn colour_follows_clicolor_force_and_no_color() {
    let query = ["-n", "1", "zone pilote"];
    let forced = stdout(&run_with(&query, &[("CLICOLOR_FORCE", "1")]));
    // The matched words in bold yellow, the title in bold, each reset.
    assert!(forced.contains("\x1b[1m\x1b[33mZone\x1b[0m"), "{forced:?}");
    assert!(
        forced.contains("\x1b[1mZone Pilote de Réforme"),
        "{forced:?}"
    );
    assert!(!forced.contains("[Zone]"), "{forced:?}");
    let refused = stdout(&run_with(
        &query,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    ));
    assert!(!refused.contains('\x1b') && refused.contains("[Zone] [Pilote]"));
    let json = stdout(&run_with(
        &["--json", "-n", "1", "zone pilote"],
        &[("CLICOLOR_FORCE", "1")],
    ));
    assert!(!json.contains('\x1b'), "{json}");
}

#[test]
fn zero_hits_is_success() {
    let v = json(&["xylophone"]);
    assert_eq!(v["total_hits"], 0);
    let out = run(&["xylophone"]);
    assert_eq!(out.status.code(), Some(0));
}

fn assert_usage_error(out: &Output, needle: &str) {
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
    assert_usage_error(&out, "a query is required");
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

#[test]
fn an_index_dir_is_written_then_reused_with_the_same_answers() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let args = [
        OsStr::new("--index-dir"),
        index.as_os_str(),
        OsStr::new("pôle santé"),
    ];
    let first = json(&args);
    assert!(index.join("glossary-manifest.json").exists());
    let second = json(&args);
    assert_eq!(first["hits"], second["hits"]);
}

/// Every query a person can type ends with exit 0 and one JSON object, or
/// exit 2 and a one-line message: never a panic.
#[test]
fn hostile_queries_never_panic() {
    let long = "innovation ".repeat(1000);
    let many = (0..500)
        .map(|i| format!("mot{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let queries: Vec<String> = vec![
        "\"zone pilote".into(),
        "zone pilote\"".into(),
        "((innovation".into(),
        "innovation))".into(),
        "AND OR NOT".into(),
        "*".into(),
        "field:value".into(),
        "term:zone AND -pôle".into(),
        "".into(),
        "   ".into(),
        "🚀 innovation 🇨🇳".into(),
        "inno\u{7}vation\u{1b}[31m".into(),
        "\u{0}".replace('\u{0}', "\u{1}"),
        "\u{202e}enoz".into(),
        "l'".into(),
        "'''".into(),
        "«".into(),
        "« »".into(),
        "\"\"".into(),
        "--json".into(),
        "a".repeat(10_000),
        long,
        many,
        "é".repeat(3000),
        "\u{301}\u{301}".into(),
    ];
    for q in &queries {
        let out = run(&[OsStr::new("--json"), OsStr::new("--"), OsStr::new(q)]);
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{q:?}: {err}");
        match out.status.code() {
            Some(0) => {
                let v: serde_json::Value =
                    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{q:?}: {e}"));
                assert!(v["hits"].is_array(), "{q:?}");
            }
            Some(2) => {
                assert_eq!(err.lines().count(), 1, "{q:?}: {err:?}");
                assert!(err.starts_with("search: "), "{q:?}: {err:?}");
                assert!(stdout(&out).is_empty());
            }
            other => panic!("{q:?}: exit {other:?}, stderr {err}"),
        }
    }
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
fn explain_and_total_relation_are_in_the_json() {
    let v = json(&["--explain", "-n", "3", "zone pilote"]);
    assert_eq!(v["total_hits_relation"], "eq");
    let hit = &v["hits"][0];
    let ranking = &hit["ranking"];
    for (order, rule) in [
        "words",
        "typo",
        "proximity",
        "attribute",
        "exactness",
        "bm25",
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(ranking[rule]["order"], order as u64, "{rule}: {ranking}");
    }
    assert_eq!(ranking["words"]["matched"], 2);
    assert_eq!(ranking["words"]["max"], 2);
    assert_eq!(ranking["typo"]["typos"], 0);
    assert_eq!(ranking["proximity"]["distance"], 1);
    assert!(ranking["bm25"]["score"].as_f64().unwrap() > 0.0);
    // Without --explain there is no ranking.
    let v = json(&["-n", "1", "zone pilote"]);
    assert!(v["hits"][0].get("ranking").is_none());
    // Human output: one compact line per hit.
    let out = run(&["--explain", "-n", "1", "zone pilote"]);
    let text = stdout(&out);
    assert!(text.contains("words 2/2 · typos 0 · proximity 1"), "{text}");
}

#[test]
fn options_that_would_do_nothing_are_usage_errors() {
    for (args, needle) in [
        (
            &["--show", "zone-pilote-reforme-financiere", "--offset", "5"][..],
            "--offset does not apply to --show",
        ),
        (
            &["--suggest", "zon", "--kind", "entry"][..],
            "--kind does not apply to --suggest",
        ),
        (
            &["--list", "--explain"][..],
            "--explain does not apply to --list",
        ),
        (
            &["--list", "zone"][..],
            "give one action at a time, not --list and a query",
        ),
        (
            &["-n", "1001", "innovation"][..],
            "-n/--limit 1001 is over the maximum of 1000",
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
fn list_honours_paging_and_kind() {
    let v = json(&["--list", "-n", "2"]);
    assert_eq!(v["entries"].as_array().unwrap().len(), 2);
    assert_eq!(v["total"], 8);
    let v = json(&["--list", "--kind", "passage", "-n", "3", "--offset", "17"]);
    let passages = v["passages"].as_array().unwrap();
    assert_eq!(passages.len(), 2);
    assert_eq!(passages[0]["id"], "p7.s2");
    assert_eq!(v["total"], 19);
    let out = run(&["--list", "--category", "pilot-zone"]);
    assert_eq!(stdout(&out).lines().last().unwrap(), "1 entry");
    // Entries by id, through the library's selection, in file order.
    let v = json(&[
        "--list",
        "--entry",
        "zone-pilote-reforme-financiere",
        "--entry",
        "disposition-innovation-416",
    ]);
    let ids: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "disposition-innovation-416",
            "zone-pilote-reforme-financiere"
        ]
    );
    // Both kinds: entries first, a page across the boundary.
    let v = json(&["--list", "--kind", "any", "-n", "3", "--offset", "6"]);
    assert_eq!(v["total"], 8 + 19);
    assert_eq!(v["entries"].as_array().unwrap().len(), 2);
    assert_eq!(v["passages"][0]["id"], "p1.s1");
    // Past the end: an empty page, the total still said.
    let v = json(&["--list", "--offset", "900"]);
    assert_eq!(
        (v["total"].as_u64(), v["entries"].as_array().unwrap().len()),
        (Some(8), 0)
    );
    // A category no entry has is the same usage error as in a search.
    assert_usage_error(
        &run(&["--list", "--category", "talent-policy"]),
        "no entry has category `talent-policy`",
    );
    assert_usage_error(&run(&["--list", "--entry", "nope"]), "no entry `nope`");
}

#[test]
fn words_and_looks() {
    // Singular and plural, one hit, a quoted query echoed once.
    let out = run(&["--show", "zone-pilote-reforme-financiere"]);
    assert!(stdout(&out).contains("1 mention:"));
    let out = run(&["-n", "1", "--offset", "4", "zone pilote"]);
    let text = stdout(&out);
    assert!(
        text.lines().last().unwrap().starts_with("hit 5 of 5 for"),
        "{text}"
    );
    let out = run(&["\"santé et vie\""]);
    let text = stdout(&out);
    assert!(text.contains("for \"santé et vie\" ("), "{text}");
    // Whole tokens are highlighted: R&D, and the guillemets of « 416 ».
    let out = run(&["intensité de R&D"]);
    assert!(stdout(&out).contains("[R&D]"), "{}", stdout(&out));
    let out = run(&["--show", "disposition-innovation-416"]);
    assert!(stdout(&out).contains("« 416 »]"), "{}", stdout(&out));
    // Suggestions say which name they are.
    let out = run(&["--suggest", "pilot"]);
    assert!(
        stdout(&out).contains("(zone-pilote-reforme-financiere, alias_en)"),
        "{}",
        stdout(&out)
    );
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

#[test]
fn passages_reached_through_links_say_via_which_entry() {
    let v = json(&[
        "--kind",
        "passage",
        "-n",
        "1",
        "--explain",
        "health and life hub",
    ]);
    let hit = &v["hits"][0];
    assert_eq!(hit["id"], "p4.s2");
    assert_eq!(hit["via"][0], "pole-innovation-sante-vie");
    assert_eq!(hit["ranking"]["links"]["matched"], 3);
    let text = hit["snippet"]["text"].as_str().unwrap();
    let pair = &hit["snippet"]["highlights"][0];
    let (s, e) = (
        pair[0].as_u64().unwrap() as usize,
        pair[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "santé et de la vie");
    let out = run(&["--kind", "passage", "-n", "1", "health and life hub"]);
    assert!(
        stdout(&out).contains("via: pole-innovation-sante-vie"),
        "{}",
        stdout(&out)
    );
    // --no-links: nothing names that sentence.
    let v = json(&["--kind", "passage", "--no-links", "health and life hub"]);
    assert_eq!(v["total_hits"], 0);
}

fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
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

const DRAFT: &str = "Les zones pilotes de réforme financière et les green innovation hubs.\n";

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
        "--json does not apply to --export",
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

/// `--check`: findings in text and JSON, the exit code a CI job gates on,
/// subsets, standard input, and bad segment files.
#[test]
fn check_reports_findings_with_its_own_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let job = dir.path().join("job.tsv");
    std::fs::write(
        &job,
        "La zone pilote de réforme financière attire des fonds.\tThe pilot finance zone attracts funds.\n\
         Le pôle d’innovation en santé et vie ouvre.\tThe health hub opens.\n\
         Un segment pas encore traduit.\t\n",
    )
    .unwrap();
    let out = run(&[OsStr::new("--check"), job.as_os_str()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("segment 2 (line 2): missing pole-innovation-sante-vie"),
        "{text}"
    );
    assert!(
        text.contains("[pôle d’innovation en santé et vie]"),
        "{text}"
    );
    assert!(
        text.ends_with(")\n")
            && text.contains(
                "3 segments checked: 1 finding (1 missing, 0 deprecated), 1 untranslated"
            ),
        "{text}"
    );
    let out = run(&[OsStr::new("--json"), OsStr::new("--check"), job.as_os_str()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["segments"], 3);
    assert_eq!(v["untranslated"], 1);
    let finding = &v["findings"][0];
    assert_eq!(finding["kind"], "missing");
    assert_eq!(finding["side"], "target");
    assert_eq!(finding["entry"], "pole-innovation-sante-vie");
    assert_eq!(finding["source"], serde_json::json!([[3, 40]]));
    // A subset without that entry finds nothing: exit 0.
    let out = run(&[
        OsStr::new("--check"),
        job.as_os_str(),
        OsStr::new("--entry"),
        OsStr::new("zone-pilote-reforme-financiere"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Standard input, a clean translation: exit 0.
    let out = run_with_stdin(
        &["--check", "-"],
        "Le pôle d’innovation en santé et vie.\tThe health and life hub.\n".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Bad input: exit 1 naming the file and line.
    std::fs::write(&job, "une\tdeux\ttrois\n").unwrap();
    let out = run(&[OsStr::new("--check"), job.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("job.tsv:1:9: this line has 2 tabs"),
        "{}",
        stderr(&out)
    );
    std::fs::write(&job, b"Zone \xff\tzone\n").unwrap();
    let out = run(&[OsStr::new("--check"), job.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("job.tsv:1:6: invalid UTF-8"),
        "{}",
        stderr(&out)
    );
    let missing = dir.path().join("missing.xlf");
    let out = run(&[OsStr::new("--check"), missing.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.xlf"), "{}", stderr(&out));
    assert_usage_error(
        &run(&["--check", "x", "--explain"]),
        "--explain does not apply to --check",
    );
}
