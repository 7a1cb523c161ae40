//! XLIFF, the translation exchange format: 1.2 (`file` with
//! `source-language` and `target-language`, `trans-unit` with `source` and
//! `target`) and 2.0/2.1 (`xliff` with `srcLang` and `trgLang`, `unit`,
//! each `segment` with `source` and `target`), read through the shared
//! [XML driver](super::xml), namespace prefixes and all.
//!
//! The languages decide the direction: French to English or English to
//! French, regions counting for nothing (`en-US`, `fr-FR`); another pair is
//! an error naming it. `translate="no"` (1.2: on a `trans-unit` or a
//! `group`; 2.0: on a `unit`, `group` or `file`, inherited) marks segments
//! not to check.
//!
//! Inline elements are not text: a segment's text is the character data of
//! its `source` or `target`, including that of elements that wrap text
//! (`g`, `mrk`, `pc`), excluding native codes (`ph`, `bpt`, `ept`, `it` in
//! 1.2), with `cp` written as its character; empty elements (`x`, `bx`,
//! `ex`, `ph`, `sc`, `ec`, `sm`, `em`) add nothing. A segment's own source
//! and target only: not those of an `alt-trans` (translation-memory
//! matches) inside it.

mod layout;
pub(crate) mod marks;

use std::path::Path;

pub(crate) use layout::Layout;
use layout::{push_text, Pieces, Root, ITS_NAMESPACE};

use super::language;
use super::segments::{Segment, SegmentFormat, Segments};
use super::xml::{self, Element, Handler, Origin, Refusal, Scope};
use crate::error::DataErrorKind;
use crate::model::Direction;
use crate::model::Language;
use crate::{Error, Location, Result};

/// Elements whose content is native code, not text (XLIFF 1.2).
const CODES: &[&str] = &["ph", "bpt", "ept", "it"];

/// Where text goes while a segment is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Source,
    Target,
}

/// The languages one `file` (1.2) or the document (2.0) declares, and
/// where.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pair {
    source: String,
    target: Option<String>,
    line: usize,
}

/// What the reader is inside of, between events.
#[derive(Debug, Default)]
struct XliffReader {
    format: Option<SegmentFormat>,
    pair: Option<Pair>,
    /// The pair of the first `file` (1.2), for a file that mixes pairs.
    first_pair: Option<Pair>,
    /// `translate` values in force: (depth of the element that set it, value).
    translate: Vec<(usize, bool)>,
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
    /// Where the segment being read has its source and target text, and
    /// where each segment read had them.
    pieces: [Pieces; 2],
    parts: Vec<[Pieces; 2]>,
    root: Root,
}

/// Reads an XLIFF file (its bytes, in any encoding the driver decodes).
pub(crate) fn read(bytes: Vec<u8>, path: &Path) -> Result<Segments> {
    let mut x = XliffReader::default();
    xml::read(&bytes[..], path, &mut x)?;
    let layout = utf8_layout(&bytes).map(|bom| {
        std::sync::Arc::new(Layout {
            bytes,
            bom,
            root: std::mem::take(&mut x.root),
            parts: std::mem::take(&mut x.parts),
        })
    });
    let format = x.format.unwrap_or(SegmentFormat::Xliff1);
    let Some(pair) = x.first_pair.or(x.pair) else {
        return Err(Error::data(
            Location::file(path),
            DataErrorKind::Languages,
            "the file does not say its languages (source-language, srcLang)",
        ));
    };
    let direction = direction(&pair).map_err(|m| {
        Error::data(
            Location::line_column(path, pair.line, 1),
            DataErrorKind::Languages,
            m,
        )
    })?;
    let target = pair.target.clone().unwrap_or_else(|| {
        match direction {
            Direction::EnglishToFrench => "fr",
            _ => "en",
        }
        .to_string()
    });
    Ok(Segments {
        format,
        direction,
        languages: Some((pair.source, target)),
        segments: x.segments,
        layout,
    })
}

