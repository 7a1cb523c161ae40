//! Reading a query text: quoted phrases and words, analyzed exactly as the
//! indexed text was, in French and English at once.
//!
//! No character is syntax except quotes: text between `"…"`, `«…»` or
//! `“…”` is a phrase; an unmatched quote is ignored. Everything else is
//! words (`l’innovation`, `R&D`, `(`, `:`, a trailing `AND` are words or
//! nothing, never errors). A word on the French or the English stop list is
//! not searched; the last word of a text being typed (not followed by a
//! space or a closing quote) also matches as a prefix, and is kept for that
//! even when it is a stop word (`en sa` → `santé`), provided the query has
//! another searched word.

use crate::analysis::{analyze_with, Lang, Pipeline, Terms, TextAnalysis};
use crate::error::{Input, QueryError};
use crate::limits::MAX_QUERY_WORDS;

/// One piece of the query text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'q> {
    Words(&'q str),
    Phrase(&'q str),
}

const QUOTES: &[(char, char)] = &[('"', '"'), ('«', '»'), ('“', '”')];

/// Splits `text` into words and quoted phrases, dropping blank pieces.
pub(crate) fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut i = 0;
    while let Some(c) = rest[i..].chars().next() {
        let close = QUOTES
            .iter()
            .find(|(open, _)| *open == c)
            .map(|(_, close)| *close);
        if let Some(close) = close {
            let inner_start = i + c.len_utf8();
            if let Some(len) = rest[inner_start..].find(close) {
                out.push(Piece::Words(&rest[..i]));
                out.push(Piece::Phrase(&rest[inner_start..inner_start + len]));
                rest = &rest[inner_start + len + close.len_utf8()..];
                i = 0;
                continue;
            }
        }
        i += c.len_utf8();
    }
    out.push(Piece::Words(rest));
    out.retain(|p| !matches!(p, Piece::Words(w) | Piece::Phrase(w) if w.trim().is_empty()));
    out
}

/// A word's terms in one language, with the exact form's text (for typos and
/// prefixes, which work on text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WordTerms {
    pub terms: Terms,
    pub exact: String,
}

/// One searched word of the query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct QueryWord {
    /// The word as typed.
    pub surface: String,
    /// Its position in its piece (phrases keep the gaps of stop words).
    pub position: u32,
    /// French and English terms (`None` for a stop word kept as a prefix).
    pub langs: [Option<WordTerms>; 2],
    /// The joined forms of hyphenated compounds that cover this word, per
    /// language (`start-up`: `startup` for both `start` and `up`).
    pub joined: [Vec<WordTerms>; 2],
    /// The text this word completes as a prefix, when it is the last word
    /// being typed, per language.
    pub prefix: Option<[String; 2]>,
}

/// A unit of the ranking rules: one word, or a quoted phrase of several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unit {
    pub words: Vec<QueryWord>,
    pub phrase: bool,
}

impl Unit {
    /// How many query words the unit counts for.
    pub(crate) fn weight(&self) -> u32 {
        self.words.len() as u32
    }
}

/// The query text, read.
#[derive(Debug, Default)]
pub(crate) struct ReadQuery {
    pub units: Vec<Unit>,
}

fn word_terms(analysis: &TextAnalysis, terms: Terms) -> WordTerms {
    WordTerms {
        terms,
        exact: analysis.word(terms.exact).to_string(),
    }
}

