//! The terminology check, as a table of segment pairs with the findings
//! each must give, run alike on the pairs themselves, on TSV and on XLIFF
//! 1.2 and 2.0 (inline tags around words, so offsets must be those of the
//! text); then realistic XLIFF files and bad input.

use chongqing_glossary::{
    check::SegmentFormat, check::Side, read_segments, Error, FindingKind, Glossary,
    GlossaryBuilder, GlossaryFormat, Subset,
};

const HEALTH_V3: &str = include_str!("data/health-v3.tbx");

fn glossary() -> &'static Glossary {
    static G: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
    G.get_or_init(|| {
        GlossaryBuilder::new()
            .from_memory(GlossaryFormat::Tbx, HEALTH_V3, [("notes.fr.txt", "")])
            .unwrap()
    })
}

/// A finding as the table writes it: kind, side, entry, the matched texts
/// in the source and the target, the expected names.
type Expected = (
    FindingKind,
    Side,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

use FindingKind::{Deprecated, Inconsistent, Missing, NotPreferred};
use Side::{Source, Target};

/// (source, target, findings); [`RECOGNIZED`] says what the source holds.
const TABLE: &[(&str, &str, &[Expected])] = &[
    // Clean pairs, plurals on both sides, case.
    (
        "Un essai clinique est prévu.",
        "A clinical trial is planned.",
        &[],
    ),
    (
        "Deux essais cliniques sont prévus.",
        "Two clinical trials are planned.",
        &[],
    ),
    ("Des essais cliniques.", "Clinical Trials.", &[]),
    // An admitted name where a preferred one exists: a warning.
    (
        "Une autorisation de mise sur le marché.",
        "A marketing authorization.",
        &[(
            NotPreferred,
            Target,
            "c-amm",
            &[],
            &["marketing authorization"],
            &["marketing authorisation"],
        )],
    ),
    // Elision and an acronym in capitals; the entry is now rendered a
    // second way in the file: inconsistent, once, where it diverged.
    (
        "L'AMM est accordée.",
        "The marketing authorisation is granted.",
        &[(
            Inconsistent,
            Target,
            "c-amm",
            &["AMM"],
            &["marketing authorisation"],
            &["marketing authorisation"],
        )],
    ),
    // An acronym not in capitals is not the acronym.
    ("Une amm sans majuscules.", "A permit.", &[]),
    // Counted per occurrence.
    (
        "Un essai clinique et un autre essai clinique.",
        "A clinical trial and another one.",
        &[(
            Missing,
            Target,
            "c-essai",
            &["essai clinique", "essai clinique"],
            &["clinical trial"],
            &["clinical trial"],
        )],
    ),
    (
        "L'autorisation de mise sur le marché est accordée.",
        "The licence was granted.",
        &[(
            Missing,
            Target,
            "c-amm",
            &["autorisation de mise sur le marché"],
            &[],
            &["marketing authorisation", "marketing authorization"],
        )],
    ),
    // A deprecated name in the target: named, and the approved one missing.
    (
        "Un essai clinique.",
        "A clinical study.",
        &[
            (
                Missing,
                Target,
                "c-essai",
                &["essai clinique"],
                &[],
                &["clinical trial"],
            ),
            (
                Deprecated,
                Target,
                "c-essai",
                &[],
                &["clinical study"],
                &["clinical trial"],
            ),
        ],
    ),
    // A superseded name in the source; an admitted acronym in the target.
    (
        "L'EMEA a publié un avis.",
        "The EMA published an opinion.",
        &[
            (
                Deprecated,
                Source,
                "c-ema",
                &["EMEA"],
                &[],
                &["Agence européenne des médicaments"],
            ),
            (
                NotPreferred,
                Target,
                "c-ema",
                &[],
                &["EMA"],
                &["European Medicines Agency"],
            ),
        ],
    ),
];

/// The entries each source of [`TABLE`] names, in order: a clean row is
/// clean because the target names them too, not because nothing was seen.
const RECOGNIZED: &[&[&str]] = &[
    &["c-essai"],
    &["c-essai"],
    &["c-essai"],
    &["c-amm"],
    &["c-amm"],
    &[],
    &["c-essai", "c-essai"],
    &["c-amm"],
    &["c-essai"],
    &["c-ema"],
];

#[test]
fn every_source_of_the_table_names_what_the_table_says() {
    assert_eq!(RECOGNIZED.len(), TABLE.len());
    for ((source, _, _), expected) in TABLE.iter().zip(RECOGNIZED) {
        let matches = glossary().annotate(source);
        let found: Vec<&str> = matches.iter().map(|m| m.entry.as_str()).collect();
        assert_eq!(found, *expected, "{source}");
    }
}

/// A finding in the table's terms: segment, kind, side, entry, source and
/// target texts, expected names.
type Described = (
    usize,
    FindingKind,
    Side,
    String,
    Vec<String>,
    Vec<String>,
    Vec<String>,
);

/// The findings of `report` in the table's terms, the spans read back in
/// `segments` (source, target).
fn described(
    report: &chongqing_glossary::CheckReport<'_>,
    segments: &[(String, String)],
) -> Vec<Described> {
    report
        .findings
        .iter()
        .map(|f| {
            let (source, target) = &segments[f.segment - 1];
            (
                f.segment,
                f.kind,
                f.side,
                f.entry.to_string(),
                f.source
                    .iter()
                    .map(|r| source[r.clone()].to_string())
                    .collect(),
                f.target
                    .iter()
                    .map(|r| target[r.clone()].to_string())
                    .collect(),
                f.expected.iter().map(|e| e.to_string()).collect(),
            )
        })
        .collect()
}

fn expected() -> Vec<Described> {
    let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    TABLE
        .iter()
        .enumerate()
        .flat_map(|(i, (_, _, findings))| {
            findings
                .iter()
                .map(move |&(kind, side, entry, source, target, expected)| {
                    (
                        i + 1,
                        kind,
                        side,
                        entry.to_string(),
                        strings(source),
                        strings(target),
                        strings(expected),
                    )
                })
        })
        .collect()
}

fn table_pairs() -> Vec<(String, String)> {
    TABLE
        .iter()
        .map(|(s, t, _)| (s.to_string(), t.to_string()))
        .collect()
}

#[test]
fn the_table_holds_for_pairs_given_directly() {
    let pairs = table_pairs();
    let report = glossary().check(pairs.iter().map(|(s, t)| (s.as_str(), t.as_str())));
    assert_eq!(report.segments, TABLE.len());
    assert_eq!(report.untranslated, 0);
    assert_eq!(described(&report, &pairs), expected());
}

/// Wraps the second word of `text` in an inline element (and puts an empty
/// one before the end), as a CAT tool marks formatting.
fn tagged(text: &str, open: &str, close: &str, empty: &str) -> String {
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;");
    let mut words: Vec<String> = escaped.split(' ').map(str::to_string).collect();
    if words.len() > 1 {
        words[1] = format!("{open}{}{close}", words[1]);
    }
    format!("{}{empty}", words.join(" "))
}

#[test]
fn tsv_and_xliff_give_the_table_alike() {
    let pairs = table_pairs();
    let tsv: String = pairs.iter().map(|(s, t)| format!("{s}\t{t}\n")).collect();
    let xliff1 = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2"><file original="t" source-language="fr-FR" target-language="en-US"><body>
{}</body></file></xliff>"#,
        pairs
            .iter()
            .enumerate()
            .map(|(i, (s, t))| format!(
                "<trans-unit id=\"{i}\"><source>{}</source><target>{}</target></trans-unit>\n",
                tagged(s, "<g id=\"1\">", "</g>", "<x id=\"2\"/>"),
                tagged(t, "<g id=\"1\">", "</g>", "<ph id=\"2\">&lt;br/&gt;</ph>"),
            ))
            .collect::<String>()
    );
    let xliff2 = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fr" trgLang="en"><file id="f">
{}</file></xliff>"#,
        pairs
            .iter()
            .enumerate()
            .map(|(i, (s, t))| format!(
                "<unit id=\"u{i}\"><segment><source>{}</source><target>{}</target></segment></unit>\n",
                tagged(s, "<pc id=\"1\">", "</pc>", "<ph id=\"2\"/>"),
                tagged(t, "<pc id=\"1\">", "</pc>", "<ph id=\"2\"/>"),
            ))
            .collect::<String>()
    );
    for (text, format) in [
        (tsv, SegmentFormat::Tsv),
        (xliff1, SegmentFormat::Xliff1),
        (xliff2, SegmentFormat::Xliff2),
    ] {
        let file = read_segments(&text, "job").unwrap();
        let (read_format, segments) = (file.format, file.segments);
        assert_eq!(read_format, format);
        let read: Vec<(String, String)> = segments
            .iter()
            .map(|s| (s.source.clone(), s.target.clone()))
            .collect();
        assert_eq!(read, pairs, "{format:?}: tags are not text");
        let report = glossary().check(segments.iter().map(|s| (&s.source, &s.target)));
        assert_eq!(described(&report, &read), expected(), "{format:?}");
    }
}