/// When `bytes` are UTF-8 (a file marks can be written into byte for
/// byte), the length of their byte-order mark.
fn utf8_layout(bytes: &[u8]) -> Option<usize> {
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    std::str::from_utf8(&bytes[bom..]).ok()?;
    // A declaration naming another encoding of ASCII-only text.
    let head = &bytes[bom..bytes.len().min(bom + 200)];
    let declared = head.windows(8).position(|w| w == b"encoding").map(|at| {
        head[at + 8..]
            .iter()
            .skip_while(|b| matches!(b, b' ' | b'=' | b'"' | b'\''))
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
            .map(|b| b.to_ascii_lowercase() as char)
            .collect::<String>()
    });
    match declared.as_deref() {
        None | Some("utf-8") | Some("utf8") => Some(bom),
        Some(_) if !head.starts_with(b"<?xml") => Some(bom),
        Some(_) => None,
    }
}

/// The direction of a language pair: French and English either way (a
/// target left unsaid is the other of the two); anything else is refused,
/// naming the languages.
fn direction(pair: &Pair) -> std::result::Result<Direction, String> {
    let source = language(&pair.source);
    let target = pair.target.as_deref().map(language);
    match (source, target) {
        (Some(Language::French), Some(Some(Language::English)) | None) => Ok(Direction::FrenchToEnglish),
        (Some(Language::English), Some(Some(Language::French)) | None) => Ok(Direction::EnglishToFrench),
        _ => Err(format!(
            "the file translates {} into {}: this glossary checks French and English (fr to en, en to fr)",
            shown(&pair.source),
            pair.target.as_deref().map_or("an unsaid language".to_string(), shown)
        )),
    }
}

fn shown(code: &str) -> String {
    if code.is_empty() {
        "an unsaid language".to_string()
    } else {
        format!("`{}`", code.escape_debug())
    }
}

impl XliffReader {
    /// Whether the innermost `translate` in force says no.
    fn untranslatable(&self) -> bool {
        self.translate.last().is_some_and(|&(_, yes)| !yes)
    }

    /// Takes the languages of a `file` (1.2) or of the root (2.0).
    fn languages(
        &mut self,
        source: Option<String>,
        target: Option<String>,
        line: usize,
    ) -> std::result::Result<(), Refusal> {
        let pair = Pair {
            source: source.unwrap_or_default(),
            target: target.filter(|t| !t.trim().is_empty()),
            line,
        };
        match &self.first_pair {
            None => self.first_pair = Some(pair.clone()),
            Some(first) => {
                let same = |a: &str, b: &str| language(a) == language(b);
                let agree = same(&first.source, &pair.source)
                    && match (&first.target, &pair.target) {
                        (Some(a), Some(b)) => same(a, b),
                        _ => true,
                    };
                if !agree {
                    return Err((DataErrorKind::Languages, format!(
                        "this file translates {} into {}, and the file on line {} {} into {}: check each language pair apart",
                        shown(&pair.source),
                        pair.target.as_deref().map_or("an unsaid language".into(), shown),
                        first.line,
                        shown(&first.source),
                        first.target.as_deref().map_or("an unsaid language".into(), shown),
                    )));
                }
            }
        }
        self.pair = Some(pair);
        Ok(())
    }
}

