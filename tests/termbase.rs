//! A team's own termbase: TBX v2 and v3 and CSV as tools write them, the
//! fields a termbase holds, acronyms, function words, several documents,
//! warnings for shared names, subsets, and exports that load back.

#![cfg(feature = "export")]

use chongqing_glossary::{
    error::QueryError, Category, Error, ExportFormat, Glossary, GlossaryBuilder, GlossaryFormat,
    HitKind, LabelKind, Name, PartOfSpeech, PassageId, Query, Status, Subset, Warning,
    EMBEDDED_GLOSSARY, EMBEDDED_SOURCE,
};

const ENERGY_V2: &str = include_str!("data/energy-v2.tbx");
const HEALTH_V3: &str = include_str!("data/health-v3.tbx");
const PROCUREMENT_CSV: &str = include_str!("data/procurement.csv");

const REPORT: &str = "Les garanties d'origine (GO) couvrent la moitié de la production. \
Deux contrats d'achat d'électricité ont été signés.\n\
Les PPAs restent rares; la directive sur les énergies renouvelables les encourage.\n";

fn load(format: GlossaryFormat, text: &str) -> Glossary {
    GlossaryBuilder::new()
        .from_memory(format, text, [("rapport.fr.txt", REPORT)])
        .unwrap()
}

