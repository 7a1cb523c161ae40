//! Files as other tools write them: TBX v3 in DCT style, IATE and
//! MultiTerm exports, UTF-16 and windows-1252, XLIFF that translates
//! English into French, prefixed XLIFF, `translate="no"`, and the round
//! trips that must lose nothing. Each case failed before the formats had
//! one home each.

use chongqing_glossary::{
    check::SegmentFormat, check::Side, read_segments, Direction, FindingKind, Glossary,
    GlossaryBuilder, GlossaryFormat, PartOfSpeech, Query, Status, Warning,
};

const HEALTH_V3: &str = include_str!("data/health-v3.tbx");
const TRANSPORT_DCT: &str = include_str!("data/transport-dct.tbx");
const IATE: &str = include_str!("data/iate-export.tbx");
const MULTITERM_UTF16: &[u8] = include_bytes!("data/multiterm-utf16.tbx");
const LATIN1: &[u8] = include_bytes!("data/latin1-cp1252.tbx");
const EN_FR_12: &str = include_str!("data/en-fr-1.2.xlf");
const EN_FR_20: &str = include_str!("data/en-fr-2.0.xlf");

fn load(format: GlossaryFormat, bytes: impl Into<Vec<u8>>) -> Glossary {
    GlossaryBuilder::new()
        .from_memory(format, bytes, [("notes.fr.txt", "")])
        .unwrap()
}

fn health() -> &'static Glossary {
    static G: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
    G.get_or_init(|| load(GlossaryFormat::Tbx, HEALTH_V3))
}

/// (segment, kind, side, entry, matched text, expected)
type Seen = (usize, FindingKind, Side, String, String, Vec<String>);

