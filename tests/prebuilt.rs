//! The embedded data's prebuilt index (`data/embedded-index.bin`) is current,
//! and answers exactly as an index built from `data/`.
//!
//! When this fails after a change to `data/`, the schema or analysis, or the
//! crate's or Tantivy's version, regenerate it:
//!
//! ```sh
//! cargo run --example regenerate
//! ```

use chongqing_glossary::{
    Glossary, GlossaryBuilder, HitKind, IndexOrigin, Query, EMBEDDED_GLOSSARY, EMBEDDED_SOURCE,
};

#[test]
fn the_prebuilt_index_is_current() {
    let g = Glossary::embedded().unwrap();
    assert_eq!(
        g.index_origin(),
        IndexOrigin::Prebuilt,
        "data/embedded-index.bin was not built from the current data, schema or versions: \
         run `cargo run --example regenerate` and commit the file"
    );
}

/// Every query of the relevance tables and more: hits, scores, snippets,
/// links and totals, prebuilt against built.
#[test]
fn the_prebuilt_index_answers_as_a_fresh_build() {
    let prebuilt = Glossary::embedded().unwrap();
    let built = GlossaryBuilder::new()
        .from_texts(EMBEDDED_SOURCE, EMBEDDED_GLOSSARY)
        .unwrap();
    assert_eq!(built.index_origin(), IndexOrigin::Ram);
    let relevance = include_str!("relevance.rs");
    // The table's queries: the first string literal of each case line.
    let mut queries: Vec<String> = relevance
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = line
                .strip_prefix("(\"")
                .or_else(|| line.strip_prefix("\""))?;
            let end = rest.find("\",")?;
            Some(rest[..end].replace("\\\"", "\""))
        })
        .collect();
    queries.extend(["innovation", "zone", "the innovation hubs", "cercle écon"].map(String::from));
    assert!(queries.len() > 60, "{}", queries.len());
    for text in &queries {
        for kind in [None, Some(HitKind::Passage)] {
            let mut query = Query::new(text.as_str()).limit(50).explain(true);
            if let Some(kind) = kind {
                query = query.kind(kind);
            }
            let (a, b) = match (prebuilt.search(&query), built.search(&query)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(a), Err(b)) => {
                    assert_eq!(a.to_string(), b.to_string());
                    continue;
                }
                (a, b) => panic!("{text:?}: {:?} / {:?}", a.err(), b.err()),
            };
            assert_eq!(a.total_hits, b.total_hits, "{text:?}");
            assert_eq!(a.hits.len(), b.hits.len(), "{text:?}");
            for (x, y) in a.hits.iter().zip(&b.hits) {
                assert_eq!(x.id(), y.id(), "{text:?}");
                assert_eq!(x.score.to_bits(), y.score.to_bits(), "{text:?}");
                assert_eq!(x.snippet, y.snippet, "{text:?}");
                assert_eq!(x.via, y.via, "{text:?}");
                assert_eq!(x.ranking, y.ranking, "{text:?}");
            }
        }
    }
}

/// Term recognition (the saved names' inflectional forms) answers alike:
/// the article, the definitions, and the same texts in capitals and
/// without accents.
#[test]
fn the_prebuilt_index_recognizes_as_a_fresh_build() {
    let prebuilt = Glossary::embedded().unwrap();
    let built = GlossaryBuilder::new()
        .from_texts(EMBEDDED_SOURCE, EMBEDDED_GLOSSARY)
        .unwrap();
    let mut texts: Vec<String> = EMBEDDED_SOURCE.lines().map(String::from).collect();
    texts.extend(built.entries().iter().filter_map(|e| e.definition.clone()));
    texts.extend(
        built
            .entries()
            .iter()
            .flat_map(|e| e.labels().map(str::to_string)),
    );
    let variants: Vec<String> = texts
        .iter()
        .flat_map(|t| {
            let plain: String = t
                .chars()
                .map(|c| match c {
                    'é' | 'è' | 'ê' => 'e',
                    'ô' => 'o',
                    other => other,
                })
                .collect();
            [t.to_uppercase(), plain]
        })
        .collect();
    texts.extend(variants);
    let found = |g: &Glossary, text: &str| -> Vec<(String, usize, usize)> {
        g.annotate(text)
            .into_iter()
            .map(|m| (m.entry.to_string(), m.start, m.end))
            .collect()
    };
    let mut matches = 0;
    for text in &texts {
        let a = found(&prebuilt, text);
        assert_eq!(a, found(&built, text), "{text:?}");
        matches += a.len();
    }
    assert!(matches > 50, "{matches}");
}
