//! Tests of the term encoding and the position layout of a record's texts.

use tantivy::tokenizer::{TokenStream, Tokenizer};

use super::*;
use crate::analysis::{FrenchOrder, Lang, TextAnalysis};

fn terms(encoded: &str) -> Vec<(usize, String)> {
    let mut tokenizer = TermsTokenizer::default();
    let mut stream = tokenizer.token_stream(encoded);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        assert_eq!(&encoded[t.offset_from..t.offset_to], t.text);
        out.push((t.position, t.text.clone()));
    }
    out
}

/// The terms Tantivy must index for `tokens` at `offset`: stem then exact
/// form at each token's position, with the marks of names or bodies.
fn expected(
    tokens: &[Tok],
    analysis: &TextAnalysis,
    names: bool,
    offset: u32,
) -> Vec<(usize, String)> {
    let mark = if names { "#" } else { "" };
    tokens
        .iter()
        .flat_map(|t| {
            let p = (offset + t.position) as usize;
            [
                (p, format!("{mark}{}", analysis.word(t.stem))),
                (p, format!("{mark}={}", analysis.word(t.exact))),
            ]
        })
        .collect()
}

fn encode_one(analysis: &TextAnalysis, tokens: &[Tok], names: bool) -> String {
    encode(&[IndexText { tokens, names }], |id| analysis.word(id))
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        // Beside the source file, not in a directory at the crate's top.
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..proptest::test_runner::Config::default()
    })]
    /// Whatever the text, the tokenizer gives back exactly the analyzed
    /// terms: no analyzed word contains a separator or starts with a mark.
    #[test]
    fn any_text_round_trips_through_the_encoding(
        text in "\\PC{0,80}",
        english: bool,
        names: bool,
    ) {
        let mut analysis = TextAnalysis::new(FrenchOrder::default());
        let lang = if english { Lang::English } else { Lang::French };
        let tokens = analysis.tokens(lang, &text);
        let encoded = encode_one(&analysis, &tokens, names);
        proptest::prop_assert_eq!(terms(&encoded), expected(&tokens, &analysis, names, 0));
        for t in &tokens {
            for id in [t.stem, t.exact] {
                let word = analysis.word(id);
                proptest::prop_assert!(!word.starts_with(['=', '#']), "{:?}", word);
                proptest::prop_assert!(!word.contains([' ', '\t']), "{:?}", word);
            }
        }
    }
}

#[test]
fn encoded_terms_keep_stems_exact_forms_and_positions() {
    let mut analysis = TextAnalysis::new(FrenchOrder::default());
    let text = "L'innovation de Chongqing et les innovations";
    let tokens = analysis.tokens(Lang::French, text);
    let encoded = encode_one(&analysis, &tokens, false);
    assert_eq!(terms(&encoded), expected(&tokens, &analysis, false, 0));
    // Stop words leave their positions empty, for phrase queries.
    assert_eq!(
        terms(&encoded)
            .iter()
            .map(|(p, t)| format!("{p}:{t}"))
            .collect::<Vec<_>>(),
        [
            "0:innov",
            "0:=innovation",
            "2:chongqing",
            "2:=chongqing",
            "5:innov",
            "5:=innovations"
        ]
    );
}

#[test]
fn the_texts_of_a_record_are_far_apart() {
    let mut analysis = TextAnalysis::new(FrenchOrder::default());
    let name = analysis.tokens(Lang::French, "Zone pilote");
    let body = analysis.tokens(Lang::French, "La zone pilote attire");
    let offsets = value_offsets([name.as_slice(), body.as_slice()]);
    assert_eq!(offsets, [0, 2 + VALUE_GAP]);
    let encoded = encode(
        &[
            IndexText {
                tokens: &name,
                names: true,
            },
            IndexText {
                tokens: &body,
                names: false,
            },
        ],
        |id| analysis.word(id),
    );
    let mut all = expected(&name, &analysis, true, 0);
    all.extend(expected(&body, &analysis, false, offsets[1]));
    assert_eq!(terms(&encoded), all);
}

#[test]
fn empty_and_separator_only_values_have_no_terms() {
    assert!(terms("").is_empty());
    assert!(terms("  \t ").is_empty());
    let analysis = TextAnalysis::new(FrenchOrder::default());
    assert_eq!(encode_one(&analysis, &[], true), "");
}

#[test]
fn names_are_marked_apart_from_bodies() {
    let mut analysis = TextAnalysis::new(FrenchOrder::default());
    let tokens = analysis.tokens(Lang::French, "Pôles d'innovation");
    let encoded = encode_one(&analysis, &tokens, true);
    assert_eq!(encoded, "#pol\t#=poles #innov\t#=innovation");
    let (_, fields) = schema();
    let term = fields.term(Forms::NAMES_EXACT, "poles");
    assert_eq!(term.value().as_str(), Some("#=poles"));
    assert_eq!(
        fields.term(Forms::BODY, "innov").value().as_str(),
        Some("innov")
    );
}
