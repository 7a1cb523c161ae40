//! What reviewers act on: the kinds of findings beyond missing and
//! deprecated names (not preferred, inconsistent, no target), each with
//! its severity, alike in both directions and on pairs, TSV, XLIFF 1.2 and
//! 2.0; and the findings written into a copy of the XLIFF file, which
//! outside the inserted markup is the input byte for byte.

use chongqing_glossary::{
    check::Side, read_segments, Direction, Error, FindingKind, Glossary, GlossaryBuilder,
    GlossaryFormat, Segments, Severity,
};

use FindingKind::{Inconsistent, Missing, NoTarget, NotPreferred};
use Side::{Source, Target};

/// Two entries with a preferred and an admitted name in each language,
/// and two whose names of one language are all deprecated.
const GLOSSARY: &str = r#"[
  {"id": "corridor", "term": "corridor d’innovation", "term_en": "innovation corridor",
   "aliases": ["couloir d’innovation"], "aliases_en": ["innovation belt"], "category": "c"},
  {"id": "navette", "term": "navette ferroviaire",
   "term_en": {"text": "rail shuttle", "status": "deprecated"}, "category": "c"},
  {"id": "tramtrain", "term": {"text": "train-tram", "status": "deprecated"},
   "term_en": "tram-train", "category": "c"}
]"#;

fn glossary() -> &'static Glossary {
    static G: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
    G.get_or_init(|| {
        GlossaryBuilder::new()
            .from_memory(GlossaryFormat::Json, GLOSSARY, [("notes.fr.txt", "")])
            .unwrap()
    })
}

/// (segment, kind, side, entry, source texts, target texts).
type Row = (
    usize,
    FindingKind,
    Side,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

/// Each direction's pairs, and the findings they give.
fn table(direction: Direction) -> (Vec<(&'static str, &'static str)>, Vec<Row>) {
    match direction {
        Direction::FrenchToEnglish => (
            vec![
                (
                    "Le corridor d’innovation relie les villes.",
                    "The innovation corridor links the cities.",
                ),
                (
                    "Le corridor d’innovation s’étend.",
                    "The innovation belt extends.",
                ),
                ("Une navette ferroviaire part.", "A shuttle leaves."),
                ("Le couloir d’innovation.", "The corridor."),
            ],
            vec![
                (
                    2,
                    NotPreferred,
                    Target,
                    "corridor",
                    &[],
                    &["innovation belt"],
                ),
                (
                    2,
                    Inconsistent,
                    Target,
                    "corridor",
                    &["corridor d’innovation"],
                    &["innovation belt"],
                ),
                (
                    3,
                    NoTarget,
                    Source,
                    "navette",
                    &["navette ferroviaire"],
                    &[],
                ),
                (
                    4,
                    Missing,
                    Target,
                    "corridor",
                    &["couloir d’innovation"],
                    &[],
                ),
            ],
        ),
        _ => (
            vec![
                (
                    "The innovation corridor links the cities.",
                    "Le corridor d’innovation relie les villes.",
                ),
                (
                    "The innovation corridors extend.",
                    "Les couloirs d’innovation s’étendent.",
                ),
                ("A tram-train leaves.", "Un train part."),
                ("The innovation belt.", "La ceinture."),
            ],
            vec![
                (
                    2,
                    NotPreferred,
                    Target,
                    "corridor",
                    &[],
                    &["couloirs d’innovation"],
                ),
                (
                    2,
                    Inconsistent,
                    Target,
                    "corridor",
                    &["innovation corridors"],
                    &["couloirs d’innovation"],
                ),
                (3, NoTarget, Source, "tramtrain", &["tram-train"], &[]),
                (4, Missing, Target, "corridor", &["innovation belt"], &[]),
            ],
        ),
    }
}

/// The pairs as a file of `format` (`tsv`, `1.2`, `2.0`) going `direction`.
fn file(pairs: &[(&str, &str)], format: &str, direction: Direction) -> String {
    let (source, target) = match direction {
        Direction::FrenchToEnglish => ("fr-FR", "en-US"),
        _ => ("en-GB", "fr-CA"),
    };
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;");
    match format {
        "tsv" => pairs.iter().map(|(s, t)| format!("{s}\t{t}\n")).collect(),
        "1.2" => {
            let units: String = pairs
                .iter()
                .enumerate()
                .map(|(i, (s, t))| {
                    format!(
                        "<trans-unit id=\"{i}\"><source>{}</source><target>{}</target></trans-unit>\n",
                        escape(s),
                        escape(t)
                    )
                })
                .collect();
            format!("<xliff version=\"1.2\"><file source-language=\"{source}\" target-language=\"{target}\"><body>\n{units}</body></file></xliff>\n")
        }
        _ => {
            let units: String = pairs
                .iter()
                .enumerate()
                .map(|(i, (s, t))| {
                    format!(
                        "<unit id=\"u{i}\"><segment><source>{}</source><target>{}</target></segment></unit>\n",
                        escape(s),
                        escape(t)
                    )
                })
                .collect();
            format!("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"{source}\" trgLang=\"{target}\"><file id=\"f\">\n{units}</file></xliff>\n")
        }
    }
}

fn rows(report: &chongqing_glossary::CheckReport<'_>, pairs: &[(&str, &str)]) -> Vec<Row> {
    // Leak the texts: rows borrow `'static` strings for comparison.
    let text = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    report
        .findings
        .iter()
        .map(|f| {
            let (source, target) = pairs[f.segment - 1];
            let spans = |t: &str, spans: &[std::ops::Range<usize>]| -> &'static [&'static str] {
                Box::leak(
                    spans
                        .iter()
                        .map(|s| text(&t[s.clone()]))
                        .collect::<Vec<_>>()
                        .into_boxed_slice(),
                )
            };
            (
                f.segment,
                f.kind,
                f.side,
                text(f.entry.as_str()),
                spans(source, &f.source),
                spans(target, &f.target),
            )
        })
        .collect()
}

