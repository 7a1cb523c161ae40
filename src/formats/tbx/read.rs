//! Reading TBX (see the [module docs](super) for what becomes what): one
//! pass of XML events through the shared [driver](crate::formats::xml),
//! each concept turned into an entry as it closes.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use super::{category, key, same_key, CASE_INSENSITIVE, CASE_SENSITIVE, TBX_NAMESPACES};
use crate::error::DataErrorKind;
use crate::formats::xml::{self, collapse, Element, Handler, Origin, Refusal, Scope};
use crate::formats::{language, IdMaker, Imported, Place};
use crate::model::Language;
use crate::model::{Category, Entry, Name, PartOfSpeech, Sector, Status, Warning};
use crate::Result;

/// Reads the TBX of `input`, named `path` in errors and warnings.
///
/// # Errors
///
/// [`Error::Data`](crate::Error::Data) at the line and column of malformed
/// XML, of a root element that is not `tbx` or `martif`, of the end of a
/// file left inside an element; for a file that is not XML or has no root
/// element ("not a TBX file"); [`Error::Io`](crate::Error::Io) when reading
/// fails.
pub(crate) fn read(input: impl BufRead, path: &Path) -> Result<Imported> {
    let mut reader = TbxReader::default();
    xml::read(input, path, &mut reader).map_err(|e| not_tbx(e, path))?;
    Ok(reader.finish(path))
}

/// A file that is not XML at all is "not a TBX file" first.
fn not_tbx(err: crate::Error, path: &Path) -> crate::Error {
    match err {
        crate::Error::Data {
            location,
            message,
            cause,
            ..
        } if message.starts_with("text before the root element")
            || message.starts_with("the file has no root element") =>
        {
            crate::Error::Data {
                location: if location.path() == path {
                    location
                } else {
                    crate::Location::file(path)
                },
                kind: DataErrorKind::Format,
                message: format!("not a TBX file: {message}"),
                cause,
            }
        }
        other => other,
    }
}

/// A term being read.
#[derive(Default, Debug)]
struct TermRead {
    text: String,
    status: Option<Status>,
    /// A status value this crate does not know.
    unknown_status: Option<String>,
    part_of_speech: Option<PartOfSpeech>,
    case_sensitive: Option<bool>,
    notes: Vec<String>,
    line: u32,
    column: u32,
}

/// A language section being read.
#[derive(Debug)]
struct LangRead {
    /// French, English, or another language (`None`).
    language: Option<Language>,
    code: String,
    /// A part of speech given for every term of the section.
    part_of_speech: Option<PartOfSpeech>,
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

/// What the text being collected is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Capture {
    Title,
    Subject,
    Sector,
    Definition(Option<Language>),
    Note,
    Term,
    Status,
    PartOfSpeech,
    TermType,
}

/// The reader's state between events.
#[derive(Default)]
struct TbxReader {
    title: Option<String>,
    concept: Option<ConceptRead>,
    lang: Option<LangRead>,
    term: Option<TermRead>,
    /// The capture, the depth of its element, and whether its whitespace is
    /// kept (`xml:space="preserve"`).
    capture: Option<(Capture, usize, bool)>,
    text: String,
    /// The depth of the `titleStmt` being read.
    title_stmt: Option<usize>,
    skipped: BTreeMap<String, usize>,
    skipped_concepts: (usize, Option<String>),
    definitions_without_language: (usize, Option<String>),
    ids: IdMaker,
    entries: Vec<Entry>,
    places: Vec<Place>,
    warnings: Vec<Warning>,
}

/// Elements of TBX's core structure: never a data category of their own.
const STRUCTURE: &[&str] = &[
    "tbx",
    "martif",
    "tbxHeader",
    "martifHeader",
    "fileDesc",
    "titleStmt",
    "title",
    "sourceDesc",
    "publicationStmt",
    "encodingDesc",
    "revisionDesc",
    "p",
    "text",
    "body",
    "back",
    "conceptEntry",
    "termEntry",
    "langSec",
    "langSet",
    "termSec",
    "tig",
    "ntig",
    "termGrp",
    "term",
    "descripGrp",
    "adminGrp",
    "termNoteGrp",
    "transacGrp",
    "transac",
    "transacNote",
    "date",
    "note",
    "hi",
    "foreign",
    "xref",
    "ph",
    "sc",
    "ec",
];