fn export(g: &Glossary, format: ExportFormat) -> String {
    let mut out = Vec::new();
    g.export(format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn name<'e>(g: &'e Glossary, id: &str, text: &str) -> (&'e Name, LabelKind) {
    g.entry(id)
        .unwrap_or_else(|| panic!("no entry {id}"))
        .names()
        .find(|(n, _)| n.as_str() == text)
        .unwrap_or_else(|| panic!("{id} has no name {text:?}"))
}

#[test]
fn tbx_v2_loads_as_cat_tools_and_iate_write_it() {
    let g = load(GlossaryFormat::Tbx, ENERGY_V2);
    assert_eq!(g.title(), Some("Energy & procurement termbase"));
    let ids: Vec<&str> = g.entries().iter().map(|e| e.id.as_str()).collect();
    // The file's ids are kept as it writes them (IATE's numbers, `PPA_01`):
    // they are the link back to the termbase. The concept without French
    // is skipped.
    assert_eq!(ids, ["3539651", "PPA_01", "3567890", "1119871"]);
    let go = g.entry("3539651").unwrap();
    assert_eq!(go.term.as_str(), "garantie d'origine");
    assert_eq!(go.term.part_of_speech, Some(PartOfSpeech::Noun));
    assert_eq!(go.term_en.as_str(), "guarantee of origin");
    assert_eq!(go.category, "energy-policy".parse::<Category>().unwrap());
    assert!(go
        .definition
        .as_deref()
        .unwrap()
        .starts_with("Document électronique"));
    assert!(go
        .definition_en
        .as_deref()
        .unwrap()
        .starts_with("Electronic document"));
    let (deprecated, kind) = name(&g, "3539651", "green certificate");
    assert_eq!(deprecated.status_as(kind), Status::Deprecated);
    // An acronym is case-sensitive by its capitals: nothing more to record.
    let (acronym, kind) = name(&g, "3539651", "GO");
    assert_eq!(
        (acronym.case_sensitive, acronym.is_case_sensitive()),
        (None, true)
    );
    assert_eq!(acronym.status_as(kind), Status::Admitted);
    // The preferred name is the term, wherever it is in the file.
    // A data category spelt as MultiTerm writes it.
    assert_eq!(
        g.entry("1119871").unwrap().category.as_str(),
        "public-procurement"
    );
    let ppa = g.entry("PPA_01").unwrap();
    assert_eq!(ppa.term_en.as_str(), "power purchase agreement");
    assert_eq!(
        ppa.term.as_str(),
        "contrat d'achat d'électricité",
        "inline markup is text"
    );
    let (old, kind) = name(&g, "PPA_01", "energy purchase deal");
    assert_eq!(old.status_as(kind), Status::Superseded);
    assert_eq!(
        ppa.note.as_deref(),
        Some("Long-term contract; see the procurement guidelines.")
    );
    // Other languages and incomplete concepts are counted, not silent.
    assert!(g.warnings().contains(&Warning::SkippedLanguages {
        terms: vec![("de-de".to_string(), 3)],
    }));
    assert!(g.warnings().contains(&Warning::SkippedConcepts {
        count: 1,
        first: "884422".to_string(),
    }));
}

#[test]
fn tbx_v3_loads_with_its_own_title_statuses_and_parts_of_speech() {
    let g = load(GlossaryFormat::Tbx, HEALTH_V3);
    assert_eq!(g.title(), Some("Santé publique – termes réglementaires"));
    assert_eq!(g.entries().len(), 3);
    let amm = g.entry("c-amm").unwrap();
    assert_eq!(amm.category.as_str(), "medicaments");
    assert_eq!(
        amm.definition.as_deref(),
        Some("Autorisation délivrée par une autorité compétente avant qu'un médicament puisse être commercialisé.")
    );
    let (ema, _) = name(&g, "c-ema", "European Medicines Agency");
    assert_eq!(ema.part_of_speech, Some(PartOfSpeech::ProperNoun));
    let (emea, kind) = name(&g, "c-ema", "EMEA");
    assert_eq!(emea.status_as(kind), Status::Superseded);
    assert!(g.warnings().contains(&Warning::SkippedLanguages {
        terms: vec![("it-it".to_string(), 1)],
    }));
}

/// Export as TBX, load that file: the same entries, field for field (the
/// NDJSON exports before and after are identical).
#[test]
fn tbx_export_loads_back_field_for_field() {
    let fixtures = [
        load(GlossaryFormat::Tbx, ENERGY_V2),
        load(GlossaryFormat::Tbx, HEALTH_V3),
        load(GlossaryFormat::Csv, PROCUREMENT_CSV),
        GlossaryBuilder::new()
            .from_texts(EMBEDDED_SOURCE, EMBEDDED_GLOSSARY)
            .unwrap(),
    ];
    for g in &fixtures {
        let tbx = export(g, ExportFormat::Tbx);
        let source = if g.documents().any(|d| d == "rapport.fr.txt") {
            ("rapport.fr.txt", REPORT)
        } else {
            ("source.fr.txt", EMBEDDED_SOURCE)
        };
        let back = GlossaryBuilder::new()
            .from_memory(GlossaryFormat::Tbx, tbx.as_str(), [source])
            .unwrap();
        assert_eq!(back.entries(), g.entries(), "{:?}", g.title());
        assert_eq!(back.title(), g.title());
        assert_eq!(
            export(&back, ExportFormat::Ndjson),
            export(g, ExportFormat::Ndjson)
        );
        // Twice: the file the crate writes is the file it reads.
        let again = export(&back, ExportFormat::Tbx);
        assert_eq!(again, tbx);
    }
}

/// The Google-layout CSV carries one French and one English name per
/// entry, their part of speech and the French definition: what it carries
/// loads back.
#[test]
fn csv_export_loads_back_as_far_as_it_carries() {
    let g = load(GlossaryFormat::Tbx, HEALTH_V3);
    let csv = export(&g, ExportFormat::Csv);
    let back = load(GlossaryFormat::Csv, &csv);
    assert_eq!(back.entries().len(), g.entries().len());
    for (a, b) in g.entries().iter().zip(back.entries()) {
        assert_eq!(a.term.as_str(), b.term.as_str());
        assert_eq!(a.term_en.as_str(), b.term_en.as_str());
        assert_eq!(a.term.part_of_speech, b.term.part_of_speech);
        assert_eq!(a.definition, b.definition);
    }
}

#[test]
fn a_csv_of_named_columns_loads_aliases_deprecated_names_and_notes() {
    let g = load(GlossaryFormat::Csv, PROCUREMENT_CSV);
    let ids: Vec<&str> = g.entries().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["meat", "accord-cadre", "dps"]);
    let meat = g.entry("meat").unwrap();
    assert_eq!(meat.category.as_str(), "public-procurement");
    assert_eq!(meat.aliases, [Name::new("OEPA")]);
    let (best, kind) = name(&g, "meat", "best value offer");
    assert_eq!(
        (kind, best.status_as(kind)),
        (LabelKind::AliasEn, Status::Deprecated)
    );
    assert!(meat
        .definition
        .as_deref()
        .unwrap()
        .contains("; elle n'est pas"));
    assert_eq!(meat.note.as_deref(), Some("Directive 2014/24/EU, art. 67"));
    assert_eq!(
        g.entry("dps").unwrap().note.as_deref(),
        Some("Procédure entièrement électronique")
    );
}

