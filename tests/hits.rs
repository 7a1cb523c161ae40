//! What a hit says about why it matched: the names of an entry that the
//! query matched, with their labels, statuses and highlights, and the
//! snippet taken from the best of them.

use chongqing_glossary::{Glossary, GlossaryBuilder, GlossaryFormat, LabelKind, Query, Status};

/// An energy and transport termbase as a CAT tool exports it: admitted
/// and deprecated names beside the preferred ones, in both languages.
const TBX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
  <termEntry id="T-1">
    <descrip type="subjectField">transport</descrip>
    <langSet xml:lang="fr-FR">
      <descrip type="definition">Période de la journée où la circulation est la plus dense.</descrip>
      <ntig><termGrp><term>heure de pointe</term></termGrp>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></ntig>
      <ntig><termGrp><term>heure d'affluence</term></termGrp>
        <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></ntig>
    </langSet>
    <langSet xml:lang="en-GB">
      <ntig><termGrp><term>peak hour</term></termGrp>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></ntig>
      <ntig><termGrp><term>rush hour</term></termGrp>
        <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></ntig>
    </langSet>
  </termEntry>
  <termEntry id="T-2">
    <descrip type="subjectField">energy</descrip>
    <langSet xml:lang="fr-FR">
      <ntig><termGrp><term>pompe à chaleur</term></termGrp></ntig>
    </langSet>
    <langSet xml:lang="en-GB">
      <descrip type="definition">A device that moves heat from a colder place to a warmer one.</descrip>
      <ntig><termGrp><term>heat pump</term></termGrp></ntig>
      <ntig><termGrp><term>thermopump</term></termGrp>
        <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></ntig>
    </langSet>
  </termEntry>
  <termEntry id="T-3">
    <descrip type="subjectField">energy</descrip>
    <langSet xml:lang="fr-FR">
      <ntig><termGrp><term>gestionnaire de réseau de transport</term></termGrp></ntig>
      <ntig><termGrp><term>GRT</term></termGrp>
        <termNote type="termType">acronym</termNote></ntig>
    </langSet>
    <langSet xml:lang="en-GB">
      <ntig><termGrp><term>transmission system operator</term></termGrp></ntig>
      <ntig><termGrp><term>TSO</term></termGrp>
        <termNote type="termType">acronym</termNote></ntig>
    </langSet>
  </termEntry>
</body></text></martif>"#;

fn termbase() -> Glossary {
    let none: [(&str, &str); 0] = [];
    GlossaryBuilder::new()
        .from_memory(GlossaryFormat::Tbx, TBX, none)
        .expect("the termbase loads")
}

/// `(text, label, status, highlighted words)` of the first hit's matched
/// names, best first.
fn matched(glossary: &Glossary, query: &str) -> Vec<(String, LabelKind, Status, Vec<String>)> {
    let results = glossary.search(&Query::new(query)).unwrap();
    let hit = results.hits.first().expect("a hit");
    hit.matched_names
        .iter()
        .map(|m| {
            let words = m.highlighted().map(str::to_string).collect();
            (m.text.to_string(), m.label, m.status, words)
        })
        .collect()
}

/// `(query, entry, best name, its label, its status, its highlighted words)`.
type Case = (
    &'static str,
    &'static str,
    &'static str,
    LabelKind,
    Status,
    &'static [&'static str],
);

