//! The segment pairs of a translation to check, from a TSV file (`tsv`) or
//! an XLIFF file (`xliff`), told apart by content: a file whose first
//! element, after any prologue (declaration, comments, DOCTYPE), is
//! `xliff` (with or without a prefix) is XLIFF; anything else is TSV.

use std::path::Path;

use super::decode::{self, Kind};
use super::xml::{self, Element, Handler, Refusal, Scope};
use crate::model::Direction;
use crate::Result;

/// One segment pair of a translation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Segment {
    /// The source text.
    pub source: String,
    /// The target text; empty when the segment is not translated yet.
    pub target: String,
    /// The unit's id in an XLIFF file (with the segment's, for XLIFF 2.0).
    pub id: Option<String>,
    /// The line the segment starts on in its file (1-based).
    pub line: usize,
    /// Whether the segment is to be translated: `false` for XLIFF's
    /// `translate="no"` (on the unit, or inherited from its group or file).
    /// Such a segment is not checked.
    pub translate: bool,
}

impl Segment {
    /// A segment to translate, of `source` and `target`, on line `line`.
    pub fn new(source: impl Into<String>, target: impl Into<String>, line: usize) -> Segment {
        Segment {
            source: source.into(),
            target: target.into(),
            id: None,
            line,
            translate: true,
        }
    }
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

/// The segment pairs of a file, and which way they translate.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Segments {
    /// The file's layout.
    pub format: SegmentFormat,
    /// Which way the file translates: as its languages say for XLIFF,
    /// French to English for TSV (which says nothing; see
    /// [`Segments::with_direction`]).
    pub direction: Direction,
    /// The source and target languages as the file writes them (`en-US`,
    /// `fr-FR`); `None` for TSV.
    pub languages: Option<(String, String)>,
    /// The pairs, in file order.
    pub segments: Vec<Segment>,
    /// For an XLIFF file in UTF-8, where each segment's text is in it (what
    /// writing marks into a copy needs).
    pub(crate) layout: Option<std::sync::Arc<super::xliff::Layout>>,
}

/// Segments are equal when they hold the same pairs the same way, however
/// their files were laid out.
impl PartialEq for Segments {
    fn eq(&self, other: &Segments) -> bool {
        (self.format, self.direction, &self.languages, &self.segments)
            == (
                other.format,
                other.direction,
                &other.languages,
                &other.segments,
            )
    }
}

impl Eq for Segments {}

impl Segments {
    /// The same segments, read the other way when `direction` says so (for
    /// TSV, whose file does not say).
    pub fn with_direction(mut self, direction: Direction) -> Segments {
        self.direction = direction;
        self
    }
}

/// Reads the segment pairs of `bytes`, read from `path` (which names it in
/// errors): XLIFF when its root element is `xliff` or its name ends in
/// `.xlf`, `.xliff`, `.sdlxliff` or `.mqxliff`, TSV otherwise. The text
/// may be UTF-8 or UTF-16 with a byte-order mark; an XLIFF file may also
/// declare another encoding.
///
/// ```
/// use chongqing_glossary::{read_segments, Direction, check::SegmentFormat};
///
/// let tsv = "La zone pilote.\tThe pilot zone.\nDeux essais.\t\n";
/// let read = read_segments(tsv, "job.tsv")?;
/// assert_eq!(read.format, SegmentFormat::Tsv);
/// assert_eq!(read.direction, Direction::FrenchToEnglish);
/// assert_eq!(read.segments[0].target, "The pilot zone.");
/// assert_eq!(read.segments[1].target, "", "not translated yet");
///
/// let xliff = r#"<xliff version="2.0" srcLang="en-US" trgLang="fr-FR">
///   <file id="f"><unit id="u1"><segment>
///     <source>The pilot zone.</source><target>La zone pilote.</target>
///   </segment></unit></file></xliff>"#;
/// let read = read_segments(xliff, "job.xlf")?;
/// assert_eq!(read.direction, Direction::EnglishToFrench);
/// assert_eq!(read.languages, Some(("en-US".into(), "fr-FR".into())));
/// # Ok::<(), chongqing_glossary::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Data`](crate::Error::Data) naming the file, line and column: a
/// TSV line without a tab or with two, malformed XML, a file named as
/// XLIFF whose root element is not `xliff`, an XLIFF version this crate
/// does not read, an XLIFF file whose languages are not French and
/// English (naming them), or that mixes language pairs; text not valid in
/// its encoding.
pub fn read_segments(bytes: impl AsRef<[u8]>, path: impl AsRef<Path>) -> Result<Segments> {
    Segments::read(bytes.as_ref().to_vec(), path)
}

impl Segments {
    /// As [`read_segments`], taking the bytes: a large file is decoded in
    /// place, and its buffer freed once its segments are read (memory about
    /// twice the file at most).
    ///
    /// # Errors
    ///
    /// As [`read_segments`].
    pub fn read(bytes: Vec<u8>, path: impl AsRef<Path>) -> Result<Segments> {
        let path = path.as_ref();
        if is_xliff(&bytes, path) || named_xliff(path) {
            return super::xliff::read(bytes, path);
        }
        let text = decode::text(bytes, path, Kind::Plain, false)?;
        Ok(Segments {
            format: SegmentFormat::Tsv,
            direction: Direction::default(),
            languages: None,
            segments: super::tsv::read(&text, path)?,
            layout: None,
        })
    }
}

/// Whether the file's name says XLIFF (`.xlf`, `.xliff`, and the
/// `.sdlxliff` and `.mqxliff` of Trados and memoQ): it is read as XLIFF
/// whatever it holds, so that a wrong root element is said as such.
fn named_xliff(path: &Path) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    ["xlf", "xliff", "sdlxliff", "mqxliff"]
        .iter()
        .any(|x| extension.eq_ignore_ascii_case(x))
}

/// Whether the first element of `bytes` is `xliff` (any prefix).
fn is_xliff(bytes: &[u8], path: &Path) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(bytes, |i| &bytes[i..]);
    // XML starts with `<`, or with a byte-order mark; TSV rarely does.
    let xml_like = start.starts_with(b"<")
        || start.starts_with(&[0xEF, 0xBB, 0xBF])
        || start.starts_with(&[0xFF, 0xFE])
        || start.starts_with(&[0xFE, 0xFF]);
    if !xml_like {
        return false;
    }
    let mut first = FirstElement(None);
    // An error before any element is not XML: TSV.
    let _ = xml::read(bytes, path, &mut first);
    first.0.as_deref() == Some("xliff")
}

/// Reads no further than the first element, and keeps its local name.
struct FirstElement(Option<String>);

impl Handler for FirstElement {
    fn start(&mut self, e: &Element<'_>, _: &Scope<'_>) -> std::result::Result<(), Refusal> {
        self.0.get_or_insert_with(|| e.local.to_string());
        Ok(())
    }
    fn end(&mut self, _: &str, _: usize, _: &Scope<'_>) -> std::result::Result<(), Refusal> {
        Ok(())
    }
    fn text(&mut self, _: &str, _: xml::Origin<'_>, _: &Scope<'_>) {}
    fn done(&self) -> bool {
        self.0.is_some()
    }
}
