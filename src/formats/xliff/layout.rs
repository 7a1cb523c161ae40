//! Where each segment's text lies in its XLIFF file, so that marks can be
//! written around it and nothing else changes: per segment and side, the
//! pieces of text (runs of character data, references, `cp` elements) with
//! their place in the segment's text and in the file.

use std::ops::Range;

/// The namespace of ITS 2.0, the W3C's Internationalization Tag Set.
pub(crate) const ITS_NAMESPACE: &str = "http://www.w3.org/2005/11/its";

/// One piece of a segment's text and where it is in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Its bytes in the segment's text.
    pub text: Range<usize>,
    /// Its bytes in the file.
    pub raw: Range<usize>,
    /// Whether the file holds the text itself there, byte for byte; a
    /// reference (`&amp;`), a line end written `\r\n`, a CDATA section or a
    /// `cp` element stands for its text whole.
    pub verbatim: bool,
}

impl Piece {
    /// Where a span starting at byte `at` of the segment's text (a char
    /// boundary) starts in the file: a piece that stands for its text whole
    /// is taken whole when the span starts inside it.
    fn raw_start(&self, at: usize) -> usize {
        if self.verbatim {
            self.raw.start + (at.clamp(self.text.start, self.text.end) - self.text.start)
        } else if at >= self.text.end {
            self.raw.end
        } else {
            self.raw.start
        }
    }

    /// Where a span ending at byte `at` ends in the file (taking a piece
    /// that stands for its text whole when it ends inside it).
    fn raw_end(&self, at: usize) -> usize {
        if self.verbatim {
            self.raw.start + (at.clamp(self.text.start, self.text.end) - self.text.start)
        } else if at <= self.text.start {
            self.raw.start
        } else {
            self.raw.end
        }
    }
}

/// The pieces of one text (a source or a target), in order.
pub(crate) type Pieces = Vec<Piece>;

/// Adds the pieces of `text`, which comes from `raw` at file offset
/// `offset`, to `pieces`, the text so far being `before` bytes long.
/// Verbatim text is cut at each line end XML rewrote (`\r\n`, `\r`), so
/// that every verbatim piece is the text byte for byte.
pub(crate) fn push_text(
    pieces: &mut Pieces,
    before: usize,
    text: &str,
    offset: usize,
    raw: Option<&[u8]>,
    raw_len: usize,
) {
    let Some(raw) = raw else {
        pieces.push(Piece {
            text: before..before + text.len(),
            raw: offset..offset + raw_len,
            verbatim: false,
        });
        return;
    };
    let (mut t, mut r) = (0, 0);
    while r < raw.len() {
        let run = raw[r..]
            .iter()
            .position(|&b| b == b'\r')
            .unwrap_or(raw.len() - r);
        if run > 0 {
            pieces.push(Piece {
                text: before + t..before + t + run,
                raw: offset + r..offset + r + run,
                verbatim: true,
            });
            t += run;
            r += run;
        }
        if r < raw.len() {
            // A carriage return, alone or before a line feed: one `\n`.
            let written = if raw.get(r + 1) == Some(&b'\n') { 2 } else { 1 };
            pieces.push(Piece {
                text: before + t..before + t + 1,
                raw: offset + r..offset + r + written,
                verbatim: false,
            });
            t += 1;
            r += written;
        }
    }
    debug_assert_eq!(t, text.len(), "the text is the raw bytes, line ends aside");
}

/// The file ranges that hold `span` of a text made of `pieces`, joined where
/// they touch: one range when the span lies in one run of character data,
/// several when it crosses inline elements (each range then lies within
/// one element, so that markup around each is well formed).
pub(crate) fn runs(pieces: &[Piece], span: &Range<usize>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for piece in pieces {
        let start = span.start.max(piece.text.start);
        let end = span.end.min(piece.text.end);
        if start >= end {
            continue;
        }
        let raw = piece.raw_start(start)..piece.raw_end(end);
        match out.last_mut() {
            Some(last) if last.end == raw.start => last.end = raw.end,
            _ => out.push(raw),
        }
    }
    out
}

/// What the root element looks like, for the declarations written into it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Root {
    /// Where its name ends (declarations go there) and where its start tag
    /// ends.
    pub name_end: usize,
    pub tag_end: usize,
    /// The prefix it already binds to ITS, if any.
    pub its_prefix: Option<String>,
    /// Whether it already says `its:version`.
    pub its_version: bool,
}

/// Where a file's segments are: what marks need to be written into it.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    /// The file, as read (UTF-8).
    pub bytes: Vec<u8>,
    /// The length of its byte-order mark (offsets are past it).
    pub bom: usize,
    pub root: Root,
    /// Each segment's source and target pieces.
    pub parts: Vec<[Pieces; 2]>,
}

impl std::fmt::Debug for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Layout")
            .field("bytes", &self.bytes.len())
            .field("segments", &self.parts.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_written_as_crlf_are_pieces_of_their_own() {
        let mut pieces = Vec::new();
        push_text(&mut pieces, 5, "ab\ncd\n", 100, Some(b"ab\r\ncd\r"), 7);
        assert_eq!(
            pieces,
            [
                Piece {
                    text: 5..7,
                    raw: 100..102,
                    verbatim: true
                },
                Piece {
                    text: 7..8,
                    raw: 102..104,
                    verbatim: false
                },
                Piece {
                    text: 8..10,
                    raw: 104..106,
                    verbatim: true
                },
                Piece {
                    text: 10..11,
                    raw: 106..107,
                    verbatim: false
                },
            ]
        );
        // A span across the line end is one run; its ends map through.
        assert_eq!(runs(&pieces, &(6..9)), vec![101..105]);
    }

    #[test]
    fn a_span_across_an_inline_element_is_cut_in_runs() {
        // `<g>ab</g>c&amp;d` : text "abc&d".
        let pieces = vec![
            Piece {
                text: 0..2,
                raw: 10..12,
                verbatim: true,
            },
            Piece {
                text: 2..3,
                raw: 16..17,
                verbatim: true,
            },
            Piece {
                text: 3..4,
                raw: 17..22,
                verbatim: false,
            },
            Piece {
                text: 4..5,
                raw: 22..23,
                verbatim: true,
            },
        ];
        assert_eq!(runs(&pieces, &(1..5)), [11..12, 16..23]);
        assert_eq!(runs(&pieces, &(3..4)), vec![17..22]);
        assert_eq!(runs(&pieces, &(0..5)), [10..12, 16..23]);
    }
}