#[test]
fn bad_tbx_and_csv_name_the_file_line_and_column() {
    let cases: [(GlossaryFormat, &str, (usize, usize), &str); 6] = [
        (
            GlossaryFormat::Tbx,
            "<martif>\n  <text><body>\n    <termEntry></langSet>\n",
            (3, 16),
            "malformed XML",
        ),
        (
            GlossaryFormat::Tbx,
            "<html><body/></html>",
            (1, 1),
            "not a TBX file",
        ),
        (
            GlossaryFormat::Tbx,
            "<martif>\n<text>\n",
            (3, 1),
            "ends inside <text>",
        ),
        (
            GlossaryFormat::Csv,
            "term,term_en,defintion\nzone,zone,x\n",
            (1, 3),
            "unknown column `defintion`",
        ),
        (
            GlossaryFormat::Csv,
            "term,term_en\nzone,zone\nzone,zone,extra\n",
            (3, 1),
            "this row has 3 fields where the header has 2",
        ),
        (
            GlossaryFormat::Csv,
            "id,term,term_en\nz,zone,zone\nz,autre,other\n",
            (3, 1),
            "duplicate entry id `z`",
        ),
    ];
    for (format, text, (line, column), needle) in cases {
        let err = GlossaryBuilder::new()
            .from_memory(format, text, [("a.fr.txt", "Texte.")])
            .unwrap_err();
        let location = err.location().unwrap_or_else(|| panic!("{err:?}"));
        assert_eq!(location.path(), format.file_name());
        assert_eq!(
            (location.line(), location.column()),
            (Some(line), Some(column)),
            "{err}"
        );
        assert!(err.to_string().contains(needle), "{err}");
    }
}

/// A name in capitals matches only in capitals (a plural `s` allowed), in
/// term recognition and in mentions; search stays case-insensitive.
#[test]
fn acronyms_match_only_in_capitals() {
    let g = load(GlossaryFormat::Tbx, ENERGY_V2);
    let text =
        "We go to the red meat market. The GOs and PPAs were signed under the RED; MEAT won.";
    let matches = g.annotate(text);
    let found: Vec<(&str, &str)> = matches
        .iter()
        .map(|m| (&*m.text, m.entry.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("GOs", "3539651"),
            ("PPAs", "PPA_01"),
            ("RED", "3567890"),
            ("MEAT", "1119871"),
        ]
    );
    // Mentions: the report's « GO » and « PPAs » in capitals.
    let mentions = g.mentions("PPA_01").unwrap();
    let texts: Vec<&str> = mentions
        .iter()
        .map(|m| &m.passage.text[m.span.clone()])
        .collect();
    assert_eq!(texts, ["contrats d'achat d'électricité", "PPAs"]);
    // Search does not care about case.
    let hits = g.search(&Query::new("ppa").kind(HitKind::Entry)).unwrap();
    assert_eq!(hits.hits[0].id(), "PPA_01");
}

#[test]
fn case_sensitivity_set_on_a_name_overrides_the_capitals_rule() {
    let json = r#"{"title": "t", "entries": [
      {"id": "go-any", "term": "garantie", "term_en": "guarantee",
       "aliases_en": [{"text": "GO", "case_sensitive": false}], "category": "energy"},
      {"id": "apple", "term": "Pomme", "term_en": "Apple",
       "aliases_en": [{"text": "Apple Inc", "case_sensitive": true}], "category": "brand"}
    ]}"#;
    let g = GlossaryBuilder::new().from_texts("Texte.", json).unwrap();
    let matches = g.annotate("Let us go. An apple inc. Apple Inc sells apples.");
    let found: Vec<&str> = matches.iter().map(|m| &*m.text).collect();
    // `go` matches the case-insensitive GO; `apple inc` does not match the
    // case-sensitive `Apple Inc`, which its own case does (and the plain
    // English term `Apple` matches in any case).
    assert_eq!(found, ["go", "apple", "Apple Inc", "apples"]);
}

