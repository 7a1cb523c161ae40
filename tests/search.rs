//! Search semantics through the public API: filters, paging, phrases, typos,
//! snippets, lookup, suggest and typed access.

use chongqing_glossary::{
    Category, Error, Glossary, HitKind, LabelKind, Query, Record, Sector, Typos, MAX_LIMIT,
    MAX_OFFSET, MAX_QUERY_BYTES, MAX_QUERY_WORDS,
};

fn glossary() -> Glossary {
    Glossary::embedded().unwrap()
}

fn ids(g: &Glossary, q: &Query) -> Vec<String> {
    g.search(q).unwrap().hits.iter().map(|h| h.id()).collect()
}

#[test]
fn kind_filters_restrict_hits_and_the_total() {
    let g = glossary();
    let all = g.search(&Query::new("innovation").limit(100)).unwrap();
    let entries = g
        .search(&Query::new("innovation").kind(HitKind::Entry).limit(100))
        .unwrap();
    let passages = g
        .search(&Query::new("innovation").kind(HitKind::Passage).limit(100))
        .unwrap();
    assert!(entries
        .hits
        .iter()
        .all(|h| h.kind() == HitKind::Entry && h.entry().is_some()));
    assert!(passages
        .hits
        .iter()
        .all(|h| h.kind() == HitKind::Passage && h.passage().is_some()));
    assert_eq!(entries.total_hits + passages.total_hits, all.total_hits);
    assert_eq!(all.hits.len(), all.total_hits);
}

#[test]
fn category_and_sector_filters_imply_entries() {
    let g = glossary();
    let hubs = g
        .search(&Query::new("innovation").category(Category::InnovationHub))
        .unwrap();
    assert_eq!(hubs.total_hits, 4);
    assert!(hubs
        .hits
        .iter()
        .all(|h| h.entry().unwrap().category == Category::InnovationHub));
    let green = g
        .search(&Query::new("pôle").sector(Sector::GreenLowCarbon))
        .unwrap();
    assert_eq!(
        ids(&g, &Query::new("pôle").sector(Sector::GreenLowCarbon)),
        ["pole-innovation-vert-bas-carbone"]
    );
    assert_eq!(green.total_hits, 1);
    // A category filter with a passage kind matches nothing.
    let none = g
        .search(
            &Query::new("innovation")
                .kind(HitKind::Passage)
                .category(Category::PilotZone),
        )
        .unwrap();
    assert_eq!(none.total_hits, 0);
}

#[test]
fn pages_follow_each_other() {
    let g = glossary();
    let top = ids(&g, &Query::new("innovation technologique").limit(12));
    let first = ids(&g, &Query::new("innovation technologique").limit(6));
    let second = ids(
        &g,
        &Query::new("innovation technologique").limit(6).offset(6),
    );
    assert_eq!([first, second].concat(), top);
    let past_end = g.search(&Query::new("innovation").offset(1000)).unwrap();
    assert!(past_end.hits.is_empty());
    assert!(past_end.total_hits > 0);
    let count_only = g.search(&Query::new("innovation").limit(0)).unwrap();
    assert!(count_only.hits.is_empty());
    assert_eq!(count_only.total_hits, past_end.total_hits);
}

#[test]
fn limits_are_typed_errors() {
    let g = glossary();
    let reason = |q: Query| match g.search(&q) {
        Err(Error::Query { reason, .. }) => reason,
        other => panic!("expected a query error, got {other:?}"),
    };
    assert_eq!(reason(Query::new("")), "the query is empty");
    assert_eq!(reason(Query::new(" \t\n")), "the query is empty");
    assert!(reason(Query::new("a".repeat(MAX_QUERY_BYTES + 1))).contains("maximum is 2048"));
    assert!(reason(Query::new("mot ".repeat(MAX_QUERY_WORDS + 1))).contains("maximum is 32"));
    assert!(reason(Query::new("x").limit(MAX_LIMIT + 1)).contains("limit"));
    assert!(reason(Query::new("x").offset(MAX_OFFSET + 1)).contains("offset"));
    // At the limits, fine.
    assert!(g
        .search(&Query::new("mot ".repeat(MAX_QUERY_WORDS)))
        .is_ok());
    assert!(g
        .search(&Query::new("x").limit(MAX_LIMIT).offset(MAX_OFFSET))
        .is_ok());
}

