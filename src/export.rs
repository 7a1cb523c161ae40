//! Writing the glossary in the formats translation tools read: TBX for CAT
//! tools and termbases, CSV for Google Cloud Translation, TSV for DeepL,
//! NDJSON for data pipelines. See [`ExportFormat`] for each layout.
//!
//! XML escaping comes from `quick-xml`, CSV quoting from `csv`. What a
//! format cannot hold is refused before anything is written
//! ([`Error::Export`]); output is then written entry by entry to the
//! caller's writer: memory does not grow with the glossary, and a failing
//! writer (a full disk, a closed pipe) stops the export with
//! [`Error::Write`] carrying its I/O error.

use std::collections::HashMap;
use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use serde::Serialize;

use crate::bitset::BitSet;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::model::{Entry, ExportFormat, LabelKind, Name, PassageId};

/// Writes the entries of `engine` in `keep` (all of them when `None`) to
/// `out` in `format`.
pub(crate) fn export(
    engine: &Engine,
    format: ExportFormat,
    keep: Option<&BitSet>,
    out: &mut dyn Write,
) -> Result<()> {
    let entries: Vec<(usize, &Entry)> = engine
        .entries
        .iter()
        .enumerate()
        .filter(|(i, _)| keep.is_none_or(|k| k.contains(*i)))
        .collect();
    let written = match format {
        ExportFormat::Tbx => tbx(engine.title.as_deref(), &entries, out),
        ExportFormat::Csv => csv(&entries, out),
        ExportFormat::Tsv => tsv(&entries, out),
        ExportFormat::Ndjson => ndjson(engine, &entries, out),
    };
    written.and_then(|()| out.flush().map_err(|e| write_error(format, e)))
}

fn write_error(format: ExportFormat, source: io::Error) -> Error {
    Error::Write { format, source }
}

fn refuse(format: ExportFormat, entry: &Entry, reason: String) -> Error {
    Error::Export {
        format,
        id: entry.id.to_string(),
        reason,
    }
}

