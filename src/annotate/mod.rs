//! Term recognition: every occurrence of an entry's name (French or English
//! term or alias) in a text. [`Glossary::annotate`](crate::Glossary::annotate)
//! runs it on any text; loading runs it on the documents' passages
//! (mentions) and on the definitions (related entries), so they always
//! agree; the translation check counts with it.
//!
//! # How names are matched
//!
//! A name matches where its analyzed words occur as consecutive analyzed
//! words of the text, in the same language's analysis: French names against
//! the French analysis, English names against the English one. So case,
//! accents, both apostrophes and elision do not matter, and a name matches
//! its inflections, not its derivations
//! ([`inflection`](crate::analysis::inflection): `zones pilotes`,
//! `innovation hubs`, a verb's conjugation; not `segmentation` for
//! `segment`, nor `hosting` for the noun `host`). The name's own
//! function words must be there (`santé et vie` matches `santé et de la
//! vie`, not `santé de la vie`); a name in capitals (`PPA`) matches only in
//! capitals, a plural `s` allowed. Matches are whole words, never cross a
//! sentence end (`.`, `!`, `?`, `;`) or a blank line, are taken left to right
//! with the longest match winning at each start, and never overlap. See
//! [`matcher`] for the details.

mod gaps;
mod matcher;

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

use crate::analysis::{AnalyzerPool, TextAnalysis};
use crate::model::{Entry, EntryId, LabelKind};
use matcher::BREAKS;
pub(crate) use matcher::{NameSource, Names, RawMatch, TermMatcher};

/// One occurrence of an entry's name in a text. It borrows the glossary
/// (`'g`) and the text (`'t`); [`TermMatch::into_owned`] gives one that
/// owns its data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TermMatch<'g, 't> {
    /// The entry named.
    pub entry: Cow<'g, EntryId>,
    /// Byte offset of the match's start in the text.
    pub start: usize,
    /// Byte offset of the match's end in the text.
    pub end: usize,
    /// The matched text, `&text[start..end]`.
    pub text: Cow<'t, str>,
    /// Which name of the entry matched.
    pub label: LabelKind,
}

impl TermMatch<'_, '_> {
    /// `start..end`.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The match, owning its data: it outlives the glossary and the text.
    pub fn into_owned(self) -> TermMatch<'static, 'static> {
        TermMatch {
            entry: Cow::Owned(self.entry.into_owned()),
            start: self.start,
            end: self.end,
            text: Cow::Owned(self.text.into_owned()),
            label: self.label,
        }
    }
}

/// Bytes of text analyzed at a time by [`annotate`]: memory stays a small
/// multiple of this, whatever the length of the text.
const CHUNK_BYTES: usize = 1 << 18;

/// Every occurrence of an entry's name in `text` (see the module docs),
/// analyzed piece by piece, each piece ending where no match can cross;
/// only the names `names` allows (entries, language).
pub(crate) fn annotate<'g, 't>(
    matcher: &TermMatcher,
    analyzers: &AnalyzerPool,
    entries: &'g [Entry],
    text: &'t str,
    names: Names<'_>,
) -> Vec<TermMatch<'g, 't>> {
    let mut out = Vec::new();
    analyzers.with(|analysis| {
        find_in_pieces(matcher, analysis, text, names, |m| {
            out.push(TermMatch {
                entry: Cow::Borrowed(&entries[m.entry as usize].id),
                start: m.span.start,
                end: m.span.end,
                text: Cow::Borrowed(&text[m.span]),
                label: m.label,
            })
        })
    });
    out
}

/// Calls `found` with every match of the names `names` allows in `text`,
/// in order, the text analyzed a piece of [`CHUNK_BYTES`] at a time (each
/// piece ending where no match can cross): memory stays a small multiple of
/// a piece, whatever the length of the text. Spans are into `text`.
pub(crate) fn find_in_pieces(
    matcher: &TermMatcher,
    analysis: &mut TextAnalysis,
    text: &str,
    names: Names<'_>,
    mut found: impl FnMut(RawMatch),
) {
    let mut start = 0;
    while start < text.len() {
        let end = cut_point(text, start + CHUNK_BYTES, CHUNK_BYTES);
        let piece = &text[start..end];
        let words = analysis.words(piece);
        for mut m in matcher.find_names(piece, &words, names) {
            m.span = start + m.span.start..start + m.span.end;
            found(m);
        }
        start = end;
    }
}

/// A match that opens a quote (`« 416`) and stops right before its closing
/// mark takes the closing mark too (`« 416 »`), so highlights balance.
pub(crate) fn close_quotes(text: &str, span: Range<usize>) -> Range<usize> {
    let matched = &text[span.clone()];
    for (open, close) in [('«', '»'), ('“', '”'), ('"', '"')] {
        let opens = matched.matches(open).count();
        let closes = if open == close {
            0
        } else {
            matched.matches(close).count()
        };
        let unbalanced = if open == close {
            opens % 2 == 1
        } else {
            opens > closes
        };
        if unbalanced {
            let rest = &text[span.end..];
            let spaces = rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']).len();
            if rest[spaces..].starts_with(close) {
                return span.start..span.end + spaces + close.len_utf8();
            }
        }
    }
    span
}

/// Where to cut a long text into pieces that no match crosses: after a
/// sentence end or a blank line at or after `at` (or, failing that within
/// `limit` more bytes, at the next whitespace).
pub(crate) fn cut_point(text: &str, at: usize, limit: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let mut start = at;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let window_end = (start + limit).min(text.len());
    let mut window_end_char = window_end;
    while !text.is_char_boundary(window_end_char) {
        window_end_char += 1;
    }
    let window = &text[start..window_end_char];
    if let Some(i) = window.find(BREAKS) {
        return start + i + 1;
    }
    if let Some(i) = window.find("\n\n") {
        return start + i + 1;
    }
    match text[window_end_char..].find(char::is_whitespace) {
        Some(i) => window_end_char + i,
        None => text.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_points_fall_after_sentence_ends() {
        let text = "Une zone. Une autre zone pilote";
        assert_eq!(&text[..cut_point(text, 0, 100)], "Une zone.");
        assert_eq!(cut_point(text, 100, 10), text.len());
        let long = "mot ".repeat(100);
        let cut = cut_point(&long, 0, 10);
        assert!(long[..cut].ends_with("mot") && cut > 10);
    }

    #[test]
    fn an_open_quote_takes_its_closing_mark() {
        let text = "la disposition « 416 » et";
        let start = text.find("disposition").unwrap();
        let end = text.find("416").unwrap() + 3;
        let span = close_quotes(text, start..end);
        assert_eq!(&text[span], "disposition « 416 »");
        let plain = text.find("la").unwrap()..2;
        assert_eq!(close_quotes(text, plain.clone()), plain);
    }
}
