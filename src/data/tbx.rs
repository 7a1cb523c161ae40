//! `glossary.tbx`: TBX v3 / TBX-Basic (`tbx`, `conceptEntry`, `langSec`,
//! `termSec`) and TBX v2 (`martif`, `termEntry`, `langSet`, `tig`, `ntig`
//! with `termGrp`), read in one pass of XML events (quick-xml's reader, no
//! document tree), so a file the size of an IATE download is read in
//! memory proportional to one concept.
//!
//! | TBX | entry |
//! |---|---|
//! | `conceptEntry`/`termEntry` `id` | `id` when it is a valid id, else made of the French term |
//! | `descrip type="subjectField"` | `category`, as a slug (`uncategorized` when absent) |
//! | concept `note` `sector: <slug>` | `sector` (as this crate exports it) |
//! | other concept `note`s | `note` |
//! | `descrip type="definition"` in the French / English section | `definition` / `definition_en` |
//! | each `termSec`/`tig`/`ntig`: `term` | a name: the first preferred one is the term, the others aliases |
//! | `termNote type="administrativeStatus"` | the name's status |
//! | `termNote type="partOfSpeech"` | its part of speech |
//! | `termNote type="termType"` `acronym`, `abbreviation` | the name is case-sensitive |
//! | term-level `note` `case-sensitive` / `case-insensitive` | its case sensitivity (as this crate exports it) |
//!
//! Language codes are compared by their first subtag: `fr`, `fr-FR`,
//! `fr_CA` are French, `en`, `en-GB` English; terms of other languages are
//! skipped and counted ([`Warning::SkippedLanguages`]), as are concepts
//! without a French and an English term ([`Warning::SkippedConcepts`]).

use std::collections::BTreeMap;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::import::{slugify, IdMaker, Imported, Place};
use super::json_spans::Lines;
use super::xml::{attribute, local, resolve};
use super::BOM;
use crate::model::{Category, Entry, Name, PartOfSpeech, Sector, Status, Warning};
use crate::{Error, Location, Result};

/// The category of a concept without a subject field.
const UNCATEGORIZED: &str = "uncategorized";

/// The language of a language section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Language {
    French,
    English,
    /// Another language: its terms are skipped.
    Other,
}

/// A term being read.
#[derive(Default, Debug)]
struct TermRead {
    text: String,
    status: Option<Status>,
    part_of_speech: Option<PartOfSpeech>,
    case_sensitive: Option<bool>,
    line: u32,
    column: u32,
}

/// A concept being read.
#[derive(Default, Debug)]
struct ConceptRead {
    id: Option<String>,
    subject: Option<String>,
    sector: Option<String>,
    notes: Vec<String>,
    definitions: [Option<String>; 2],
    terms: [Vec<TermRead>; 2],
    line: u32,
    column: u32,
}

/// What the text being collected belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Capture {
    Title,
    Subject,
    Definition,
    ConceptNote,
    Term,
    TermNote(TermNote),
    TermLevelNote,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TermNote {
    Status,
    PartOfSpeech,
    TermType,
}

/// The reader's state between events.
struct State<'p> {
    path: &'p Path,
    title: Option<String>,
    concept: Option<ConceptRead>,
    /// The language section being read, and its code.
    language: Option<(Language, String)>,
    term: Option<TermRead>,
    /// The capture, and the depth of its element.
    capture: Option<(Capture, usize)>,
    text: String,
    skipped: BTreeMap<String, usize>,
    skipped_concepts: (usize, Option<String>),
    ids: IdMaker,
    entries: Vec<Entry>,
    places: Vec<Place>,
}