fn seen(
    report: &chongqing_glossary::CheckReport<'_>,
    read: &chongqing_glossary::Segments,
) -> Vec<Seen> {
    report
        .findings
        .iter()
        .map(|f| {
            let segment = &read.segments[f.segment - 1];
            let (text, spans) = if f.side == Side::Source {
                (&segment.source, &f.source)
            } else {
                (&segment.target, &f.target)
            };
            let matched = spans
                .first()
                .map_or(String::new(), |r| text[r.clone()].to_string());
            (
                f.segment,
                f.kind,
                f.side,
                f.entry.to_string(),
                matched,
                f.expected.iter().map(|e| e.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn an_english_to_french_xliff_is_checked_english_to_french() {
    use FindingKind::{Deprecated, Missing};
    use Side::{Source, Target};
    for (file, format) in [
        (EN_FR_12, SegmentFormat::Xliff1),
        (EN_FR_20, SegmentFormat::Xliff2),
    ] {
        let read = read_segments(file, "leaflet.xlf").unwrap();
        assert_eq!(read.format, format);
        assert_eq!(read.direction, Direction::EnglishToFrench);
        let languages = read.languages.clone().unwrap();
        assert_eq!(languages.1, "fr-FR");
        let report = health().check_segments(&read);
        assert_eq!(report.direction, Direction::EnglishToFrench);
        assert_eq!(
            (
                report.segments,
                report.untranslated,
                report.not_translatable
            ),
            (6, 1, 2),
            "{format:?}"
        );
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            seen(&report, &read),
            [
                // Two English occurrences, one approved French name.
                (
                    2,
                    Missing,
                    Target,
                    "c-essai".into(),
                    "essais cliniques".into(),
                    s(&["essai clinique"])
                ),
                // A deprecated English name in the source, with the
                // preferred English one as the suggestion.
                (
                    3,
                    Deprecated,
                    Source,
                    "c-essai".into(),
                    "clinical study".into(),
                    s(&["clinical trial"])
                ),
                // The superseded French name is no translation of EMA.
                (
                    3,
                    Missing,
                    Target,
                    "c-ema".into(),
                    "".into(),
                    s(&["Agence européenne des médicaments", "EMA"])
                ),
                (
                    3,
                    Deprecated,
                    Target,
                    "c-ema".into(),
                    "EMEA".into(),
                    s(&["Agence européenne des médicaments"])
                ),
            ],
            "{format:?}"
        );
    }
}

#[test]
fn each_side_is_read_in_its_own_language_only() {
    let tbx = r#"<martif type="TBX" xml:lang="fr"><text><body>
      <termEntry id="seg"><langSet xml:lang="fr"><tig><term>segment</term></tig></langSet>
        <langSet xml:lang="en"><tig><term>line segment</term></tig></langSet></termEntry>
      <termEntry id="design"><langSet xml:lang="fr"><tig><term>design</term></tig></langSet>
        <langSet xml:lang="en"><tig><term>industrial styling</term></tig></langSet></termEntry>
    </body></text></martif>"#;
    let g = load(GlossaryFormat::Tbx, tbx);
    // French to English: the French name `design` in the English target
    // is no translation; the English target is read for English names.
    let report = g.check([("Le design du tram.", "The design of the tram.")]);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].kind, FindingKind::Missing);
    // English to French: the English source holds no English name; the
    // French words `segment` and `design` in it are not names.
    let report = g.check_in(
        Direction::EnglishToFrench,
        [("Segment the design into segments.", "Segmentez le design.")],
    );
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let report = g.check_in(
        Direction::EnglishToFrench,
        [("Each line segment is drawn.", "Chaque trait est tracé.")],
    );
    assert_eq!(report.findings[0].expected, ["segment"]);
}

#[test]
fn xliff_is_known_by_its_root_element_whatever_its_prologue_or_prefix() {
    let comment = format!("<!-- {} -->\n", "exported ".repeat(600));
    let prefixed = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
{comment}<!DOCTYPE x:xliff [
  <!-- {pad} -->
]>
<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <x:file source-language="fr-FR" target-language="en-US" original="a" datatype="plaintext">
    <x:body>
      <x:trans-unit id="1"><x:source>Un essai clinique.</x:source><x:target>A clinical study.</x:target></x:trans-unit>
    </x:body>
  </x:file>
</x:xliff>
"#,
        pad = "padding ".repeat(600)
    );
    assert!(prefixed.find("<x:xliff").unwrap() > 4096);
    let read = read_segments(&prefixed, "job.xlf").unwrap();
    assert_eq!(read.format, SegmentFormat::Xliff1);
    assert_eq!(read.segments[0].target, "A clinical study.");
    assert_eq!(health().check_segments(&read).findings.len(), 2);
    // TSV whose first cell holds markup is TSV.
    let tsv = "<b>Un essai</b> <xliff> clinique.\t<b>A trial</b>\n";
    let read = read_segments(tsv, "job.tsv").unwrap();
    assert_eq!(read.format, SegmentFormat::Tsv);
    assert_eq!(read.segments[0].source, "<b>Un essai</b> <xliff> clinique.");
}

#[test]
fn tbx_v3_in_dct_style_carries_what_dca_carries() {
    let g = load(GlossaryFormat::Tbx, TRANSPORT_DCT);
    assert_eq!(g.title(), Some("Mobilité urbaine"));
    let ids: Vec<&str> = g.entries().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["TR-0001", "TR-0002", "TR-0003"]);
    let tram = g.entry("TR-0001").unwrap();
    assert_eq!(tram.category.as_str(), "transport-public");
    // Indentation is one space; the no-break space of `article 67` stays.
    assert_eq!(
        tram.definition.as_deref(),
        Some("Véhicule guidé sur rails circulant en ville, au sens de l’article\u{a0}67 du règlement.")
    );
    assert_eq!(
        tram.definition_en.as_deref(),
        Some("A rail vehicle that runs on tracks along city streets.")
    );
    assert_eq!(
        tram.note.as_deref(),
        Some("Voir l’article\u{a0}67 du règlement\u{202f}!\nstreetcar: North American usage.")
    );
    // The language section's part of speech goes to its terms.
    assert_eq!(tram.term.part_of_speech, Some(PartOfSpeech::Noun));
    assert_eq!(tram.aliases[0].part_of_speech, Some(PartOfSpeech::Noun));
    let status = |id: &str, text: &str| {
        let e = g.entry(id).unwrap();
        let (n, k) = e.names().find(|(n, _)| n.as_str() == text).unwrap();
        n.status_as(k)
    };
    assert_eq!(status("TR-0001", "streetcar"), Status::Admitted);
    assert_eq!(status("TR-0001", "trolley"), Status::Deprecated);
    // A status nobody knows: warned, and never a name to use.
    assert_eq!(status("TR-0003", "points"), Status::Deprecated);
    assert!(g.warnings().contains(&Warning::UnknownStatus {
        entry: "TR-0003".into(),
        name: "points".into(),
        value: "legacy wording".into(),
    }));
    assert_eq!(
        g.entry("TR-0002")
            .unwrap()
            .sector
            .as_ref()
            .map(|s| s.as_str()),
        Some("mobilite")
    );
    assert!(g.warnings().contains(&Warning::SkippedLanguages {
        terms: vec![("es-es".into(), 1)],
    }));
    // A deprecated name is a finding; the check names the preferred one.
    let report = g.check([("Le tramway passe.", "The trolley goes by.")]);
    let kinds: Vec<FindingKind> = report.findings.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [FindingKind::Missing, FindingKind::Deprecated]);
    assert_eq!(report.findings[1].expected, ["tram"]);
}

