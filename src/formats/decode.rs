//! Text decoding, shared by every reader: what encoding a file is in, and
//! its text as UTF-8.
//!
//! - A byte-order mark decides: UTF-8 (`EF BB BF`), UTF-16 little-endian
//!   (`FF FE`, as memoQ and MultiTerm write) or big-endian (`FE FF`).
//! - Without one, an XML file may say its encoding in its declaration
//!   (`<?xml version="1.0" encoding="windows-1252"?>`): any label of the
//!   WHATWG Encoding Standard is honoured (`ISO-8859-1`, `latin1`,
//!   `Shift_JIS` …); an XML file starting `<?` in UTF-16 without a mark is
//!   read as UTF-16 too.
//! - Otherwise the text is UTF-8. Bytes that are not are an error at their
//!   line and column, which says what the file most likely is and how to
//!   convert it.
//!
//! [`Decoded`] decodes a stream as it is read (the XML readers), [`text`] a
//! file held whole (CSV, TSV, documents, JSON).

use std::io::{self, BufRead, Read};
use std::path::Path;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::lines::line_column;
use crate::error::DataErrorKind;
use crate::{Error, Location, Result};

/// What kind of file is decoded: XML may declare its encoding, plain text
/// may not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Xml,
    Plain,
}

/// How many bytes of a file are looked at to find its encoding: enough for
/// any XML declaration.
const SNIFF_BYTES: usize = 1024;

/// The encoding the start of a file says, and the length of its
/// byte-order mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Detected {
    pub encoding: &'static Encoding,
    pub bom: usize,
}

/// The encoding of a file that starts with `prefix` (its first bytes, up to
/// [`SNIFF_BYTES`] of them).
pub(crate) fn detect(prefix: &[u8], kind: Kind) -> Detected {
    if let Some((encoding, bom)) = Encoding::for_bom(prefix) {
        return Detected { encoding, bom };
    }
    let utf8 = Detected {
        encoding: UTF_8,
        bom: 0,
    };
    if kind == Kind::Plain {
        // Text holds no NUL: one in every other byte is UTF-16 without a
        // byte-order mark.
        return match utf16_without_mark(prefix) {
            Some(encoding) => Detected { encoding, bom: 0 },
            None => utf8,
        };
    }
    // `<?` in UTF-16 without a byte-order mark.
    if prefix.starts_with(&[b'<', 0, b'?', 0]) {
        return Detected {
            encoding: UTF_16LE,
            bom: 0,
        };
    }
    if prefix.starts_with(&[0, b'<', 0, b'?']) {
        return Detected {
            encoding: UTF_16BE,
            bom: 0,
        };
    }
    match declared_encoding(prefix).and_then(|label| Encoding::for_label(label.as_bytes())) {
        // A declaration that says UTF-16 over bytes that are not (a file
        // converted without its declaration being edited): the bytes win.
        Some(e) if e == UTF_16LE || e == UTF_16BE => utf8,
        Some(encoding) => Detected { encoding, bom: 0 },
        None => utf8,
    }
}

