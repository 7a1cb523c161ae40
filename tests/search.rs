//! Search semantics through the public API: filters, paging, phrases, typos,
//! snippets, lookup, suggest and typed access.

use chongqing_glossary::{
    error::Input, error::QueryError, limits::MAX_LIMIT, limits::MAX_OFFSET,
    limits::MAX_QUERY_BYTES, limits::MAX_QUERY_WORDS, Category, Error, Glossary, HitKind,
    LabelKind, Query, Record, Sector, Typos,
};

fn glossary() -> Glossary {
    Glossary::embedded().unwrap()
}

fn ids(g: &Glossary, q: &Query) -> Vec<String> {
    g.search(q)
        .unwrap()
        .hits
        .iter()
        .map(|h| h.id().to_string())
        .collect()
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
    // Filters no record can meet say so, instead of finding nothing.
    let impossible = |q: Query| match g.search(&q) {
        Err(Error::Query(QueryError::ImpossibleFilter { reason })) => reason,
        other => panic!("expected an impossible filter, got {other:?}"),
    };
    // With passages asked for, a category keeps the passages that mention
    // an entry of it.
    let zone = Query::new("innovation")
        .kind(HitKind::Passage)
        .category(Category::PilotZone)
        .limit(50);
    let passages = g.search(&zone).unwrap();
    assert!(passages.total_hits > 0);
    for hit in &passages.hits {
        let p = hit.passage().unwrap();
        assert!(
            p.mentions
                .iter()
                .any(|m| m == "zone-pilote-reforme-financiere"),
            "{}",
            p.id
        );
    }
    let all = Query::new("innovation").kind(HitKind::Passage).limit(50);
    assert!(g.search(&all).unwrap().total_hits > passages.total_hits);
    let reason = impossible(
        Query::new("innovation")
            .category(Category::PilotZone)
            .sector(Sector::HealthLife),
    );
    assert!(
        reason.contains("no entry has category `pilot-zone` and sector `health-life`"),
        "{reason}"
    );
    let reason = impossible(Query::new("x").category("bike-lane".parse().unwrap()));
    assert!(
        reason.contains("categories here: economic-region"),
        "{reason}"
    );
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
        Err(Error::Query(reason)) => reason,
        other => panic!("expected a query error, got {other:?}"),
    };
    let query = Input::Query;
    assert_eq!(reason(Query::new("")), QueryError::Empty { input: query });
    assert_eq!(
        reason(Query::new(" \t\n")),
        QueryError::Empty { input: query }
    );
    assert_eq!(
        reason(Query::new("a".repeat(MAX_QUERY_BYTES + 1))),
        QueryError::TooLong {
            input: query,
            bytes: 2049,
            max: 2048
        }
    );
    assert_eq!(
        reason(Query::new("mot ".repeat(MAX_QUERY_WORDS + 1))),
        QueryError::TooManyWords {
            input: query,
            words: 65,
            max: 64
        }
    );
    let limit = reason(Query::new("innovation").limit(MAX_LIMIT + 1));
    assert_eq!(
        limit,
        QueryError::Limit {
            limit: 1001,
            max: 1000
        }
    );
    // The message names the limit, not the query.
    assert_eq!(
        limit.to_string(),
        "the limit 1001 is over the maximum of 1000"
    );
    assert_eq!(
        reason(Query::new("x").offset(MAX_OFFSET + 1)),
        QueryError::Offset {
            offset: 100_001,
            max: 100_000
        }
    );
    // Stop words do not count against the limit: a whole sentence of the
    // article can be pasted.
    let longest = g
        .passages()
        .max_by_key(|p| p.text.split_whitespace().count())
        .unwrap();
    assert!(longest.text.split_whitespace().count() >= 45);
    let pasted = g.search(&Query::new(longest.text)).unwrap();
    assert_eq!(pasted.hits[0].id(), longest.id.to_string().as_str());
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
        "zone OR",
        "-",
        "*",
        "\"",
        "[1 TO 2]",
        "\\",
    ] {
        assert!(g.search(&Query::new(q)).is_ok(), "{q:?}");
    }
    assert!(matches!(
        g.search(&Query::new("a OR")),
        Err(Error::Query(QueryError::OnlyStopWords { .. }))
    ));
    let rd = g.search(&Query::new("intensité de R&D")).unwrap();
    assert_eq!(rd.hits[0].id(), "p4.s3");
}