#[test]
fn an_iate_export_keeps_its_ids_and_its_concept_level_definitions() {
    let g = load(GlossaryFormat::Tbx, IATE);
    let ids: Vec<&str> = g.entries().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["IATE-84", "IATE-3502317"]);
    let data = g.entry("IATE-84").unwrap();
    assert_eq!(data.category.as_str(), "1011");
    // A concept-level definition has no language of its own: the file's
    // (`xml:lang="en"` on `martif`).
    assert_eq!(
        data.definition_en.as_deref(),
        Some("The body of rules governing the protection of personal data in the Union.")
    );
    assert_eq!(data.definition, None);
    let bms = g.entry("IATE-3502317").unwrap();
    assert_eq!(bms.category.as_str(), "2016-6821");
    assert_eq!(
        bms.definition.as_deref(),
        Some("Système de gestion de l’énergie d’un bâtiment.")
    );
    assert!(bms.aliases[0].is_case_sensitive(), "an abbreviation");
    assert!(g.warnings().contains(&Warning::SkippedConcepts {
        count: 1,
        first: "IATE-1402910".into(),
    }));
    // Exported and read back, the ids are the file's.
    #[cfg(feature = "export")]
    {
        let mut tbx = Vec::new();
        g.export(chongqing_glossary::ExportFormat::Tbx, &mut tbx)
            .unwrap();
        let back = load(GlossaryFormat::Tbx, tbx);
        assert_eq!(back.entries(), g.entries());
    }
}

#[test]
fn a_name_longer_than_any_name_is_skipped_with_a_warning() {
    use chongqing_glossary::limits::MAX_NAME_WORDS;
    let long = vec!["tramway"; MAX_NAME_WORDS + 1].join(" ");
    let csv = format!("fr,en,en\ntramway,tram,{long}\n{long},long tram,\nmétro,metro,\n");
    let g = load(GlossaryFormat::Csv, csv);
    // An alias goes; the entry stays with its other names.
    let tram = g.entry("tramway").unwrap();
    assert_eq!(tram.term_en.as_str(), "tram");
    assert!(tram.aliases_en.is_empty());
    // A language's only name goes, and the entry with it.
    assert_eq!(g.entries().len(), 2);
    assert!(g.entry("metro").is_some());
    assert_eq!(
        g.warnings()
            .iter()
            .filter(|w| matches!(w, Warning::NameTooLong { words: 65, .. }))
            .map(|w| w.to_string())
            .collect::<Vec<_>>(),
        [
            "entry `tramway`: a name of 65 words is no name (at most 64): skipped",
            "entry `tramway-tramway-tramway-tramway-tramway-tramway-tramway-tramway`: a name of 65 words is no name (at most 64): skipped, and the entry with it (no other name in its language)",
        ]
    );
    // Queries stay quick: no name holds more than the limit.
    assert!(g.search(&Query::new("tramway")).is_ok());
}