/// The `encoding` of an XML declaration at the start of `prefix`.
fn declared_encoding(prefix: &[u8]) -> Option<String> {
    let head = prefix.strip_prefix(b"<?xml")?;
    let end = head.windows(2).position(|w| w == b"?>")?;
    let declaration = std::str::from_utf8(&head[..end]).ok()?;
    let at = declaration.find("encoding")?;
    let rest = declaration[at + "encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let close = value.find(quote)?;
    Some(value[..close].trim().to_string())
}

/// UTF-16 (little- or big-endian) when the first bytes hold NULs in every
/// other byte, as UTF-16 text in Latin script does.
fn utf16_without_mark(prefix: &[u8]) -> Option<&'static Encoding> {
    let head = &prefix[..prefix.len().min(512)];
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let pairs = head.len() / 2;
    if pairs < 2 {
        None
    } else if odd * 2 > pairs && even == 0 {
        Some(UTF_16LE)
    } else if even * 2 > pairs && odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// What a file that is not UTF-8 most likely is, and the `iconv` name to
/// convert it from.
fn likely_encoding(bytes: &[u8]) -> (&'static str, &'static str) {
    match utf16_without_mark(bytes) {
        Some(e) if e == UTF_16LE => (
            "UTF-16 (little-endian) without a byte-order mark",
            "UTF-16LE",
        ),
        Some(_) => ("UTF-16 (big-endian) without a byte-order mark", "UTF-16BE"),
        None => ("windows-1252 (Latin-1)", "WINDOWS-1252"),
    }
}

/// The message for bytes that are not UTF-8: the byte, and what the file
/// most likely is and how to convert it (or, for XML, declare it).
pub(crate) fn not_utf8_message(bytes: &[u8], offset: usize, kind: Kind) -> String {
    let (likely, iconv) = likely_encoding(bytes);
    let byte = bytes.get(offset).copied().unwrap_or(0);
    let advice = match kind {
        Kind::Xml if !iconv.starts_with("UTF-16") => format!(
            "declare it (<?xml version=\"1.0\" encoding=\"{}\"?>) or convert the file to UTF-8 (iconv -f {iconv} -t UTF-8)",
            iconv.to_ascii_lowercase()
        ),
        _ => format!("convert it to UTF-8 (iconv -f {iconv} -t UTF-8)"),
    };
    format!("invalid UTF-8 (byte 0x{byte:02x} at byte offset {offset}): the file looks like {likely}; {advice}")
}

/// Reads all of `reader` if it holds at most `max` bytes (`None` when it
/// holds more), never holding much more than that in memory, whatever it is
/// (a device, a pipe that never ends).
pub(crate) fn read_limited(mut reader: impl Read, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        // Grow by a quarter (not double), exactly: the buffer never holds
        // much more than the input.
        let room = max.saturating_add(1).saturating_sub(bytes.len() as u64);
        let step = (bytes.len() as u64 / 4).clamp(1 << 16, 1 << 28).min(room);
        if step == 0 {
            return Ok(None);
        }
        bytes.reserve_exact(step as usize);
        if (&mut reader).take(step).read_to_end(&mut bytes)? == 0 {
            return Ok(Some(bytes));
        }
        if bytes.len() as u64 > max {
            return Ok(None);
        }
    }
}

/// What to do about a file that is not UTF-8 when its bytes are not at
/// hand (the XML reader sees them one event at a time).
pub(crate) fn not_utf8_advice(kind: Kind) -> &'static str {
    match kind {
        Kind::Xml => "the file is not UTF-8 and declares no other encoding; declare its encoding (<?xml version=\"1.0\" encoding=\"windows-1252\"?> for a Latin-1 file) or convert it to UTF-8 (iconv -f WINDOWS-1252 -t UTF-8)",
        Kind::Plain => "the file is not UTF-8; convert it (iconv -f WINDOWS-1252 -t UTF-8 for a Latin-1 file)",
    }
}

/// `bytes` as text, or an error giving the line and column of the first bad
/// byte, its byte offset, and what the file most likely is.
pub(crate) fn check_utf8<'a>(bytes: &'a [u8], path: &Path, kind: Kind) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|err| {
        let valid = err.valid_up_to();
        // `valid` ends on a char boundary of valid UTF-8, so this cannot fail.
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let (line, column) = line_column(prefix, valid);
        Error::data(
            Location::line_column(path, line, column),
            DataErrorKind::Encoding,
            not_utf8_message(bytes, valid, kind),
        )
    })
}

/// A whole file's text as UTF-8, whatever its encoding (see the module
/// docs). A UTF-8 byte-order mark is kept when `keep_bom` (it is then part
/// of the text offsets count in), dropped otherwise; a UTF-16 text is
/// transcoded, without its mark.
pub(crate) fn text(bytes: Vec<u8>, path: &Path, kind: Kind, keep_bom: bool) -> Result<String> {
    let detected = detect(&bytes[..bytes.len().min(SNIFF_BYTES)], kind);
    if detected.encoding == UTF_8 {
        let skip = if keep_bom { 0 } else { detected.bom };
        check_utf8(&bytes[skip..], path, kind)?;
        let mut bytes = bytes;
        bytes.drain(..skip);
        // Checked just above.
        return String::from_utf8(bytes).map_err(|e| {
            Error::data(Location::file(path), DataErrorKind::Encoding, e.to_string())
        });
    }
    let body = &bytes[detected.bom..];
    let mut decoder = detected.encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(body.len())
            .unwrap_or(body.len() * 3),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            let offset = detected.bom + read - bad as usize - after as usize;
            Err(malformed(path, detected.encoding, offset as u64))
        }
        // The output was sized for the worst case.
        encoding_rs::DecoderResult::OutputFull => Err(Error::data(
            Location::file(path),
            DataErrorKind::Encoding,
            "the text could not be decoded",
        )),
    }
}

/// Bytes that are not valid in the file's encoding (an unpaired UTF-16
/// surrogate).
fn malformed(path: &Path, encoding: &'static Encoding, offset: u64) -> Error {
    Error::data(
        Location::byte(path, offset),
        DataErrorKind::Encoding,
        format!(
            "the text is not valid {} (at byte offset {offset})",
            encoding.name()
        ),
    )
}

