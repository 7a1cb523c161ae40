//! The example CLI's `--show`, `--suggest` and `--list`.

// The CLI needs the `export` feature (its --export).
#![cfg(feature = "export")]

mod common;

use common::*;

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
    // Each mention: the library's `Mention`, its passage in full.
    let mention = &v["mentions"][0];
    assert_eq!(mention["passage"]["id"], "p7.s3");
    assert_eq!(mention["entry"], "zone-pilote-reforme-financiere");
    let text = mention["passage"]["text"].as_str().unwrap();
    let (s, e) = (
        mention["span"]["start"].as_u64().unwrap() as usize,
        mention["span"]["end"].as_u64().unwrap() as usize,
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
