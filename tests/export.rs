//! The exports, read back as the tools that take them would: TBX with an
//! XML parser against the TBX-Basic rules the docs give, CSV and TSV with a
//! CSV reader, NDJSON line by line.

#![cfg(feature = "export")]

use std::collections::BTreeMap;

use chongqing_glossary::{Entry, Error, ExportFormat, Glossary};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

fn glossary() -> &'static Glossary {
    static G: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
    G.get_or_init(|| Glossary::embedded().unwrap())
}

fn export(format: ExportFormat) -> String {
    let mut out = Vec::new();
    glossary().export(format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The seed's text under the « 416 » heading is a refusal, not a
/// definition: no export may carry any of it.
fn assert_no_refusal(text: &str) {
    for words in [
        "Je ne peux pas",
        "fournir de résumé",
        "mauvaise traduction",
        "nom officiel du lieu",
    ] {
        assert!(!text.contains(words), "refusal text `{words}` exported");
    }
}

/// One `termSec` as read back.
#[derive(Debug, PartialEq)]
struct TermSec {
    term: String,
    notes: BTreeMap<String, String>,
}

/// One `langSec` as read back.
#[derive(Debug, Default, PartialEq)]
struct LangSec {
    definition: Option<String>,
    terms: Vec<TermSec>,
}

/// One `conceptEntry` as read back.
#[derive(Debug, Default)]
struct Concept {
    id: String,
    subject_field: Option<String>,
    cross_references: Vec<String>,
    langs: BTreeMap<String, LangSec>,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).unwrap().map(|a| {
        a.normalized_value(XmlVersion::default())
            .unwrap()
            .into_owned()
    })
}

/// Parses the TBX, checking the structure on the way: root attributes,
/// header, and the element nesting of TBX-Basic DCA.
fn parse_tbx(xml: &str) -> Vec<Concept> {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut concepts: Vec<Concept> = Vec::new();
    let mut lang = String::new();
    let mut note_type = String::new();
    let mut descrip_type = String::new();
    let mut saw_header_title = false;
    // The text of the element being read: text events and entity
    // references (`&amp;`, `&lt;` ...) come separately.
    let mut text = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Decl(_) => {}
            Event::Start(e) => {
                text.clear();
                let name = e.name().as_ref().to_string();
                let parent = path.last().map(String::as_str).unwrap_or("");
                match (parent, name.as_str()) {
                    ("", "tbx") => {
                        assert_eq!(attr(&e, "type").as_deref(), Some("TBX-Basic"));
                        assert_eq!(attr(&e, "style").as_deref(), Some("dca"));
                        assert_eq!(attr(&e, "xml:lang").as_deref(), Some("fr"));
                        assert_eq!(
                            attr(&e, "xmlns").as_deref(),
                            Some("urn:iso:std:iso:30042:ed-2")
                        );
                    }
                    ("tbx", "tbxHeader" | "text")
                    | ("tbxHeader", "fileDesc")
                    | ("fileDesc", "titleStmt" | "sourceDesc")
                    | ("titleStmt", "title")
                    | ("sourceDesc", "p")
                    | ("text", "body") => {}
                    ("body", "conceptEntry") => concepts.push(Concept {
                        id: attr(&e, "id").expect("conceptEntry has an id"),
                        ..Concept::default()
                    }),
                    ("conceptEntry" | "langSec", "descrip") => {
                        descrip_type = attr(&e, "type").expect("descrip has a type");
                    }
                    ("conceptEntry", "ref") => {
                        assert_eq!(attr(&e, "type").as_deref(), Some("crossReference"));
                        let target = attr(&e, "target").expect("ref has a target");
                        concepts.last_mut().unwrap().cross_references.push(target);
                    }
                    ("conceptEntry", "note") => {}
                    ("conceptEntry", "langSec") => {
                        lang = attr(&e, "xml:lang").expect("langSec has xml:lang");
                        let concept = concepts.last_mut().unwrap();
                        assert!(
                            concept
                                .langs
                                .insert(lang.clone(), LangSec::default())
                                .is_none(),
                            "one langSec per language"
                        );
                    }
                    ("langSec", "termSec") => {
                        let concept = concepts.last_mut().unwrap();
                        concept.langs.get_mut(&lang).unwrap().terms.push(TermSec {
                            term: String::new(),
                            notes: BTreeMap::new(),
                        });
                    }
                    ("termSec", "term") => {}
                    ("termSec", "note") => {}
                    ("termSec", "admin") => {
                        assert_eq!(attr(&e, "type").as_deref(), Some("projectSubset"));
                    }
                    ("termSec", "termNote") => {
                        note_type = attr(&e, "type").expect("termNote has a type");
                    }
                    (parent, child) => panic!("<{child}> inside <{parent}> is not TBX-Basic"),
                }
                path.push(name);
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref().unwrap() {
                Some(c) => text.push(c),
                None => text.push_str(
                    quick_xml::escape::resolve_predefined_entity(&r)
                        .expect("only XML's predefined entities"),
                ),
            },
            Event::End(_) => {
                let here: Vec<&str> = path.iter().map(String::as_str).collect();
                let value = text.trim().to_string();
                match here.as_slice() {
                    [.., "titleStmt", "title"] => saw_header_title = !value.is_empty(),
                    [.., "conceptEntry", "descrip"] => {
                        assert_eq!(descrip_type, "subjectField");
                        concepts.last_mut().unwrap().subject_field = Some(value);
                    }
                    [.., "langSec", "descrip"] => {
                        assert_eq!(descrip_type, "definition");
                        let concept = concepts.last_mut().unwrap();
                        concept.langs.get_mut(&lang).unwrap().definition = Some(value);
                    }
                    [.., "termSec", "term"] => {
                        let concept = concepts.last_mut().unwrap();
                        let sec = concept.langs.get_mut(&lang).unwrap();
                        sec.terms.last_mut().unwrap().term = value;
                    }
                    [.., "termSec", "termNote"] => {
                        let concept = concepts.last_mut().unwrap();
                        let sec = concept.langs.get_mut(&lang).unwrap();
                        let notes = &mut sec.terms.last_mut().unwrap().notes;
                        notes.insert(note_type.clone(), value);
                    }
                    _ => {}
                }
                text.clear();
                path.pop();
            }
            Event::Eof => break,
            other => panic!("unexpected XML event {other:?}"),
        }
    }
    assert!(path.is_empty(), "every element closed");
    // A title only when the data gives one.
    assert_eq!(
        saw_header_title,
        xml.contains("<titleStmt>"),
        "a title statement holds a title"
    );
    concepts
}