#[test]
fn utf16_and_declared_encodings_are_read() {
    let g = load(GlossaryFormat::Tbx, MULTITERM_UTF16);
    assert_eq!(g.title(), Some("Numérique – glossaire client"));
    let online = g.entry("_1").unwrap();
    assert_eq!(online.category.as_str(), "services-en-ligne");
    assert_eq!(
        online.definition_en.as_deref(),
        Some("Available through the Internet rather than in person.")
    );
    // A name of stop words only is skipped with a warning; the file loads.
    assert_eq!(online.aliases.len(), 0);
    assert!(g.warnings().contains(&Warning::UnsearchableName {
        entry: "_1".into(),
        name: "en".into(),
        entry_skipped: false,
    }));
    assert!(g.entry("_2").is_none(), "no searchable name left");
    assert!(g.warnings().iter().any(|w| matches!(
        w,
        Warning::UnsearchableName { entry, entry_skipped: true, .. } if entry == "_2"
    )));
    let password = g.entry("_3").unwrap();
    let (pass_word, kind) = password
        .names()
        .find(|(n, _)| n.as_str() == "pass word")
        .unwrap();
    assert_eq!(pass_word.status_as(kind), Status::Deprecated);
    let latin = load(GlossaryFormat::Tbx, LATIN1);
    let tariff = &latin.entries()[0];
    assert_eq!(tariff.category.as_str(), "energie");
    assert_eq!(
        tariff.definition.as_deref(),
        Some("Coût de l’électricité : 0,15 € le kWh.")
    );
    // The same bytes without their declaration: an error that says what
    // the file likely is.
    let stripped: Vec<u8> = {
        let decl = b" encoding=\"windows-1252\"";
        let at = LATIN1.windows(decl.len()).position(|w| w == decl).unwrap();
        [&LATIN1[..at], &LATIN1[at + decl.len()..]].concat()
    };
    let err = GlossaryBuilder::new()
        .from_memory(GlossaryFormat::Tbx, stripped, [("a.fr.txt", "")])
        .unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("glossary.tbx:5:"), "{message}");
    assert!(message.contains("windows-1252"), "{message}");
}

#[cfg(feature = "export")]
#[test]
fn export_then_import_keeps_every_character_and_the_sector() {
    let json = r#"[{"id": "a", "term": "zone  pilote", "term_en": "pilot zone",
        "category": "zones", "sector": "finance",
        "definition": "  Voir l’article\u00a067\n\tdu code\u202f!  ",
        "definition_en": "Line one.\r\nLine two.",
        "note": "sector: not a sector, a note"}]"#;
    let g = GlossaryBuilder::new()
        .from_memory(GlossaryFormat::Json, json, [("a.fr.txt", "")])
        .unwrap();
    let mut tbx = Vec::new();
    g.export(chongqing_glossary::ExportFormat::Tbx, &mut tbx)
        .unwrap();
    let back = load(GlossaryFormat::Tbx, tbx);
    assert_eq!(back.entries(), g.entries());
    let entry = &back.entries()[0];
    assert_eq!(entry.sector.as_ref().map(|s| s.as_str()), Some("finance"));
    assert_eq!(entry.note.as_deref(), Some("sector: not a sector, a note"));
    assert_eq!(entry.term.as_str(), "zone  pilote");
}

