//! Property tests: no input makes search, suggest, lookup or a file
//! reader panic, and every offset they return is valid.
//!
//! Each property runs `CASES` generated inputs (256; `PROPTEST_CASES`
//! overrides it).

use std::sync::OnceLock;

use chongqing_glossary::{
    error::QueryError, limits::MAX_QUERY_BYTES, limits::MAX_QUERY_WORDS, Error, Glossary, HitKind,
    Query, Typos,
};
use proptest::prelude::*;

const CASES: u32 = 256;

fn glossary() -> &'static Glossary {
    static GLOSSARY: OnceLock<Glossary> = OnceLock::new();
    GLOSSARY.get_or_init(|| Glossary::embedded().unwrap())
}

/// Text a person (or a fuzzer) might type: words of the corpus, Tantivy
/// syntax, quotes, control characters, emoji, combining marks, anything.
fn query_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => prop::sample::select(vec![
            "pôle", "innovation", "l'innovation", "d’innovation", "zone", "pilote", "R&D", "2027",
            "santé", "Chengdu-Chongqing", "hub", "green", "416", "« 416 »", "économique",
        ])
        .prop_map(str::to_string),
        3 => prop::sample::select(vec![
            "AND", "OR", "NOT", "(", ")", ":", "\"", "«", "»", "“", "*", "?", "~2", "^3", "+", "-",
            "[", "]", "{", "}", "\\", "/", "title:", "'", "’", "TO",
        ])
        .prop_map(str::to_string),
        2 => "\\PC{0,12}",
        1 => "[\\x00-\\x1f\\x7f]{1,3}",
        1 => "[\u{300}-\u{36f}\u{200b}-\u{200f}\u{202a}-\u{202e}]{1,4}",
        1 => "[🚀🇨🇳👩‍🔬]{1,3}",
        1 => "[a-zé]{30,80}",
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|p| p.join(" "))
}