/// Whether an element is of TBX's core structure: in no namespace (TBX v2)
/// or in TBX's own (`urn:iso:std:iso:30042:…`), not in a module's.
fn is_core(e: &Element<'_>) -> bool {
    e.namespace.is_none_or(|ns| ns.starts_with(TBX_NAMESPACES))
}

/// The data categories the reader acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Known {
    SubjectField,
    ProjectSubset,
    Definition,
    /// `administrativeStatus`, `usageStatus` or `normativeAuthorization`.
    Status,
    PartOfSpeech,
    TermType,
}

impl Known {
    /// The category named `name` (compared as a [`key`](super::key)).
    fn of(name: &str) -> Option<Known> {
        use category::*;
        [
            (SUBJECT_FIELD, Known::SubjectField),
            (PROJECT_SUBSET, Known::ProjectSubset),
            (DEFINITION, Known::Definition),
            (ADMINISTRATIVE_STATUS, Known::Status),
            (USAGE_STATUS, Known::Status),
            (NORMATIVE_AUTHORIZATION, Known::Status),
            (PART_OF_SPEECH, Known::PartOfSpeech),
            (TERM_TYPE, Known::TermType),
        ]
        .into_iter()
        .find(|(known, _)| same_key(name, known))
        .map(|(_, category)| category)
    }
}

/// The data category an element carries, if the reader knows it: its
/// `type` for DCA's generic elements, its own name for DCT's (an element
/// of a module's namespace, such as `basic:definition`).
fn data_category(e: &Element<'_>) -> Option<Known> {
    match e.local {
        "descrip" | "termNote" | "admin" | "ref" if is_core(e) => {
            e.attr("type").and_then(|t| Known::of(&t))
        }
        name if is_core(e) && STRUCTURE.contains(&name) => None,
        name => Known::of(name),
    }
}

impl Handler for TbxReader {
    fn start(&mut self, e: &Element<'_>, scope: &Scope<'_>) -> std::result::Result<(), Refusal> {
        let depth = e.depth;
        if depth == 1 {
            if e.local != "tbx" && e.local != "martif" {
                return Err((DataErrorKind::Format, format!(
                    "not a TBX file: the root element is <{}>, not <tbx> (TBX v3) or <martif> (TBX v2)",
                    e.local
                )));
            }
            return Ok(());
        }
        if self.capture.is_some() {
            // Inline markup inside a captured element (`<hi>` in a term).
            return Ok(());
        }
        let (line, column) = (e.line as u32, e.column as u32);
        let capture = match e.local {
            "conceptEntry" | "termEntry" => {
                self.concept = Some(ConceptRead {
                    id: e.attr("id"),
                    line,
                    column,
                    ..ConceptRead::default()
                });
                None
            }
            "langSec" | "langSet" => {
                let code = e
                    .attr("xml:lang")
                    .or_else(|| e.attr("lang"))
                    .unwrap_or_default();
                self.lang = Some(LangRead {
                    language: language(&code),
                    code: code.to_ascii_lowercase(),
                    part_of_speech: None,
                });
                None
            }
            "termSec" | "tig" | "ntig" if self.concept.is_some() => {
                self.term = Some(TermRead {
                    line,
                    column,
                    ..TermRead::default()
                });
                None
            }
            "term" if self.term.is_some() => Some(Capture::Term),
            "titleStmt" => {
                self.title_stmt = Some(depth);
                None
            }
            "title" if self.title_stmt == Some(depth - 1) => Some(Capture::Title),
            "note" if self.concept.is_some() && is_core(e) => Some(Capture::Note),
            _ if self.concept.is_none() => None,
            _ => match data_category(e) {
                Some(Known::SubjectField) => Some(Capture::Subject),
                Some(Known::ProjectSubset) => Some(Capture::Sector),
                Some(Known::Definition) => {
                    let code = match &self.lang {
                        Some(lang) => Some(lang.code.clone()),
                        None => scope.lang().map(str::to_string),
                    };
                    match code {
                        Some(code) => Some(Capture::Definition(language(&code))),
                        None => {
                            let c = self.concept.as_ref().expect("checked above");
                            self.definitions_without_language.0 += 1;
                            self.definitions_without_language
                                .1
                                .get_or_insert_with(|| concept_name(c));
                            None
                        }
                    }
                }
                Some(Known::Status) if self.term.is_some() => Some(Capture::Status),
                Some(Known::PartOfSpeech) => Some(Capture::PartOfSpeech),
                Some(Known::TermType) if self.term.is_some() => Some(Capture::TermType),
                _ => None,
            },
        };
        if let Some(capture) = capture {
            self.capture = Some((capture, depth, scope.preserve()));
            self.text.clear();
        }
        Ok(())
    }

