//! Segment pairs of a translation, read from a TSV file (`source<TAB>target`
//! per line) or from XLIFF 1.2 (`trans-unit`) or 2.0 (`unit`/`segment`),
//! told apart by content.
//!
//! XLIFF inline elements are not text: a segment's text is the character
//! data of its `source` or `target`, including that of elements that wrap
//! text (`g`, `mrk`, `pc`), excluding native codes (`ph`, `bpt`, `ept`,
//! `it` in 1.2), with `cp` written as its character; empty elements (`x`,
//! `bx`, `ex`, `ph`, `sc`, `ec`, `sm`, `em`) add nothing. Offsets of
//! findings are byte offsets into that text.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::data::xml::{attribute, local, resolve};
use crate::data::{line_column, Lines, BOM};
use crate::{Error, Location, Result};

/// One segment pair of a translation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The French text.
    pub source: String,
    /// The English text; empty when the segment is not translated yet.
    pub target: String,
    /// The unit's id in an XLIFF file (with the segment's, for XLIFF 2.0).
    pub id: Option<String>,
    /// The line the segment starts on in its file (1-based).
    pub line: usize,
}

/// The layouts [`read_segments`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SegmentFormat {
    /// `source<TAB>target`, one pair per line.
    Tsv,
    /// XLIFF 1.2 (`trans-unit` with `source` and `target`).
    Xliff1,
    /// XLIFF 2.0 or 2.1 (`unit`, each `segment` with `source` and `target`).
    Xliff2,
}

/// Reads the segment pairs of `text`, read from `path` (which names it in
/// errors): XLIFF when it is XML with an `xliff` root, TSV otherwise.
///
/// ```
/// use chongqing_glossary::{read_segments, SegmentFormat};
///
/// let tsv = "La zone pilote.\tThe pilot zone.\nDeux essais.\t\n";
/// let (format, segments) = read_segments(tsv, "job.tsv")?;
/// assert_eq!(format, SegmentFormat::Tsv);
/// assert_eq!(segments[0].target, "The pilot zone.");
/// assert_eq!(segments[1].target, "", "not translated yet");
/// # Ok::<(), chongqing_glossary::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Data`] naming the file, line and column: a TSV line without a
/// tab or with two, malformed XML, an XLIFF version this crate does not
/// read.
pub fn read_segments(text: &str, path: impl AsRef<Path>) -> Result<(SegmentFormat, Vec<Segment>)> {
    let path = path.as_ref();
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut head = text.len().min(4096);
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    if text.trim_start().starts_with('<') && text[..head].contains("<xliff") {
        read_xliff(text, path)
    } else {
        read_tsv(text, path).map(|s| (SegmentFormat::Tsv, s))
    }
}

fn read_tsv(text: &str, path: &Path) -> Result<Vec<Segment>> {
    let mut segments = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let at = |column: usize, message: String| {
            Error::data(Location::line_column(path, i + 1, column), message)
        };
        let tabs = line.matches('\t').count();
        match tabs {
            1 => {}
            0 => {
                return Err(at(
                    line.chars().count() + 1,
                    "this line has no tab: a segment is source<TAB>target".into(),
                ))
            }
            n => {
                let second = line.match_indices('\t').nth(1).map_or(0, |(b, _)| b);
                return Err(at(
                    line[..second].chars().count() + 1,
                    format!("this line has {n} tabs: a segment is source<TAB>target, and a tab inside one cannot be told from the separator"),
                ));
            }
        }
        let (source, target) = line.split_once('\t').unwrap_or_default();
        segments.push(Segment {
            source: source.to_string(),
            target: target.to_string(),
            id: None,
            line: i + 1,
        });
    }
    Ok(segments)
}

/// Elements whose content is native code, not text (XLIFF 1.2).
const CODES: &[&str] = &["ph", "bpt", "ept", "it"];

/// Where text goes while an XLIFF file is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Source,
    Target,
}

/// What an XLIFF reader is inside of, between events.
#[derive(Debug, Default)]
struct Xliff {
    format: Option<SegmentFormat>,
    /// The open elements' local names.
    open: Vec<String>,
    /// The id of the unit being read (2.0: segments are inside units).
    unit_id: Option<String>,
    /// The segment being read, and the depth of its element (`trans-unit`
    /// in 1.2, `segment` in 2.0).
    current: Option<(Segment, usize)>,
    /// The source or target being read, and the depth of its element.
    into: Option<(Part, usize)>,
    /// The depth of a native code element being skipped.
    code: Option<usize>,
    segments: Vec<Segment>,
}

impl Xliff {
    /// An element opens, at `line`.
    fn start(&mut self, e: &BytesStart<'_>, line: usize) {
        let name = local(e);
        self.open.push(name);
        let name = self.open.last().map(String::as_str).unwrap_or_default();
        let depth = self.open.len();
        if self.code.is_some() {
            return;
        }
        if self.into.is_some() {
            // Inside a source or target: native code is skipped, wrappers
            // (`g`, `mrk`, `pc`) are read.
            if self.format == Some(SegmentFormat::Xliff1) && CODES.contains(&name) {
                self.code = Some(depth);
            }
            return;
        }
        let new_segment = |id: Option<String>| Segment {
            source: String::new(),
            target: String::new(),
            id,
            line,
        };
        match (self.format, name) {
            (Some(SegmentFormat::Xliff1), "trans-unit") => {
                self.unit_id = attribute(e, "id");
                self.current = Some((new_segment(self.unit_id.clone()), depth));
            }
            (Some(SegmentFormat::Xliff2), "unit") => self.unit_id = attribute(e, "id"),
            (Some(SegmentFormat::Xliff2), "segment") => {
                let id = match (self.unit_id.as_deref(), attribute(e, "id")) {
                    (Some(unit), Some(segment)) => Some(format!("{unit}/{segment}")),
                    (unit, segment) => segment.or(unit.map(str::to_string)),
                };
                self.current = Some((new_segment(id), depth));
            }
            // The segment's own source and target only: not those of an
            // `alt-trans` (translation-memory matches) inside it.
            (_, "source") | (_, "target")
                if self.current.as_ref().is_some_and(|(_, d)| depth == d + 1) =>
            {
                let part = if name == "source" {
                    Part::Source
                } else {
                    Part::Target
                };
                self.into = Some((part, depth));
            }
            _ => {}
        }
    }

