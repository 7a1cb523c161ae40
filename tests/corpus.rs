//! The embedded data and what loading makes of it: passages, mentions,
//! related entries, and the typed vocabularies.

use std::path::PathBuf;
use std::str::FromStr;

use chongqing_glossary::{
    Category, Glossary, HitKind, PassageId, Sector, EMBEDDED_GLOSSARY, EMBEDDED_SOURCE,
};

/// The seed document, when the checkout sits beside `shared/` (as in CI).
fn seed() -> Option<String> {
    let path = std::env::var_os("GLOSSARY_SEED")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/seed/000_a2fdd1b08efca3e3.txt")
        });
    std::fs::read_to_string(path).ok()
}

#[test]
fn the_article_is_the_seed_byte_for_byte() {
    let Some(seed) = seed() else {
        eprintln!(
            "seed document not found beside the checkout; set GLOSSARY_SEED to check the data"
        );
        return;
    };
    let seed_lines: Vec<&str> = seed.lines().collect();
    let article: Vec<&str> = EMBEDDED_SOURCE.lines().collect();
    assert_eq!(article, seed_lines[..7]);
    assert_eq!(EMBEDDED_SOURCE, format!("{}\n", seed_lines[..7].join("\n")));
}

#[test]
fn terms_and_definitions_are_the_seeds() {
    let Some(seed) = seed() else {
        eprintln!(
            "seed document not found beside the checkout; set GLOSSARY_SEED to check the data"
        );
        return;
    };
    let lines: Vec<&str> = seed.lines().collect();
    let glossary = Glossary::embedded().unwrap();
    assert_eq!(glossary.entries().len(), (lines.len() - 7) / 2);
    for (entry, pair) in glossary.entries().iter().zip(lines[7..].chunks(2)) {
        assert_eq!(entry.term, pair[0]);
        match &entry.definition {
            Some(definition) => assert_eq!(definition, pair[1], "{}", entry.id),
            // The « 416 » entry: the seed's text is a refusal, not a definition.
            None => assert!(
                pair[1].starts_with("Je ne peux pas fournir"),
                "{}",
                entry.id
            ),
        }
    }
}

