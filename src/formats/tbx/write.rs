//! Writing TBX: TBX-Basic in TBX v3 (ISO 30042:2019), DCA style, one
//! `conceptEntry` per entry. See [`ExportFormat::Tbx`] for the layout; what
//! is written here is what [`read`](super::read) reads back, field for
//! field.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::{category, CASE_INSENSITIVE, CASE_SENSITIVE, TBX_NAMESPACE};
use crate::formats::export::{refuse, write_error};
use crate::formats::xml::{is_xml_char, survives_collapse};
use crate::model::{Entry, ExportFormat, LabelKind, Name};
use crate::Result;

/// Writes `entries` as TBX, with `title` in the header when there is one.
///
/// # Errors
///
/// [`Error::Export`](crate::Error::Export) before anything is written when
/// a definition or note holds what XML 1.0 cannot;
/// [`Error::Write`](crate::Error::Write) when `out` fails.
pub(crate) fn write(title: Option<&str>, entries: &[&Entry], out: &mut dyn Write) -> Result<()> {
    check_xml(entries)?;
    let mut xml = Writer::new_with_indent(out, b' ', 2);
    document(title, entries, &mut xml).map_err(|e| write_error(ExportFormat::Tbx, e))?;
    // quick-xml ends the root element without a newline.
    xml.into_inner()
        .write_all(b"\n")
        .map_err(|e| write_error(ExportFormat::Tbx, e))
}

/// Refuses, before anything is written, an entry whose text XML cannot hold
/// (names and the title are checked at load; definitions and notes may hold
/// anything but these).
fn check_xml(entries: &[&Entry]) -> Result<()> {
    for entry in entries {
        let texts = [
            ("category_label", &entry.category_label),
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

fn document<W: Write>(
    title: Option<&str>,
    entries: &[&Entry],
    xml: &mut Writer<W>,
) -> io::Result<()> {
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    xml.create_element("tbx")
        .with_attributes([
            ("type", "TBX-Basic"),
            ("style", "dca"),
            ("xml:lang", "fr"),
            ("xmlns", TBX_NAMESPACE),
        ])
        .write_inner_content(|xml| {
            xml.create_element("tbxHeader").write_inner_content(|xml| {
                xml.create_element("fileDesc").write_inner_content(|xml| {
                    // The title comes from the data: none when it gives none.
                    if let Some(title) = title {
                        xml.create_element("titleStmt")
                            .write_inner_content(|xml| text_element(xml, "title", None, title))?;
                    }
                    xml.create_element("sourceDesc")
                        .write_inner_content(|xml| {
                            let source = concat!(
                                "Exported by chongqing-glossary ",
                                env!("CARGO_PKG_VERSION")
                            );
                            text_element(xml, "p", None, source)
                        })?;
                    Ok(())
                })?;
                Ok(())
            })?;
            xml.create_element("text").write_inner_content(|xml| {
                xml.create_element("body")
                    .write_inner_content(|xml| entries.iter().try_for_each(|e| concept(e, xml)))?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

fn concept<W: Write>(entry: &Entry, xml: &mut Writer<W>) -> io::Result<()> {
    xml.create_element("conceptEntry")
        .with_attribute(("id", entry.id.as_str()))
        .write_inner_content(|xml| {
            text_element(
                xml,
                "descrip",
                Some(category::SUBJECT_FIELD),
                entry
                    .category_label
                    .as_deref()
                    .unwrap_or(entry.category.as_str()),
            )?;
            if let Some(note) = &entry.note {
                text_element(xml, "note", None, note)?;
            }
            for related in &entry.related {
                xml.create_element("ref")
                    .with_attributes([
                        ("type", category::CROSS_REFERENCE),
                        ("target", related.as_str()),
                    ])
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
                let sector = entry.sector.as_ref().map(|s| s.as_str());
                language(xml, lang, definition.as_deref(), sector, names)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn language<'e, W: Write>(
    xml: &mut Writer<W>,
    lang: &str,
    definition: Option<&str>,
    sector: Option<&str>,
    names: impl Iterator<Item = (&'e Name, LabelKind)>,
) -> io::Result<()> {
    xml.create_element("langSec")
        .with_attribute(("xml:lang", lang))
        .write_inner_content(|xml| {
            if let Some(definition) = definition {
                text_element(xml, "descrip", Some(category::DEFINITION), definition)?;
            }
            for (name, kind) in names {
                xml.create_element("termSec").write_inner_content(|xml| {
                    text_element(xml, "term", None, name.as_str())?;
                    if let Some(pos) = name.part_of_speech {
                        text_element(xml, "termNote", Some(category::PART_OF_SPEECH), pos.tbx())?;
                    }
                    text_element(
                        xml,
                        "termNote",
                        Some(category::ADMINISTRATIVE_STATUS),
                        name.status_as(kind).tbx(),
                    )?;
                    // TBX-Basic has a project subset at the term level only:
                    // the sector is written with each name, read back once.
                    if let Some(sector) = sector {
                        text_element(xml, "admin", Some(category::PROJECT_SUBSET), sector)?;
                    }
                    match name.case_sensitive {
                        Some(true) => text_element(xml, "note", None, CASE_SENSITIVE)?,
                        Some(false) => text_element(xml, "note", None, CASE_INSENSITIVE)?,
                        None => {}
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// `<name type="kind">text</name>`, marked `xml:space="preserve"` when the
/// reader would otherwise collapse its whitespace.
fn text_element<W: Write>(
    xml: &mut Writer<W>,
    name: &str,
    kind: Option<&str>,
    text: &str,
) -> io::Result<()> {
    let mut element = xml.create_element(name);
    if let Some(kind) = kind {
        element = element.with_attribute(("type", kind));
    }
    if !survives_collapse(text) {
        element = element.with_attribute(("xml:space", "preserve"));
    }
    // A carriage return is written as a reference: a reader normalizes a
    // literal one away (XML's line-end rule).
    let escaped = quick_xml::escape::escape(text).replace('\r', "&#13;");
    element.write_text_content(BytesText::from_escaped(escaped))?;
    Ok(())
}
