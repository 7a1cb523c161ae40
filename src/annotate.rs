//! Term recognition: every occurrence of an entry's name (French or English
//! term or alias) in a text. [`Glossary::annotate`](crate::Glossary::annotate)
//! runs it on any text; loading runs it on the article's passages (mentions)
//! and on the definitions (related entries), so they always agree.
//!
//! # How names are matched
//!
//! A name matches where its analyzed words occur as consecutive analyzed
//! words of the text, in the same language's analysis: French names against
//! the French analysis, English names against the English one. So case,
//! accents, both apostrophes and elision do not matter, stop words are
//! skipped (`santé et vie` matches `santé et de la vie`), and inflected forms
//! match by stem (`zones pilotes`, `innovation hubs`). Matches are whole
//! words, never cross a sentence end (`.`, `!`, `?`, `;`) or a blank line,
//! are taken left to right with the longest match winning at each start, and
//! never overlap.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::analysis::{AnalyzerPool, Lang, Tok, Word};
use crate::model::{Entry, EntryId, LabelKind};

/// One occurrence of an entry's name in a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TermMatch<'g, 't> {
    /// The entry named.
    pub entry: &'g EntryId,
    /// Byte offset of the match's start in the text.
    pub start: usize,
    /// Byte offset of the match's end in the text.
    pub end: usize,
    /// The matched text, `&text[start..end]`.
    pub text: &'t str,
    /// Which name of the entry matched.
    pub label: LabelKind,
}

impl TermMatch<'_, '_> {
    /// `start..end`.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// One name of one entry, as the stems it must match (term ids of the
/// glossary's vocabulary, which every later analysis shares).
#[derive(Debug, Clone)]
struct Pattern {
    entry: u32,
    label: LabelKind,
    stems: Box<[u32]>,
}

/// A match found by [`TermMatcher`], before it is tied to entry ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawMatch {
    pub entry: u32,
    pub label: LabelKind,
    pub span: Range<usize>,
}

/// The glossary's names, indexed by their first stem in each language.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermMatcher {
    patterns: Vec<Pattern>,
    /// For each language, first stem → patterns, longest first.
    by_first: [HashMap<u32, Vec<u32>>; 2],
}

/// Characters a match never crosses: sentence ends.
const BREAKS: &[char] = &['.', '!', '?', ';'];

impl TermMatcher {
    /// Builds the matcher from the glossary's names: for each, its entry,
    /// which name it is, and its analyzed words (in the name's language).
    pub(crate) fn new<'a>(
        names: impl IntoIterator<Item = (u32, LabelKind, &'a [Tok])>,
    ) -> TermMatcher {
        let mut matcher = TermMatcher::default();
        for (entry, label, tokens) in names {
            let lang = if label.is_english() {
                Lang::English
            } else {
                Lang::French
            };
            // A compound's joined form shares the first part's position:
            // a name matches through its parts, word after word.
            let stems: Box<[u32]> = tokens
                .iter()
                .filter(|t| t.width == 1)
                .map(|t| t.stem)
                .collect();
            if stems.is_empty() {
                continue;
            }
            let index = matcher.patterns.len() as u32;
            matcher.by_first[lang as usize]
                .entry(stems[0])
                .or_default()
                .push(index);
            matcher.patterns.push(Pattern {
                entry,
                label,
                stems,
            });
        }
        for lists in &mut matcher.by_first {
            for list in lists.values_mut() {
                let patterns = &matcher.patterns;
                list.sort_by_key(|&p| std::cmp::Reverse(patterns[p as usize].stems.len()));
            }
        }
        matcher
    }

    /// Every match in `text`, whose analyzed `words` are given (analyzed with
    /// the glossary's vocabulary), left to right, longest first, never
    /// overlapping.
    pub(crate) fn find(&self, text: &str, words: &[Word]) -> Vec<RawMatch> {
        let mut candidates: Vec<RawMatch> = Vec::new();
        for lang in Lang::BOTH {
            let toks: Vec<(u32, Range<usize>)> = words
                .iter()
                .filter(|w| w.width == 1)
                .filter_map(|w| {
                    let tok = w.tok(lang)?;
                    Some((tok.stem, tok.span()))
                })
                .collect();
            let by_first = &self.by_first[lang as usize];
            if by_first.is_empty() {
                continue;
            }
            for i in 0..toks.len() {
                let Some(list) = by_first.get(&toks[i].0) else {
                    continue;
                };
                // The first (longest) pattern that matches here.
                let found = list.iter().find_map(|&p| {
                    let pattern = &self.patterns[p as usize];
                    let n = pattern.stems.len();
                    let window = toks.get(i..i + n)?;
                    let same = window
                        .iter()
                        .zip(pattern.stems.iter())
                        .all(|((stem, _), want)| stem == want);
                    let unbroken = window
                        .windows(2)
                        .all(|pair| !crosses_break(text, pair[0].1.end, pair[1].1.start));
                    (same && unbroken).then(|| RawMatch {
                        entry: pattern.entry,
                        label: pattern.label,
                        span: window[0].1.start..window[n - 1].1.end,
                    })
                });
                candidates.extend(found);
            }
        }
        // Leftmost first, then longest; French before English on a tie.
        candidates.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        let mut out: Vec<RawMatch> = Vec::new();
        for mut m in candidates {
            if out.last().is_none_or(|last| m.span.start >= last.span.end) {
                m.span = close_quotes(text, m.span);
                out.push(m);
            }
        }
        out
    }
}

/// Bytes of text analyzed at a time by [`annotate`]: memory stays a small
/// multiple of this, whatever the length of the text.
const CHUNK_BYTES: usize = 1 << 18;

/// Every occurrence of an entry's name in `text` (see the module docs),
/// analyzed piece by piece, each piece ending where no match can cross.
pub(crate) fn annotate<'g, 't>(
    matcher: &TermMatcher,
    analyzers: &AnalyzerPool,
    entries: &'g [Entry],
    text: &'t str,
) -> Vec<TermMatch<'g, 't>> {
    let mut out = Vec::new();
    analyzers.with(|analysis| {
        let mut start = 0;
        while start < text.len() {
            let end = cut_point(text, start + CHUNK_BYTES, CHUNK_BYTES);
            let piece = &text[start..end];
            let words = analysis.words(piece);
            for m in matcher.find(piece, &words) {
                let span = start + m.span.start..start + m.span.end;
                out.push(TermMatch {
                    entry: &entries[m.entry as usize].id,
                    start: span.start,
                    end: span.end,
                    text: &text[span],
                    label: m.label,
                });
            }
            start = end;
        }
    });
    out
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

/// Whether the text between two words holds a sentence end or a blank line.
fn crosses_break(text: &str, from: usize, to: usize) -> bool {
    if to <= from {
        return false;
    }
    let gap = &text[from..to];
    gap.contains(BREAKS) || gap.matches('\n').count() >= 2
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

    #[test]
    fn breaks_stop_matches() {
        assert!(crosses_break("a. b", 1, 3));
        assert!(crosses_break("a\n\nb", 1, 3));
        assert!(!crosses_break("a\nb", 1, 2));
        assert!(!crosses_break("start-up", 8, 6));
    }
}
