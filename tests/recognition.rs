//! Term recognition matches a name's inflections, not its derivations: a
//! table of (name, text, what matches) in both languages: plurals,
//! feminines, elisions, acronyms in capitals, possessives, verbs, and the
//! derivations that are other terms and must not match.

use chongqing_glossary::{model::Language, Glossary, GlossaryBuilder, GlossaryFormat};

/// A small termbase whose names have derivations that are other words.
const TERMBASE: &str = r#"[
  {"id": "segment-en", "term": "tronçon", "term_en": "segment", "category": "c"},
  {"id": "upload", "term": "téléversement", "term_en": "upload", "category": "c"},
  {"id": "host", "term": "hôte", "term_en": {"text": "host", "part_of_speech": "noun"}, "category": "c"},
  {"id": "switch", "term": "aiguillage", "term_en": "railway switch", "category": "c"},
  {"id": "configure", "term": {"text": "configurer", "part_of_speech": "verb"},
   "term_en": {"text": "configure", "part_of_speech": "verb"}, "category": "c"},
  {"id": "segment-fr", "term": "segment", "term_en": "line piece", "category": "c"},
  {"id": "zone-franche", "term": "zone franche", "term_en": "free zone", "category": "c"},
  {"id": "centre", "term": "centre financier", "term_en": "financial centre", "category": "c"},
  {"id": "ppa", "term": "PPA", "term_en": "PPA", "category": "c"},
  {"id": "autorite", "term": "autorité de régulation", "term_en": "regulatory authority", "category": "c"},
  {"id": "journal", "term": "journal officiel", "term_en": "official journal", "category": "c"},
  {"id": "policy", "term": "politique publique", "term_en": "public policy", "category": "c"},
  {"id": "box", "term": "boîte noire", "term_en": "black box", "category": "c"},
  {"id": "chercheur", "term": "chercheur principal", "term_en": "principal investigator", "category": "c"}
]"#;

fn glossary() -> &'static Glossary {
    static G: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
    G.get_or_init(|| {
        GlossaryBuilder::new()
            .from_memory(GlossaryFormat::Json, TERMBASE, [("a.fr.txt", "")])
            .unwrap()
    })
}

use Language::{English as En, French as Fr};

/// The language of a text, the text, and the entry found with the text
/// it matched, or `None` when nothing must match.
type Case = (Language, &'static str, Option<(&'static str, &'static str)>);

const TABLE: &[Case] = &[
    // English plurals and possessives.
    (
        En,
        "Two segments were cut.",
        Some(("segment-en", "segments")),
    ),
    (En, "The host's address.", Some(("host", "host's"))),
    (En, "The hosts’ addresses.", Some(("host", "hosts"))),
    (
        En,
        "Public policies differ.",
        Some(("policy", "Public policies")),
    ),
    (En, "Two black boxes.", Some(("box", "black boxes"))),
    (
        En,
        "Railway switches failed.",
        Some(("switch", "Railway switches")),
    ),
    // English derivations are other terms.
    (En, "Segmentation rules apply.", None),
    (En, "The uploader failed.", None),
    (En, "Hosting is cheap.", None),
    (En, "Railway switching takes time.", None),
    (En, "A configuration file.", None),
    // A verb name matches its conjugation.
    (
        En,
        "Configure the router.",
        Some(("configure", "Configure")),
    ),
    (
        En,
        "It was configured twice.",
        Some(("configure", "configured")),
    ),
    (
        En,
        "Configuring takes time.",
        Some(("configure", "Configuring")),
    ),
    (En, "She configures it.", Some(("configure", "configures"))),
    (En, "Uploads are logged.", Some(("upload", "Uploads"))),
    // Acronyms in capitals only, a plural `s` allowed.
    (En, "Two PPAs were signed.", Some(("ppa", "PPAs"))),
    (En, "The ppa was signed.", None),
    // French plurals, feminines, elisions.
    (
        Fr,
        "Les zones franches attirent.",
        Some(("zone-franche", "zones franches")),
    ),
    (
        Fr,
        "Les centres financiers ouvrent.",
        Some(("centre", "centres financiers")),
    ),
    (
        Fr,
        "L’autorité de régulation décide.",
        Some(("autorite", "autorité de régulation")),
    ),
    (
        Fr,
        "Les autorités de régulation décident.",
        Some(("autorite", "autorités de régulation")),
    ),
    (
        Fr,
        "Deux journaux officiels.",
        Some(("journal", "journaux officiels")),
    ),
    (
        Fr,
        "Les politiques publiques.",
        Some(("policy", "politiques publiques")),
    ),
    (Fr, "Des boîtes noires.", Some(("box", "boîtes noires"))),
    (
        Fr,
        "Les chercheurs principaux.",
        Some(("chercheur", "chercheurs principaux")),
    ),
    (Fr, "Un segment de droite.", Some(("segment-fr", "segment"))),
    (Fr, "Trois segments.", Some(("segment-fr", "segments"))),
    (
        Fr,
        "Sans accents : les zones franches, la sante.",
        Some(("zone-franche", "zones franches")),
    ),
    // French derivations are other terms.
    (Fr, "La segmentation du marché.", None),
    (Fr, "Une configuration.", None),
    (Fr, "L’hébergement de l’hôtel.", None),
    // A French verb name matches its conjugation.
    (
        Fr,
        "Configurez le routeur.",
        Some(("configure", "Configurez")),
    ),
    (
        Fr,
        "Le routeur est configuré.",
        Some(("configure", "configuré")),
    ),
    (
        Fr,
        "Nous configurons le routeur.",
        Some(("configure", "configurons")),
    ),
    (
        Fr,
        "Elles étaient configurées.",
        Some(("configure", "configurées")),
    ),
];

#[test]
fn names_match_their_inflections_not_their_derivations() {
    for &(language, text, expected) in TABLE {
        let found: Vec<(String, String)> = glossary()
            .annotate_in(language, text)
            .into_iter()
            .map(|m| (m.entry.to_string(), m.text.into_owned()))
            .collect();
        let expected: Vec<(String, String)> = expected
            .map(|(id, matched)| (id.to_string(), matched.to_string()))
            .into_iter()
            .collect();
        assert_eq!(found, expected, "{language}: {text}");
        // Without a language, names of both are looked for: the same
        // words are found (a name both languages share may then be the
        // other language's entry).
        let both: Vec<String> = glossary()
            .annotate(text)
            .into_iter()
            .map(|m| m.text.into_owned())
            .collect();
        let words: Vec<&str> = expected.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(both, words, "{text}");
    }
}

/// Told the text's language, recognition looks for that language's names
/// only: an English name made of French words is not found in French, and
/// the reverse.
#[test]
fn a_language_keeps_the_other_languages_names_out() {
    // `segment` is an English and a French name of two entries.
    let text = "Le segment et le segment.";
    let french: Vec<String> = glossary()
        .annotate_in(Fr, text)
        .iter()
        .map(|m| m.entry.to_string())
        .collect();
    assert_eq!(french, ["segment-fr", "segment-fr"]);
    let english: Vec<String> = glossary()
        .annotate_in(En, text)
        .iter()
        .map(|m| m.entry.to_string())
        .collect();
    assert_eq!(english, ["segment-en", "segment-en"]);
    // The check reads each side in its own language: the English
    // `segment` is another entry's name, not a translation of the French
    // `segment`.
    let report = glossary().check([("Un segment.", "A segment.")]);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].entry.as_str(), "segment-fr");
    assert_eq!(report.findings[0].expected, ["line piece"]);
    let report = glossary().check([("Un segment.", "A line piece.")]);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}