/// The function words of a name must be in a match; extra ones are fine.
#[test]
fn a_names_own_function_words_must_be_present() {
    let json = r#"[{"id": "sv", "term": "santé et vie", "term_en": "health and life",
        "category": "domaine"}]"#;
    let g = GlossaryBuilder::new().from_texts("Texte.", json).unwrap();
    let count = |text: &str| g.annotate(text).len();
    assert_eq!(count("la santé de la vie"), 0);
    assert_eq!(count("de la santé et de la vie"), 1);
    assert_eq!(count("santé et vie"), 1);
    assert_eq!(count("health of life"), 0);
    assert_eq!(count("health & life"), 1);
    // The embedded glossary's hubs still link to the sentence naming them.
    let g = Glossary::embedded().unwrap();
    let mentions = g.mentions("pole-innovation-sante-vie").unwrap();
    assert_eq!(mentions[0].passage.id.to_string(), "p4.s2");
}

#[test]
fn several_documents_give_passages_their_document_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("glossary.tbx"), ENERGY_V2).unwrap();
    std::fs::write(
        dir.path().join("b-annexe.fr.txt"),
        "Annexe.\n\nLes PPA sont signés pour dix ans.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a-rapport.fr.txt"), REPORT).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "Not a document.").unwrap();
    let g = Glossary::from_dir(dir.path()).unwrap();
    assert_eq!(
        g.documents().collect::<Vec<_>>(),
        ["a-rapport.fr.txt", "b-annexe.fr.txt"]
    );
    let mentions = g.mentions("PPA_01").unwrap();
    let places: Vec<(String, &str, u32)> = mentions
        .iter()
        .map(|m| {
            (
                m.passage.id.to_string(),
                &*m.passage.document,
                m.passage.line,
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("a-rapport.p1.s2".to_string(), "a-rapport.fr.txt", 1),
            ("a-rapport.p2.s1".to_string(), "a-rapport.fr.txt", 2),
            ("b-annexe.p2.s1".to_string(), "b-annexe.fr.txt", 3),
        ]
    );
    // Spans are in the passage's own document.
    let last = &mentions[2];
    assert_eq!(&last.passage.text[last.span.clone()], "PPA");
    assert_eq!(last.passage.span.start, "Annexe.\n\n".len());
    // JSON hits carry them.
    let hits = g
        .search(&Query::new("dix ans").kind(HitKind::Passage))
        .unwrap();
    let json = serde_json::to_value(&hits.hits[0]).unwrap();
    assert_eq!(json["document"], "b-annexe.fr.txt");
    assert_eq!(json["line"], 3);
    assert_eq!(json["id"], "b-annexe.p2.s1");
}

/// Every passage id of a glossary, with its text.
fn ids(g: &Glossary) -> Vec<(String, String)> {
    g.passages()
        .map(|p| (p.id.to_string(), p.text.into_owned()))
        .collect()
}

#[test]
fn a_new_document_changes_no_other_passage_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    std::fs::write(path.join("glossary.tbx"), ENERGY_V2).unwrap();
    std::fs::write(path.join("source.fr.txt"), REPORT).unwrap();
    std::fs::write(path.join("m-annexe.fr.txt"), "Annexe.\n\nLes PPA.\n").unwrap();
    let before = ids(&Glossary::from_dir(path).unwrap());
    assert_eq!(before[0].0, "m-annexe.p1.s1");
    assert!(before.iter().any(|(id, _)| id == "p2.s1"), "{before:?}");
    // A document that comes first in name order, then one that comes last.
    std::fs::write(path.join("a-avis.fr.txt"), "Un avis.\n").unwrap();
    std::fs::write(path.join("z-note.fr.txt"), "Une note.\n").unwrap();
    let g = Glossary::from_dir(path).unwrap();
    let after = ids(&g);
    for old in &before {
        assert!(after.contains(old), "{} changed: {after:?}", old.0);
    }
    assert!(after.contains(&("a-avis.p1.s1".to_string(), "Un avis.".to_string())));
    // Removing a document leaves the others as they were too.
    std::fs::remove_file(path.join("m-annexe.fr.txt")).unwrap();
    let fewer = ids(&Glossary::from_dir(path).unwrap());
    for kept in fewer.iter() {
        assert!(after.contains(kept), "{} changed", kept.0);
    }
    // An id reads back to its passage.
    let id: PassageId = "m-annexe.p2.s1".parse().unwrap();
    assert_eq!(g.passage(&id).unwrap().text, "Les PPA.");
    assert!(g.passage(&"d2.p2.s1".parse().unwrap()).is_none());
}