fn check_hits(query: &Query, text: &str) {
    match glossary().search(query) {
        Ok(results) => {
            assert!(results.hits.len() <= 10);
            assert!(results.total_hits >= results.hits.len());
            for hit in &results.hits {
                let s = &hit.snippet;
                let mut end = 0;
                for h in &s.highlights {
                    assert!(
                        h.start >= end && h.start < h.end && h.end <= s.text.len(),
                        "{text:?}"
                    );
                    assert!(s.text.is_char_boundary(h.start) && s.text.is_char_boundary(h.end));
                    end = h.end;
                }
                assert!(hit.score.is_finite() && (0.0..1.0).contains(&hit.score));
            }
            // The score never increases down the list.
            for pair in results.hits.windows(2) {
                assert!(pair[0].score >= pair[1].score, "{text:?}");
            }
        }
        Err(Error::Query(reason)) => {
            // Only the documented reasons, each when its condition holds.
            let words = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count();
            match reason {
                QueryError::Empty { .. } => assert!(text.trim().is_empty(), "{text:?}"),
                QueryError::TooLong { .. } => assert!(text.len() > MAX_QUERY_BYTES),
                QueryError::TooManyWords { .. } => assert!(words > MAX_QUERY_WORDS),
                QueryError::OnlyStopWords { .. } => assert!(words > 0, "{text:?}"),
                other => panic!("{text:?}: unexpected {other:?}"),
            }
        }
        Err(other) => panic!("{text:?}: unexpected error {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn search_never_panics_and_returns_valid_snippets(text in query_text()) {
        check_hits(&Query::new(text.clone()), &text);
        check_hits(&Query::new(text.clone()).kind(HitKind::Passage).typos(Typos::Off), &text);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC*") {
        check_hits(&Query::new(text.clone()), &text);
        let _ = glossary().suggest(&text, 5);
        let _ = glossary().lookup(&text);
    }

    #[test]
    fn suggest_and_lookup_never_panic(text in query_text(), n in 0usize..20) {
        match glossary().suggest(&text, n) {
            Ok(suggestions) => {
                prop_assert!(suggestions.len() <= n);
                for s in suggestions {
                    prop_assert!(glossary().entry(s.entry).is_some());
                }
            }
            Err(Error::Query { .. }) => {}
            Err(other) => panic!("{text:?}: {other:?}"),
        }
        if let Some(entry) = glossary().lookup(&text) {
            prop_assert!(glossary().entry(&entry.id).is_some());
        }
    }

    #[test]
    fn long_and_wordy_queries_get_a_typed_error_not_a_truncation(words in 65usize..600, len in 1usize..40) {
        let text = vec!["x".repeat(len); words].join(" ");
        let err = glossary().search(&Query::new(text)).unwrap_err();
        prop_assert!(matches!(err, Error::Query { .. }), "{err:?}");
    }
}

/// Bytes of a file as a reader might meet them: pieces of real TBX, XLIFF
/// and CSV, byte-order marks, declarations, bytes that are not UTF-8.
fn file_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        3 => prop::sample::select(vec![
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version='1.0' encoding='windows-1252'?>",
            "<martif type=\"TBX\" xml:lang=\"en\">", "<tbx style=\"dct\" xmlns:min=\"m\">", "<text><body>",
            "<termEntry id=\"IATE-1\">", "<conceptEntry>", "<langSet xml:lang=\"fr\">", "<langSec xml:lang='en-GB'>",
            "<tig>", "<ntig><termGrp>", "<term>zone pilote</term>", "<term>pilot zone</term>",
            "<min:administrativeStatus>Deprecated Term</min:administrativeStatus>",
            "<descrip type=\"definition\">déf</descrip>", "<note xml:space=\"preserve\"> n </note>",
            "</tig>", "</langSet>", "</termEntry>", "</body></text></martif>", "<![CDATA[x]]>", "&amp;", "&#xD800;",
            "<xliff version=\"1.2\">", "<x:xliff xmlns:x=\"u\" version=\"2.0\" srcLang=\"en\" trgLang=\"fr\">",
            "<file source-language=\"fr\" target-language=\"de\">", "<trans-unit id=\"1\" translate=\"no\">",
            "<unit id=\"u\"><segment>", "<source>Un essai</source>", "<target>A trial</target>", "<cp hex=\"D800\"/>",
            "</segment></unit>", "</trans-unit>", "</file></xliff>", "<!DOCTYPE x [<!ENTITY a \"b\">]>", "&a;",
            "fr,en,pos\n", "term,term_en,id\n", "\"zone, pilote\",zone\n", "\"never closed,", "a\tb\n", "\t\t\n",
        ])
        .prop_map(|s: &str| s.as_bytes().to_vec()),
        1 => prop::sample::select(vec![
            vec![0xEF, 0xBB, 0xBF], vec![0xFF, 0xFE], vec![0xFE, 0xFF], vec![0xE9], vec![0x80, 0x81], vec![0],
        ]),
        1 => prop::collection::vec(any::<u8>(), 0..8),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    /// Whatever a file holds, reading it is a result or a located error:
    /// never a panic.
    #[test]
    fn no_file_makes_a_reader_panic(bytes in file_bytes()) {
        let _ = chongqing_glossary::read_segments(&bytes, "job.xlf");
        for format in chongqing_glossary::GlossaryFormat::ALL {
            match chongqing_glossary::GlossaryBuilder::new().from_memory(format, bytes.clone(), [("a.fr.txt", bytes.clone())]) {
                Ok(g) => {
                    for entry in g.entries() {
                        prop_assert!(g.entry(&entry.id).is_some());
                    }
                }
                // Errors name the file they are about.
                Err(Error::Data { location, .. }) => {
                    let named = location.path().to_str().unwrap_or_default();
                    prop_assert!(named == format.file_name() || named == "a.fr.txt", "{named}");
                }
                Err(Error::DuplicateId { .. }) => {}
                Err(other) => panic!("{format:?}: unexpected {other:?}"),
            }
        }
    }
}
