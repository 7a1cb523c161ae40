//! Snippets: the best window of a record's text, with the byte ranges that
//! matched the query highlighted.

use std::ops::Range;

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

use super::plan::Highlight;
use crate::analysis::{is_joiner, Lang, Tok, Vocabulary, WordMap};

pub use crate::limits::SNIPPET_MAX_BYTES;

/// A piece of text with the byte ranges that matched the query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The text: a whole sentence or label, or a window of at most
    /// [`SNIPPET_MAX_BYTES`] bytes of a longer text, with `…` where cut.
    pub text: String,
    /// Sorted, non-overlapping byte ranges into `text`, on char boundaries.
    #[serde(serialize_with = "ranges_as_pairs")]
    pub highlights: Vec<Range<usize>>,
}

pub(crate) fn ranges_as_pairs<S: Serializer>(
    ranges: &[Range<usize>],
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(ranges.len()))?;
    for r in ranges {
        seq.serialize_element(&[r.start, r.end])?;
    }
    seq.end()
}

impl Snippet {
    /// The highlighted parts of the text.
    pub fn highlighted(&self) -> impl Iterator<Item = &str> {
        self.highlights.iter().map(|r| &self.text[r.clone()])
    }

    /// The text with each highlight between `open` and `close`
    /// (`[`…`]`, or terminal colour codes).
    pub fn marked(&self, open: &str, close: &str) -> String {
        mark(&self.text, &self.highlights, open, close)
    }
}

/// `text` with each of `ranges` between `open` and `close`.
fn mark(text: &str, ranges: &[Range<usize>], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * (open.len() + close.len()));
    let mut at = 0;
    for r in ranges {
        out.push_str(&text[at..r.start]);
        out.push_str(open);
        out.push_str(&text[r.clone()]);
        out.push_str(close);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The raw tokens whose French words a query highlights: a passage's
/// words are analyzed only where their raw token is one of them, since
/// only those can be highlighted (a passage's raw tokens are all in the
/// vocabulary it was loaded with).
pub(crate) struct HighlightRaws<'v> {
    /// The lengths of the raw tokens held, a bit each (see [`length_bit`]):
    /// a quick no before the map is asked.
    lengths: u64,
    raws: WordMap<(), &'v str>,
}

impl<'v> HighlightRaws<'v> {
    pub(crate) fn new(vocabulary: &'v Vocabulary, highlight: &Highlight) -> HighlightRaws<'v> {
        let l = Lang::French as usize;
        let phrase_stems = highlight.phrases[l]
            .iter()
            .flatten()
            .map(|&(_, stem)| (stem, true));
        let terms = highlight.exact[l]
            .iter()
            .map(|t| (t as u32, false))
            .chain(highlight.stem[l].iter().map(|t| (t as u32, true)))
            .chain(phrase_stems);
        let mut out = HighlightRaws {
            lengths: 0,
            raws: WordMap::default(),
        };
        for (term, stem) in terms {
            for raw in vocabulary.french_raws(term, stem) {
                out.lengths |= length_bit(raw);
                out.raws.insert(raw, ());
            }
        }
        out
    }

    /// Whether the words of raw token `raw` may be highlighted.
    pub(crate) fn holds(&self, raw: &str) -> bool {
        self.lengths & length_bit(raw) != 0 && self.raws.contains_key(raw)
    }
}

/// The bit of `raw`'s length in [`HighlightRaws::lengths`]: bit `n` for `n`
/// bytes, the last bit for every length from 63 bytes up. The set is a
/// filter, so lengths sharing a bit only let more tokens through to the map.
fn length_bit(raw: &str) -> u64 {
    const LAST: usize = u64::BITS as usize - 1;
    1 << raw.len().min(LAST)
}

/// The byte ranges of `tokens` (analyzed from `text` in `lang`) that the
/// query matched, merged: words in their matched forms, and phrases as one
/// range from their first to their last word.
pub(crate) fn highlights(
    highlight: &Highlight,
    lang: Lang,
    text: &str,
    tokens: &[Tok],
) -> Vec<Range<usize>> {
    let l = lang as usize;
    let (exact, stem) = (&highlight.exact[l], &highlight.stem[l]);
    let mut out: Vec<Range<usize>> = tokens
        .iter()
        .filter(|t| exact.contains(t.exact as usize) || stem.contains(t.stem as usize))
        .map(Tok::span)
        .collect();
    for phrase in &highlight.phrases[l] {
        let Some(&(_, first_stem)) = phrase.first() else {
            continue;
        };
        for (i, start) in tokens.iter().enumerate() {
            if start.stem != first_stem || start.width != 1 {
                continue;
            }
            let mut end = start.end;
            let all = phrase[1..].iter().all(|&(offset, stem)| {
                let want = start.position + offset;
                tokens[i..].iter().any(|t| {
                    t.position == want && t.stem == stem && {
                        end = end.max(t.end);
                        true
                    }
                })
            });
            if all {
                out.push(start.start as usize..end as usize);
            }
        }
    }
    merge(text, out)
}

/// Merges overlapping ranges, and ranges that only a joiner separates
/// (`[start]-[up]` → `[start-up]`), in any order.
pub(crate) fn merge(text: &str, mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end || joined(text, last.end, r.start) => {
                last.end = last.end.max(r.end);
            }
            _ => out.push(r),
        }
    }
    out
}