/// Reads `text` into units, with `analysis` (whose base is the glossary's
/// vocabulary). `prefix` says whether the last word may be a prefix.
pub(crate) fn read(
    text: &str,
    analysis: &mut TextAnalysis,
    prefix: bool,
) -> Result<ReadQuery, QueryError> {
    let pieces = pieces(text);
    let typing = prefix
        && !text.ends_with(char::is_whitespace)
        && matches!(pieces.last(), Some(Piece::Words(w)) if text.ends_with(w));
    let mut units = Vec::new();
    let mut stop_words = 0;
    let last_piece = pieces.len().saturating_sub(1);
    for (i, piece) in pieces.iter().enumerate() {
        let (body, phrase) = match piece {
            Piece::Words(w) => (*w, false),
            Piece::Phrase(p) => (*p, true),
        };
        let mut words: Vec<QueryWord> = Vec::new();
        let mut joined: Vec<(u32, u32, [Option<WordTerms>; 2])> = Vec::new();
        let mut last_stop: Option<QueryWord> = None;
        let analyzed = analysis.words(body);
        for w in &analyzed {
            let langs = Lang::BOTH.map(|l| w.forms.lang(l).map(|t| word_terms(analysis, t)));
            if w.width > 1 {
                joined.push((w.position, w.position + w.width, langs));
                continue;
            }
            let surface = body[w.start as usize..w.end as usize].to_string();
            if langs.iter().all(Option::is_some) {
                words.push(QueryWord {
                    surface,
                    position: w.position,
                    langs,
                    ..QueryWord::default()
                });
                last_stop = None;
            } else {
                stop_words += 1;
                last_stop = Some(QueryWord {
                    surface,
                    position: w.position,
                    ..QueryWord::default()
                });
            }
        }
        for word in &mut words {
            for (from, to, langs) in &joined {
                if (*from..*to).contains(&word.position) {
                    for (l, terms) in langs.iter().enumerate() {
                        word.joined[l].extend(terms.clone());
                    }
                }
            }
        }
        // The word being typed: the last of the last piece.
        if typing && i == last_piece {
            let last_word_pos = words.last().map(|w| w.position);
            match last_stop {
                Some(stop) if last_word_pos.is_none_or(|p| p < stop.position) => {
                    let folded = analyze_with(&mut Pipeline::Label.analyzer(), &stop.surface)
                        .pop()
                        .map(|t| t.text)
                        .unwrap_or_default();
                    if !folded.is_empty() {
                        stop_words -= 1;
                        words.push(QueryWord {
                            prefix: Some([folded.clone(), folded]),
                            ..stop
                        });
                    }
                }
                _ => {
                    if let Some(last) = words.last_mut() {
                        let texts = Lang::BOTH.map(|l| {
                            last.langs[l as usize]
                                .as_ref()
                                .map(|t| t.exact.clone())
                                .unwrap_or_default()
                        });
                        last.prefix = Some(texts);
                    }
                }
            }
        }
        if words.is_empty() {
            continue;
        }
        if phrase && words.len() > 1 {
            units.push(Unit {
                words,
                phrase: true,
            });
        } else {
            units.extend(words.into_iter().map(|w| Unit {
                words: vec![w],
                phrase: false,
            }));
        }
    }
    let searched: usize = units.iter().map(|u| u.words.len()).sum();
    let only_prefix_stop_word =
        searched == 1 && units[0].words[0].langs.iter().all(Option::is_none);
    if only_prefix_stop_word || (searched == 0 && stop_words > 0) {
        return Err(QueryError::OnlyStopWords {
            input: Input::Query,
            text: QueryError::shown(text),
        });
    }
    if searched > MAX_QUERY_WORDS {
        return Err(QueryError::TooManyWords {
            input: Input::Query,
            words: searched,
            max: MAX_QUERY_WORDS,
        });
    }
    Ok(ReadQuery { units })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::FrenchOrder;

    fn read_text(text: &str) -> Result<ReadQuery, QueryError> {
        read(text, &mut TextAnalysis::new(FrenchOrder::default()), true)
    }

    fn surfaces(q: &ReadQuery) -> Vec<Vec<String>> {
        q.units
            .iter()
            .map(|u| u.words.iter().map(|w| w.surface.clone()).collect())
            .collect()
    }

    #[test]
    fn pieces_split_phrases_and_words() {
        assert_eq!(
            pieces(r#"pôle "zone pilote" « santé et vie » x"#),
            vec![
                Piece::Words("pôle "),
                Piece::Phrase("zone pilote"),
                Piece::Phrase(" santé et vie "),
                Piece::Words(" x"),
            ]
        );
        assert_eq!(
            pieces(r#"unbalanced "quote"#),
            vec![Piece::Words(r#"unbalanced "quote"#)]
        );
        assert_eq!(pieces(r#""""#), Vec::<Piece<'_>>::new());
    }

    #[test]
    fn stop_words_of_either_language_are_not_searched() {
        let q = read_text("the innovation hubs ").unwrap();
        assert_eq!(surfaces(&q), [["innovation"], ["hubs"]]);
        let q = read_text("zone pilote de réforme ").unwrap();
        assert_eq!(surfaces(&q).len(), 3);
        for only in ["de la le", "the and of", "de "] {
            assert!(
                matches!(read_text(only), Err(QueryError::OnlyStopWords { .. })),
                "{only}"
            );
        }
        // Punctuation alone is no word at all: nothing to search, no error.
        assert!(read_text("(").unwrap().units.is_empty());
    }

    #[test]
    fn the_word_being_typed_is_a_prefix_even_a_stop_word() {
        let q = read_text("pôle d'innovation en sa").unwrap();
        let last = &q.units.last().unwrap().words[0];
        assert_eq!(last.surface, "sa");
        assert_eq!(last.prefix, Some(["sa".to_string(), "sa".to_string()]));
        let q = read_text("cercle écon").unwrap();
        let last = &q.units.last().unwrap().words[0];
        assert_eq!(last.prefix.as_ref().unwrap()[0], "econ");
        // A trailing space or closing quote ends the word.
        let q = read_text("cercle écon ").unwrap();
        assert!(q.units.iter().all(|u| u.words[0].prefix.is_none()));
        let q = read_text("\"cercle économique\"").unwrap();
        assert!(q.units[0].words.iter().all(|w| w.prefix.is_none()));
    }

    #[test]
    fn phrases_are_one_unit_and_compounds_join() {
        let q = read_text("\"santé et vie\" start-up ").unwrap();
        assert!(q.units[0].phrase);
        assert_eq!(q.units[0].weight(), 2);
        assert_eq!(surfaces(&q)[1..], [["start"], ["up"]]);
        for unit in &q.units[1..] {
            assert_eq!(unit.words[0].joined[0][0].exact, "startup");
        }
    }

    #[test]
    fn the_word_limit_counts_searched_words_only() {
        let sentence = "le la les de du des ".repeat(20) + "zone";
        assert!(read_text(&sentence).is_ok());
        let many = (0..=MAX_QUERY_WORDS)
            .map(|i| format!("mot{i} "))
            .collect::<String>();
        assert!(matches!(
            read_text(&many),
            Err(QueryError::TooManyWords { words: 65, .. })
        ));
    }
}
