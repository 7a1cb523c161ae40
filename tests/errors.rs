//! Bad data gives a typed error naming the file, line and column
//! ([`Error::location`]); every error variant has a one-line message.

use std::path::{Path, PathBuf};

use chongqing_glossary::{
    error::DataErrorKind, error::Input, error::JsonError, error::Location, error::Position,
    error::QueryError, Error, Glossary, GlossaryBuilder, Query, EMBEDDED_GLOSSARY, EMBEDDED_SOURCE,
};

/// A data directory holding `source` and `glossary`.
fn data_dir(source: &[u8], glossary: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("source.fr.txt"), source).unwrap();
    std::fs::write(dir.path().join("glossary.json"), glossary).unwrap();
    dir
}

/// Loads `glossary` (with the embedded article) and returns the error.
fn load_error(glossary: &str) -> (Error, PathBuf) {
    let dir = data_dir(EMBEDDED_SOURCE.as_bytes(), glossary.as_bytes());
    let err = Glossary::from_dir(dir.path()).expect_err("the data is invalid");
    (err, dir.path().join("glossary.json"))
}

/// Asserts a `Data` error at `path:line:column`, both in the variant and in
/// `Error::location()`, whose message contains `needle`.
fn assert_data_error(err: &Error, path: &Path, line: usize, column: usize, needle: &str) {
    let expected = Location::line_column(path, line, column);
    match err {
        Error::Data {
            location, message, ..
        } => {
            assert_eq!(location, &expected, "{err}");
            assert!(message.contains(needle), "{message:?} lacks {needle:?}");
        }
        other => panic!("expected Error::Data, got {other:?}"),
    }
    assert_eq!(err.location(), Some(expected));
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}:{line}:{column}: ", path.display())),
        "{shown}"
    );
    assert_eq!(shown.lines().count(), 1);
}

const ONE: &str = r#"[
  {
    "id": "zone",
    "term": "Zone pilote",
    "term_en": "Pilot zone",
    "category": "pilot-zone"
  }
]"#;

/// An error and its causes, as a program prints them: each error displays
/// its own part only, and leaves its cause to `source()`.
fn chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut cause = err.source();
    while let Some(inner) = cause {
        let part = inner.to_string();
        assert!(
            !message.contains(&part),
            "{part:?} said twice in {message:?}"
        );
        message = format!("{message}: {part}");
        cause = inner.source();
    }
    message
}

#[test]
fn a_minimal_valid_glossary_loads() {
    let dir = data_dir(b"La zone pilote.\n", ONE.as_bytes());
    let glossary = Glossary::from_dir(dir.path()).unwrap();
    assert_eq!(glossary.entries().len(), 1);
    assert_eq!(glossary.mentions("zone").unwrap().len(), 1);
}

#[test]
fn missing_directory() {
    let err = Glossary::from_dir("/no/such/glossary-dir").unwrap_err();
    assert!(
        matches!(&err, Error::Io { path, .. } if path == Path::new("/no/such/glossary-dir")),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "cannot read /no/such/glossary-dir");
    assert_eq!(
        chain(&err),
        "cannot read /no/such/glossary-dir: no such data directory"
    );
    assert_eq!(
        err.location(),
        Some(Location::file("/no/such/glossary-dir"))
    );
}

#[test]
fn a_file_given_as_the_data_directory() {
    let dir = data_dir(b"Texte.\n", ONE.as_bytes());
    let file = dir.path().join("glossary.json");
    let err = Glossary::from_dir(&file).unwrap_err();
    assert!(
        chain(&err).contains("it is a file, not a data directory"),
        "{err}"
    );
    assert_eq!(err.location().unwrap().path(), file);
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("source.fr.txt"), "Texte.").unwrap();
    let err = Glossary::from_dir(dir.path()).unwrap_err();
    let expected = dir.path().join("glossary.json");
    assert!(
        matches!(&err, Error::Io { path, .. } if *path == expected),
        "{err:?}"
    );
    assert!(
        chain(&err).ends_with(
            "glossary.json: no such file (a data directory holds glossary.json, glossary.tbx or glossary.csv)"
        ),
        "{err}"
    );
    assert_eq!(err.location(), Some(Location::file(&expected)));
    assert!(
        std::error::Error::source(&err).is_some(),
        "the io::Error is kept as the source"
    );
}