    fn end(
        &mut self,
        local: &str,
        depth: usize,
        _: &Scope<'_>,
    ) -> std::result::Result<(), Refusal> {
        if let Some((capture, at, preserve)) = self.capture {
            if at == depth {
                self.capture = None;
                let text = std::mem::take(&mut self.text);
                let text = if preserve { text } else { collapse(&text) };
                self.captured(capture, text);
            }
            return Ok(());
        }
        match local {
            "termSec" | "tig" | "ntig" => {
                if let (Some(mut term), Some(concept)) = (self.term.take(), self.concept.as_mut()) {
                    match &self.lang {
                        Some(lang) => {
                            term.part_of_speech = term.part_of_speech.or(lang.part_of_speech);
                            match lang.language {
                                Some(Language::French) => concept.terms[0].push(term),
                                Some(Language::English) => concept.terms[1].push(term),
                                None => *self.skipped.entry(lang.code.clone()).or_default() += 1,
                            }
                        }
                        None => *self.skipped.entry(String::new()).or_default() += 1,
                    }
                }
            }
            "langSec" | "langSet" => self.lang = None,
            "titleStmt" => self.title_stmt = None,
            "conceptEntry" | "termEntry" => {
                if let Some(concept) = self.concept.take() {
                    self.concept_read(concept);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str, _: Origin<'_>, _: &Scope<'_>) {
        if self.capture.is_some() {
            self.text.push_str(text);
        }
    }
}

/// How a concept is named in warnings: its id, or its line.
fn concept_name(c: &ConceptRead) -> String {
    match &c.id {
        Some(id) => id.clone(),
        None => format!("line {}", c.line),
    }
}

impl TbxReader {
    /// The text of a captured element, whitespace collapsed.
    fn captured(&mut self, capture: Capture, text: String) {
        if text.is_empty() {
            return;
        }
        match capture {
            Capture::Title => self.title = Some(text),
            Capture::Subject => {
                if let Some(c) = self.concept.as_mut() {
                    c.subject.get_or_insert(text);
                }
            }
            Capture::Sector => {
                if let Some(c) = self.concept.as_mut() {
                    c.sector.get_or_insert(text);
                }
            }
            Capture::Definition(language) => {
                let Some(c) = self.concept.as_mut() else {
                    return;
                };
                let slot = match language {
                    Some(Language::French) => &mut c.definitions[0],
                    Some(Language::English) => &mut c.definitions[1],
                    None => return,
                };
                match slot {
                    None => *slot = Some(text),
                    // A second definition of one language is kept as a note.
                    Some(first) if *first != text => c.notes.push(text),
                    Some(_) => {}
                }
            }
            Capture::Note => match self.term.as_mut() {
                Some(t) if text == CASE_SENSITIVE => t.case_sensitive = Some(true),
                Some(t) if text == CASE_INSENSITIVE => t.case_sensitive = Some(false),
                Some(t) => t.notes.push(text),
                None => {
                    if let Some(c) = self.concept.as_mut() {
                        c.notes.push(text);
                    }
                }
            },
            Capture::Term => {
                if let Some(t) = self.term.as_mut() {
                    t.text = text;
                }
            }
            Capture::Status => {
                if let Some(t) = self.term.as_mut() {
                    match text.parse::<Status>() {
                        Ok(status) => t.status = Some(status),
                        Err(_) => t.unknown_status = Some(text),
                    }
                }
            }
            Capture::PartOfSpeech => {
                let pos = text.parse::<PartOfSpeech>().ok();
                match (self.term.as_mut(), self.lang.as_mut()) {
                    (Some(t), _) => t.part_of_speech = pos.or(t.part_of_speech),
                    (None, Some(lang)) => lang.part_of_speech = pos,
                    _ => {}
                }
            }
            Capture::TermType => {
                if let Some(t) = self.term.as_mut() {
                    let kind = key(&text);
                    if kind.contains("acronym") || kind.contains("abbreviation") {
                        t.case_sensitive.get_or_insert(true);
                    }
                }
            }
        }
    }

    /// A whole concept: an entry, or a skipped concept.
    fn concept_read(&mut self, mut concept: ConceptRead) {
        let shown = concept_name(&concept);
        // Term-level notes go to the entry, each with its term.
        for t in concept.terms.iter_mut().flatten() {
            for note in t.notes.drain(..) {
                concept.notes.push(format!("{}: {note}", t.text));
            }
        }
        let [french, english] = std::mem::take(&mut concept.terms).map(|terms| {
            terms
                .into_iter()
                .filter(|t| !t.text.is_empty())
                .collect::<Vec<TermRead>>()
        });
        if french.is_empty() || english.is_empty() {
            self.skipped_concepts.0 += 1;
            self.skipped_concepts.1.get_or_insert(shown);
            return;
        }
        for t in french.iter().chain(&english) {
            if let Some(value) = &t.unknown_status {
                self.warnings.push(Warning::UnknownStatus {
                    entry: shown.clone(),
                    name: t.text.clone(),
                    value: value.clone(),
                });
            }
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
        let index = self.entries.len();
        let id = self.ids.id(index, concept.id.as_deref());
        let (category, category_label) = Category::labelled(concept.subject.as_deref());
        let sector = concept.sector.as_deref().and_then(Sector::from_label);
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
            category_label,
            sector,
            definition,
            definition_en,
            note: (!concept.notes.is_empty()).then(|| concept.notes.join("\n")),
            related: Vec::new(),
        });
    }

    fn finish(self, path: &Path) -> Imported {
        let mut warnings = self.warnings;
        if !self.skipped.is_empty() {
            warnings.push(Warning::SkippedLanguages {
                terms: self.skipped.into_iter().collect(),
            });
        }
        if let (count @ 1.., Some(first)) = self.skipped_concepts {
            warnings.push(Warning::SkippedConcepts { count, first });
        }
        if let (count @ 1.., Some(first)) = self.definitions_without_language {
            warnings.push(Warning::SkippedDefinitions { count, first });
        }
        let mut entries = self.entries;
        self.ids.finish(&mut entries);
        Imported {
            path: path.to_path_buf(),
            title: self.title,
            entries,
            places: self.places,
            warnings,
        }
    }
}

/// The term of a language (its first preferred name, or failing that its
/// first approved name, or its first name) and the other names in order.
fn term_first(mut names: Vec<TermRead>) -> (TermRead, Vec<TermRead>) {
    let approved =
        |t: &TermRead| t.unknown_status.is_none() && t.status.is_none_or(Status::is_approved);
    let best = names
        .iter()
        .position(|t| t.status == Some(Status::Preferred))
        .or_else(|| names.iter().position(approved))
        .unwrap_or(0);
    let term = names.remove(best);
    (term, names)
}

/// A term as a name. A status this crate does not know is read as
/// deprecated: never an approved name a translation would be told to use.
fn name(term: TermRead) -> Name {
    let status = match term.unknown_status {
        Some(_) => Some(Status::Deprecated),
        None => term.status,
    };
    Name {
        text: term.text,
        status,
        part_of_speech: term.part_of_speech,
        case_sensitive: term.case_sensitive,
    }
}