/// The names of one language as the TBX must give them: the term first,
/// preferred; aliases admitted; all nouns.
fn expected_terms(entry: &Entry, english: bool) -> Vec<TermSec> {
    entry
        .names()
        .filter(|(_, kind)| kind.is_english() == english)
        .map(|(name, kind)| {
            let mut notes = BTreeMap::from([(
                "administrativeStatus".to_string(),
                name.status_as(kind).tbx().to_string(),
            )]);
            if let Some(pos) = name.part_of_speech {
                notes.insert("partOfSpeech".to_string(), pos.tbx().to_string());
            }
            TermSec {
                term: name.to_string(),
                notes,
            }
        })
        .collect()
}

#[test]
fn tbx_follows_tbx_basic_and_holds_every_entry_and_name() {
    let xml = export(ExportFormat::Tbx);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert_no_refusal(&xml);
    // The title is the data's (glossary.json's `title`).
    assert!(xml.contains("<title>Chongqing innovation glossary</title>"));
    let concepts = parse_tbx(&xml);
    let entries = glossary().entries();
    assert_eq!(concepts.len(), entries.len());
    for (concept, entry) in concepts.iter().zip(entries) {
        assert_eq!(concept.id, entry.id.as_str());
        assert_eq!(
            concept.subject_field.as_deref(),
            Some(entry.category.as_str())
        );
        let related: Vec<&str> = entry.related.iter().map(|r| r.as_str()).collect();
        assert_eq!(concept.cross_references, related, "{}", entry.id);
        assert_eq!(concept.langs.len(), 2, "{}: fr and en", entry.id);
        let fr = &concept.langs["fr"];
        assert_eq!(fr.definition, entry.definition, "{}", entry.id);
        assert_eq!(fr.terms, expected_terms(entry, false));
        let en = &concept.langs["en"];
        assert_eq!(en.definition, None);
        assert_eq!(en.terms, expected_terms(entry, true));
    }
    // The « 416 » layout: no definition element at all.
    let layout = concepts
        .iter()
        .find(|c| c.id == "disposition-innovation-416")
        .unwrap();
    assert_eq!(layout.langs["fr"].definition, None);
    // Related entries are there for the entries whose definition names another.
    assert!(concepts.iter().any(|c| !c.cross_references.is_empty()));
}