#[test]
fn realistic_xliff_files_read_their_text_and_skip_untranslated_segments() {
    for (file, format) in [
        (include_str!("data/job-1.2.xlf"), SegmentFormat::Xliff1),
        (include_str!("data/job-2.0.xlf"), SegmentFormat::Xliff2),
    ] {
        let file = read_segments(file, "job.xlf").unwrap();
        let (read, segments) = (file.format, file.segments);
        assert_eq!(read, format);
        assert_eq!(segments.len(), 4);
        assert_eq!(segments[0].source, "L'AMM du médicament est accordée.");
        assert_eq!(
            segments[1].source,
            "Deux essais cliniques et un autre essai clinique."
        );
        assert_eq!(segments[1].target, "Two clinical trials and another one.");
        assert_eq!(segments[2].source, "L'EMEA a publié un avis.");
        assert_eq!(segments[3].target, "");
        let report = glossary().check(segments.iter().map(|s| (&s.source, &s.target)));
        assert_eq!((report.segments, report.untranslated), (4, 1));
        let kinds: Vec<(usize, FindingKind, Side, &str)> = report
            .findings
            .iter()
            .map(|f| (f.segment, f.kind, f.side, f.entry.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (2, Missing, Target, "c-essai"),
                (3, Deprecated, Source, "c-ema"),
                (3, NotPreferred, Target, "c-ema"),
                (3, Deprecated, Target, "c-essai"),
            ],
            "{format:?}"
        );
        assert_eq!(
            segments[0].line,
            if format == SegmentFormat::Xliff1 {
                8
            } else {
                5
            }
        );
    }
}