#[test]
fn a_file_too_large_is_refused_before_it_is_read() {
    let dir = data_dir(b"", ONE.as_bytes());
    let source = dir.path().join("source.fr.txt");
    // A sparse file: no disk space is used.
    std::fs::File::options()
        .write(true)
        .open(&source)
        .unwrap()
        .set_len(chongqing_glossary::limits::MAX_FILE_BYTES + 1)
        .unwrap();
    let err = Glossary::from_dir(dir.path()).unwrap_err();
    assert!(err.to_string().contains("the maximum"), "{err}");
    assert_eq!(err.location(), Some(Location::file(&source)));
}

#[test]
fn non_utf8_bytes_name_the_position() {
    let dir = data_dir(b"Premi\xe8re ligne.\nSeconde \xff.\n", ONE.as_bytes());
    let err = Glossary::from_dir(dir.path()).unwrap_err();
    assert_data_error(
        &err,
        &dir.path().join("source.fr.txt"),
        1,
        6,
        "invalid UTF-8 (byte 0xe8 at byte offset 5)",
    );
}

/// Malformed JSON is a syntax error whose cause is serde's, said once
/// (serde's own line and column are the error's location).
#[test]
fn malformed_json() {
    let (err, path) = load_error("[\n  {\"id\": \"zone\",\n   \"term\" \"Zone\"}\n]");
    assert_data_error(&err, &path, 3, 11, "malformed JSON");
    assert_eq!(err.data_kind(), Some(DataErrorKind::Syntax));
    let cause = std::error::Error::source(&err).unwrap();
    assert_eq!(cause.to_string(), "expected `:`");
    let json = cause.downcast_ref::<JsonError>().unwrap();
    assert_eq!((json.serde().line(), json.serde().column()), (3, 11));
    assert!(!chain(&err).contains("at line"), "{}", chain(&err));
}

/// Each data error says what kind of mistake it is.
#[test]
fn data_errors_have_a_kind() {
    let missing = ONE.replace("    \"term_en\": \"Pilot zone\",\n", "");
    let unknown = ONE.replace("\"category\"", "\"colour\": \"red\",\n    \"category\"");
    let bad_type = ONE.replace("\"Pilot zone\"", "7");
    let empty = ONE.replace("\"Pilot zone\"", "\"  \"");
    let cases = [
        (missing.as_str(), DataErrorKind::MissingField),
        (unknown.as_str(), DataErrorKind::UnknownField),
        (bad_type.as_str(), DataErrorKind::InvalidValue),
        (empty.as_str(), DataErrorKind::Rule),
        ("[", DataErrorKind::Syntax),
    ];
    for (glossary, kind) in cases {
        let (err, _) = load_error(glossary);
        assert_eq!(err.data_kind(), Some(kind), "{err}");
    }
    let dir = data_dir(b"Premi\xe8re.\n", ONE.as_bytes());
    let err = Glossary::from_dir(dir.path()).unwrap_err();
    assert_eq!(err.data_kind(), Some(DataErrorKind::Encoding), "{err}");
    let dir = data_dir(EMBEDDED_SOURCE.as_bytes(), ONE.as_bytes());
    std::fs::write(dir.path().join("glossary.csv"), "term,term_en\na,b\n").unwrap();
    let err = Glossary::from_dir(dir.path()).unwrap_err();
    assert_eq!(err.data_kind(), Some(DataErrorKind::Layout), "{err}");
    // Files of segments.
    let segments = [
        ("a.tsv", "no tab here\n", DataErrorKind::Syntax),
        ("a.xlf", "<xliff version=\"3.0\"/>", DataErrorKind::Format),
        // A file named as XLIFF is read as XLIFF, and says why it is not.
        ("a.xlf", "<html><body/></html>", DataErrorKind::Format),
        ("a.sdlxliff", "no tab, no XML\n", DataErrorKind::Syntax),
        (
            "a.xlf",
            r#"<xliff version="2.0" srcLang="fr" trgLang="de"><file id="f"/></xliff>"#,
            DataErrorKind::Languages,
        ),
        (
            "a.xlf",
            "<xliff version=\"2.0\"><file",
            DataErrorKind::Syntax,
        ),
    ];
    for (name, text, kind) in segments {
        let err = chongqing_glossary::read_segments(text, name).unwrap_err();
        assert_eq!(err.data_kind(), Some(kind), "{name}: {err}");
    }
}