#[test]
fn tbx_escapes_what_xml_must() {
    let json = r#"[{"id": "a-b", "term": "R&D <avancée> \"pôle\"", "term_en": "R&D 'hub'",
        "category": "pilot-zone", "sector": null, "definition": "Un < deux & trois."}]"#;
    let g = chongqing_glossary::GlossaryBuilder::new()
        .from_texts("La R&D avance.", json)
        .unwrap();
    let mut out = Vec::new();
    g.export(ExportFormat::Tbx, &mut out).unwrap();
    let xml = String::from_utf8(out).unwrap();
    let concepts = parse_tbx(&xml);
    assert_eq!(
        concepts[0].langs["fr"].terms[0].term,
        "R&D <avancée> \"pôle\""
    );
    assert_eq!(
        concepts[0].langs["fr"].definition.as_deref(),
        Some("Un < deux & trois.")
    );
    assert_eq!(concepts[0].langs["en"].terms[0].term, "R&D 'hub'");
}

#[test]
fn csv_has_a_language_header_and_one_row_per_entry() {
    let text = export(ExportFormat::Csv);
    assert_no_refusal(&text);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["fr", "en", "pos", "description"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let entries = glossary().entries();
    assert_eq!(rows.len(), entries.len());
    for (row, entry) in rows.iter().zip(entries) {
        assert_eq!(&row[0], entry.term.as_str());
        assert_eq!(&row[1], entry.term_en.as_str());
        // No part of speech is known in the embedded glossary.
        assert_eq!(&row[2], "");
        assert_eq!(&row[3], entry.definition.as_deref().unwrap_or_default());
    }
}

#[test]
fn tsv_maps_every_french_name_to_the_english_term() {
    let text = export(ExportFormat::Tsv);
    assert_no_refusal(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .quoting(false)
        .from_reader(text.as_bytes());
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), 2, "source<TAB>target");
            (r[0].to_string(), r[1].to_string())
        })
        .collect();
    let expected: Vec<(String, String)> = glossary()
        .entries()
        .iter()
        .flat_map(|e: &Entry| {
            e.french_names()
                .map(|l| (l.to_string(), e.term_en.to_string()))
        })
        .collect();
    assert_eq!(rows, expected);
    // French names only: no English name is a source.
    for entry in glossary().entries() {
        for name in entry.english_names() {
            assert!(rows.iter().all(|(source, _)| source != name), "{name}");
        }
    }
    assert!(text.ends_with('\n') && !text.contains('"'));
}

#[test]
fn tsv_refuses_a_name_it_cannot_hold() {
    // Tabs and line breaks never reach a name (refused at load); spaces at
    // an end would be lost by DeepL.
    let json = r#"[{"id": "a", "term": "deux mots ", "term_en": "two words",
        "category": "pilot-zone", "sector": null, "definition": null}]"#;
    let g = chongqing_glossary::GlossaryBuilder::new()
        .from_texts("Deux mots.", json)
        .unwrap();
    let mut out = Vec::new();
    let err = g.export(ExportFormat::Tsv, &mut out).unwrap_err();
    assert!(
        matches!(err, Error::Export { ref id, .. } if id == "a"),
        "{err}"
    );
    assert!(err
        .to_string()
        .starts_with("entry `a` cannot be written as tsv"));
    assert!(out.is_empty(), "nothing written before the refusal");
}