#[test]
fn syntax_characters_are_just_text() {
    let g = glossary();
    for q in [
        "l'innovation",
        "R&D",
        "(",
        ":",
        "innovation AND",
        "title:zone",
        "zone^2",
        "a OR",
        "-",
        "*",
        "\"",
        "[1 TO 2]",
        "\\",
    ] {
        assert!(g.search(&Query::new(q)).is_ok(), "{q:?}");
    }
    let rd = g.search(&Query::new("intensité de R&D")).unwrap();
    assert_eq!(rd.hits[0].id(), "p4.s3");
}

#[test]
fn stop_words_alone_find_nothing_without_error() {
    let g = glossary();
    let r = g.search(&Query::new("de la et")).unwrap();
    assert_eq!(r.total_hits, 0);
}

#[test]
fn phrases_require_order_and_adjacency() {
    let g = glossary();
    assert_eq!(
        ids(&g, &Query::new("\"santé et vie\""))[0],
        "pole-innovation-sante-vie"
    );
    assert_eq!(
        g.search(&Query::new("\"vie et santé\""))
            .unwrap()
            .total_hits,
        0
    );
    // The same words unquoted find the hub.
    assert_eq!(
        ids(&g, &Query::new("vie et santé"))[0],
        "pole-innovation-sante-vie"
    );
    // A phrase is highlighted as one span.
    let r = g.search(&Query::new("« Pays du Ciel »")).unwrap();
    assert_eq!(
        r.hits[0].snippet.highlighted().collect::<Vec<_>>(),
        ["Pays du Ciel"]
    );
}

#[test]
fn typo_budget_grows_with_word_length() {
    let g = glossary();
    let total = |q: &str, typos: Typos| g.search(&Query::new(q).typos(typos)).unwrap().total_hits;
    // 4 characters: no typo allowed.
    assert_eq!(total("zome", Typos::Tolerated), 0);
    // 5–8: one edit.
    assert!(total("pilotte", Typos::Tolerated) > 0);
    assert_eq!(total("pillotte", Typos::Tolerated), 0);
    // 9+: two edits, transpositions count once.
    assert!(total("innvoatoin", Typos::Tolerated) > 0);
    assert!(total("innovatoin", Typos::Tolerated) > 0);
    // Off means off.
    assert_eq!(total("innovatoin", Typos::Off), 0);
}

#[test]
fn snippets_highlight_inside_their_text() {
    let g = glossary();
    for q in [
        "innovation",
        "pôle santé",
        "zone pilote de réforme",
        "innovatoin",
        "\"faible émission de carbone\"",
        "économie verte",
    ] {
        let r = g.search(&Query::new(q).limit(50)).unwrap();
        for hit in &r.hits {
            let s = &hit.snippet;
            assert!(
                !s.highlights.is_empty(),
                "{q:?}: {} has no highlight in {:?}",
                hit.id(),
                s.text
            );
            let mut last_end = 0;
            for h in &s.highlights {
                assert!(h.start < h.end && h.end <= s.text.len() && h.start >= last_end);
                assert!(s.text.is_char_boundary(h.start) && s.text.is_char_boundary(h.end));
                last_end = h.end;
            }
            assert!(s.text.len() <= chongqing_glossary::SNIPPET_MAX_BYTES + 6);
        }
    }
}

#[test]
fn entry_snippets_prefer_the_definition() {
    let g = glossary();
    let r = g.search(&Query::new("graphène")).unwrap();
    let hit = &r.hits[0];
    assert_eq!(hit.id(), "pole-innovation-nouveaux-materiaux");
    assert!(hit.snippet.text.contains("graphène"));
    assert_eq!(hit.snippet.highlighted().collect::<Vec<_>>(), ["graphène"]);
    // The « 416 » layout has no definition: its snippet is its name.
    let r = g.search(&Query::new("416")).unwrap();
    assert_eq!(r.hits[0].id(), "disposition-innovation-416");
    assert!(r.hits[0].snippet.text.contains("416"));
    // English queries highlight the English name.
    let r = g.search(&Query::new("pilot finance zone")).unwrap();
    let Record::Entry(entry) = r.hits[0].record else {
        panic!("an entry")
    };
    assert_eq!(entry.id.as_str(), "zone-pilote-reforme-financiere");
}