#[test]
fn the_416_layout_has_no_definition_and_the_refusal_is_nowhere() {
    let glossary = Glossary::embedded().unwrap();
    let layout = glossary.entry("disposition-innovation-416").unwrap();
    assert_eq!(layout.definition, None);
    assert!(!EMBEDDED_GLOSSARY.contains("Je ne peux pas"));
    assert!(!EMBEDDED_GLOSSARY.contains("veuillez fournir"));
    // Still searchable by term, alias and mentions.
    let hits = glossary
        .search(&chongqing_glossary::Query::new("disposition 416"))
        .unwrap();
    assert_eq!(hits.hits[0].id(), "disposition-innovation-416");
    assert_eq!(
        glossary
            .mentions("disposition-innovation-416")
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn passages_are_the_sentences_of_seven_paragraphs() {
    let glossary = Glossary::embedded().unwrap();
    let passages: Vec<_> = glossary.passages().collect();
    assert_eq!(passages.last().unwrap().id.paragraph, 7);
    let per_paragraph: Vec<u32> = (1..=7)
        .map(|p| passages.iter().filter(|x| x.id.paragraph == p).count() as u32)
        .collect();
    assert_eq!(per_paragraph, [2, 3, 1, 3, 3, 4, 3]);
    for p in &passages {
        assert_eq!(&EMBEDDED_SOURCE[p.span.clone()], p.text, "{}", p.id);
        assert_eq!(p.text.trim(), p.text);
    }
    // Sentences are numbered from 1 in each paragraph, in order.
    assert_eq!(passages[0].id, PassageId::new(1, 1));
    assert_eq!(
        glossary.passage(&PassageId::new(4, 3)).unwrap().text,
        "D’ici 2027, la ville vise à atteindre une intensité de R&D de 3 %, stimulant ainsi un développement urbain de haute qualité par l’innovation."
    );
    // Nothing of the article is lost: the passages and whitespace rebuild it.
    let covered: usize = passages.iter().map(|p| p.text.len()).sum();
    let blank = EMBEDDED_SOURCE
        .chars()
        .filter(|c| c.is_whitespace())
        .map(char::len_utf8)
        .sum::<usize>();
    assert!(covered + blank >= EMBEDDED_SOURCE.len());
}

fn mentioned_in(glossary: &Glossary, id: &str) -> Vec<String> {
    let mut ids: Vec<String> = glossary
        .mentions(id)
        .unwrap()
        .iter()
        .map(|m| m.passage.id.to_string())
        .collect();
    ids.dedup();
    ids
}

#[test]
fn mentions_are_linked_where_the_article_names_each_entry() {
    let glossary = Glossary::embedded().unwrap();
    assert_eq!(
        mentioned_in(&glossary, "cercle-economique-chengdu-chongqing"),
        ["p2.s1"]
    );
    assert_eq!(
        mentioned_in(&glossary, "disposition-innovation-416"),
        ["p2.s1"]
    );
    assert_eq!(
        mentioned_in(&glossary, "corridor-innovation-scientifique-technologique"),
        ["p4.s2"]
    );
    for hub in [
        "pole-innovation-numerique-intelligent",
        "pole-innovation-sante-vie",
        "pole-innovation-nouveaux-materiaux",
        "pole-innovation-vert-bas-carbone",
    ] {
        assert_eq!(mentioned_in(&glossary, hub), ["p4.s2"], "{hub}");
    }
    assert_eq!(
        mentioned_in(&glossary, "zone-pilote-reforme-financiere"),
        ["p7.s3"]
    );
    // Every entry is mentioned somewhere.
    for entry in glossary.entries() {
        assert!(
            !glossary.mentions(entry.id.as_str()).unwrap().is_empty(),
            "{}",
            entry.id
        );
    }
}

#[test]
fn mention_spans_cover_the_words_of_the_name() {
    let glossary = Glossary::embedded().unwrap();
    let text_of = |id: &str| -> Vec<String> {
        glossary
            .mentions(id)
            .unwrap()
            .iter()
            .map(|m| m.passage.text[m.span.clone()].to_string())
            .collect()
    };
    assert_eq!(
        text_of("cercle-economique-chengdu-chongqing"),
        ["cercle économique Chengdu-Chongqing"]
    );
    assert_eq!(text_of("pole-innovation-sante-vie"), ["santé et de la vie"]);
    assert_eq!(
        text_of("pole-innovation-vert-bas-carbone"),
        ["faible émission de carbone"]
    );
    assert_eq!(
        text_of("zone-pilote-reforme-financiere"),
        ["Zone Pilote de Réforme Financière Scientifique et Technologique de Chongqing"]
    );
    let p2 = glossary.passage(&PassageId::new(2, 1)).unwrap();
    assert_eq!(p2.mentions.len(), 2);
}

#[test]
fn related_entries_come_from_definitions() {
    let glossary = Glossary::embedded().unwrap();
    let zone = glossary.entry("zone-pilote-reforme-financiere").unwrap();
    assert_eq!(
        zone.related
            .iter()
            .map(|id| id.as_str())
            .collect::<Vec<_>>(),
        ["cercle-economique-chengdu-chongqing"]
    );
    // An entry's own name in its definition is not a relation.
    let health = glossary.entry("pole-innovation-sante-vie").unwrap();
    assert!(health.related.is_empty());
}

#[test]
fn hubs_have_sectors_and_nothing_else_does() {
    let glossary = Glossary::embedded().unwrap();
    let mut sectors: Vec<Sector> = Vec::new();
    for e in glossary.entries() {
        assert_eq!(
            e.category == Category::InnovationHub,
            e.sector.is_some(),
            "{}",
            e.id
        );
        sectors.extend(e.sector.clone());
    }
    sectors.sort();
    assert_eq!(sectors, Sector::ALL);
}

#[test]
fn vocabularies_round_trip_through_display_fromstr_and_serde() {
    fn check<T>(all: &[T])
    where
        T: PartialEq + std::fmt::Debug + std::fmt::Display + FromStr + serde::Serialize,
        T: for<'de> serde::Deserialize<'de>,
        <T as FromStr>::Err: std::fmt::Debug,
    {
        for v in all {
            let text = v.to_string();
            assert_eq!(&T::from_str(&text).unwrap(), v);
            let json = serde_json::to_string(v).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v);
            assert!(
                text.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{text}"
            );
        }
    }
    check(Category::ALL);
    check(Sector::ALL);
    check(HitKind::ALL);
    // Own values round-trip too, as custom slugs; anything else is refused
    // with what a slug looks like.
    check(&[Category::from_str("bike-lane").unwrap()]);
    check(&[Sector::from_str("mobility").unwrap()]);
    assert!(Category::from_str("bike-lane").unwrap().is_custom());
    assert!(!Category::from_str("pilot-zone").unwrap().is_custom());
    for bad in ["Bike Lane", "bike--lane", "-bike", "bike_lane", ""] {
        let err = Category::from_str(bad).unwrap_err().to_string();
        assert!(err.contains("kebab-case"), "{err}");
    }
    let err = HitKind::from_str("both").unwrap_err().to_string();
    assert!(err.contains("`both`") && err.contains("`passage`"), "{err}");
    // Display honours width and alignment.
    assert_eq!(
        format!("[{:<16}]", Category::PilotZone),
        "[pilot-zone      ]"
    );
    assert_eq!(format!("[{:>8}]", PassageId::new(4, 2)), "[   p4.s2]");
    let id = chongqing_glossary::EntryId::new("zone");
    assert_eq!(format!("[{id:^8}]"), "[  zone  ]");
}

#[test]
fn passage_ids_round_trip_and_reject_garbage() {
    for id in [
        "p1.s1",
        "p4.s2",
        "p12.s30",
        "annexe.p1.s3",
        "rapport.2026.p4.s2",
    ] {
        assert_eq!(PassageId::from_str(id).unwrap().to_string(), id);
    }
    // Read from the right: the document key may hold dots.
    let id = PassageId::from_str("rapport.2026.p4.s2").unwrap();
    assert_eq!(id.document.as_deref(), Some("rapport.2026"));
    assert_eq!((id.paragraph, id.sentence), (4, 2));
    // A document's key is its file name without `.fr.txt`; the default
    // document has none.
    assert_eq!(
        PassageId::in_document("annexe.fr.txt", 4, 2).to_string(),
        "annexe.p4.s2"
    );
    assert_eq!(
        PassageId::in_document("source.fr.txt", 4, 2),
        PassageId::new(4, 2)
    );
    for bad in [
        "", "p0.s1", "p1.s0", "p1", "1.1", "p1.s1.x", "p+1.s1", "p1.s-1", "pa.sb", ".p1.s1",
        "a.p1", "x1.p1.s0",
    ] {
        assert!(PassageId::from_str(bad).is_err(), "{bad}");
    }
}

#[test]
fn glossary_json_fields_are_the_contract() {
    let value: serde_json::Value = serde_json::from_str(EMBEDDED_GLOSSARY).unwrap();
    assert_eq!(value["title"], "Chongqing innovation glossary");
    for entry in value["entries"].as_array().unwrap() {
        let mut keys: Vec<&str> = entry
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "aliases",
                "aliases_en",
                "category",
                "definition",
                "id",
                "sector",
                "term",
                "term_en"
            ]
        );
    }
}

#[test]
fn the_counts_in_data_readme_hold() {
    let glossary = Glossary::embedded().unwrap();
    let entries = glossary.entries();
    assert_eq!(entries.len(), 8);
    assert_eq!(entries.iter().filter(|e| e.definition.is_some()).count(), 7);
    assert_eq!(entries.iter().map(|e| e.aliases.len()).sum::<usize>(), 16);
    assert_eq!(
        entries.iter().map(|e| e.aliases_en.len()).sum::<usize>(),
        16
    );
    assert_eq!(glossary.passages().len(), 19);
    let links: usize = glossary.passages().map(|p| p.mentions.len()).sum();
    assert_eq!(links, 8);
    let related: usize = entries.iter().map(|e| e.related.len()).sum();
    assert_eq!(related, 1);
    let readme = include_str!("../data/README.md");
    for fact in [
        "| passages (sentences) | 19 ",
        "| entries with a definition | 7 |",
        "| French aliases / English aliases | 16 / 16 |",
        "| mention links | 8:",
    ] {
        assert!(readme.contains(fact), "data/README.md lacks {fact:?}");
    }
}
