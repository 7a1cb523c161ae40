//! Bad data gives a typed error naming the file, line and column; every
//! error variant has a readable message.

use std::path::{Path, PathBuf};

use chongqing_glossary::{
    Error, Glossary, GlossaryBuilder, Query, EMBEDDED_GLOSSARY, EMBEDDED_SOURCE,
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

/// Asserts a `Data` error at `path:line:column` whose message contains `needle`.
fn assert_data_error(err: &Error, path: &Path, line: usize, column: usize, needle: &str) {
    match err {
        Error::Data {
            path: p,
            line: l,
            column: c,
            message,
        } => {
            assert_eq!((p.as_path(), *l, *c), (path, line, column), "{err}");
            assert!(message.contains(needle), "{message:?} lacks {needle:?}");
        }
        other => panic!("expected Error::Data, got {other:?}"),
    }
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}:{line}:{column}: ", path.display())),
        "{shown}"
    );
}

const ONE: &str = r#"[
  {
    "id": "zone",
    "term": "Zone pilote",
    "term_en": "Pilot zone",
    "category": "pilot-zone"
  }
]"#;

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
        std::error::Error::source(&err).is_some(),
        "the io::Error is kept as the source"
    );
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
        "invalid UTF-8 (byte 0xe8",
    );
}

#[test]
fn malformed_json() {
    let (err, path) = load_error("[\n  {\"id\": \"zone\",\n   \"term\" \"Zone\"}\n]");
    assert_data_error(&err, &path, 3, 11, "expected `:`");
}

#[test]
fn json_that_is_not_an_array() {
    let (err, path) = load_error("{\"id\": \"zone\"}");
    assert_data_error(&err, &path, 1, 1, "expected a sequence");
}

#[test]
fn unknown_field() {
    let (err, path) =
        load_error(&ONE.replace("\"category\"", "\"colour\": \"red\",\n    \"category\""));
    assert_data_error(&err, &path, 6, 12, "unknown field `colour`");
}

#[test]
fn missing_field() {
    let (err, path) = load_error(&ONE.replace("    \"term_en\": \"Pilot zone\",\n", ""));
    assert_data_error(&err, &path, 6, 3, "missing field `term_en`");
}

#[test]
fn duplicate_id() {
    let two = format!("[{},\n{}]", &ONE[1..ONE.len() - 1], &ONE[1..ONE.len() - 1]);
    let dir = data_dir(b"Texte.\n", two.as_bytes());
    let err = Glossary::from_dir(dir.path()).unwrap_err();
    match &err {
        Error::DuplicateId {
            id,
            line,
            first_line,
            ..
        } => {
            assert_eq!((id.as_str(), *line, *first_line), ("zone", 11, 3));
        }
        other => panic!("expected DuplicateId, got {other:?}"),
    }
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
fn empty_alias() {
    let (err, path) = load_error(&ONE.replace(
        "\"category\"",
        "\"aliases\": [\"zone\", \"\"],\n    \"category\"",
    ));
    assert_data_error(&err, &path, 6, 5, "`aliases[1]` is empty");
}

#[test]
fn unknown_category() {
    let (err, path) = load_error(&ONE.replace("\"pilot-zone\"", "\"pilot-area\""));
    assert_data_error(&err, &path, 6, 28, "unknown variant `pilot-area`");
}

#[test]
fn sector_on_a_non_hub() {
    let (err, path) = load_error(&ONE.replace(
        "\"category\"",
        "\"sector\": \"health-life\",\n    \"category\"",
    ));
    assert_data_error(
        &err,
        &path,
        6,
        5,
        "only `innovation-hub` entries have a sector",
    );
}

#[test]
fn hub_without_sector() {
    let (err, path) = load_error(&ONE.replace("\"pilot-zone\"", "\"innovation-hub\""));
    assert_data_error(&err, &path, 6, 5, "needs a `sector`");
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
    assert!(
        matches!(&err, Error::Data { path: p, .. } if *p == path),
        "{err:?}"
    );
}

#[test]
fn text_given_directly_names_the_file_it_stands_for() {
    let err = GlossaryBuilder::new()
        .texts("Texte.", "[")
        .build()
        .unwrap_err();
    assert!(err.to_string().starts_with("glossary.json:1:2: "), "{err}");
}

/// One `Display` test per variant: lowercase, no trailing period, names
/// what is wrong.
#[test]
fn every_variant_displays_what_is_wrong() {
    let glossary = Glossary::embedded().unwrap();
    let cases: Vec<(Error, &str)> = vec![
        (
            Error::Io {
                path: "data/x.json".into(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
            },
            "cannot read data/x.json",
        ),
        (
            Error::Data {
                path: "g.json".into(),
                line: 3,
                column: 7,
                message: "bad".into(),
            },
            "g.json:3:7: bad",
        ),
        (
            Error::DuplicateId {
                path: "g.json".into(),
                id: "a".into(),
                line: 9,
                column: 5,
                first_line: 2,
            },
            "g.json:9:5: duplicate entry id `a` (first used on line 2)",
        ),
        (
            glossary.search(&Query::new("   ")).unwrap_err(),
            "invalid query `   `: the query is empty",
        ),
        (glossary.entry("nope").unwrap_err(), "no entry `nope`"),
        (
            Error::IndexDir {
                path: "/tmp/i".into(),
                reason: "locked".into(),
            },
            "index directory /tmp/i: locked",
        ),
    ];
    for (err, expected) in &cases {
        assert_eq!(err.to_string(), *expected);
        assert!(!expected.ends_with('.'));
    }
    // `Error::Index` wraps the engine's error in an opaque type; its message
    // is tested in `src/error.rs`, where one can be built.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let err = GlossaryBuilder::new().index_dir(&file).build().unwrap_err();
    assert!(matches!(err, Error::IndexDir { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with(&format!(
            "index directory {}: cannot create it",
            file.display()
        )),
        "{err}"
    );
}
