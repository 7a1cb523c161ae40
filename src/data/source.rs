//! The documents: paragraphs (lines) split into sentence passages.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// The byte-order mark some editors write at the start of a UTF-8 file:
/// kept in the text, skipped by passages.
const BOM: &str = "\u{feff}";

/// Where a passage is: its document's number (0 when there is only one,
/// else from 1 in name order), paragraph and sentence (both from 1). The
/// order of the passages; the public [`PassageId`](crate::PassageId)
/// names the document by its key instead of its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Place {
    pub document: u32,
    pub paragraph: u32,
    pub sentence: u32,
}

/// One document of the source text: its file name and where it starts.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct DocumentAt {
    pub name: String,
    pub start: usize,
}

/// One sentence of a document: where it is, its line (1-based) in its
/// document, and its byte span in the source text (the documents one after
/// the other). Saved as six numbers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(
    from = "(u32, u32, u32, u32, usize, usize)",
    into = "(u32, u32, u32, u32, usize, usize)"
)]
pub(crate) struct PassageText {
    pub place: Place,
    pub line: u32,
    pub span: Range<usize>,
}

impl From<(u32, u32, u32, u32, usize, usize)> for PassageText {
    fn from(
        (document, paragraph, sentence, line, start, end): (u32, u32, u32, u32, usize, usize),
    ) -> PassageText {
        PassageText {
            place: Place {
                document,
                paragraph,
                sentence,
            },
            line,
            span: start..end,
        }
    }
}

impl From<PassageText> for (u32, u32, u32, u32, usize, usize) {
    fn from(p: PassageText) -> (u32, u32, u32, u32, usize, usize) {
        (
            p.place.document,
            p.place.paragraph,
            p.place.sentence,
            p.line,
            p.span.start,
            p.span.end,
        )
    }
}

/// Splits a document into passages: one per sentence (Unicode sentence
/// boundaries, UAX #29), paragraphs being the non-blank lines. Ids are
/// 1-based, in document `document` (0 when there is only one); spans are
/// byte ranges in `text` shifted by `base` (where the document starts in
/// the source text), without surrounding whitespace. A byte-order mark at
/// the start is skipped (spans still count its bytes, so they stay exact
/// offsets into the file).
pub(crate) fn segment(text: &str, document: u32, base: usize) -> Vec<PassageText> {
    let mut passages = Vec::new();
    let mut paragraph = 0u32;
    let mut line_start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    for (line_number, line) in text[line_start..].split_inclusive('\n').enumerate() {
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
            let begin = base + start + offset + lead;
            passages.push(PassageText {
                place: Place {
                    document,
                    paragraph,
                    sentence,
                },
                line: line_number as u32 + 1,
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
        let passages = segment(text, 0, 0);
        let texts: Vec<&str> = passages.iter().map(|p| &text[p.span.clone()]).collect();
        assert_eq!(texts, ["Une phrase.", "Une autre.", "Suite."]);
        let place = |document, paragraph, sentence| Place {
            document,
            paragraph,
            sentence,
        };
        assert_eq!(passages[2].place, place(0, 2, 1));
        assert_eq!(passages[0].span.start, 3);
        assert_eq!(
            passages.iter().map(|p| p.line).collect::<Vec<_>>(),
            [1, 1, 3]
        );
        let shifted = segment(text, 2, 100);
        assert_eq!(
            shifted[2].span,
            passages[2].span.start + 100..passages[2].span.end + 100
        );
        assert_eq!(shifted[2].place, place(2, 2, 1));
    }
}
