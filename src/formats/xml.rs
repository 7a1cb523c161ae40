//! The one XML driver the XML formats share (TBX and XLIFF): quick-xml's
//! namespace-aware reader over a stream ([`NsReader::read_resolved_event_into`],
//! one event in memory at a time), decoded by [`decode`](super::decode)
//! whatever its encoding, with the line and column of every element
//! ([`lines`](super::lines)). A format is a [`Handler`]: it is told when an
//! element opens and closes and given the text in between; the driver deals
//! with what every XML file shares: prefixes resolved to namespaces,
//! `xml:lang` and `xml:space` inherited, character and predefined entity
//! references resolved, CDATA read as text, and errors located.

use std::io::BufRead;
use std::path::Path;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use quick_xml::XmlVersion;

use super::decode::{self, Decoded, Kind, Malformed};
use super::lines::Counted;
use crate::error::DataErrorKind;
use crate::{Error, Location, Result};

/// An element that opens, as a [`Handler`] sees it.
pub(crate) struct Element<'a> {
    start: &'a BytesStart<'a>,
    /// The namespace its prefix (or the default namespace) resolves to.
    pub namespace: Option<&'a str>,
    /// Its name without prefix.
    pub local: &'a str,
    /// Where it starts: 1-based line and column.
    pub line: usize,
    pub column: usize,
    /// Its depth: 1 for the root element.
    pub depth: usize,
    /// Where its tag starts in the stream (at `<`), where its name ends,
    /// and where the tag ends (past `>`).
    pub offset: u64,
    pub name_end: u64,
    pub tag_end: u64,
}

impl Element<'_> {
    /// The value of attribute `name` (by its qualified name: `id`,
    /// `xml:lang`), whitespace normalized as XML says; `None` when absent.
    pub(crate) fn attr(&self, name: &str) -> Option<String> {
        attribute(self.start, name)
    }

    /// The prefix this element declares for namespace `uri`
    /// (`xmlns:its="…"`), if any.
    pub(crate) fn declared_prefix(&self, uri: &str) -> Option<String> {
        self.start
            .attributes()
            .with_checks(false)
            .filter_map(|a| a.ok())
            .find_map(|a| {
                let key: &str = a.key.as_ref();
                let prefix = key.strip_prefix("xmlns:")?;
                let value = a.normalized_value(XmlVersion::default()).ok()?;
                (value == uri).then(|| prefix.to_string())
            })
    }
}

/// Where character data came from in the stream.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Origin<'a> {
    /// The stream offset of its first byte, and how many bytes it takes.
    pub offset: u64,
    pub len: u64,
    /// Its bytes as written when they are the text itself (but for line
    /// ends, which XML reads `\r\n` and `\r` as `\n`); `None` for a
    /// reference, a CDATA section or an element standing for it whole
    /// (`&amp;`, `<![CDATA[…]]>`, `<cp hex="9"/>`).
    pub verbatim: Option<&'a [u8]>,
}

/// The value of attribute `name` of `e`, if any.
pub(crate) fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(XmlVersion::default())
            .ok()
            .map(|v| v.into_owned())
    })
}

/// As [`attribute`], for an `xml:` attribute: most elements have none,
/// which a look at their raw attributes tells.
fn xml_attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    if !e.attributes_raw().contains("xml:") {
        return None;
    }
    attribute(e, name)
}

/// What is in force where an event happens: the innermost `xml:lang` and
/// `xml:space` of the open elements.
pub(crate) struct Scope<'a> {
    open: &'a [Open],
}

impl Scope<'_> {
    /// The language in force (`xml:lang` of the nearest element that has
    /// one), as written.
    pub(crate) fn lang(&self) -> Option<&str> {
        self.open.iter().rev().find_map(|o| o.lang.as_deref())
    }

    /// Whether whitespace is to be kept as it is (`xml:space="preserve"`).
    pub(crate) fn preserve(&self) -> bool {
        self.open
            .iter()
            .rev()
            .find_map(|o| o.preserve)
            .unwrap_or(false)
    }
}

/// One open element.
struct Open {
    local: String,
    lang: Option<String>,
    preserve: Option<bool>,
}

/// A format's reading of XML events. Messages returned are located by the
/// driver at the element (or the text) they are about.
/// Why a handler refuses what it read: the kind of mistake, in words.
pub(crate) type Refusal = (DataErrorKind, String);