    /// The element at the end of `open` closes.
    fn end(&mut self) {
        let depth = self.open.len();
        let name = self.open.pop().unwrap_or_default();
        if self.code == Some(depth) {
            self.code = None;
        }
        if self.into.is_some_and(|(_, d)| d == depth) {
            self.into = None;
        }
        if self.current.as_ref().is_some_and(|(_, d)| *d == depth) {
            if let Some((segment, _)) = self.current.take() {
                self.segments.push(segment);
            }
        }
        if name == "unit" || name == "trans-unit" {
            self.unit_id = None;
        }
    }

    /// Text of the segment being read, if text is being read.
    fn text(&mut self, text: &str) {
        if let (Some((part, _)), None, Some((segment, _))) =
            (self.into, self.code, self.current.as_mut())
        {
            match part {
                Part::Source => segment.source.push_str(text),
                Part::Target => segment.target.push_str(text),
            }
        }
    }
}

fn read_xliff(xml: &str, path: &Path) -> Result<(SegmentFormat, Vec<Segment>)> {
    let mut reader = Reader::from_str(xml);
    let located = |offset: u64, message: String| {
        let (line, column) = line_column(xml, offset as usize);
        Error::data(Location::line_column(path, line, column), message)
    };
    // Lines of segment starts, in file order: one pass over the file.
    let mut lines = Lines::new(xml);
    let mut x = Xliff::default();
    loop {
        let start = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| located(reader.error_position(), format!("malformed XML: {e}")))?;
        match event {
            Event::Start(e) if x.open.is_empty() => {
                x.format = Some(root(&e).map_err(|m| located(start, m))?);
                x.open.push(local(&e));
            }
            Event::Empty(e) if x.open.is_empty() => {
                // `<xliff/>`: no segments.
                x.format = Some(root(&e).map_err(|m| located(start, m))?);
                break;
            }
            Event::Start(e) => x.start(&e, lines.at(start as usize).0),
            // `cp` (XLIFF 2.0) stands for a character XML cannot hold.
            Event::Empty(e) if local(&e) == "cp" => {
                let c = attribute(&e, "hex")
                    .and_then(|h| u32::from_str_radix(&h, 16).ok())
                    .and_then(char::from_u32);
                if let Some(c) = c {
                    x.text(&c.to_string());
                }
            }
            Event::End(_) => x.end(),
            Event::Text(t) => x.text(&t.xml10_content()),
            Event::CData(t) => x.text(&t.xml_content(XmlVersion::default())),
            Event::GeneralRef(r) => {
                let Some(text) = resolve(&r) else {
                    return Err(located(start, format!("unknown entity `&{};`", &*r)));
                };
                x.text(&text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(name) = x.open.last() {
        return Err(located(
            xml.len() as u64,
            format!("the file ends inside <{name}>"),
        ));
    }
    let format = x
        .format
        .ok_or_else(|| located(0, "not XLIFF: no root element".into()))?;
    Ok((format, x.segments))
}

/// The format a root element says, or why it is not XLIFF this crate
/// reads.
fn root(e: &BytesStart<'_>) -> std::result::Result<SegmentFormat, String> {
    let name = local(e);
    if name != "xliff" {
        return Err(format!("not XLIFF: the root element is <{name}>"));
    }
    let version = attribute(e, "version").unwrap_or_default();
    match version.split('.').next() {
        Some("1") => Ok(SegmentFormat::Xliff1),
        Some("2") => Ok(SegmentFormat::Xliff2),
        _ => Err(format!(
            "XLIFF version {version:?} is not one this crate reads (1.2, 2.0, 2.1)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xliff_2_code_points_are_text_and_codes_are_not() {
        let xml = r#"<xliff version="2.1"><file><unit id="u"><segment id="s">
            <source>Zone<cp hex="00A0"/>pilote<ph id="1"/> &amp; <pc id="2">pôle</pc></source>
            <target>Pilot<cp hex="0020"/>zone &#38; hub</target></segment></unit></file></xliff>"#;
        let (format, segments) = read_segments(xml, "j.xlf").unwrap();
        assert_eq!(format, SegmentFormat::Xliff2);
        assert_eq!(segments[0].source, "Zone\u{a0}pilote & pôle");
        assert_eq!(segments[0].target, "Pilot zone & hub");
        assert_eq!(segments[0].id.as_deref(), Some("u/s"));
        let bad = r#"<xliff version="1.2"><file><body><trans-unit id="1"><source>&nbsp;</source></trans-unit></body></file></xliff>"#;
        let err = read_segments(bad, "j.xlf").unwrap_err();
        assert!(err.to_string().contains("unknown entity `&nbsp;`"), "{err}");
    }
}
