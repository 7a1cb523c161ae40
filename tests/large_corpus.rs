//! A generated corpus large enough for the two-thread build (analysis on one
//! thread, Tantivy on another, documents sent in batches): every hit must
//! still be the record it claims to be, and totals must be exact.

use chongqing_glossary::{GlossaryBuilder, HitKind, IndexOrigin, Query, Typos};

const PASSAGES: usize = 5_003;
const MAX: usize = chongqing_glossary::limits::MAX_LIMIT;

/// Sentence `n` mentions `graphène` when `n % 7 == 3`, and `xylographie`
/// only in sentence 4321.
fn source() -> String {
    (0..PASSAGES)
        .map(|n| {
            let topic = match n {
                4321 => "la xylographie",
                _ if n % 7 == 3 => "le graphène",
                _ => "la logistique",
            };
            format!("Le passage {n} décrit {topic} à Chongqing.")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn glossary_json() -> &'static str {
    chongqing_glossary::EMBEDDED_GLOSSARY
}

fn check(builder: GlossaryBuilder) {
    let g = builder.from_texts(source(), glossary_json()).unwrap();
    assert_eq!(g.passages().len(), PASSAGES);

    let wanted = (0..PASSAGES).filter(|n| n % 7 == 3 && *n != 4321).count();
    let results = g
        .search(
            &Query::new("graphène")
                .kind(HitKind::Passage)
                .typos(Typos::Off)
                .limit(MAX),
        )
        .unwrap();
    assert_eq!(results.total_hits, wanted);
    assert_eq!(results.hits.len(), wanted);
    for hit in &results.hits {
        let passage = hit.passage().expect("a passage");
        assert!(passage.text.contains("graphène"), "{}", passage.text);
    }

    // The glossary itself has one entry that names graphène.
    let total = g.search(&Query::new("graphène").typos(Typos::Off).limit(0));
    assert_eq!(total.unwrap().total_hits, wanted + 1);

    let rare = g.search(&Query::new("xylographie")).unwrap();
    assert_eq!(rare.total_hits, 1);
    let text = &rare.hits[0].passage().unwrap().text;
    assert!(text.starts_with("Le passage 4321 "), "{text}");

    // Entries come first in the index: the kind filter splits the total.
    let all = g
        .search(&Query::new("chongqing").limit(0))
        .unwrap()
        .total_hits;
    let entries = g
        .search(&Query::new("chongqing").kind(HitKind::Entry).limit(0))
        .unwrap()
        .total_hits;
    let passages = g
        .search(&Query::new("chongqing").kind(HitKind::Passage).limit(0))
        .unwrap()
        .total_hits;
    assert_eq!(passages, PASSAGES);
    assert_eq!(entries + passages, all);
}

#[test]
fn a_large_corpus_built_on_two_threads_finds_the_right_records() {
    check(GlossaryBuilder::new());
}

#[test]
fn a_large_corpus_in_an_index_directory_is_the_same_when_reused() {
    let dir = tempfile::tempdir().unwrap();
    let builder = || GlossaryBuilder::new().index_dir(dir.path());
    let load = || builder().from_texts(source(), glossary_json()).unwrap();
    assert_eq!(load().index_origin(), IndexOrigin::Built);
    assert_eq!(load().index_origin(), IndexOrigin::Reused);
    check(builder());
}