#[test]
fn new_kinds_alike_in_both_directions_on_pairs_tsv_and_xliff() {
    for direction in [Direction::FrenchToEnglish, Direction::EnglishToFrench] {
        let (pairs, expected) = table(direction);
        let report = glossary().check_in(direction, pairs.iter().copied());
        assert_eq!(rows(&report, &pairs), expected, "{direction} pairs");
        // Severities go with the kinds; a gate fails on what it is asked.
        let severities: Vec<Severity> = report.findings.iter().map(|f| f.severity()).collect();
        use Severity::{Error as E, Info as I, Warning as W};
        assert_eq!(severities, [W, W, I, E], "{direction}");
        assert!(report.fails(Severity::Error) && report.fails(Severity::Info));
        // The inconsistency names each rendering and where.
        let inconsistent = &report.findings[1];
        let variants: Vec<(&str, Vec<usize>)> = inconsistent
            .variants
            .iter()
            .map(|v| (&*v.name, v.segments.clone()))
            .collect();
        let (preferred, admitted) = match direction {
            Direction::FrenchToEnglish => ("innovation corridor", "innovation belt"),
            _ => ("corridor d’innovation", "couloir d’innovation"),
        };
        assert_eq!(variants, [(preferred, vec![1]), (admitted, vec![2])]);
        assert_eq!(inconsistent.expected, [preferred]);
        for format in ["tsv", "1.2", "2.0"] {
            let mut read = read_segments(file(&pairs, format, direction), "job").unwrap();
            if format == "tsv" {
                read = read.with_direction(direction);
            }
            assert_eq!(read.direction, direction);
            let from_file = glossary().check_segments(&read);
            assert_eq!(from_file, report, "{direction} {format}");
        }
    }
}

