//! Lines and columns: the one counter every reader uses to say where in a
//! file something is, over a text held whole ([`Lines`]) or over a stream
//! read once ([`Counted`]). Lines are 1-based, counted at `\n`; columns are
//! 1-based and counted in characters (UTF-8 lead bytes), as editors show
//! them.

use std::io::{self, BufRead, Read};

/// A line and column that moves forward over the bytes of UTF-8 text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LineColumn {
    pub line: usize,
    pub column: usize,
}

impl LineColumn {
    /// The start of a text: line 1, column 1.
    pub(crate) const START: LineColumn = LineColumn { line: 1, column: 1 };

    /// Moves past `bytes`.
    pub(crate) fn advance(&mut self, bytes: &[u8]) {
        match bytes.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                self.line += bytes.iter().filter(|&&b| b == b'\n').count();
                self.column = 1 + chars(&bytes[last + 1..]);
            }
            None => self.column += chars(bytes),
        }
    }
}

/// How many characters `bytes` of UTF-8 begin (continuation bytes are not
/// counted).
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
/// Scans `text` up to `offset`: for many offsets into one text, use
/// [`Lines`].
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    Lines::new(text).at(offset)
}

/// Lines and columns of many offsets into one text, in linear time
/// overall when the offsets come in increasing order (as a file is
/// validated from top to bottom): the scan resumes where the last one
/// stopped, on one line as across lines, so a minified one-line file is no
/// slower than a pretty-printed one.
#[derive(Debug, Clone)]
pub(crate) struct Lines<'a> {
    text: &'a str,
    /// Where the last scan stopped, and the line and column there.
    at: usize,
    here: LineColumn,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            at: 0,
            here: LineColumn::START,
        }
    }

    /// The 1-based line and column (in characters) of byte `offset` (moved
    /// back to a char boundary, capped at the end of the text).
    pub(crate) fn at(&mut self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.at {
            *self = Lines::new(self.text);
        }
        self.here.advance(&self.text.as_bytes()[self.at..offset]);
        self.at = offset;
        (self.here.line, self.here.column)
    }
}

/// A stream that counts lines and columns as a reader consumes it, so that
/// a reader that reads a file once (the XML readers) can say where each of
/// its events starts without holding the file.
///
/// It keeps the bytes consumed since the last position asked for: positions
/// must be asked in increasing order (an earlier one gets the last one
/// asked), and memory is what lies between two of them (one XML event).
pub(crate) struct Counted<R> {
    inner: R,
    /// Bytes consumed and not yet counted, from `pending_start`.
    pending: Vec<u8>,
    /// How much of `pending` is already counted.
    counted: usize,
    /// The stream offset of `pending[0]`.
    pending_start: u64,
    /// The line and column at `pending_start + counted`.
    here: LineColumn,
}

impl<R: BufRead> Counted<R> {
    pub(crate) fn new(inner: R) -> Counted<R> {
        Counted {
            inner,
            pending: Vec::new(),
            counted: 0,
            pending_start: 0,
            here: LineColumn::START,
        }
    }

    /// The line and column of stream offset `offset` (at most what has been
    /// consumed; an offset before the last one asked gets that one's).
    pub(crate) fn at(&mut self, offset: u64) -> (usize, usize) {
        let seen = self.pending_start + self.pending.len() as u64;
        let offset = offset.min(seen);
        let counted_to = self.pending_start + self.counted as u64;
        if offset > counted_to {
            let end = (offset - self.pending_start) as usize;
            self.here.advance(&self.pending[self.counted..end]);
            self.counted = end;
        }
        // Forget what is counted once it is half the buffer: amortized
        // linear, and memory bounded by what lies between two positions.
        if self.counted > 4096 && self.counted * 2 > self.pending.len() {
            self.pending.drain(..self.counted);
            self.pending_start += self.counted as u64;
            self.counted = 0;
        }
        (self.here.line, self.here.column)
    }
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        // The bytes just returned by `fill_buf` are still buffered: a second
        // call reads nothing.
        if let Ok(buffered) = self.inner.fill_buf() {
            let n = amount.min(buffered.len());
            self.pending.extend_from_slice(&buffered[..n]);
        }
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |n| n + 1);
        (line, text[start..offset].chars().count() + 1)
    }

    #[test]
    fn lines_give_what_a_scan_from_the_start_gives() {
        let text = "é\nab\n\nxyz€\n";
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut lines = Lines::new(text);
        for &offset in &boundaries {
            assert_eq!(lines.at(offset), naive(text, offset), "{offset}");
        }
        // Backwards, and past the end.
        assert_eq!(lines.at(0), (1, 1));
        assert_eq!(lines.at(2), naive(text, 2));
        assert_eq!(lines.at(1000), naive(text, text.len()));
        // Inside a char: its start.
        assert_eq!(lines.at(1), (1, 1));
    }

    #[test]
    fn a_counted_stream_gives_what_the_whole_text_gives() {
        let text = "ligne é\n€€ deux\n\ntrois ".repeat(2000);
        // A reader that hands out a few bytes at a time.
        let reader = std::io::BufReader::with_capacity(7, text.as_bytes());
        let mut counted = Counted::new(reader);
        let mut read = Vec::new();
        let mut chunk = [0u8; 5];
        let mut next = 0usize;
        loop {
            let n = counted.read(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            read.extend_from_slice(&chunk[..n]);
            // Ask for every char boundary consumed so far, in order.
            while next <= read.len() {
                if text.is_char_boundary(next) {
                    assert_eq!(counted.at(next as u64), naive(&text, next), "{next}");
                }
                next += 13;
            }
        }
        assert_eq!(read, text.as_bytes());
        assert!(counted.pending.len() < 8192, "counted bytes are forgotten");
    }
}
