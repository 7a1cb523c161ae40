//! Writing the glossary in the formats translation tools read: TBX for CAT
//! tools and termbases, CSV for Google Cloud Translation, TSV for DeepL,
//! NDJSON for data pipelines. See [`ExportFormat`] for each layout.
//!
//! XML escaping comes from `quick-xml`, CSV quoting from `csv`. Output is
//! written entry by entry to the caller's writer: memory does not grow with
//! the glossary, and a failing writer (a full disk, a closed pipe) stops the
//! export with [`Error::Write`] carrying its I/O error.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use serde::Serialize;

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::model::{Entry, ExportFormat, PassageId};

/// Writes every entry of `engine` to `out` in `format`.
pub(crate) fn export(engine: &Engine, format: ExportFormat, out: &mut dyn Write) -> Result<()> {
    let written = match format {
        ExportFormat::Tbx => tbx(&engine.entries, out),
        ExportFormat::Csv => csv(&engine.entries, out),
        ExportFormat::Tsv => tsv(&engine.entries, out),
        ExportFormat::Ndjson => ndjson(engine, out),
    };
    written.and_then(|()| out.flush().map_err(|e| write_error(format, e)))
}

fn write_error(format: ExportFormat, source: io::Error) -> Error {
    Error::Write { format, source }
}

/// The TBX administrative status of a name.
const PREFERRED: &str = "preferredTerm-admn-sts";
const ADMITTED: &str = "admittedTerm-admn-sts";

/// Whether XML 1.0 can hold `c`: no C0 control but tab and line breaks, no
/// U+FFFE or U+FFFF (Rust strings hold no surrogates).
fn is_xml_char(c: char) -> bool {
    !matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Refuses, before anything is written, an entry whose text XML cannot hold
/// (names are checked at load; definitions may hold anything but these).
fn check_xml(entries: &[Entry]) -> Result<()> {
    for entry in entries {
        let texts = [("definition", entry.definition.as_deref())];
        for (field, text) in texts {
            if let Some(c) = text.and_then(|t| t.chars().find(|&c| !is_xml_char(c))) {
                return Err(Error::Export {
                    format: ExportFormat::Tbx,
                    id: entry.id.to_string(),
                    reason: format!(
                        "its `{field}` holds U+{:04X}, which XML 1.0 cannot hold",
                        u32::from(c)
                    ),
                });
            }
        }
    }
    Ok(())
}

fn tbx(entries: &[Entry], out: &mut dyn Write) -> Result<()> {
    check_xml(entries)?;
    let mut xml = Writer::new_with_indent(out, b' ', 2);
    tbx_document(entries, &mut xml).map_err(|e| write_error(ExportFormat::Tbx, e))?;
    // quick-xml ends the root element without a newline.
    xml.into_inner()
        .write_all(b"\n")
        .map_err(|e| write_error(ExportFormat::Tbx, e))
}

fn tbx_document<W: Write>(entries: &[Entry], xml: &mut Writer<W>) -> io::Result<()> {
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
                    xml.create_element("titleStmt").write_inner_content(|xml| {
                        text_element(xml, "title", "Chongqing innovation glossary")
                    })?;
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
                    entries.iter().try_for_each(|entry| tbx_concept(entry, xml))
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
            for related in &entry.related {
                xml.create_element("ref")
                    .with_attributes([("type", "crossReference"), ("target", related.as_str())])
                    .write_text_content(BytesText::new(related.as_str()))?;
            }
            let french = (entry.term.as_str(), entry.aliases.as_slice());
            tbx_language(xml, "fr", entry.definition.as_deref(), french)?;
            let english = (entry.term_en.as_str(), entry.aliases_en.as_slice());
            tbx_language(xml, "en", None, english)
        })?;
    Ok(())
}

fn tbx_language<W: Write>(
    xml: &mut Writer<W>,
    lang: &str,
    definition: Option<&str>,
    (term, aliases): (&str, &[String]),
) -> io::Result<()> {
    xml.create_element("langSec")
        .with_attribute(("xml:lang", lang))
        .write_inner_content(|xml| {
            if let Some(definition) = definition {
                xml.create_element("descrip")
                    .with_attribute(("type", "definition"))
                    .write_text_content(BytesText::new(definition))?;
            }
            let names = std::iter::once((term, PREFERRED))
                .chain(aliases.iter().map(|a| (a.as_str(), ADMITTED)));
            for (name, status) in names {
                xml.create_element("termSec").write_inner_content(|xml| {
                    text_element(xml, "term", name)?;
                    xml.create_element("termNote")
                        .with_attribute(("type", "partOfSpeech"))
                        .write_text_content(BytesText::new("noun"))?;
                    xml.create_element("termNote")
                        .with_attribute(("type", "administrativeStatus"))
                        .write_text_content(BytesText::new(status))?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
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

fn csv(entries: &[Entry], out: &mut dyn Write) -> Result<()> {
    let fail = |e| csv_error(ExportFormat::Csv, e);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["fr", "en", "pos", "description"])
        .map_err(fail)?;
    for entry in entries {
        let others: Vec<&str> = entry
            .aliases
            .iter()
            .chain(&entry.aliases_en)
            .map(String::as_str)
            .collect();
        w.write_record([
            entry.term.as_str(),
            entry.term_en.as_str(),
            "noun",
            &others.join("; "),
        ])
        .map_err(fail)?;
    }
    w.flush().map_err(|e| write_error(ExportFormat::Csv, e))
}

fn tsv(entries: &[Entry], out: &mut dyn Write) -> Result<()> {
    // DeepL reads fields verbatim: no quoting, so a field must not hold a
    // tab or a line break, nor start or end with a space.
    for entry in entries {
        for name in entry.french_names().chain([entry.term_en.as_str()]) {
            if name.contains(['\t', '\n', '\r']) || name.trim() != name {
                return Err(Error::Export {
                    format: ExportFormat::Tsv,
                    id: entry.id.to_string(),
                    reason: format!(
                        "the name {name:?} holds a tab or a line break, or spaces at an end"
                    ),
                });
            }
        }
    }
    let fail = |e| csv_error(ExportFormat::Tsv, e);
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(csv::QuoteStyle::Never)
        .from_writer(out);
    let mut seen = std::collections::HashSet::new();
    for entry in entries {
        for name in entry.french_names() {
            if seen.insert(name) {
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
    start: usize,
    end: usize,
    text: &'a str,
}

fn ndjson(engine: &Engine, out: &mut dyn Write) -> Result<()> {
    for (i, entry) in engine.entries.iter().enumerate() {
        let mentions = engine.links.entry_mentions[i]
            .iter()
            .map(|m| {
                let passage = engine.passages.get(m.passage as usize);
                MentionLine {
                    passage: passage.id,
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