pub(crate) trait Handler {
    /// An element opens (an empty element then closes at once).
    fn start(
        &mut self,
        element: &Element<'_>,
        scope: &Scope<'_>,
    ) -> std::result::Result<(), Refusal>;
    /// The element `local` at `depth` closes.
    fn end(
        &mut self,
        local: &str,
        depth: usize,
        scope: &Scope<'_>,
    ) -> std::result::Result<(), Refusal>;
    /// Character data (entities resolved, CDATA included), and where it
    /// came from.
    fn text(&mut self, text: &str, origin: Origin<'_>, scope: &Scope<'_>);
    /// Whether the handler has read all it needs (the rest is not read).
    fn done(&self) -> bool {
        false
    }
}

/// Reads the XML of `input` (named `path` in errors) into `handler`.
///
/// # Errors
///
/// [`Error::Data`] with the line and column of malformed XML, of an
/// unknown entity, of what `handler` refuses, of the end of a file left
/// inside an element; of a file without a root element; of text not valid
/// in its encoding. [`Error::Io`] when reading fails.
pub(crate) fn read<R: BufRead>(input: R, path: &Path, handler: &mut impl Handler) -> Result<()> {
    let decoded = Decoded::new(input, Kind::Xml).map_err(|e| Error::io(path, e))?;
    let mut reader = NsReader::from_reader(Counted::new(decoded));
    let mut buf = Vec::new();
    // The open elements; `open` is reused, and so are the strings of the
    // elements that closed (`spare`): an element costs no allocation.
    let mut open: Vec<Open> = Vec::new();
    let mut spare: Vec<String> = Vec::new();
    let mut namespace = String::new();
    let mut saw_root = false;
    let located = |reader: &mut NsReader<Counted<Decoded<R>>>,
                   offset: u64,
                   kind: DataErrorKind,
                   message: String| {
        let (line, column) = reader.get_mut().at(offset);
        Error::data(Location::line_column(path, line, column), kind, message)
    };
    loop {
        buf.clear();
        let start = reader.buffer_position();
        let read = reader.read_resolved_event_into(&mut buf);
        let (bound, event) = match read {
            Ok((ns, event)) => {
                namespace.clear();
                let bound = match ns {
                    ResolveResult::Bound(ns) => {
                        namespace.push_str(ns.into_inner());
                        true
                    }
                    _ => false,
                };
                (bound, event)
            }
            Err(e) => {
                // Where the error is, or at least the event it is in (an
                // encoding error has no position of its own).
                let offset = reader.error_position().max(start);
                let (kind, message) = match &e {
                    quick_xml::Error::Io(io) => {
                        if let Some(err) = Malformed::located(io, path) {
                            return Err(err);
                        }
                        return Err(Error::io(
                            path,
                            std::io::Error::new(io.kind(), io.to_string()),
                        ));
                    }
                    quick_xml::Error::Encoding(_) => (
                        DataErrorKind::Encoding,
                        format!("invalid UTF-8 here: {}", decode::not_utf8_advice(Kind::Xml)),
                    ),
                    _ => {
                        // The parser says what is malformed, as the cause.
                        let (line, column) = reader.get_mut().at(offset);
                        let location = Location::line_column(path, line, column);
                        return Err(Error::data_caused(
                            location,
                            DataErrorKind::Syntax,
                            "malformed XML",
                            e,
                        ));
                    }
                };
                return Err(located(&mut reader, offset, kind, message));
            }
        };
        let empty = matches!(event, Event::Empty(_));
        let end = reader.buffer_position();
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let (line, column) = reader.get_mut().at(start);
                let mut local = spare.pop().unwrap_or_default();
                local.clear();
                local.push_str(e.local_name().as_ref());
                open.push(Open {
                    local,
                    lang: xml_attribute(&e, "xml:lang"),
                    preserve: xml_attribute(&e, "xml:space").map(|s| s == "preserve"),
                });
                saw_root = true;
                let element = Element {
                    start: &e,
                    namespace: bound.then_some(namespace.as_str()),
                    local: &open.last().expect("pushed").local,
                    line,
                    column,
                    depth: open.len(),
                    offset: start,
                    name_end: start + 1 + e.name().as_ref().len() as u64,
                    tag_end: end,
                };
                handler
                    .start(&element, &Scope { open: &open })
                    .map_err(|(kind, m)| {
                        Error::data(Location::line_column(path, line, column), kind, m)
                    })?;
                if empty {
                    close(&mut open, &mut spare, handler, path, line, column)?;
                }
            }
            Event::End(_) => {
                let (line, column) = reader.get_mut().at(start);
                close(&mut open, &mut spare, handler, path, line, column)?;
            }
            Event::Text(t) if !open.is_empty() => {
                let origin = Origin {
                    offset: start,
                    len: t.len() as u64,
                    verbatim: Some(t[..].as_bytes()),
                };
                handler.text(&t.xml10_content(), origin, &Scope { open: &open })
            }
            Event::CData(t) if !open.is_empty() => {
                // A mark cannot go inside a CDATA section: the section
                // stands for its text whole.
                let origin = Origin {
                    offset: start,
                    len: end - start,
                    verbatim: None,
                };
                handler.text(
                    &t.xml_content(XmlVersion::default()),
                    origin,
                    &Scope { open: &open },
                )
            }
            Event::GeneralRef(r) => match resolve(&r) {
                Some(text) if !open.is_empty() => {
                    let origin = Origin {
                        offset: start,
                        len: end - start,
                        verbatim: None,
                    };
                    handler.text(&text, origin, &Scope { open: &open })
                }
                Some(_) => {}
                None => {
                    return Err(located(
                        &mut reader,
                        start,
                        DataErrorKind::Syntax,
                        format!("unknown entity `&{};`", &*r),
                    ))
                }
            },
            // Text outside the root element: only whitespace is XML.
            Event::Text(t) if !t.xml10_content().trim().is_empty() => {
                let message = if saw_root {
                    "text after the root element".to_string()
                } else {
                    "text before the root element: this is not XML".to_string()
                };
                return Err(located(&mut reader, start, DataErrorKind::Syntax, message));
            }
            Event::Eof => break,
            _ => {}
        }
        if handler.done() {
            return Ok(());
        }
    }
    if let Some(o) = open.last() {
        let end = reader.buffer_position();
        return Err(located(
            &mut reader,
            end,
            DataErrorKind::Syntax,
            format!("the file ends inside <{}>", o.local),
        ));
    }
    if !saw_root {
        return Err(Error::data(
            Location::file(path),
            DataErrorKind::Syntax,
            "the file has no root element",
        ));
    }
    Ok(())
}