#[test]
fn ndjson_is_one_entry_per_line_with_mentions_and_related() {
    let text = export(ExportFormat::Ndjson);
    assert_no_refusal(&text);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let g = glossary();
    assert_eq!(lines.len(), g.entries().len());
    for (line, entry) in lines.iter().zip(g.entries()) {
        assert_eq!(line["id"], entry.id.as_str());
        assert_eq!(line["term"], entry.term.as_str());
        assert_eq!(line["term_en"], entry.term_en.as_str());
        assert_eq!(line["aliases"], serde_json::json!(entry.aliases));
        assert_eq!(line["aliases_en"], serde_json::json!(entry.aliases_en));
        assert_eq!(line["category"], entry.category.as_str());
        assert_eq!(line["definition"], serde_json::json!(entry.definition));
        let related: Vec<&str> = entry.related.iter().map(|r| r.as_str()).collect();
        assert_eq!(line["related"], serde_json::json!(related));
        let mentions = g.mentions(&entry.id).unwrap();
        let exported = line["mentions"].as_array().unwrap();
        assert_eq!(exported.len(), mentions.len(), "{}", entry.id);
        for (m, e) in mentions.iter().zip(exported) {
            assert_eq!(e["passage"], m.passage.id.to_string());
            assert_eq!(e["start"], m.span.start);
            assert_eq!(e["end"], m.span.end);
            assert_eq!(e["text"], &m.passage.text[m.span.clone()]);
        }
    }
}

#[test]
fn a_failing_writer_is_a_write_error_carrying_its_io_error() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space",
            ))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    for format in ExportFormat::ALL {
        let err = glossary().export(format, &mut Full).unwrap_err();
        match &err {
            Error::Write { format: f, source } => {
                assert_eq!(*f, format);
                assert_eq!(source.kind(), std::io::ErrorKind::StorageFull, "{format}");
            }
            other => panic!("{format}: {other}"),
        }
        assert!(err
            .to_string()
            .starts_with(&format!("cannot write the {format} export")));
    }
}

#[test]
fn format_names_parse_back() {
    for format in ExportFormat::ALL {
        assert_eq!(format.name().parse::<ExportFormat>().unwrap(), format);
        assert_eq!(
            format
                .name()
                .to_uppercase()
                .parse::<ExportFormat>()
                .unwrap(),
            format
        );
    }
    let err = "xml".parse::<ExportFormat>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown export format `xml` (expected tbx, csv, tsv or ndjson)"
    );
}

/// Text XML 1.0 cannot hold (C0 controls but tab and line breaks, U+FFFE,
/// U+FFFF) never reaches a TBX file: in a name it is refused at load, in a
/// definition the export is refused, naming the entry and the field.
#[test]
fn tbx_never_holds_text_xml_forbids() {
    use chongqing_glossary::GlossaryBuilder;
    let entry = |term: &str, definition: &str| {
        format!(
            r#"[{{"id": "e", "term": {}, "term_en": "E", "category": "c", "definition": {}}}]"#,
            serde_json::to_string(term).unwrap(),
            serde_json::to_string(definition).unwrap()
        )
    };
    for bad in ['\u{1}', '\u{b}', '\u{1b}', '\u{fffe}', '\u{ffff}'] {
        // In a name: refused at load, naming the field.
        let err = GlossaryBuilder::new()
            .from_texts("Texte.", entry(&format!("Zone{bad}x"), "Une définition."))
            .unwrap_err();
        assert!(matches!(err, Error::Data { .. }), "{bad:?}: {err:?}");
        assert!(err.to_string().contains("`term`"), "{bad:?}: {err}");

        // In a definition: the TBX export is refused, naming entry and field.
        let g = GlossaryBuilder::new()
            .from_texts("Texte.", entry("Zone", &format!("Une {bad} définition.")))
            .unwrap();
        let mut out = Vec::new();
        match g.export(ExportFormat::Tbx, &mut out) {
            Err(Error::Export { format, id, reason }) => {
                assert_eq!((format, id.as_str()), (ExportFormat::Tbx, "e"));
                assert!(reason.contains("definition"), "{reason}");
            }
            other => panic!("{bad:?}: expected an export error, got {other:?}"),
        }
    }
    // Tabs and line breaks are fine in a definition, and XML keeps them.
    let g = GlossaryBuilder::new()
        .from_texts("Texte.", entry("Zone", "Ligne un.\nLigne\tdeux."))
        .unwrap();
    let mut out = Vec::new();
    g.export(ExportFormat::Tbx, &mut out).unwrap();
    assert_eq!(parse_tbx(&String::from_utf8(out).unwrap()).len(), 1);
}