/// The error a [`Decoded`] stream gives for bytes its encoding refuses,
/// carried through `io::Error` to the reader that can name the file.
#[derive(Debug)]
pub(crate) struct Malformed {
    pub encoding: &'static Encoding,
    pub offset: u64,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the text is not valid {} (at byte offset {})",
            self.encoding.name(),
            self.offset
        )
    }
}

impl std::error::Error for Malformed {}

impl Malformed {
    /// The crate's error for `err` when it is a [`Malformed`].
    pub(crate) fn located(err: &io::Error, path: &Path) -> Option<Error> {
        let inner = err.get_ref()?.downcast_ref::<Malformed>()?;
        Some(malformed(path, inner.encoding, inner.offset))
    }
}

/// A stream of UTF-8 text read from a stream in its own encoding: the
/// bytes of a UTF-8 stream pass through (after a byte-order mark), others
/// are transcoded as they are read. Memory is a few buffers, whatever the
/// length of the stream.
pub(crate) struct Decoded<R> {
    /// The first bytes, read to find the encoding, served first.
    prefix: Vec<u8>,
    at: usize,
    inner: R,
    transcoder: Option<Transcoder>,
    /// The encoding, for messages.
    encoding: &'static Encoding,
}

struct Transcoder {
    decoder: encoding_rs::Decoder,
    out: Box<[u8]>,
    out_start: usize,
    out_end: usize,
    /// Input bytes given to the decoder so far (for error offsets).
    read: u64,
    finished: bool,
}

impl<R: BufRead> Decoded<R> {
    /// Reads the start of `inner` to find its encoding ([`detect`]).
    ///
    /// # Errors
    ///
    /// The I/O error of reading that start.
    pub(crate) fn new(mut inner: R, kind: Kind) -> io::Result<Decoded<R>> {
        let mut prefix = Vec::with_capacity(SNIFF_BYTES);
        (&mut inner)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut prefix)?;
        let detected = detect(&prefix, kind);
        let transcoder = (detected.encoding != UTF_8).then(|| Transcoder {
            decoder: detected.encoding.new_decoder_without_bom_handling(),
            out: vec![0; 1 << 16].into_boxed_slice(),
            out_start: 0,
            out_end: 0,
            read: detected.bom as u64,
            finished: false,
        });
        Ok(Decoded {
            prefix,
            at: detected.bom,
            inner,
            transcoder,
            encoding: detected.encoding,
        })
    }

    /// The undecoded bytes to read next: the rest of the prefix, then the
    /// inner stream's.
    fn raw(&mut self) -> io::Result<&[u8]> {
        if self.at < self.prefix.len() {
            Ok(&self.prefix[self.at..])
        } else {
            self.inner.fill_buf()
        }
    }

    fn consume_raw(&mut self, amount: usize) {
        if self.at < self.prefix.len() {
            self.at += amount;
        } else {
            self.inner.consume(amount);
        }
    }
}