/// Whether XML 1.0 can hold `c`: no C0 control but tab and line breaks, no
/// U+FFFE or U+FFFF (Rust strings hold no surrogates).
fn is_xml_char(c: char) -> bool {
    !matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Refuses, before anything is written, an entry whose text XML cannot hold
/// (names and the title are checked at load; definitions and notes may hold
/// anything but these).
fn check_xml(entries: &[(usize, &Entry)]) -> Result<()> {
    for (_, entry) in entries {
        let texts = [
            ("definition", &entry.definition),
            ("definition_en", &entry.definition_en),
            ("note", &entry.note),
        ];
        for (field, text) in texts {
            if let Some(c) = text
                .as_deref()
                .and_then(|t| t.chars().find(|&c| !is_xml_char(c)))
            {
                return Err(refuse(
                    ExportFormat::Tbx,
                    entry,
                    format!(
                        "its `{field}` holds U+{:04X}, which XML 1.0 cannot hold",
                        u32::from(c)
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn tbx(title: Option<&str>, entries: &[(usize, &Entry)], out: &mut dyn Write) -> Result<()> {
    check_xml(entries)?;
    let mut xml = Writer::new_with_indent(out, b' ', 2);
    tbx_document(title, entries, &mut xml).map_err(|e| write_error(ExportFormat::Tbx, e))?;
    // quick-xml ends the root element without a newline.
    xml.into_inner()
        .write_all(b"\n")
        .map_err(|e| write_error(ExportFormat::Tbx, e))
}

fn tbx_document<W: Write>(
    title: Option<&str>,
    entries: &[(usize, &Entry)],
    xml: &mut Writer<W>,
) -> io::Result<()> {
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    xml.create_element("tbx")
        .with_attributes([
            ("type", "TBX-Basic"),
            ("style", "dca"),
            ("xml:lang", "fr"),
            ("xmlns", "urn:iso:std:iso:30042:ed-2"),
        ])
        .write_inner_content(|xml| {
            xml.create_element("tbxHeader").write_inner_content(|xml| {
                xml.create_element("fileDesc").write_inner_content(|xml| {
                    // The title comes from the data: none when it gives none.
                    if let Some(title) = title {
                        xml.create_element("titleStmt")
                            .write_inner_content(|xml| text_element(xml, "title", title))?;
                    }
                    xml.create_element("sourceDesc")
                        .write_inner_content(|xml| {
                            let source = concat!(
                                "Exported by chongqing-glossary ",
                                env!("CARGO_PKG_VERSION")
                            );
                            text_element(xml, "p", source)
                        })?;
                    Ok(())
                })?;
                Ok(())
            })?;
            xml.create_element("text").write_inner_content(|xml| {
                xml.create_element("body").write_inner_content(|xml| {
                    entries
                        .iter()
                        .try_for_each(|(_, entry)| tbx_concept(entry, xml))
                })?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

fn tbx_concept<W: Write>(entry: &Entry, xml: &mut Writer<W>) -> io::Result<()> {
    xml.create_element("conceptEntry")
        .with_attribute(("id", entry.id.as_str()))
        .write_inner_content(|xml| {
            xml.create_element("descrip")
                .with_attribute(("type", "subjectField"))
                .write_text_content(BytesText::new(entry.category.as_str()))?;
            if let Some(sector) = &entry.sector {
                text_element(xml, "note", &format!("sector: {}", sector.as_str()))?;
            }
            if let Some(note) = &entry.note {
                text_element(xml, "note", note)?;
            }
            for related in &entry.related {
                xml.create_element("ref")
                    .with_attributes([("type", "crossReference"), ("target", related.as_str())])
                    .write_text_content(BytesText::new(related.as_str()))?;
            }
            for (lang, english) in [("fr", false), ("en", true)] {
                let definition = if english {
                    &entry.definition_en
                } else {
                    &entry.definition
                };
                let names = entry
                    .names()
                    .filter(|(_, kind)| kind.is_english() == english);
                tbx_language(xml, lang, definition.as_deref(), names)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn tbx_language<'e, W: Write>(
    xml: &mut Writer<W>,
    lang: &str,
    definition: Option<&str>,
    names: impl Iterator<Item = (&'e Name, LabelKind)>,
) -> io::Result<()> {
    xml.create_element("langSec")
        .with_attribute(("xml:lang", lang))
        .write_inner_content(|xml| {
            if let Some(definition) = definition {
                xml.create_element("descrip")
                    .with_attribute(("type", "definition"))
                    .write_text_content(BytesText::new(definition))?;
            }
            for (name, kind) in names {
                xml.create_element("termSec").write_inner_content(|xml| {
                    text_element(xml, "term", name.as_str())?;
                    if let Some(pos) = name.part_of_speech {
                        term_note(xml, "partOfSpeech", pos.tbx())?;
                    }
                    term_note(xml, "administrativeStatus", name.status_as(kind).tbx())?;
                    // TBX-Basic has no data category for case: a note, which
                    // the crate reads back.
                    match name.case_sensitive {
                        Some(true) => text_element(xml, "note", "case-sensitive")?,
                        Some(false) => text_element(xml, "note", "case-insensitive")?,
                        None => {}
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

fn term_note<W: Write>(xml: &mut Writer<W>, kind: &str, value: &str) -> io::Result<()> {
    xml.create_element("termNote")
        .with_attribute(("type", kind))
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn text_element<W: Write>(xml: &mut Writer<W>, name: &str, text: &str) -> io::Result<()> {
    xml.create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// A `csv` error as the crate's: writers only fail on I/O.
fn csv_error(format: ExportFormat, err: csv::Error) -> Error {
    match err.into_kind() {
        csv::ErrorKind::Io(source) => write_error(format, source),
        other => write_error(format, io::Error::other(format!("{other:?}"))),
    }
}

fn csv(entries: &[(usize, &Entry)], out: &mut dyn Write) -> Result<()> {
    let fail = |e| csv_error(ExportFormat::Csv, e);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["fr", "en", "pos", "description"])
        .map_err(fail)?;
    for (_, entry) in entries {
        let pos = entry.term.part_of_speech.map_or("", |p| p.as_str());
        w.write_record([
            entry.term.as_str(),
            entry.term_en.as_str(),
            pos,
            entry.definition.as_deref().unwrap_or_default(),
        ])
        .map_err(fail)?;
    }
    w.flush().map_err(|e| write_error(ExportFormat::Csv, e))
}

fn tsv(entries: &[(usize, &Entry)], out: &mut dyn Write) -> Result<()> {
    // DeepL reads fields verbatim: no quoting, so a field must not start or
    // end with a space (names hold no tab or line break: checked at load).
    // A source given twice with two targets has no place in a dictionary:
    // refused, naming both entries, rather than one row dropped.
    let mut targets: HashMap<&str, (&str, &Entry)> = HashMap::new();
    for (_, entry) in entries {
        for name in entry.french_names().chain([entry.term_en.as_str()]) {
            if name.trim() != name {
                return Err(refuse(
                    ExportFormat::Tsv,
                    entry,
                    format!("the name {name:?} has spaces at an end"),
                ));
            }
        }
        for name in entry.french_names() {
            match targets.get(name) {
                Some((target, first)) if *target != entry.term_en.as_str() => {
                    return Err(refuse(
                        ExportFormat::Tsv,
                        entry,
                        format!(
                            "the French name {name:?} is also entry `{}`'s, translated {target:?}: a DeepL glossary holds one target per source (export a subset without one of them)",
                            first.id
                        ),
                    ))
                }
                Some(_) => {}
                None => {
                    targets.insert(name, (entry.term_en.as_str(), entry));
                }
            }
        }
    }
    let fail = |e| csv_error(ExportFormat::Tsv, e);
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(csv::QuoteStyle::Never)
        .from_writer(out);
    // The same source and target twice is one row: nothing is lost.
    let mut written = std::collections::HashSet::new();
    for (_, entry) in entries {
        for name in entry.french_names() {
            if written.insert(name) {
                w.write_record([name, entry.term_en.as_str()])
                    .map_err(fail)?;
            }
        }
    }
    w.flush().map_err(|e| write_error(ExportFormat::Tsv, e))
}

/// One line of the NDJSON export.
#[derive(Serialize)]
struct EntryLine<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    mentions: Vec<MentionLine<'a>>,
}

/// Where a passage mentions the entry.
#[derive(Serialize)]
struct MentionLine<'a> {
    passage: PassageId,
    document: &'a str,
    line: u32,
    start: usize,
    end: usize,
    text: &'a str,
}

fn ndjson(engine: &Engine, entries: &[(usize, &Entry)], out: &mut dyn Write) -> Result<()> {
    for &(i, entry) in entries {
        let mentions = engine.links.entry_mentions[i]
            .iter()
            .map(|m| {
                let passage = engine.passages.get(m.passage as usize);
                MentionLine {
                    passage: passage.id,
                    document: passage.document,
                    line: passage.line,
                    start: m.span.start,
                    end: m.span.end,
                    text: &passage.text[m.span.clone()],
                }
            })
            .collect();
        let line = EntryLine { entry, mentions };
        serde_json::to_writer(&mut *out, &line).map_err(|e| {
            let source = match e.io_error_kind() {
                Some(kind) => io::Error::new(kind, e.to_string()),
                None => io::Error::other(e.to_string()),
            };
            write_error(ExportFormat::Ndjson, source)
        })?;
        out.write_all(b"\n")
            .map_err(|e| write_error(ExportFormat::Ndjson, e))?;
    }
    Ok(())
}