#[test]
fn json_that_is_not_an_array() {
    let (err, path) = load_error("\"zone\"");
    assert_data_error(&err, &path, 1, 6, "expected a sequence");
    // An object is the form with a title: its other keys are refused.
    let (err, path) = load_error("{\"id\": \"zone\"}");
    assert_data_error(
        &err,
        &path,
        1,
        5,
        "unknown field `id`, expected `title` or `entries`",
    );
    let (err, path) = load_error("{\"title\": \"T\"}");
    assert_data_error(&err, &path, 1, 14, "missing field `entries`");
}

#[test]
fn unknown_field() {
    let (err, path) =
        load_error(&ONE.replace("\"category\"", "\"colour\": \"red\",\n    \"category\""));
    assert_data_error(&err, &path, 6, 12, "entry `zone`: unknown field `colour`");
}

#[test]
fn missing_field_names_the_entry() {
    let (err, path) = load_error(&ONE.replace("    \"term_en\": \"Pilot zone\",\n", ""));
    assert_data_error(&err, &path, 6, 3, "entry `zone`: missing field `term_en`");
}

#[test]
fn duplicate_id() {
    let two = format!("[{},\n{}]", &ONE[1..ONE.len() - 1], &ONE[1..ONE.len() - 1]);
    let dir = data_dir(b"Texte.\n", two.as_bytes());
    let err = Glossary::from_dir(dir.path()).unwrap_err();
    let path = dir.path().join("glossary.json");
    match &err {
        Error::DuplicateId {
            id,
            location,
            first_line,
        } => {
            assert_eq!((id.as_str(), *first_line), ("zone", 3));
            assert_eq!(location, &Location::line_column(&path, 11, 5));
        }
        other => panic!("expected DuplicateId, got {other:?}"),
    }
    assert_eq!(err.location(), Some(Location::line_column(&path, 11, 5)));
    assert!(
        err.to_string()
            .contains("duplicate entry id `zone` (first used on line 3)"),
        "{err}"
    );
}

#[test]
fn empty_term() {
    let (err, path) = load_error(&ONE.replace("\"Zone pilote\"", "\"  \""));
    assert_data_error(&err, &path, 4, 5, "entry `zone`: `term` is empty");
}

#[test]
fn term_with_no_searchable_word() {
    let (err, path) = load_error(&ONE.replace("\"Zone pilote\"", "\"de la — « »\""));
    assert_data_error(&err, &path, 4, 5, "`term` has no searchable word");
}

#[test]
fn english_term_with_no_searchable_word() {
    let (err, path) = load_error(&ONE.replace("\"Pilot zone\"", "\"the and of\""));
    assert_data_error(&err, &path, 5, 5, "`term_en` has no searchable word");
}

#[test]
fn name_longer_than_any_name() {
    use chongqing_glossary::limits::MAX_NAME_WORDS;
    let long = vec!["tramway"; MAX_NAME_WORDS + 1].join(" ");
    let (err, path) = load_error(&ONE.replace("\"Zone pilote\"", &format!("\"{long}\"")));
    let message = format!("entry `zone`: `term` has 65 words; a name has at most {MAX_NAME_WORDS}");
    assert_data_error(&err, &path, 4, 5, &message);
    // An alias is refused the same way, named by its place in the list.
    let (err, path) = load_error(&ONE.replace(
        "\"category\"",
        &format!("\"aliases_en\": [\"zone\", \"{long}\"],\n    \"category\""),
    ));
    assert_data_error(&err, &path, 6, 5, "`aliases_en[1]` has 65 words");
    // The limit itself is a name.
    let fit = vec!["tramway"; MAX_NAME_WORDS].join(" ");
    let json = ONE.replace("\"Zone pilote\"", &format!("\"{fit}\""));
    let dir = data_dir(EMBEDDED_SOURCE.as_bytes(), json.as_bytes());
    Glossary::from_dir(dir.path()).expect("64 words are a name");
}

