//! The article: paragraphs (lines) split into sentence passages.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::BOM;
use crate::model::PassageId;

/// One sentence of the article: its id and its byte span in the source text.
/// Saved as four numbers (paragraph, sentence, start, end).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "(u32, u32, usize, usize)", into = "(u32, u32, usize, usize)")]
pub(crate) struct PassageText {
    pub id: PassageId,
    pub span: Range<usize>,
}

impl From<(u32, u32, usize, usize)> for PassageText {
    fn from((paragraph, sentence, start, end): (u32, u32, usize, usize)) -> PassageText {
        PassageText {
            id: PassageId::new(paragraph, sentence),
            span: start..end,
        }
    }
}

impl From<PassageText> for (u32, u32, usize, usize) {
    fn from(p: PassageText) -> (u32, u32, usize, usize) {
        (p.id.paragraph, p.id.sentence, p.span.start, p.span.end)
    }
}

/// Splits the article into passages: one per sentence (Unicode sentence
/// boundaries, UAX #29), paragraphs being the non-blank lines. Ids are
/// 1-based; spans are byte ranges in `text`, without surrounding whitespace.
/// A byte-order mark at the start is skipped (spans still count its bytes,
/// so they stay exact offsets into the file).
pub(crate) fn segment(text: &str) -> Vec<PassageText> {
    let mut passages = Vec::new();
    let mut paragraph = 0u32;
    let mut line_start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    for line in text[line_start..].split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        if line.trim().is_empty() {
            continue;
        }
        paragraph += 1;
        let mut sentence = 0u32;
        for (offset, raw) in line.split_sentence_bound_indices() {
            let trimmed = raw.trim_start();
            let lead = raw.len() - trimmed.len();
            let trimmed = trimmed.trim_end();
            if trimmed.is_empty() {
                continue;
            }
            sentence += 1;
            let begin = start + offset + lead;
            passages.push(PassageText {
                id: PassageId::new(paragraph, sentence),
                span: begin..begin + trimmed.len(),
            });
        }
    }
    passages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_skipped_and_spans_stay_exact() {
        let text = "\u{feff}Une phrase. Une autre.\n\nSuite.\n";
        let passages = segment(text);
        let texts: Vec<&str> = passages.iter().map(|p| &text[p.span.clone()]).collect();
        assert_eq!(texts, ["Une phrase.", "Une autre.", "Suite."]);
        assert_eq!(passages[2].id, PassageId::new(2, 1));
        assert_eq!(passages[0].span.start, 3);
    }
}
