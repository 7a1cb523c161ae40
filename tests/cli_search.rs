//! The example CLI's search, run as a user or a script would: the JSON
//! contract, filters and paging, human output and colour, explanations,
//! links, an index directory, and queries that must never make it panic.

// The CLI needs the `export` feature (its --export).
#![cfg(feature = "export")]

mod common;

use std::ffi::OsStr;

use common::*;

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
fn human_output_ranks_highlights_and_summarizes() {
    let out = run(&["pôle d'innovation santé"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    // The heading shows the terms with the words matched in them, then the
    // name that matched best when it is not a term, then the definition.
    assert!(
        first.contains("1.")
            && first.contains(
                "[Pôle] d’[innovation] en [santé] et vie / Health and Life Sciences [Innovation] Hub"
            ),
        "{first}"
    );
    let second = text.lines().nth(1).unwrap();
    assert_eq!(
        second.trim(),
        "matched: [pôle] d’[innovation] [santé] (admitted, French alias)"
    );
    assert!(
        text.lines()
            .nth(2)
            .unwrap()
            .trim()
            .starts_with("Le Pôle d’Innovation en Santé et Vie est"),
        "{text}"
    );
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
    // A term no query word matched is in bold.
    let english = stdout(&run_with(&["-n", "1", "green"], &[("CLICOLOR_FORCE", "1")]));
    assert!(
        english.contains("\x1b[1mPôle d’innovation verte et bas carbone\x1b[0m"),
        "{english:?}"
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