#[test]
fn findings_group_by_segment_and_serialize_with_their_severity() {
    let (pairs, _) = table(Direction::FrenchToEnglish);
    let report = glossary().check(pairs.iter().copied());
    let groups: Vec<(usize, usize)> = report
        .by_segment()
        .map(|(segment, findings)| (segment, findings.len()))
        .collect();
    assert_eq!(groups, [(2, 2), (3, 1), (4, 1)]);
    let json = serde_json::to_value(&report).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["kind"], "not-preferred");
    assert_eq!(findings[1]["kind"], "inconsistent");
    assert_eq!(
        findings[1]["variants"],
        serde_json::json!([
            {"name": "innovation corridor", "segments": [1]},
            {"name": "innovation belt", "segments": [2]}
        ])
    );
    assert!(
        findings[0].get("variants").is_none(),
        "only for inconsistency"
    );
    assert_eq!(findings[2]["severity"], "info");
    assert_eq!(findings[3]["severity"], "error");
    // The sentence a person reads.
    let (source, target) = pairs[2];
    assert_eq!(
        report.findings[2].describe(source, target),
        "navette is in the source, but the glossary has no approved name for it in the target's language"
    );
    assert_eq!(
        (
            FindingKind::NotPreferred.to_string(),
            Severity::Warning.as_str()
        ),
        ("not-preferred".to_string(), "warning")
    );
    assert_eq!("WARNING".parse::<Severity>(), Ok(Severity::Warning));
    assert!("fatal".parse::<Severity>().is_err());
}

// ---------------------------------------------------------------------
// The annotated XLIFF.

const ANNOTATE_12: &[u8] = include_bytes!("data/annotate-1.2.xlf");
const ANNOTATE_20: &[u8] = include_bytes!("data/annotate-2.0.xlf");

fn embedded() -> &'static Glossary {
    static G: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
    G.get_or_init(|| Glossary::embedded().unwrap())
}