#[test]
fn passage_hits_carry_their_mentions() {
    let g = glossary();
    let r = g
        .search(&Query::new("pôles d'innovation").kind(HitKind::Passage))
        .unwrap();
    let p = r
        .hits
        .iter()
        .find(|h| h.id() == "p4.s2")
        .unwrap()
        .passage()
        .unwrap();
    assert_eq!(p.mentions.len(), 5);
}

#[test]
fn results_serialize_to_the_cli_contract() {
    let g = glossary();
    let r = g.search(&Query::new("zone pilote").limit(30)).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["query"], "zone pilote");
    assert!(json["total_hits"].as_u64().unwrap() >= 2);
    assert!(json["elapsed_us"].is_u64());
    let hits = json["hits"].as_array().unwrap();
    let entry = hits.iter().find(|h| h["kind"] == "entry").unwrap();
    for key in [
        "id",
        "score",
        "snippet",
        "term",
        "term_en",
        "category",
        "sector",
        "definition",
    ] {
        assert!(entry.get(key).is_some(), "entry hit lacks {key}");
    }
    assert!(entry["snippet"]["highlights"][0].as_array().unwrap().len() == 2);
    let passage = hits.iter().find(|h| h["kind"] == "passage").unwrap();
    for key in [
        "id",
        "score",
        "snippet",
        "text",
        "paragraph",
        "sentence",
        "mentions",
    ] {
        assert!(passage.get(key).is_some(), "passage hit lacks {key}");
    }
}

#[test]
fn lookup_is_exact_after_normalization_in_both_languages() {
    let g = glossary();
    let id = |t: &str| g.lookup(t).map(|e| e.id.as_str());
    assert_eq!(
        id("Cercle économique Chengdu-Chongqing"),
        Some("cercle-economique-chengdu-chongqing")
    );
    assert_eq!(
        id("cercle economique chengdu chongqing"),
        Some("cercle-economique-chengdu-chongqing")
    );
    assert_eq!(
        id("CHENGDU-CHONGQING ECONOMIC CIRCLE"),
        Some("cercle-economique-chengdu-chongqing")
    );
    assert_eq!(
        id("pôle d'innovation en santé et vie"),
        Some("pole-innovation-sante-vie")
    );
    assert_eq!(
        id("pilot finance zone"),
        Some("zone-pilote-reforme-financiere")
    );
    // Not a whole name: no lookup (search is for that).
    assert_eq!(id("zone"), None);
    assert_eq!(id(""), None);
    assert_eq!(id(&"x".repeat(10_000)), None);
}

#[test]
fn suggest_completes_names_accent_insensitively() {
    let g = glossary();
    let s = g.suggest("zon", 3).unwrap();
    assert_eq!(s.len(), 3);
    assert!(s
        .iter()
        .all(|s| s.entry.as_str() == "zone-pilote-reforme-financiere"));
    assert_eq!(s[0].label, LabelKind::Term);
    let hubs = g.suggest("pole", 10).unwrap();
    assert!(hubs.iter().filter(|s| s.label == LabelKind::Term).count() == 4);
    assert_eq!(g.suggest("pôle d'", 10).unwrap().len(), hubs.len());
    let en = g.suggest("Chengdu-Chongqing eco", 5).unwrap();
    assert_eq!(en[0].entry.as_str(), "cercle-economique-chengdu-chongqing");
    assert!(g.suggest("zzz", 5).unwrap().is_empty());
    assert!(g.suggest("zone", 0).unwrap().is_empty());
    assert!(matches!(g.suggest("  ", 5), Err(Error::Query { .. })));
}

#[test]
fn typed_access() {
    let g = glossary();
    assert_eq!(g.entries().len(), 8);
    assert_eq!(g.passages().len(), 19);
    assert_eq!(
        g.entry("pole-innovation-sante-vie").unwrap().term_en,
        "Health and Life Sciences Innovation Hub"
    );
    assert!(matches!(g.entry("nope"), Err(Error::UnknownEntry { .. })));
    assert!(matches!(
        g.mentions("nope"),
        Err(Error::UnknownEntry { .. })
    ));
    assert_eq!(
        g.similar_ids("zone-pilote")[0].as_str(),
        "zone-pilote-reforme-financiere"
    );
    assert_eq!(
        g.similar_ids("pole-innovation-sante-vei")[0].as_str(),
        "pole-innovation-sante-vie"
    );
}