#[test]
fn stop_words_alone_are_refused_like_a_blank_query() {
    let g = glossary();
    for only in ["de la et", "the and of", "de la le "] {
        match g.search(&Query::new(only)) {
            Err(Error::Query(QueryError::OnlyStopWords { input, .. })) => {
                assert_eq!(input, Input::Query)
            }
            other => panic!("{only:?}: {other:?}"),
        }
    }
    // English stop words are not searched: nothing is highlighted as `and`.
    let r = g.search(&Query::new("health and life")).unwrap();
    for hit in &r.hits {
        assert!(
            hit.snippet
                .highlighted()
                .all(|w| !w.eq_ignore_ascii_case("and")),
            "{}",
            hit.snippet.text
        );
    }
    // Punctuation alone is no word at all: no hits, no error.
    assert_eq!(g.search(&Query::new("(")).unwrap().total_hits, 0);
}

#[test]
fn hyphenated_forms_match_joined_and_split_forms() {
    let data = "Les start-up du parc. Une startup locale. Un start up ici.\n";
    let g = chongqing_glossary::GlossaryBuilder::new()
        .from_texts(data, chongqing_glossary::EMBEDDED_GLOSSARY)
        .unwrap();
    let found = |q: &str| {
        let mut ids: Vec<String> = g
            .search(&Query::new(q).kind(HitKind::Passage))
            .unwrap()
            .hits
            .iter()
            .map(|h| h.id().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(found("start-up "), ["p1.s1", "p1.s2", "p1.s3"]);
    assert_eq!(found("startup "), ["p1.s1", "p1.s2"]);
    assert_eq!(found("start up "), ["p1.s1", "p1.s3"]);
    // The compound is highlighted whole.
    let r = g
        .search(&Query::new("startup ").kind(HitKind::Passage))
        .unwrap();
    let words: Vec<&str> = r
        .hits
        .iter()
        .flat_map(|h| h.snippet.highlighted())
        .collect();
    assert!(words.contains(&"start-up"), "{words:?}");
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
            assert!(s.text.len() <= chongqing_glossary::limits::SNIPPET_MAX_BYTES + 6);
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
    let Record::Entry(entry) = &r.hits[0].record else {
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
    match g.suggest("  ", 5) {
        Err(Error::Query(QueryError::Empty { input })) => assert_eq!(input, Input::Prefix),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        g.suggest("", 5).unwrap_err().to_string(),
        "the prefix is empty"
    );
    assert!(matches!(
        g.suggest("zone", MAX_LIMIT + 1),
        Err(Error::Query(QueryError::Limit { .. }))
    ));
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
    assert!(g.entry("nope").is_none());
    // An entry id is usable wherever an id is expected.
    let zone = g.entry("zone-pilote-reforme-financiere").unwrap();
    assert_eq!(g.mentions(&zone.id).unwrap().len(), 1);
    assert_eq!(g.entry(&zone.id).unwrap().id, zone.id);
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

/// One way to reach a part of the glossary: a selection searches as the
/// glossary does, within its entries, and `all()` is the whole glossary.
#[test]
fn a_selection_searches_within_its_entries() {
    use chongqing_glossary::{Category, Subset};
    let g = Glossary::embedded().unwrap();
    // The whole glossary as a selection answers as the glossary.
    for text in ["innovation", "pilot finance zone", "pôle santé"] {
        let query = Query::new(text);
        assert_eq!(
            g.all().search(&query).unwrap(),
            g.search(&query).unwrap(),
            "{text}"
        );
    }
    let hubs = g
        .select(&Subset::new().category(Category::InnovationHub))
        .unwrap();
    let found = hubs.search(&Query::new("innovation")).unwrap();
    assert_eq!(found.total_hits, 4);
    assert!(found
        .hits
        .iter()
        .all(|h| h.entry().unwrap().category == Category::InnovationHub));
    // The same as the query's own category filter.
    let filtered = g
        .search(&Query::new("innovation").category(Category::InnovationHub))
        .unwrap();
    assert_eq!(found, filtered);
    // Passages: those that mention one of its entries.
    let passages = hubs
        .search(&Query::new("innovation").kind(HitKind::Passage))
        .unwrap();
    assert!(passages.total_hits > 0);
    let hub_ids: Vec<&str> = hubs.entries().map(|e| e.id.as_str()).collect();
    for hit in &passages.hits {
        let mentions = &hit.passage().unwrap().mentions;
        assert!(
            mentions.iter().any(|m| hub_ids.contains(&m.as_str())),
            "{}",
            hit.id()
        );
    }
    // An entry selection and a query filter that no entry of it meets.
    let zone = g
        .select(&Subset::new().entry("zone-pilote-reforme-financiere"))
        .unwrap();
    let err = zone
        .search(&Query::new("zone").category(Category::InnovationHub))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("no entry of the selection has category `innovation-hub`"),
        "{err}"
    );
}