/// `annotated` without the markup the check inserted: the root's ITS
/// declarations, the comment after it, and the marks it opened (told from
/// the file's own marks by their attributes), with their closing tags.
fn without_inserted(annotated: &str, root_insert: &str) -> String {
    let comment = "<!-- chongqing-glossary: terminology check findings as ITS 2.0 markup -->";
    let text = annotated
        .replacen(root_insert, "", 1)
        .replacen(comment, "", 1);
    let mut out = String::new();
    let mut ours: Vec<bool> = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('>').expect("tags close") + 1;
        let tag = &rest[..end];
        let name = tag[1..]
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap();
        let inserted = if name.ends_with("mrk") && !tag.starts_with("</") && !tag.ends_with("/>") {
            let mine = tag.contains("mtype=\"term\"")
                || tag.contains("mtype=\"x-its\"")
                || tag.contains(" id=\"cg");
            ours.push(mine);
            mine
        } else if tag.starts_with("</") && name.ends_with("mrk") {
            ours.pop().expect("balanced marks")
        } else {
            false
        };
        if !inserted {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn annotate(bytes: &[u8]) -> (Segments, String, chongqing_glossary::CheckReport<'static>) {
    let segments = read_segments(bytes, "job.xlf").unwrap();
    let mut out = Vec::new();
    // An owned report outlives the segments it was made from.
    let report = embedded()
        .check_annotated(&segments, &mut out)
        .unwrap()
        .into_owned();
    (
        segments,
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out"),
        report,
    )
}

#[test]
fn the_annotated_xliff_is_the_input_outside_the_inserted_markup() {
    for (bytes, root_insert) in [
        (
            ANNOTATE_12,
            " xmlns:its=\"http://www.w3.org/2005/11/its\" its:version=\"2.0\"",
        ),
        (ANNOTATE_20, " itsx:version=\"2.0\""),
    ] {
        let (segments, annotated, report) = annotate(bytes);
        let input = std::str::from_utf8(bytes).unwrap();
        assert_eq!(without_inserted(&annotated, root_insert), input);
        // Read back by the crate's own reader: the same segments, so the
        // markup is well formed and holds no text of its own.
        let back = read_segments(&annotated, "back.xlf").unwrap();
        assert_eq!(back, segments);
        assert!(!report.findings.is_empty());
    }
}

#[test]
fn findings_and_names_are_marked_where_they_are() {
    let (_, x12, report) = annotate(ANNOTATE_12);
    let kinds: Vec<(usize, FindingKind)> = report
        .findings
        .iter()
        .map(|f| (f.segment, f.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            (1, NotPreferred),
            (3, Missing),
            (4, NotPreferred),
            (6, NotPreferred),
            (6, Inconsistent),
        ],
        "segment 5 is not to translate, 7 untranslated; the alt-trans and ph are not text"
    );
    // A name across an inline element is marked in two runs, each within
    // its element.
    assert!(x12.contains(
        r#"<source>Le <g id="1"><mrk mtype="term">corridor</mrk></g><mrk mtype="term"> d’innovation</mrk> relie"#
    ));
    // A warning sits inside the term mark of the name it is about.
    assert!(x12.contains(r#"<target state="translated">The <mrk mtype="term"><mrk mtype="x-its" its:locQualityIssueType="terminology" its:locQualityIssueComment="warning: admitted name of corridor-innovation-scientifique-technologique in the target where a preferred one exists: &quot;innovation corridor&quot;; prefer &quot;Science and Technology Innovation Corridor&quot;" its:locQualityIssueSeverity="50">innovation corridor</mrk></mrk> links"#));
    // A missing name: the whole target, CDATA and all.
    assert!(x12.contains(r#"<target><mrk mtype="x-its" its:locQualityIssueType="terminology" its:locQualityIssueComment="error: missing zone-pilote-reforme-financiere"#));
    assert!(x12.contains(r#"its:locQualityIssueSeverity="100"><![CDATA[The finance zone opens <soon>.]]></mrk></target>"#));
    // Entities stay as written, inside the marks.
    assert!(x12.contains(r#"<mrk mtype="term">Chengdu-Chongqing Economic Circle</mrk> &amp; its"#));
    // Matches of a translation memory and native code are left alone.
    assert!(x12.contains(r#"<alt-trans match-quality="80"><target>The innovation corridor joins the hubs.</target></alt-trans>"#));
    assert!(x12.contains(r#"<ph id="2">&lt;b&gt;corridor d’innovation&lt;/b&gt;</ph>"#));

    let (_, x20, _) = annotate(ANNOTATE_20);
    // The file's own prefixes: its elements' and ITS's.
    assert!(x20.contains(r#"<x:source>Le <x:pc id="1"><x:mrk id="cg"#));
    assert!(x20.contains(r#"type="its:any" itsx:locQualityIssueType="terminology""#));
    assert!(!x20.contains("xmlns:its="), "ITS is already bound to itsx");
    // A term across a line end written CRLF.
    assert!(x20.contains("zone pilote de réforme financière</x:mrk>\r\nouvre."));
    // Ids are unique.
    let ids: Vec<&str> = x20
        .match_indices(" id=\"cg")
        .map(|(at, _)| &x20[at + 5..at + 5 + x20[at + 5..].find('"').unwrap()])
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
    assert!(ids.len() > 8, "{ids:?}");
}

#[test]
fn files_that_cannot_hold_marks_are_refused_by_name() {
    let tsv = read_segments("Le corridor d’innovation.\tThe corridor.\n", "job.tsv").unwrap();
    let err = embedded()
        .check_annotated(&tsv, &mut Vec::new())
        .unwrap_err();
    assert!(matches!(err, Error::NotAnnotatable { .. }));
    assert!(err.to_string().contains("TSV"), "{err}");
    // UTF-16: readable, but its bytes could not stay as they are.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            r#"<xliff version="1.2"><file source-language="fr" target-language="en"><body><trans-unit id="1"><source>Le corridor d’innovation.</source><target>The corridor.</target></trans-unit></body></file></xliff>"#
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let read = read_segments(&utf16, "job.xlf").unwrap();
    assert_eq!(read.segments.len(), 1);
    let err = embedded()
        .check_annotated(&read, &mut Vec::new())
        .unwrap_err();
    assert!(err.to_string().contains("UTF-8"), "{err}");
    // A writer that fails: the error says what was being written, and
    // keeps the I/O error as its cause.
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "disk full",
            ))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let x12 = read_segments(ANNOTATE_12, "job.xlf").unwrap();
    let err = embedded().check_annotated(&x12, &mut Full).unwrap_err();
    assert_eq!(err.to_string(), "cannot write the annotated XLIFF");
    let source = std::error::Error::source(&err).unwrap();
    assert_eq!(source.to_string(), "disk full");
}