#[test]
fn an_entry_hit_names_the_names_that_matched_best_first() {
    let glossary = termbase();
    let table: &[Case] = &[
        // An English alias, admitted: the hit says so, not the French term.
        (
            "rush hour",
            "T-1",
            "rush hour",
            LabelKind::AliasEn,
            Status::Admitted,
            &["rush", "hour"],
        ),
        (
            "peak hour",
            "T-1",
            "peak hour",
            LabelKind::TermEn,
            Status::Preferred,
            &["peak", "hour"],
        ),
        // A French alias; accents and elision as the analyzer folds them.
        (
            "heure d'affluence",
            "T-1",
            "heure d'affluence",
            LabelKind::Alias,
            Status::Admitted,
            &["heure", "affluence"],
        ),
        // The French term matched whole, without its accent.
        (
            "pompe a chaleur",
            "T-2",
            "pompe à chaleur",
            LabelKind::Term,
            Status::Preferred,
            &["pompe", "chaleur"],
        ),
        (
            "heat pump",
            "T-2",
            "heat pump",
            LabelKind::TermEn,
            Status::Preferred,
            &["heat", "pump"],
        ),
        // A deprecated name says it is deprecated.
        (
            "thermopump",
            "T-2",
            "thermopump",
            LabelKind::AliasEn,
            Status::Deprecated,
            &["thermopump"],
        ),
        // An acronym.
        (
            "TSO",
            "T-3",
            "TSO",
            LabelKind::AliasEn,
            Status::Admitted,
            &["TSO"],
        ),
    ];
    for &(query, id, name, label, status, words) in table {
        let results = glossary.search(&Query::new(query)).unwrap();
        let hit = &results.hits[0];
        assert_eq!(hit.id(), id, "{query}");
        let best = hit
            .best_name()
            .unwrap_or_else(|| panic!("{query}: no name"));
        assert_eq!(
            (best.text.as_ref(), best.label, best.status),
            (name, label, status),
            "{query}"
        );
        assert_eq!(best.highlighted().collect::<Vec<_>>(), words, "{query}");
        // The snippet is that name, highlighted the same way.
        assert_eq!(hit.snippet.text, name, "{query}");
        assert_eq!(hit.snippet.highlights, best.highlights, "{query}");
    }
}

#[test]
fn every_matched_name_is_listed_and_names_not_matched_are_not() {
    let glossary = termbase();
    let names = matched(&glossary, "hour");
    let texts: Vec<&str> = names.iter().map(|(t, ..)| t.as_str()).collect();
    // Both English names hold `hour`; the preferred one comes first.
    assert_eq!(texts, ["peak hour", "rush hour"]);
    assert_eq!(names[0].3, ["hour"]);
    let names = matched(&glossary, "heure");
    let texts: Vec<&str> = names.iter().map(|(t, ..)| t.as_str()).collect();
    assert_eq!(texts, ["heure de pointe", "heure d'affluence"]);
}

#[test]
fn an_entry_found_by_its_definition_shows_the_definition_in_the_query_language() {
    let glossary = termbase();
    // `colder` is in the English definition only: no name matched.
    let results = glossary.search(&Query::new("colder")).unwrap();
    let hit = &results.hits[0];
    assert_eq!(hit.id(), "T-2");
    assert!(hit.matched_names.is_empty());
    assert!(hit.snippet.text.starts_with("A device that moves heat"));
    assert_eq!(hit.snippet.highlighted().collect::<Vec<_>>(), ["colder"]);
    // `circulation` is in the French one.
    let results = glossary.search(&Query::new("circulation dense")).unwrap();
    let hit = &results.hits[0];
    assert_eq!(hit.id(), "T-1");
    assert!(hit.snippet.text.starts_with("Période de la journée"));
}

#[test]
fn matched_names_are_in_the_json_of_an_entry_hit_only() {
    let glossary = Glossary::embedded().unwrap();
    let results = glossary.search(&Query::new("pilot finance zone")).unwrap();
    let json = serde_json::to_value(&results).unwrap();
    let hits = json["hits"].as_array().unwrap();
    let entry = hits.iter().find(|h| h["kind"] == "entry").unwrap();
    assert_eq!(
        entry["matched_names"][0],
        serde_json::json!({"text": "pilot finance zone", "label": "alias_en",
                           "status": "admitted", "highlights": [[0, 5], [6, 13], [14, 18]]})
    );
    let passage = hits.iter().find(|h| h["kind"] == "passage").unwrap();
    assert!(passage.get("matched_names").is_none());
}