/// The innermost open element closes.
fn close(
    open: &mut Vec<Open>,
    spare: &mut Vec<String>,
    handler: &mut impl Handler,
    path: &Path,
    line: usize,
    column: usize,
) -> Result<()> {
    let depth = open.len();
    let result = match open.last() {
        Some(o) => handler.end(&o.local, depth, &Scope { open }),
        None => Ok(()),
    };
    result.map_err(|(kind, m)| Error::data(Location::line_column(path, line, column), kind, m))?;
    if let Some(o) = open.pop() {
        spare.push(o.local);
    }
    Ok(())
}

/// The text a reference stands for: a character reference (`&#233;`) or one
/// of XML's predefined entities (`&amp;`); `None` for any other entity,
/// which a file without a DTD cannot define.
pub(crate) fn resolve(r: &BytesRef<'_>) -> Option<String> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c.to_string()),
        _ => quick_xml::escape::resolve_predefined_entity(r).map(str::to_string),
    }
}

/// Runs of XML whitespace (space, tab, line breaks: what indentation is
/// made of) made one space, the ends trimmed; other spaces (U+00A0, U+202F
/// of French typography) kept.
pub(crate) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(is_xml_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `c` is XML whitespace.
pub(crate) fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Whether `text` would read back the same after [`collapse`]: when not, a
/// writer marks its element `xml:space="preserve"`.
#[cfg_attr(not(feature = "export"), allow(dead_code))]
pub(crate) fn survives_collapse(text: &str) -> bool {
    collapse(text) == text
}

/// Whether XML 1.0 can hold `c`: no C0 control but tab and line breaks, no
/// U+FFFE or U+FFFF (Rust strings hold no surrogates).
#[cfg_attr(not(feature = "export"), allow(dead_code))]
pub(crate) fn is_xml_char(c: char) -> bool {
    !matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// `text` as markup text or an attribute value between double quotes (XML
/// or HTML): markup characters, quotes and control characters as
/// references.
pub(crate) fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 => out.push_str(&format!("&#{};", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records what the driver hands over.
    #[derive(Default)]
    struct Record {
        events: Vec<String>,
        /// Each text, its bytes in the file, and whether they are verbatim.
        origins: Vec<(String, std::ops::Range<usize>, bool)>,
    }

    impl Handler for Record {
        fn start(
            &mut self,
            e: &Element<'_>,
            scope: &Scope<'_>,
        ) -> std::result::Result<(), Refusal> {
            if e.local == "refuse" {
                return Err((DataErrorKind::Rule, "refused".into()));
            }
            let ns = e.namespace.map(str::to_string);
            self.events.push(format!(
                "<{} {:?} {}:{} lang={:?}>",
                e.local,
                ns,
                e.line,
                e.column,
                scope.lang()
            ));
            Ok(())
        }
        fn end(
            &mut self,
            local: &str,
            depth: usize,
            _: &Scope<'_>,
        ) -> std::result::Result<(), Refusal> {
            self.events.push(format!("</{local} {depth}>"));
            Ok(())
        }
        fn text(&mut self, text: &str, origin: Origin<'_>, scope: &Scope<'_>) {
            if !text.trim().is_empty() {
                self.events
                    .push(format!("{text:?} preserve={}", scope.preserve()));
            }
            self.origins.push((
                text.to_string(),
                origin.offset as usize..(origin.offset + origin.len) as usize,
                origin.verbatim.is_some(),
            ));
        }
    }

    fn events(xml: &[u8]) -> Result<Vec<String>> {
        let mut record = Record::default();
        read(xml, Path::new("t.xml"), &mut record)?;
        Ok(record.events)
    }

    #[test]
    fn namespaces_languages_entities_and_places() {
        let xml = "<?xml version=\"1.0\"?>\n<!-- c -->\n<x:root xmlns:x=\"urn:x\" xml:lang=\"fr\">\n  <a xml:space=\"preserve\">é &amp; &#233;<![CDATA[<b>]]></a><x:b xml:lang=\"en\"/>\n</x:root>\n";
        assert_eq!(
            events(xml.as_bytes()).unwrap(),
            [
                "<root Some(\"urn:x\") 3:1 lang=Some(\"fr\")>",
                "<a None 4:3 lang=Some(\"fr\")>",
                "\"é \" preserve=true",
                "\"&\" preserve=true",
                "\"é\" preserve=true",
                "\"<b>\" preserve=true",
                "</a 2>",
                "<b Some(\"urn:x\") 4:60 lang=Some(\"en\")>",
                "</b 2>",
                "</root 1>",
            ]
        );
    }

    /// Each piece of text says where it is: the file's bytes there are the
    /// text as written, or the reference that stands for it.
    #[test]
    fn text_knows_where_it_came_from() {
        let xml = "<r><a>é &amp; x&#233;<![CDATA[<b>]]>\r\nz</a><c/></r>";
        let mut record = Record::default();
        read(xml.as_bytes(), Path::new("t.xml"), &mut record).unwrap();
        let raw: Vec<(String, &str, bool)> = record
            .origins
            .iter()
            .map(|(text, span, verbatim)| (text.clone(), &xml[span.clone()], *verbatim))
            .collect();
        assert_eq!(
            raw,
            [
                ("é ".into(), "é ", true),
                ("&".into(), "&amp;", false),
                (" x".into(), " x", true),
                ("é".into(), "&#233;", false),
                ("<b>".into(), "<![CDATA[<b>]]>", false),
                ("\nz".into(), "\r\nz", true),
            ]
        );
    }

    #[test]
    fn errors_are_located() {
        let cases: &[(&[u8], &str)] = &[
            (b"<a>\n  <b></a>", "t.xml:2:6: malformed XML"),
            (b"<a>\n &nbsp;</a>", "t.xml:2:2: unknown entity `&nbsp;`"),
            (b"<a>\n<b>", "t.xml:2:4: the file ends inside <b>"),
            (b"<a><refuse/></a>", "t.xml:1:4: refused"),
            (b"just text", "t.xml:1:1: text before the root element"),
            (
                b"<?xml version='1.0'?>",
                "t.xml: the file has no root element",
            ),
            (b"", "t.xml: the file has no root element"),
            (b"<a>r\xe9f</a>", "t.xml:1:4: invalid UTF-8 here"),
        ];
        for (xml, expected) in cases {
            let err = events(xml).unwrap_err().to_string();
            assert!(err.starts_with(expected), "{err} (expected {expected})");
        }
    }

    #[test]
    fn whitespace_collapses_to_one_space_but_typographic_spaces_stay() {
        assert_eq!(
            collapse("\n   article\u{a0}67\t\n  du  code "),
            "article\u{a0}67 du code"
        );
        assert!(survives_collapse("un mot"));
        assert!(!survives_collapse(" un mot"));
        assert!(!survives_collapse("un\nmot"));
        assert!(survives_collapse("un\u{202f}mot"));
    }
}