#[test]
fn what_is_not_a_termbase_is_refused_and_an_empty_one_warned() {
    for text in ["Just a note, not XML.\n", "<?xml version=\"1.0\"?>\n", ""] {
        let err = GlossaryBuilder::new()
            .from_memory(GlossaryFormat::Tbx, text, [("a.fr.txt", "")])
            .unwrap_err();
        assert!(
            err.to_string().contains("not a TBX file"),
            "{text:?}: {err}"
        );
    }
    let english_only = r#"<martif type="TBX" xml:lang="en"><text><body>
        <termEntry id="t"><langSet xml:lang="en"><tig><term>tachograph</term></tig></langSet></termEntry>
        </body></text></martif>"#;
    let g = load(GlossaryFormat::Tbx, english_only);
    assert!(g.entries().is_empty());
    assert_eq!(
        g.warnings(),
        [Warning::SkippedConcepts {
            count: 1,
            first: "t".into()
        }]
    );
}

#[test]
fn made_ids_never_take_an_id_the_file_gives() {
    let csv = "id,term,term_en\n,contrat,contract\ncontrat,accord,agreement\n";
    let g = load(GlossaryFormat::Csv, csv);
    let ids: Vec<(&str, &str)> = g
        .entries()
        .iter()
        .map(|e| (e.id.as_str(), e.term.as_str()))
        .collect();
    assert_eq!(ids, [("contrat-2", "contrat"), ("contrat", "accord")]);
}

#[test]
fn csv_quotes_languages_and_encodings() {
    // A quote never closed: the error is where it opens.
    let err = GlossaryBuilder::new()
        .from_memory(
            GlossaryFormat::Csv,
            "fr,en\nzone,zone\n\"pilote,pilot\nessai,trial\n",
            [("a.fr.txt", "")],
        )
        .unwrap_err();
    let at = err.location().unwrap();
    assert_eq!((at.line(), at.column()), (Some(3), Some(1)), "{err}");
    assert!(err.to_string().contains("never closed"), "{err}");
    // Two columns of one language: the second holds aliases.
    let g = load(
        GlossaryFormat::Csv,
        "fr,fr-CA,en,de\nvoiture,char,car,Auto\n",
    );
    let e = &g.entries()[0];
    assert_eq!(
        (e.term.as_str(), e.aliases[0].as_str()),
        ("voiture", "char")
    );
    assert_eq!(
        g.warnings(),
        [Warning::SkippedLanguages {
            terms: vec![("de".into(), 1)]
        }]
    );
    // UTF-16 with a byte-order mark, as spreadsheets save "Unicode text".
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "fr\ten\nvoiture\tcar\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let g = load(GlossaryFormat::Csv, utf16.clone());
    assert_eq!(g.entries()[0].term_en.as_str(), "car");
    // Segments too.
    let read = read_segments(&utf16, "job.tsv").unwrap();
    assert_eq!(read.segments[1].source, "voiture");
    // And documents.
    let mut document = vec![0xFE, 0xFF];
    for unit in "La voiture roule.\n".encode_utf16() {
        document.extend_from_slice(&unit.to_be_bytes());
    }
    let g = GlossaryBuilder::new()
        .from_memory(
            GlossaryFormat::Csv,
            "fr,en\nvoiture,car\n",
            [("a.fr.txt", document)],
        )
        .unwrap();
    assert_eq!(g.passages().next().unwrap().text, "La voiture roule.");
    assert_eq!(g.mentions(&g.entries()[0].id).unwrap().len(), 1);
}

#[test]
fn a_direction_can_be_given_to_tsv() {
    let read = read_segments("The clinical study.\tL’essai clinique.\n", "job.tsv")
        .unwrap()
        .with_direction(Direction::EnglishToFrench);
    let report = health().check_segments(&read);
    assert_eq!(report.direction, Direction::EnglishToFrench);
    let kinds: Vec<(FindingKind, Side)> =
        report.findings.iter().map(|f| (f.kind, f.side)).collect();
    assert_eq!(kinds, [(FindingKind::Deprecated, Side::Source)]);
}

