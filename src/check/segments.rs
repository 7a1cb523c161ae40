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

fn read_xliff(xml: &str, path: &Path) -> Result<(SegmentFormat, Vec<Segment>)> {
    let mut reader = Reader::from_str(xml);
    let located = |offset: u64, message: String| {
        let (line, column) = line_column(xml, offset as usize);
        Error::data(Location::line_column(path, line, column), message)
    };
    // Lines of segment starts, in file order: one pass over the file.
    let mut lines = Lines::new(xml);
    let mut format = None;
    let mut segments: Vec<Segment> = Vec::new();
    let mut open: Vec<String> = Vec::new();
    // The unit (and segment) being read: id and line.
    let mut unit_id: Option<String> = None;
    let mut current: Option<Segment> = None;
    let mut into: Option<(Part, usize)> = None;
    // Depth of a native code element being skipped.
    let mut code: Option<usize> = None;
    let mut segment_count = 0usize;
    loop {
        let start = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| located(reader.error_position(), format!("malformed XML: {e}")))?;
        match event {
            Event::Start(e) if open.is_empty() => {
                format = Some(root(&e).map_err(|m| located(start, m))?);
                open.push(local(&e));
            }
            Event::Empty(e) if open.is_empty() => {
                // `<xliff/>`: no segments.
                format = Some(root(&e).map_err(|m| located(start, m))?);
                break;
            }
            Event::Start(e) => {
                let name = local(&e);
                let depth = open.len() + 1;
                element_start(
                    &e,
                    &name,
                    format,
                    &mut unit_id,
                    &mut current,
                    &mut into,
                    &mut code,
                    depth,
                    lines.at(start as usize).0,
                    &mut segment_count,
                );
                open.push(name);
            }
            Event::Empty(e) => {
                let name = local(&e);
                if let (Some((side, _)), None, "cp") = (into, code, name.as_str()) {
                    let c = attribute(&e, "hex")
                        .and_then(|h| u32::from_str_radix(&h, 16).ok())
                        .and_then(char::from_u32);
                    if let (Some(c), Some(segment)) = (c, current.as_mut()) {
                        push(segment, side, &c.to_string());
                    }
                }
            }
            Event::End(_) => {
                let depth = open.len();
                let name = open.pop().unwrap_or_default();
                if code == Some(depth) {
                    code = None;
                }
                if into.is_some_and(|(_, d)| d == depth) {
                    into = None;
                }
                let closes_segment = match format {
                    Some(SegmentFormat::Xliff1) => name == "trans-unit",
                    _ => name == "segment",
                };
                if closes_segment {
                    if let Some(segment) = current.take() {
                        segments.push(segment);
                    }
                }
                if name == "unit" || name == "trans-unit" {
                    unit_id = None;
                }
            }
            Event::Text(t) => {
                if let (Some((side, _)), None, Some(segment)) = (into, code, current.as_mut()) {
                    push(segment, side, &t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let (Some((side, _)), None, Some(segment)) = (into, code, current.as_mut()) {
                    push(segment, side, &t.xml_content(XmlVersion::default()));
                }
            }
            Event::GeneralRef(r) => {
                let Some(text) = resolve(&r) else {
                    return Err(located(start, format!("unknown entity `&{};`", &*r)));
                };
                if let (Some((side, _)), None, Some(segment)) = (into, code, current.as_mut()) {
                    push(segment, side, &text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(name) = open.last() {
        return Err(located(
            xml.len() as u64,
            format!("the file ends inside <{name}>"),
        ));
    }
    let format = format.ok_or_else(|| located(0, "not XLIFF: no root element".into()))?;
    Ok((format, segments))
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

#[allow(clippy::too_many_arguments)]
fn element_start(
    e: &BytesStart<'_>,
    name: &str,
    format: Option<SegmentFormat>,
    unit_id: &mut Option<String>,
    current: &mut Option<Segment>,
    into: &mut Option<(Part, usize)>,
    code: &mut Option<usize>,
    depth: usize,
    line: usize,
    count: &mut usize,
) {
    if code.is_some() {
        return;
    }
    if into.is_some() {
        // Inside a source or target: native code is skipped, wrappers read.
        if format == Some(SegmentFormat::Xliff1) && CODES.contains(&name) {
            *code = Some(depth);
        }
        return;
    }
    let new_segment = |id: Option<String>, count: &mut usize| {
        *count += 1;
        Segment {
            source: String::new(),
            target: String::new(),
            id,
            line,
        }
    };
    match (format, name) {
        (Some(SegmentFormat::Xliff1), "trans-unit") => {
            *unit_id = attribute(e, "id");
            *current = Some(new_segment(unit_id.clone(), count));
        }
        (Some(SegmentFormat::Xliff2), "unit") => *unit_id = attribute(e, "id"),
        (Some(SegmentFormat::Xliff2), "segment") => {
            let id = match (unit_id.as_deref(), attribute(e, "id")) {
                (Some(unit), Some(segment)) => Some(format!("{unit}/{segment}")),
                (unit, segment) => segment.or(unit.map(str::to_string)),
            };
            *current = Some(new_segment(id, count));
        }
        (_, "source") if current.is_some() => *into = Some((Part::Source, depth)),
        (_, "target") if current.is_some() => *into = Some((Part::Target, depth)),
        _ => {}
    }
}

fn push(segment: &mut Segment, side: Part, text: &str) {
    match side {
        Part::Source => segment.source.push_str(text),
        Part::Target => segment.target.push_str(text),
    }
}