#[test]
fn a_subset_checks_only_its_entries_and_json_has_the_documented_shape() {
    let g = glossary();
    let pairs = table_pairs();
    let essai = g.select(&Subset::new().entry("c-essai")).unwrap();
    let report = essai.check(pairs.iter().map(|(s, t)| (s.as_str(), t.as_str())));
    assert!(report
        .findings
        .iter()
        .all(|f| f.entry.as_str() == "c-essai"));
    assert_eq!(report.count(Missing), 2);
    assert_eq!(report.count(Deprecated), 1);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["segments"], TABLE.len());
    let first = &json["findings"][0];
    assert_eq!(first["segment"], 7);
    assert_eq!(first["entry"], "c-essai");
    assert_eq!(first["kind"], "missing");
    assert_eq!(first["side"], "target");
    assert_eq!(first["source"], serde_json::json!([[3, 17], [30, 44]]));
    assert_eq!(first["target"], serde_json::json!([[2, 16]]));
    assert_eq!(first["expected"], serde_json::json!(["clinical trial"]));
    assert!(json["elapsed_us"].is_u64());
}

#[test]
fn bad_segment_files_name_the_line_and_column() {
    let cases = [
        ("Une ligne sans tabulation\n", (1, 26), "no tab"),
        ("a\tb\nun\tdeux\ttrois\n", (2, 8), "2 tabs"),
        (
            "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file><body>\n<trans-unit></source>",
            (3, 13),
            "malformed XML",
        ),
        ("<xliff version=\"3.0\"></xliff>", (1, 1), "version \"3.0\""),
        (
            "<xliff version=\"1.2\"><file>",
            (1, 28),
            "ends inside <file>",
        ),
    ];
    for (text, (line, column), needle) in cases {
        let err = read_segments(text, "job.tsv").unwrap_err();
        assert!(matches!(err, Error::Data { .. }), "{err:?}");
        let at = err.location().unwrap();
        assert_eq!(
            (at.line(), at.column()),
            (Some(line), Some(column)),
            "{err}"
        );
        assert!(err.to_string().contains(needle), "{err}");
        assert!(err.to_string().starts_with("job.tsv:"), "{err}");
    }
    // Blank lines and an empty target are fine.
    let segments = read_segments("\nune\t\n\r\ndeux\ttwo\r\n", "job.tsv")
        .unwrap()
        .segments;
    assert_eq!(segments.len(), 2);
    assert_eq!((segments[1].line, segments[1].target.as_str()), (4, "two"));
}