impl<R: BufRead> Read for Decoded<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Decoded<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let Some(mut t) = self.transcoder.take() else {
            return self.raw();
        };
        let result = (|| {
            while t.out_start == t.out_end && !t.finished {
                let input = self.raw()?;
                let last = input.is_empty();
                let (result, read, written) = t
                    .decoder
                    .decode_to_utf8_without_replacement(input, &mut t.out, last);
                self.consume_raw(read);
                t.read += read as u64;
                t.out_start = 0;
                t.out_end = written;
                match result {
                    encoding_rs::DecoderResult::InputEmpty => t.finished = last,
                    encoding_rs::DecoderResult::OutputFull => {}
                    encoding_rs::DecoderResult::Malformed(bad, after) => {
                        let offset = t.read - bad as u64 - after as u64;
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            Malformed {
                                encoding: self.encoding,
                                offset,
                            },
                        ));
                    }
                }
            }
            Ok(())
        })();
        self.transcoder = Some(t);
        result?;
        let t = self.transcoder.as_ref().expect("put back above");
        Ok(&t.out[t.out_start..t.out_end])
    }

    fn consume(&mut self, amount: usize) {
        match &mut self.transcoder {
            Some(t) => t.out_start = (t.out_start + amount).min(t.out_end),
            None => self.consume_raw(amount),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend_from_slice(if little { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
        }
        for unit in text.encode_utf16() {
            let pair = if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        bytes
    }

    fn read_all(bytes: &[u8], kind: Kind) -> io::Result<String> {
        // A tiny buffer, so that characters are split across reads.
        let inner = io::BufReader::with_capacity(3, bytes);
        let mut decoded = Decoded::new(inner, kind)?;
        let mut out = String::new();
        decoded.read_to_string(&mut out)?;
        Ok(out)
    }

    #[test]
    fn encodings_are_found_by_mark_declaration_or_pattern() {
        let cases: Vec<(Vec<u8>, Kind, &str)> = vec![
            (b"<?xml version='1.0'?><a/>".to_vec(), Kind::Xml, "UTF-8"),
            (b"\xef\xbb\xbfzone".to_vec(), Kind::Plain, "UTF-8"),
            (utf16("zone", true, true), Kind::Plain, "UTF-16LE"),
            (utf16("zone", false, true), Kind::Plain, "UTF-16BE"),
            (
                utf16("<?xml version='1.0'?>", true, false),
                Kind::Xml,
                "UTF-16LE",
            ),
            (
                utf16("<?xml version='1.0'?>", false, false),
                Kind::Xml,
                "UTF-16BE",
            ),
            (
                b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><a/>".to_vec(),
                Kind::Xml,
                "windows-1252",
            ),
            (
                b"<?xml version='1.0' encoding = 'ISO-8859-1' ?>".to_vec(),
                Kind::Xml,
                "windows-1252",
            ),
            // A declaration in plain text is text.
            (
                b"<?xml version='1.0' encoding='latin1'?>".to_vec(),
                Kind::Plain,
                "UTF-8",
            ),
            // A declaration of UTF-16 over single bytes: the bytes win.
            (
                b"<?xml version='1.0' encoding='UTF-16'?><a/>".to_vec(),
                Kind::Xml,
                "UTF-8",
            ),
        ];
        for (bytes, kind, name) in cases {
            assert_eq!(detect(&bytes, kind).encoding.name(), name, "{bytes:?}");
        }
    }

    #[test]
    fn streams_and_whole_texts_decode_alike() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><t>Zone pilote de réforme € 𝄞</t>"
            .repeat(50);
        for little in [true, false] {
            for bom in [true, false] {
                let bytes = utf16(&text, little, bom);
                assert_eq!(read_all(&bytes, Kind::Xml).unwrap(), text);
                let whole = super::text(bytes, Path::new("t.xml"), Kind::Xml, false).unwrap();
                assert_eq!(whole, text);
            }
        }
        let latin1 = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><t>r\xe9forme \x80</t>";
        assert_eq!(
            read_all(latin1, Kind::Xml).unwrap(),
            "<?xml version=\"1.0\" encoding=\"windows-1252\"?><t>réforme €</t>"
        );
        let plain = b"\xef\xbb\xbfzone".to_vec();
        assert_eq!(read_all(&plain, Kind::Plain).unwrap(), "zone");
        assert_eq!(
            super::text(plain.clone(), Path::new("p"), Kind::Plain, true).unwrap(),
            "\u{feff}zone"
        );
        assert_eq!(
            super::text(plain, Path::new("p"), Kind::Plain, false).unwrap(),
            "zone"
        );
    }

    #[test]
    fn bad_bytes_are_located_and_explained() {
        // An unpaired surrogate in UTF-16.
        let mut bytes = utf16("ab", true, true);
        bytes.extend_from_slice(&[0x00, 0xD8, b'c', 0]);
        let err = read_all(&bytes, Kind::Plain).unwrap_err();
        let located = Malformed::located(&err, Path::new("g.csv")).unwrap();
        assert_eq!(
            located.to_string(),
            "g.csv: byte 6: the text is not valid UTF-16LE (at byte offset 6)"
        );
        let whole = super::text(bytes, Path::new("g.csv"), Kind::Plain, false).unwrap_err();
        assert_eq!(whole.to_string(), located.to_string());
        // windows-1252 read as UTF-8.
        let err = super::text(
            b"ok\nr\xe9f".to_vec(),
            Path::new("g.csv"),
            Kind::Plain,
            false,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.csv:2:2: invalid UTF-8 (byte 0xe9 at byte offset 4): the file looks like windows-1252 (Latin-1); convert it to UTF-8 (iconv -f WINDOWS-1252 -t UTF-8)"
        );
        let err = super::text(
            b"<a>r\xe9f</a>".to_vec(),
            Path::new("g.tbx"),
            Kind::Xml,
            false,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("declare it (<?xml version=\"1.0\" encoding=\"windows-1252\"?>)"),
            "{err}"
        );
        // UTF-16 without a mark is recognised by its NULs.
        for little in [true, false] {
            let bytes = utf16("zoné pilote\tpilot zone", little, false);
            let text = super::text(bytes, Path::new("s.tsv"), Kind::Plain, false).unwrap();
            assert_eq!(text, "zoné pilote\tpilot zone");
        }
    }
}