#[test]
fn empty_alias() {
    let (err, path) = load_error(&ONE.replace(
        "\"category\"",
        "\"aliases\": [\"zone\", \"\"],\n    \"category\"",
    ));
    assert_data_error(&err, &path, 6, 5, "`aliases[1]` is empty");
}

#[test]
fn a_category_that_is_not_a_slug() {
    let (err, path) = load_error(&ONE.replace("\"pilot-zone\"", "\"Pilot Area\""));
    assert_data_error(
        &err,
        &path,
        6,
        5,
        "entry `zone`: invalid category `Pilot Area`",
    );
}

#[test]
fn own_categories_and_sectors_load() {
    let own = ONE.replace("\"pilot-zone\"", "\"bike-lane\"").replace(
        "\"category\"",
        "\"sector\": \"mobility\",\n    \"category\"",
    );
    let dir = data_dir(b"La zone pilote.\n", own.as_bytes());
    let glossary = Glossary::from_dir(dir.path()).unwrap();
    let entry = &glossary.entries()[0];
    assert_eq!(entry.category.as_str(), "bike-lane");
    assert_eq!(entry.sector.as_ref().unwrap().as_str(), "mobility");
    let hits = glossary
        .search(&Query::new("zone").category("bike-lane".parse().unwrap()))
        .unwrap();
    assert_eq!(hits.total_hits, 1);
}

/// The embedded glossary's rules on hubs and sectors bind the embedded
/// data only: an own glossary may use the named categories its own way.
#[test]
fn own_glossaries_follow_their_own_rules_on_categories() {
    for glossary in [
        ONE.replace(
            "\"category\"",
            "\"sector\": \"health-life\",\n    \"category\"",
        ),
        ONE.replace("\"pilot-zone\"", "\"innovation-hub\""),
        ONE.replace("\"pilot-zone\"", "\"energy\""),
    ] {
        let dir = data_dir(b"La zone pilote.\n", glossary.as_bytes());
        let g = Glossary::from_dir(dir.path()).unwrap();
        assert_eq!(g.entries().len(), 1);
    }
}

#[test]
fn invalid_id() {
    let (err, path) = load_error(&ONE.replace("\"zone\"", "\"Zone Pilote\""));
    assert_data_error(&err, &path, 3, 5, "invalid id `Zone Pilote`");
}

#[test]
fn empty_definition_must_be_null() {
    let (err, path) =
        load_error(&ONE.replace("\"category\"", "\"definition\": \"\",\n    \"category\""));
    assert_data_error(&err, &path, 6, 5, "use null");
}

#[test]
fn the_embedded_glossary_with_one_more_field_is_rejected() {
    let broken = EMBEDDED_GLOSSARY.replacen("\"sector\": null,", "\"sector\": null, \"x\": 1,", 1);
    let (err, path) = load_error(&broken);
    assert_eq!(err.location().unwrap().path(), path);
    assert!(matches!(&err, Error::Data { .. }), "{err:?}");
}

#[test]
fn byte_order_marks_are_skipped_and_spans_stay_exact() {
    let source = "\u{feff}La zone pilote attire.\n";
    let glossary = format!("\u{feff}{ONE}");
    let dir = data_dir(source.as_bytes(), glossary.as_bytes());
    let g = Glossary::from_dir(dir.path()).unwrap();
    let passage = g.passages().next().unwrap();
    assert_eq!(passage.text, "La zone pilote attire.");
    assert_eq!(&source[passage.span.clone()], passage.text);
    // A later error still has the line and column an editor shows.
    let bad = format!("\u{feff}{}", ONE.replace("\"Zone pilote\"", "\"  \""));
    let dir = data_dir(source.as_bytes(), bad.as_bytes());
    let err = Glossary::from_dir(dir.path()).unwrap_err();
    assert_data_error(&err, &dir.path().join("glossary.json"), 4, 5, "is empty");
}

#[test]
fn text_given_directly_names_the_file_it_stands_for() {
    let err = GlossaryBuilder::new()
        .from_texts("Texte.", "[")
        .unwrap_err();
    assert!(err.to_string().starts_with("glossary.json:1:2: "), "{err}");
    assert_eq!(
        err.location().unwrap().position(),
        Position::LineColumn { line: 1, column: 2 }
    );
}