/// Reads a TBX file.
///
/// # Errors
///
/// [`Error::Data`] at the line and column of malformed XML, of a root
/// element that is not `tbx` or `martif`, or of an element left open.
pub(crate) fn read_tbx(xml: &str, path: &Path) -> Result<Imported> {
    let xml = xml.strip_prefix(BOM).unwrap_or(xml);
    let mut reader = Reader::from_str(xml);
    let mut lines = Lines::new(xml);
    let mut at = |offset: u64| {
        let (line, column) = lines.at(offset as usize);
        (line as u32, column as u32)
    };
    let mut state = State {
        path,
        title: None,
        concept: None,
        language: None,
        term: None,
        capture: None,
        text: String::new(),
        skipped: BTreeMap::new(),
        skipped_concepts: (0, None),
        ids: IdMaker::new(),
        entries: Vec::new(),
        places: Vec::new(),
    };
    // Local names of the open elements.
    let mut open: Vec<String> = Vec::new();
    loop {
        let start = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            let (line, column) = at(reader.error_position());
            Error::data(
                Location::line_column(path, line as usize, column as usize),
                format!("malformed XML: {e}"),
            )
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) if open.is_empty() => {
                let name = local(&e);
                if name != "tbx" && name != "martif" {
                    let (line, column) = at(start);
                    return Err(Error::data(
                        Location::line_column(path, line as usize, column as usize),
                        format!("not a TBX file: the root element is <{name}>, not <tbx> (TBX v3) or <martif> (TBX v2)"),
                    ));
                }
                open.push(name);
            }
            Event::Start(e) => {
                let name = local(&e);
                let here = at(start);
                open.push(name);
                state.start(&e, &open, here);
            }
            Event::Empty(e) => {
                // An empty element holds no text: opened and closed at once.
                let name = local(&e);
                let here = at(start);
                open.push(name);
                state.start(&e, &open, here);
                state.end(&open)?;
                open.pop();
            }
            Event::End(_) => {
                state.end(&open)?;
                open.pop();
            }
            Event::Text(t) if state.capture.is_some() => state.text.push_str(&t.xml10_content()),
            Event::CData(t) if state.capture.is_some() => {
                state.text.push_str(&t.xml_content(XmlVersion::default()))
            }
            Event::GeneralRef(r) if state.capture.is_some() => match resolve(&r) {
                Some(text) => state.text.push_str(&text),
                None => {
                    let (line, column) = at(start);
                    return Err(Error::data(
                        Location::line_column(path, line as usize, column as usize),
                        format!("unknown entity `&{};`", &*r),
                    ));
                }
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(name) = open.last() {
        let (line, column) = at(xml.len() as u64);
        return Err(Error::data(
            Location::line_column(path, line as usize, column as usize),
            format!("the file ends inside <{name}>"),
        ));
    }
    if state.entries.is_empty()
        && state.places.is_empty()
        && open.is_empty()
        && xml.trim().is_empty()
    {
        return Err(Error::data(Location::file(path), "the file is empty"));
    }
    Ok(state.finish())
}

/// The language of a TBX language code, by its first subtag.
fn language(code: &str) -> Language {
    let primary = code.split(['-', '_']).next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("fr") {
        Language::French
    } else if primary.eq_ignore_ascii_case("en") {
        Language::English
    } else {
        Language::Other
    }
}

impl State<'_> {
    /// An element opens; `open` ends with its name.
    fn start(&mut self, e: &BytesStart<'_>, open: &[String], (line, column): (u32, u32)) {
        let name = open.last().map(String::as_str).unwrap_or_default();
        let parent = open
            .iter()
            .rev()
            .nth(1)
            .map(String::as_str)
            .unwrap_or_default();
        let depth = open.len();
        if self.capture.is_some() {
            // Inline markup inside a captured element (`<hi>` in a term).
            return;
        }
        // Data categories compared loosely: tools write `subjectField`,
        // `Subject Field` or `subject_field`.
        let kind = attribute(e, "type").map(|t| {
            t.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect::<String>()
        });
        match name {
            "conceptEntry" | "termEntry" => {
                self.concept = Some(ConceptRead {
                    id: attribute(e, "id"),
                    line,
                    column,
                    ..ConceptRead::default()
                });
            }
            "langSec" | "langSet" => {
                let code = attribute(e, "xml:lang")
                    .or_else(|| attribute(e, "lang"))
                    .unwrap_or_default();
                self.language = Some((language(&code), code.to_ascii_lowercase()));
            }
            "termSec" | "tig" | "ntig" if self.concept.is_some() => {
                self.term = Some(TermRead {
                    line,
                    column,
                    ..TermRead::default()
                });
            }
            "term" if self.term.is_some() => self.capture_as(Capture::Term, depth),
            "termNote" if self.term.is_some() => {
                let note = match kind.as_deref() {
                    Some("administrativestatus") => Some(TermNote::Status),
                    Some("partofspeech") => Some(TermNote::PartOfSpeech),
                    Some("termtype") => Some(TermNote::TermType),
                    _ => None,
                };
                if let Some(note) = note {
                    self.capture_as(Capture::TermNote(note), depth);
                }
            }
            "note" if self.term.is_some() => self.capture_as(Capture::TermLevelNote, depth),
            "note" if self.concept.is_some() && self.language.is_none() => {
                self.capture_as(Capture::ConceptNote, depth)
            }
            "descrip" if self.concept.is_some() => match kind.as_deref() {
                Some("subjectfield") => self.capture_as(Capture::Subject, depth),
                Some("definition") if self.language.is_some() => {
                    self.capture_as(Capture::Definition, depth)
                }
                _ => {}
            },
            "title" if parent == "titleStmt" => self.capture_as(Capture::Title, depth),
            _ => {}
        }
    }

    fn capture_as(&mut self, capture: Capture, depth: usize) {
        self.capture = Some((capture, depth));
        self.text.clear();
    }

    /// The element at the end of `open` closes.
    fn end(&mut self, open: &[String]) -> Result<()> {
        let depth = open.len();
        if let Some((capture, at)) = self.capture {
            if at != depth {
                return Ok(());
            }
            self.capture = None;
            // Names, codes and the title are one line; definitions and
            // notes keep their inner line breaks.
            let text = match capture {
                Capture::Definition | Capture::ConceptNote => self.text.trim().to_string(),
                _ => collapse(&self.text),
            };
            self.text.clear();
            self.captured(capture, text);
            return Ok(());
        }
        match open.last().map(String::as_str).unwrap_or_default() {
            "termSec" | "tig" | "ntig" => {
                if let (Some(term), Some(concept)) = (self.term.take(), self.concept.as_mut()) {
                    match &self.language {
                        Some((Language::French, _)) => concept.terms[0].push(term),
                        Some((Language::English, _)) => concept.terms[1].push(term),
                        Some((Language::Other, code)) => {
                            *self.skipped.entry(code.clone()).or_default() += 1
                        }
                        None => {}
                    }
                }
            }
            "langSec" | "langSet" => self.language = None,
            "conceptEntry" | "termEntry" => {
                if let Some(concept) = self.concept.take() {
                    self.concept_read(concept);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The text of a captured element, whitespace collapsed.
    fn captured(&mut self, capture: Capture, text: String) {
        let lang = match &self.language {
            Some((Language::French, _)) => Some(0),
            Some((Language::English, _)) => Some(1),
            _ => None,
        };
        match capture {
            Capture::Title => self.title = Some(text).filter(|t| !t.is_empty()),
            Capture::Subject => {
                if let Some(c) = self.concept.as_mut() {
                    c.subject.get_or_insert(text);
                }
            }
            Capture::Definition => {
                if let (Some(c), Some(lang)) = (self.concept.as_mut(), lang) {
                    if !text.is_empty() {
                        c.definitions[lang].get_or_insert(text);
                    }
                }
            }
            Capture::ConceptNote => {
                if let Some(c) = self.concept.as_mut() {
                    match text.strip_prefix("sector:") {
                        Some(sector) => c.sector = Some(sector.trim().to_string()),
                        None if !text.is_empty() => c.notes.push(text),
                        None => {}
                    }
                }
            }
            Capture::Term => {
                if let Some(t) = self.term.as_mut() {
                    t.text = text;
                }
            }
            Capture::TermNote(note) => {
                if let Some(t) = self.term.as_mut() {
                    match note {
                        TermNote::Status => t.status = text.parse().ok(),
                        TermNote::PartOfSpeech => t.part_of_speech = text.parse().ok(),
                        TermNote::TermType => {
                            let kind = text.to_ascii_lowercase();
                            if kind.contains("acronym") || kind.contains("abbreviation") {
                                t.case_sensitive.get_or_insert(true);
                            }
                        }
                    }
                }
            }
            Capture::TermLevelNote => {
                if let Some(t) = self.term.as_mut() {
                    match text.as_str() {
                        "case-sensitive" => t.case_sensitive = Some(true),
                        "case-insensitive" => t.case_sensitive = Some(false),
                        _ => {}
                    }
                }
            }
        }
    }

    /// A whole concept: an entry, or a skipped concept.
    fn concept_read(&mut self, concept: ConceptRead) {
        let [french, english] = concept.terms.map(|terms| {
            terms
                .into_iter()
                .filter(|t| !t.text.is_empty())
                .collect::<Vec<TermRead>>()
        });
        if french.is_empty() || english.is_empty() {
            let shown = concept
                .id
                .clone()
                .unwrap_or_else(|| format!("line {}", concept.line));
            self.skipped_concepts.0 += 1;
            self.skipped_concepts.1.get_or_insert(shown);
            return;
        }
        let (term, aliases) = term_first(french);
        let (term_en, aliases_en) = term_first(english);
        let mut fields = vec![("id", concept.line, concept.column)];
        fields.push(("term", term.line, term.column));
        fields.push(("term_en", term_en.line, term_en.column));
        if let Some(a) = aliases.first() {
            fields.push(("aliases", a.line, a.column));
        }
        if let Some(a) = aliases_en.first() {
            fields.push(("aliases_en", a.line, a.column));
        }
        let id = self.ids.id(concept.id.as_deref(), &term.text);
        let category = concept
            .subject
            .as_deref()
            .and_then(|s| {
                s.parse::<Category>()
                    .ok()
                    .or_else(|| slugify(s)?.parse().ok())
            })
            .unwrap_or_else(|| UNCATEGORIZED.parse().expect("a slug"));
        let sector = concept.sector.as_deref().and_then(|s| {
            s.parse::<Sector>()
                .ok()
                .or_else(|| slugify(s)?.parse().ok())
        });
        let [definition, definition_en] = concept.definitions;
        self.places.push(Place {
            line: concept.line,
            column: concept.column,
            fields,
        });
        self.entries.push(Entry {
            id,
            term: name(term),
            term_en: name(term_en),
            aliases: aliases.into_iter().map(name).collect(),
            aliases_en: aliases_en.into_iter().map(name).collect(),
            category,
            sector,
            definition,
            definition_en,
            note: (!concept.notes.is_empty()).then(|| concept.notes.join("\n")),
            related: Vec::new(),
        });
    }

    fn finish(self) -> Imported {
        let mut warnings = Vec::new();
        if !self.skipped.is_empty() {
            warnings.push(Warning::SkippedLanguages {
                terms: self.skipped.into_iter().collect(),
            });
        }
        if let (count @ 1.., Some(first)) = self.skipped_concepts {
            warnings.push(Warning::SkippedConcepts { count, first });
        }
        Imported {
            path: self.path.to_path_buf(),
            title: self.title,
            entries: self.entries,
            places: self.places,
            warnings,
        }
    }
}

/// The term of a language (its first preferred name, or failing that its
/// first name that is not deprecated or superseded, or its first name) and
/// the other names in order.
fn term_first(mut names: Vec<TermRead>) -> (TermRead, Vec<TermRead>) {
    let best = names
        .iter()
        .position(|t| t.status == Some(Status::Preferred))
        .or_else(|| {
            names
                .iter()
                .position(|t| t.status.is_none_or(Status::is_approved))
        })
        .unwrap_or(0);
    let term = names.remove(best);
    (term, names)
}

fn name(term: TermRead) -> Name {
    Name {
        text: term.text,
        status: term.status,
        part_of_speech: term.part_of_speech,
        case_sensitive: term.case_sensitive,
    }
}

/// Text with its runs of whitespace made one space, trimmed (XML indents
/// element content; a name or definition does not hold the indentation).
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
