//! English (and French) names reach the French text: a query that names an
//! entry finds the passages that mention it, through the glossary's links.

use chongqing_glossary::{Glossary, GlossaryBuilder, HitKind, Query};

fn first_passage<'g>(g: &'g Glossary, text: &str) -> chongqing_glossary::Hit<'g> {
    let results = g
        .search(&Query::new(text).kind(HitKind::Passage).explain(true))
        .unwrap();
    results
        .hits
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{text:?}: no passage"))
}

/// Every name of every entry, French and English, finds first a passage
/// that mentions the entry.
#[test]
fn every_name_finds_a_passage_that_mentions_its_entry() {
    let g = Glossary::embedded().unwrap();
    for entry in g.entries() {
        for (name, kind) in entry.labels_with_kind() {
            let hit = first_passage(&g, name);
            let passage = hit.passage().unwrap();
            assert!(
                passage.mentions.contains(&entry.id),
                "{name:?} ({kind}) found {} first, which does not mention {}",
                passage.id,
                entry.id
            );
        }
    }
}

/// The product card's three phrases, with and without a leading `the`.
#[test]
fn the_cards_english_phrases_find_the_passages_that_name_them() {
    let g = Glossary::embedded().unwrap();
    for (phrase, entry) in [
        (
            "Chengdu-Chongqing economic circle",
            "cercle-economique-chengdu-chongqing",
        ),
        ("innovation hubs", "pole-innovation-sante-vie"),
        ("pilot finance zone", "zone-pilote-reforme-financiere"),
    ] {
        for text in [phrase.to_string(), format!("the {phrase}")] {
            let hit = first_passage(&g, &text);
            let passage = hit.passage().unwrap();
            assert!(
                passage.mentions.iter().any(|m| m == entry),
                "{text:?}: {} first",
                passage.id
            );
            // The link says why, and shows the mention.
            assert!(
                hit.via.iter().any(|v| v.as_str() == entry),
                "{text:?}: via {:?}",
                hit.via
            );
            assert!(hit.ranking.as_ref().unwrap().links.matched > 0);
        }
    }
    // The innovation hubs: the sentence that announces the four of them.
    let hit = first_passage(&g, "the innovation hubs");
    assert_eq!(hit.id(), "p4.s2");
    assert_eq!(hit.via.len(), 4, "{:?}", hit.via);
    let highlighted: Vec<&str> = hit.snippet.highlighted().collect();
    assert!(
        highlighted.contains(&"santé et de la vie"),
        "{highlighted:?}"
    );
    // An entry named in English with no word in common with the sentence.
    let hit = first_passage(&g, "health and life hub");
    assert_eq!(hit.id(), "p4.s2");
    let via: Vec<&str> = hit.via.iter().map(|v| v.as_str()).collect();
    assert_eq!(via, ["pole-innovation-sante-vie"]);
}

#[test]
fn links_can_be_turned_off() {
    let g = Glossary::embedded().unwrap();
    let off = g
        .search(
            &Query::new("health and life hub")
                .kind(HitKind::Passage)
                .links(false),
        )
        .unwrap();
    assert_eq!(off.total_hits, 0);
    let off = g
        .search(
            &Query::new("the innovation hubs")
                .kind(HitKind::Passage)
                .links(false),
        )
        .unwrap();
    assert!(off.hits.iter().all(|h| h.via.is_empty()));
    // Entries themselves rank as without links.
    for text in ["pilot finance zone", "innovation hubs", "santé"] {
        let ids = |links: bool| -> Vec<String> {
            g.search(&Query::new(text).kind(HitKind::Entry).links(links))
                .unwrap()
                .hits
                .iter()
                .map(|h| h.id().to_string())
                .collect()
        };
        assert_eq!(ids(true), ids(false), "{text:?}");
    }
}

/// An own glossary: a passage quoting the query's words beats one reached
/// only through a partial link; a whole name reaches it alone.
#[test]
fn a_direct_match_beats_a_partial_link() {
    let source = "Un cercle économique se forme autour du port.\nLa zone méridionale accueille des entreprises.\n";
    let glossary = r#"[{"id": "cercle-sud", "term": "Cercle économique du Sud lointain",
        "term_en": "Far South economic circle", "aliases": ["zone méridionale"],
        "category": "region"}]"#;
    let g = GlossaryBuilder::new().from_texts(source, glossary).unwrap();
    let r = g
        .search(
            &Query::new("cercle économique")
                .kind(HitKind::Passage)
                .explain(true),
        )
        .unwrap();
    let ids: Vec<String> = r.hits.iter().map(|h| h.id().to_string()).collect();
    assert_eq!(ids, ["p1.s1", "p2.s1"]);
    assert!(r.hits[0].via.is_empty());
    assert_eq!(r.hits[1].via.len(), 1);
    assert_eq!(r.hits[1].ranking.as_ref().unwrap().links.matched, 2);
    // The whole English name reaches the mention on its own.
    let hit = first_passage(&g, "far south economic circle");
    assert_eq!(hit.id(), "p2.s1");
    assert_eq!(
        hit.snippet.highlighted().collect::<Vec<_>>(),
        ["zone méridionale"]
    );
    // One word of a long name is not naming the entry.
    let r = g
        .search(&Query::new("lointain").kind(HitKind::Passage))
        .unwrap();
    assert_eq!(r.total_hits, 0);
}

/// Past 64 linked entries, `via` still names only the entries that brought
/// words to the passage (each link had its own bit up to 63, then all
/// shared the last one).
#[test]
fn via_names_only_contributing_entries_past_64_links() {
    let words = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    ];
    let entries: Vec<String> = (0..70)
        .map(|i| {
            let name = format!("{} {}", words[i % 10], words[i / 10]);
            format!(
                r#"{{"id": "e{i}", "term": "zone pilote {name}", "term_en": "pilot zone {name}",
                   "aliases": ["projet {name}"], "category": "zone"}}"#
            )
        })
        .collect();
    let json = format!("[{}]", entries.join(",\n"));
    // One passage names entry 66 by its alias only.
    let name66 = format!("{} {}", words[6], words[6]);
    let source = format!("Le projet {name66} avance.\nUne autre phrase.\n");
    let g = GlossaryBuilder::new().from_texts(source, json).unwrap();
    let r = g
        .search(&Query::new("zone pilote").kind(HitKind::Passage))
        .unwrap();
    assert_eq!(
        r.hits.len(),
        1,
        "{:?}",
        r.hits.iter().map(|h| h.id()).collect::<Vec<_>>()
    );
    let via: Vec<&str> = r.hits[0].via.iter().map(|v| v.as_str()).collect();
    assert_eq!(via, ["e66"]);
}