#[cfg(unix)]
#[test]
fn a_document_whose_name_is_not_utf8_is_an_error_naming_it() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("glossary.csv"), "fr,en\nzone,zone\n").unwrap();
    let name = std::ffi::OsStr::from_bytes(b"rapport-\xe9t\xe9.fr.txt");
    std::fs::write(dir.path().join(name), "Une zone.\n").unwrap();
    let err = Glossary::from_dir(dir.path()).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("rapport-\u{fffd}t\u{fffd}.fr.txt"),
        "{message}"
    );
    assert!(message.contains("not UTF-8"), "{message}");
}

#[test]
fn glossary_formats_read_and_write_their_names() {
    use chongqing_glossary::GlossaryFormat;
    for format in GlossaryFormat::ALL {
        let name = format.to_string();
        assert_eq!(name.parse::<GlossaryFormat>(), Ok(format));
        assert_eq!(name.to_uppercase().parse::<GlossaryFormat>(), Ok(format));
        // A file name's extension, with its dot.
        let extension = format.file_name().rsplit('.').next().unwrap();
        assert_eq!(
            format!(".{extension}").parse::<GlossaryFormat>(),
            Ok(format)
        );
    }
    let err = "xlsx".parse::<GlossaryFormat>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid glossary format `xlsx`: expected json, tbx or csv"
    );
}

/// A subject field keeps its label beside its slug: read from TBX, CSV and
/// JSON, written back by the TBX export, shown by `--show`.
#[test]
fn a_category_keeps_its_label_beside_its_slug() {
    let labelled = |g: &Glossary| -> Vec<(String, Option<String>)> {
        g.entries()
            .iter()
            .map(|e| (e.category.to_string(), e.category_label.clone()))
            .collect()
    };
    // TBX: `Médicaments` and `Recherche clinique`.
    let tbx = labelled(health());
    assert!(tbx.contains(&("medicaments".into(), Some("Médicaments".into()))));
    assert!(tbx.contains(&(
        "recherche-clinique".into(),
        Some("Recherche clinique".into())
    )));
    // CSV, named columns; a slug given as the category has no label.
    let csv = "id,term,term_en,category\n\
               e1,heure de pointe,rush hour,Production d'électricité\n\
               e2,pompe à chaleur,heat pump,energie\n";
    let g = load(GlossaryFormat::Csv, csv);
    assert_eq!(
        labelled(&g),
        [
            (
                "production-d-electricite".into(),
                Some("Production d'électricité".into())
            ),
            ("energie".into(), None)
        ]
    );
    // JSON, spaced once.
    let json = r#"[{"id": "a", "term": "zone pilote", "term_en": "pilot zone",
        "category": "production-d-electricite", "category_label": " Production  d'électricité "}]"#;
    let g = load(GlossaryFormat::Json, json);
    assert_eq!(
        g.entries()[0].category_label.as_deref(),
        Some("Production d'électricité")
    );
    // Exported as TBX, the label is the subject field, read back the same.
    #[cfg(feature = "export")]
    {
        let mut out = Vec::new();
        g.export(chongqing_glossary::ExportFormat::Tbx, &mut out)
            .unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(
            text.contains(
                r#"<descrip type="subjectField">Production d&apos;électricité</descrip>"#
            ),
            "{text}"
        );
        assert_eq!(load(GlossaryFormat::Tbx, out).entries(), g.entries());
        // And the NDJSON export carries it.
        let mut ndjson = Vec::new();
        g.export(chongqing_glossary::ExportFormat::Ndjson, &mut ndjson)
            .unwrap();
        let line: serde_json::Value = serde_json::from_slice(&ndjson).unwrap();
        assert_eq!(line["category_label"], "Production d'électricité");
    }
}