/// One `Display` test per variant: one line, lowercase, no trailing period,
/// names what is wrong; and `location()` for each.
#[test]
fn every_variant_displays_what_is_wrong() {
    let glossary = Glossary::embedded().unwrap();
    let utf16_dir = data_dir(b"\xff\xfeT\x00\x00\xd8x\x00", ONE.as_bytes());
    let utf16_error = format!(
        "{}: byte 4: the text is not valid UTF-16LE (at byte offset 4)",
        utf16_dir.path().join("source.fr.txt").display()
    );
    let cases: Vec<(Error, &str, Option<Location>)> = vec![
        (
            Glossary::from_dir("/no/such/dir").unwrap_err(),
            "cannot read /no/such/dir: no such data directory",
            Some(Location::file("/no/such/dir")),
        ),
        (
            GlossaryBuilder::new()
                .from_texts("Texte.", "[\n{")
                .unwrap_err(),
            "glossary.json:2:2: malformed JSON: EOF while parsing an object",
            Some(Location::line_column("glossary.json", 2, 2)),
        ),
        (
            // UTF-16LE with a lone high surrogate (0xD800) at byte 4.
            Glossary::from_dir(utf16_dir.path()).unwrap_err(),
            &utf16_error,
            Some(Location::byte(utf16_dir.path().join("source.fr.txt"), 4)),
        ),
        (
            Error::DuplicateId {
                location: Location::line_column("g.json", 9, 5),
                id: "a".into(),
                first_line: 2,
            },
            "g.json:9:5: duplicate entry id `a` (first used on line 2)",
            Some(Location::line_column("g.json", 9, 5)),
        ),
        (
            glossary.search(&Query::new("   ")).unwrap_err(),
            "the query is empty",
            None,
        ),
        (
            glossary.search(&Query::new("de la")).unwrap_err(),
            "the query `de la` has only stop words, which are not searched",
            None,
        ),
        (
            glossary
                .search(&Query::new("zone").limit(5000))
                .unwrap_err(),
            "the limit 5000 is over the maximum of 1000",
            None,
        ),
        (
            glossary.suggest("", 3).unwrap_err(),
            "the prefix is empty",
            None,
        ),
        (
            glossary.mentions("nope").unwrap_err(),
            "no entry `nope`",
            None,
        ),
        (
            Error::IndexDir {
                path: "/tmp/i".into(),
                reason: "locked".into(),
            },
            "index directory /tmp/i: locked",
            Some(Location::file("/tmp/i")),
        ),
    ];
    for (err, expected, location) in &cases {
        assert_eq!(chain(err), *expected);
        assert!(!expected.ends_with('.'));
        assert_eq!(&err.location(), location, "{err}");
    }
    assert!(matches!(
        glossary.suggest("", 3),
        Err(Error::Query(QueryError::Empty {
            input: Input::Prefix
        }))
    ));
    // `Error::Index` wraps the engine's error in an opaque type; its message
    // is tested in `src/error.rs`, where one can be built.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let err = GlossaryBuilder::new()
        .index_dir(&file)
        .embedded()
        .unwrap_err();
    assert!(matches!(err, Error::IndexDir { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "index directory {}: it is a file; give a directory (it is created if missing)",
            file.display()
        )
    );
}

/// A parser's error is kept as the cause of a data error, not turned into
/// text: `source()` reaches quick-xml's own error (and csv's, for the
/// errors it raises that the reader does not word itself), and the crate's
/// message says its own part only.
#[test]
fn a_parser_error_is_the_cause_of_a_data_error() {
    use chongqing_glossary::{GlossaryBuilder, GlossaryFormat};
    use std::error::Error as _;
    let none: [(&str, &str); 0] = [];
    let tbx = r#"<martif><text><body><termEntry id="a"></body></text></martif>"#;
    let err = GlossaryBuilder::new()
        .from_memory(GlossaryFormat::Tbx, tbx, none)
        .unwrap_err();
    assert_eq!(err.to_string(), "glossary.tbx:1:39: malformed XML");
    let cause = err.source().expect("the parser's error");
    assert!(
        cause.downcast_ref::<quick_xml::Error>().is_some(),
        "{cause:?}"
    );
    assert!(cause.to_string().contains("</termEntry>"), "{cause}");
}