impl Handler for XliffReader {
    fn start(&mut self, e: &Element<'_>, _: &Scope<'_>) -> std::result::Result<(), Refusal> {
        let depth = e.depth;
        if depth == 1 {
            let format = root(e)?;
            self.format = Some(format);
            let its_prefix = e.declared_prefix(ITS_NAMESPACE);
            self.root = Root {
                name_end: e.name_end as usize,
                tag_end: e.tag_end as usize,
                its_version: its_prefix
                    .as_ref()
                    .is_some_and(|p| e.attr(&format!("{p}:version")).is_some()),
                its_prefix,
            };
            if format == SegmentFormat::Xliff2 {
                self.languages(e.attr("srcLang"), e.attr("trgLang"), e.line)?;
            }
            return Ok(());
        }
        if self.code.is_some() {
            return Ok(());
        }
        if self.into.is_some() {
            // Inside a source or target: native code is skipped, wrappers
            // (`g`, `mrk`, `pc`) are read.
            if self.format == Some(SegmentFormat::Xliff1) && CODES.contains(&e.local) {
                self.code = Some(depth);
            }
            if e.local == "cp" {
                let c = e
                    .attr("hex")
                    .and_then(|h| u32::from_str_radix(&h, 16).ok())
                    .and_then(char::from_u32);
                if let Some(c) = c {
                    let origin = Origin {
                        offset: e.offset,
                        len: e.tag_end - e.offset,
                        verbatim: None,
                    };
                    self.text(&c.to_string(), origin);
                }
            }
            return Ok(());
        }
        if let Some(value) = e.attr("translate") {
            self.translate.push((depth, value.trim() != "no"));
        }
        let new_segment = |id: Option<String>, translate: bool| Segment {
            id,
            translate,
            ..Segment::new("", "", e.line)
        };
        match (self.format, e.local) {
            (Some(SegmentFormat::Xliff1), "file") => {
                self.languages(e.attr("source-language"), e.attr("target-language"), e.line)?
            }
            (Some(SegmentFormat::Xliff1), "trans-unit") => {
                self.unit_id = e.attr("id");
                self.current = Some((
                    new_segment(self.unit_id.clone(), !self.untranslatable()),
                    depth,
                ));
            }
            (Some(SegmentFormat::Xliff2), "unit") => self.unit_id = e.attr("id"),
            (Some(SegmentFormat::Xliff2), "segment") => {
                let id = match (self.unit_id.as_deref(), e.attr("id")) {
                    (Some(unit), Some(segment)) => Some(format!("{unit}/{segment}")),
                    (unit, segment) => segment.or(unit.map(str::to_string)),
                };
                self.current = Some((new_segment(id, !self.untranslatable()), depth));
            }
            (_, "source") | (_, "target")
                if self.current.as_ref().is_some_and(|(_, d)| depth == d + 1) =>
            {
                let part = if e.local == "source" {
                    Part::Source
                } else {
                    Part::Target
                };
                self.into = Some((part, depth));
            }
            _ => {}
        }
        Ok(())
    }

    fn end(
        &mut self,
        local: &str,
        depth: usize,
        _: &Scope<'_>,
    ) -> std::result::Result<(), Refusal> {
        if self.code == Some(depth) {
            self.code = None;
        }
        if self.into.is_some_and(|(_, d)| d == depth) {
            self.into = None;
        }
        if self.current.as_ref().is_some_and(|(_, d)| *d == depth) {
            if let Some((segment, _)) = self.current.take() {
                self.segments.push(segment);
                self.parts.push(std::mem::take(&mut self.pieces));
            }
        }
        if self.translate.last().is_some_and(|&(d, _)| d == depth) {
            self.translate.pop();
        }
        if local == "unit" || local == "trans-unit" {
            self.unit_id = None;
        }
        Ok(())
    }

    fn text(&mut self, text: &str, origin: Origin<'_>, _: &Scope<'_>) {
        XliffReader::text(self, text, origin);
    }
}

impl XliffReader {
    /// Text of the segment being read, if text is being read, and where it
    /// came from.
    fn text(&mut self, text: &str, origin: Origin<'_>) {
        if let (Some((part, _)), None, Some((segment, _))) =
            (self.into, self.code, self.current.as_mut())
        {
            let (into, pieces) = match part {
                Part::Source => (&mut segment.source, &mut self.pieces[0]),
                Part::Target => (&mut segment.target, &mut self.pieces[1]),
            };
            push_text(
                pieces,
                into.len(),
                text,
                origin.offset as usize,
                origin.verbatim,
                origin.len as usize,
            );
            into.push_str(text);
        }
    }
}

