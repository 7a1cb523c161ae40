//! Results a program can keep: search results, hits, annotate matches and
//! check reports turned into values that own their data outlive the
//! glossary (and the segments) they came from, and cross threads.

use chongqing_glossary::{
    read_segments, CheckReport, FindingKind, Glossary, GlossaryBuilder, Query, SearchResults,
    TermMatch,
};

const GLOSSARY: &str = r#"{"title": "Essais", "entries": [
  {"id": "essai", "term": "essai clinique", "term_en": "clinical trial",
   "aliases_en": [{"text": "clinical study", "status": "deprecated"}],
   "category": "recherche", "definition": "Étude menée chez l'humain."}
]}"#;

const DOCUMENT: &str = "Les essais cliniques ont commencé.\n\nUn essai clinique dure des années.";

fn load() -> Glossary {
    GlossaryBuilder::new()
        .from_texts(DOCUMENT, GLOSSARY)
        .expect("the glossary loads")
}

/// The helper the issue could not write: load, check, return the report.
fn check_file(xliff: &str) -> CheckReport<'static> {
    let glossary = load();
    let segments = read_segments(xliff, "job.xlf").expect("the file reads");
    glossary.check_segments(&segments).into_owned()
}

fn search(query: &str) -> SearchResults<'static> {
    load().search(&Query::new(query)).unwrap().into_owned()
}

fn annotate(text: &str) -> Vec<TermMatch<'static, 'static>> {
    let glossary = load();
    let matches = glossary.annotate(text);
    matches.into_iter().map(TermMatch::into_owned).collect()
}

#[test]
fn an_owned_report_outlives_the_glossary_and_the_segments() {
    let xliff = r#"<xliff version="1.2"><file source-language="fr-FR" target-language="en-US"><body>
      <trans-unit id="u1"><source>Les essais cliniques sont finis.</source>
        <target>The clinical studies are over.</target></trans-unit>
      <trans-unit id="u2"><source>Un essai clinique.</source>
        <target>A clinical trial.</target></trans-unit>
    </body></file></xliff>"#;
    let report = check_file(xliff);
    let kinds: Vec<FindingKind> = report.findings.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [FindingKind::Missing, FindingKind::Deprecated]);
    // Each finding gives its segment's texts, and displays as the CLI's sentence.
    let deprecated = &report.findings[1];
    assert_eq!(deprecated.source_text(), "Les essais cliniques sont finis.");
    assert_eq!(deprecated.target_text(), "The clinical studies are over.");
    assert_eq!(
        &deprecated.target_text()[deprecated.target[0].clone()],
        "clinical studies"
    );
    assert_eq!(
        deprecated.to_string(),
        "deprecated name of essai in the target: \"clinical studies\"; use \"clinical trial\""
    );
    assert_eq!(
        report.findings[0].to_string(),
        "missing essai: 1 in the source, 0 approved in the target; expected \"clinical trial\""
    );
    // Sent to another thread and compared there.
    let json = serde_json::to_string(&report).unwrap();
    let back = std::thread::spawn(move || serde_json::to_string(&report).unwrap())
        .join()
        .unwrap();
    assert_eq!(json, back);
}

#[test]
fn pairs_given_by_value_are_kept_by_their_findings() {
    let glossary = load();
    let report = {
        // The pairs are gone once checked; the findings keep their texts.
        let pairs = vec![(String::from("Un essai clinique."), String::from("A study."))];
        glossary.check(pairs)
    };
    assert_eq!(report.findings[0].source_text(), "Un essai clinique.");
    assert_eq!(report.findings[0].target_text(), "A study.");
}

#[test]
fn owned_search_results_are_the_borrowed_ones() {
    let glossary = load();
    for query in ["essai clinique", "clinical study", "années"] {
        let borrowed = glossary.search(&Query::new(query)).unwrap();
        let owned = search(query);
        assert_eq!(owned, borrowed, "{query}");
        assert_eq!(
            serde_json::to_value(&owned.hits).unwrap(),
            serde_json::to_value(&borrowed.hits).unwrap()
        );
    }
    // A hit, alone, crosses threads.
    let hit = search("années").hits.remove(0);
    let id = std::thread::spawn(move || hit.id().to_string())
        .join()
        .unwrap();
    assert_eq!(id, "p2.s1");
}

#[test]
fn owned_matches_outlive_the_glossary_and_the_text() {
    let matches = {
        let text = String::from("Two clinical trials, one clinical study.");
        annotate(&text)
    };
    let found: Vec<(&str, &str)> = matches
        .iter()
        .map(|m| (m.entry.as_str(), &*m.text))
        .collect();
    assert_eq!(
        found,
        [("essai", "clinical trials"), ("essai", "clinical study")]
    );
}