#[test]
fn two_documents_with_one_key_are_an_error_naming_them() {
    let err = GlossaryBuilder::new()
        .from_memory(
            GlossaryFormat::Tbx,
            ENERGY_V2,
            [("annexe.fr.txt", "Une phrase."), ("annexe", "Une autre.")],
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "annexe.fr.txt: its passage ids would start `annexe.p` as those of `annexe` do: rename one of them"
    );
}

#[test]
fn two_entries_sharing_a_name_load_with_a_warning_and_export_refuses_silence() {
    let json = r#"[
      {"id": "zone-a", "term": "Zone pilote", "term_en": "Pilot zone", "category": "a"},
      {"id": "zone-b", "term": "zones pilotes", "term_en": "Test zone", "category": "b"},
      {"id": "zone-c", "term": "Zone pilote", "term_en": "Trial zone", "category": "c",
       "aliases": ["zone d'essai"]}
    ]"#;
    let g = GlossaryBuilder::new()
        .from_texts("La zone pilote.", json)
        .unwrap();
    let shared: Vec<(&str, &str)> = g
        .warnings()
        .iter()
        .filter_map(|w| match w {
            Warning::SharedName { first, second, .. } => Some((first.as_str(), second.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(shared, [("zone-a", "zone-b"), ("zone-a", "zone-c")]);
    assert!(g.warnings()[0]
        .to_string()
        .contains("`zone-a` and `zone-b`"));
    // The mention goes to the first entry.
    assert_eq!(g.mentions("zone-a").unwrap().len(), 1);
    assert_eq!(g.mentions("zone-c").unwrap().len(), 0);
    // DeepL's TSV cannot hold one source with two targets: refused, naming
    // both, rather than a row dropped.
    let mut out = Vec::new();
    match g.export(ExportFormat::Tsv, &mut out) {
        Err(Error::Export { id, reason, .. }) => {
            assert_eq!(id, "zone-c");
            assert!(
                reason.contains("`zone-a`") && reason.contains("Pilot zone"),
                "{reason}"
            );
        }
        other => panic!("expected an export error, got {other:?}"),
    }
    assert!(out.is_empty());
    // A subset without the conflict exports every row.
    let sub = g
        .select(&Subset::new().entry("zone-a").entry("zone-b"))
        .unwrap();
    let mut out = Vec::new();
    sub.export(ExportFormat::Tsv, &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "Zone pilote\tPilot zone\nzones pilotes\tTest zone\n"
    );
}

#[test]
fn subsets_limit_annotation_export_and_passage_search() {
    let g = load(GlossaryFormat::Tbx, ENERGY_V2);
    let policy = Subset::new().category("energy-policy".parse().unwrap());
    let selection = g.select(&policy).unwrap();
    let ids: Vec<&str> = selection.entries().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["3539651", "3567890"]);
    assert_eq!((selection.len(), selection.is_empty()), (2, false));
    assert_eq!(g.select(&Subset::new()).unwrap().len(), g.entries().len());
    let matches = selection.annotate("The GOs, the PPAs and the RED.");
    let found: Vec<&str> = matches.iter().map(|m| m.entry.as_str()).collect();
    assert_eq!(found, ["3539651", "3567890"]);
    let mut out = Vec::new();
    selection.export(ExportFormat::Ndjson, &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
    // By id, and by category or id together.
    let both = Subset::new()
        .category("public-procurement".parse().unwrap())
        .entry("3539651");
    let ids: Vec<&str> = g
        .select(&both)
        .unwrap()
        .entries()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["3539651", "1119871"]);
    // Unknown ids and empty categories are errors, not empty exports.
    assert!(matches!(
        g.select(&Subset::new().entry("nope")),
        Err(Error::UnknownEntry { .. })
    ));
    assert!(matches!(
        g.select(&Subset::new().category("cooking".parse().unwrap())),
        Err(Error::Query(QueryError::ImpossibleFilter { .. }))
    ));
    // Passages that mention an entry of a category.
    let q = Query::new("signés")
        .kind(HitKind::Passage)
        .category("energy-markets".parse().unwrap());
    let hits = g.search(&q).unwrap();
    assert_eq!(hits.total_hits, 1);
    assert!(hits.hits[0]
        .passage()
        .unwrap()
        .mentions
        .iter()
        .any(|m| m == "PPA_01"));
}