/// The format a root element says, or why it is not XLIFF this crate
/// reads.
fn root(e: &Element<'_>) -> std::result::Result<SegmentFormat, Refusal> {
    if e.local != "xliff" {
        return Err((
            DataErrorKind::Format,
            format!("not XLIFF: the root element is <{}>", e.local),
        ));
    }
    let version = e.attr("version").unwrap_or_default();
    match version.split('.').next() {
        Some("1") => Ok(SegmentFormat::Xliff1),
        Some("2") => Ok(SegmentFormat::Xliff2),
        _ => Err((
            DataErrorKind::Format,
            format!("XLIFF version {version:?} is not one this crate reads (1.2, 2.0, 2.1)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::formats::read_segments;
    use crate::formats::SegmentFormat;
    use crate::model::Direction;

    #[test]
    fn xliff_2_code_points_are_text_and_codes_are_not() {
        let xml = r#"<xliff version="2.1" srcLang="fr" trgLang="en"><file><unit id="u"><segment id="s">
            <source>Zone<cp hex="00A0"/>pilote<ph id="1"/> &amp; <pc id="2">pôle</pc></source>
            <target>Pilot<cp hex="0020"/>zone &#38; hub</target></segment></unit></file></xliff>"#;
        let read = read_segments(xml, "j.xlf").unwrap();
        assert_eq!(read.format, SegmentFormat::Xliff2);
        assert_eq!(read.segments[0].source, "Zone\u{a0}pilote & pôle");
        assert_eq!(read.segments[0].target, "Pilot zone & hub");
        assert_eq!(read.segments[0].id.as_deref(), Some("u/s"));
        let bad = r#"<xliff version="1.2"><file source-language="fr"><body><trans-unit id="1"><source>&nbsp;</source></trans-unit></body></file></xliff>"#;
        let err = read_segments(bad, "j.xlf").unwrap_err();
        assert!(err.to_string().contains("unknown entity `&nbsp;`"), "{err}");
    }

    #[test]
    fn languages_say_the_direction_and_other_pairs_are_refused() {
        let v12 = |src: &str, trg: &str| {
            format!(
                r#"<xliff version="1.2"><file source-language="{src}" target-language="{trg}" datatype="plaintext" original="a"><body>
                <trans-unit id="1"><source>a</source><target>b</target></trans-unit></body></file></xliff>"#
            )
        };
        let read = |xml: &str| read_segments(xml, "j.xlf");
        assert_eq!(
            read(&v12("fr-FR", "en-US")).unwrap().direction,
            Direction::FrenchToEnglish
        );
        assert_eq!(
            read(&v12("en-GB", "fr-CA")).unwrap().direction,
            Direction::EnglishToFrench
        );
        assert_eq!(
            read(&v12("EN", "")).unwrap().direction,
            Direction::EnglishToFrench
        );
        let err = read(&v12("de-DE", "en-US")).unwrap_err().to_string();
        assert!(err.contains("translates `de-DE` into `en-US`"), "{err}");
        let err = read(&v12("fr", "fr-CA")).unwrap_err().to_string();
        assert!(err.contains("translates `fr` into `fr-CA`"), "{err}");
        let mixed = r#"<xliff version="1.2">
            <file source-language="en" target-language="fr" original="a"><body/></file>
            <file source-language="fr" target-language="en" original="b"><body/></file></xliff>"#;
        let err = read(mixed).unwrap_err().to_string();
        assert!(
            err.contains("j.xlf:3:13") && err.contains("check each language pair apart"),
            "{err}"
        );
    }

    #[test]
    fn translate_no_is_inherited_and_overridden() {
        let xml = r#"<xliff version="2.0" srcLang="en" trgLang="fr">
          <file id="f" translate="no">
            <unit id="a"><segment><source>x</source></segment></unit>
            <unit id="b" translate="yes"><segment><source>y</source></segment></unit>
          </file>
          <file id="g">
            <group id="h" translate="no"><unit id="c"><segment><source>z</source></segment></unit></group>
            <unit id="d"><segment><source>w</source></segment></unit>
          </file></xliff>"#;
        let read = read_segments(xml, "j.xlf").unwrap();
        let translate: Vec<(&str, bool)> = read
            .segments
            .iter()
            .map(|s| (s.source.as_str(), s.translate))
            .collect();
        assert_eq!(
            translate,
            [("x", false), ("y", true), ("z", false), ("w", true)]
        );
    }
}