/// Whether only one joiner character stands between `from` and `to`.
fn joined(text: &str, from: usize, to: usize) -> bool {
    let mut chars = text.get(from..to).unwrap_or("").chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if is_joiner(c))
}

/// Builds the snippet of `text`: the window of at most [`SNIPPET_MAX_BYTES`]
/// that holds the most highlights, cut at word boundaries.
pub(crate) fn snippet(text: &str, highlights: Vec<Range<usize>>) -> Snippet {
    if text.len() <= SNIPPET_MAX_BYTES {
        return Snippet {
            text: text.to_string(),
            highlights,
        };
    }
    const LEAD: usize = 50;
    // Anchor the window at the highlight whose window holds the most highlights.
    let anchor = (0..highlights.len())
        .max_by_key(|&i| {
            let from = highlights[i].start.saturating_sub(LEAD);
            let count = highlights[i..]
                .iter()
                .take_while(|h| h.end <= from + SNIPPET_MAX_BYTES)
                .count();
            (count, std::cmp::Reverse(i))
        })
        .map_or(0, |i| highlights[i].start);
    let mut start = anchor.saturating_sub(LEAD);
    if start > 0 {
        while !text.is_char_boundary(start) {
            start += 1;
        }
        // Begin at a word: after the next whitespace, unless that passes the anchor.
        if let Some(ws) = text[start..anchor].find(char::is_whitespace) {
            start += ws;
            start += text[start..].chars().next().map_or(0, char::len_utf8);
        }
    }
    let mut end = (start + SNIPPET_MAX_BYTES).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        if let Some(ws) = text[start..end].rfind(char::is_whitespace) {
            if start + ws > anchor {
                end = start + ws;
            }
        }
    }
    let slice = text[start..end].trim_end();
    let end = start + slice.len();
    let mut out = String::with_capacity(slice.len() + 6);
    if start > 0 {
        out.push('…');
    }
    let shift = out.len();
    out.push_str(slice);
    if end < text.len() {
        out.push('…');
    }
    let highlights = highlights
        .into_iter()
        .filter(|h| h.start >= start && h.end <= end)
        .map(|h| h.start - start + shift..h.end - start + shift)
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_windows_cut_on_words_and_keep_highlights_inside() {
        let text = "alpha ".repeat(30) + "needle " + &"omega ".repeat(40);
        let at = text.find("needle").unwrap();
        let s = snippet(&text, std::iter::once(at..at + 6).collect());
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert_eq!(s.highlighted().collect::<Vec<_>>(), ["needle"]);
        assert!(s.text.len() <= SNIPPET_MAX_BYTES + 2 * '…'.len_utf8());
        assert!(!s.text.contains("alph…") && !s.text.contains("…lpha"));
    }

    #[test]
    fn ranges_split_by_a_joiner_merge() {
        let text = "les start-up et R&D";
        let ranges = merge(text, vec![10..12, 4..9, 16..19]);
        assert_eq!(ranges, [4..12, 16..19]);
        assert_eq!(mark(text, &ranges, "[", "]"), "les [start-up] et [R&D]");
        // A space is not a joiner.
        assert_eq!(merge("a b", vec![0..1, 2..3]), [0..1, 2..3]);
    }
}
