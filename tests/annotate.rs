//! Term recognition, as a specification: which names `Glossary::annotate`
//! finds in a text, where, and as which label; and that the article's
//! mentions are exactly what it finds.

use chongqing_glossary::{Glossary, LabelKind};

fn glossary() -> &'static Glossary {
    static G: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
    G.get_or_init(|| Glossary::embedded().unwrap())
}

use LabelKind::{Alias, AliasEn, Term, TermEn};

/// One expected match: entry id, matched text, label.
type Found = (&'static str, &'static str, LabelKind);

/// (why, text, expected matches)
const CASES: &[(&str, &str, &[Found])] = &[
    (
        "French plural by stem",
        "Les zones pilotes de réforme financière ont ouvert.",
        &[(
            "zone-pilote-reforme-financiere",
            "zones pilotes de réforme financière",
            Alias,
        )],
    ),
    (
        "elision with a typographic apostrophe",
        "L’essor du corridor d’innovation se confirme.",
        &[(
            "corridor-innovation-scientifique-technologique",
            "corridor d’innovation",
            Alias,
        )],
    ),
    (
        "elision with a straight apostrophe",
        "L'essor du corridor d'innovation se confirme.",
        &[(
            "corridor-innovation-scientifique-technologique",
            "corridor d'innovation",
            Alias,
        )],
    ),
    (
        "uppercase",
        "LE PÔLE D’INNOVATION EN SANTÉ ET VIE RECRUTE.",
        &[(
            "pole-innovation-sante-vie",
            "PÔLE D’INNOVATION EN SANTÉ ET VIE",
            Term,
        )],
    ),
    (
        "accents left out",
        "le pole d'innovation en sante et vie",
        &[(
            "pole-innovation-sante-vie",
            "pole d'innovation en sante et vie",
            Term,
        )],
    ),
    (
        "English plural",
        "Two green innovation hubs opened in 2024.",
        &[(
            "pole-innovation-vert-bas-carbone",
            "green innovation hubs",
            AliasEn,
        )],
    ),
    (
        "English term, any case",
        "The CHENGDU-CHONGQING economic circle grows.",
        &[(
            "cercle-economique-chengdu-chongqing",
            "CHENGDU-CHONGQING economic circle",
            TermEn,
        )],
    ),
    (
        "the longest name wins over the alias it starts with",
        "la zone pilote de réforme financière scientifique et technologique de Chongqing",
        &[(
            "zone-pilote-reforme-financiere",
            "zone pilote de réforme financière scientifique et technologique de Chongqing",
            Term,
        )],
    ),
    (
        "a term that holds an alias of its own entry is one match",
        "Le corridor d’innovation scientifique et technologique relie les pôles.",
        &[(
            "corridor-innovation-scientifique-technologique",
            "corridor d’innovation scientifique et technologique",
            Term,
        )],
    ),
    (
        "two names side by side are two matches, left to right",
        "nouveaux matériaux et santé et vie",
        &[
            (
                "pole-innovation-nouveaux-materiaux",
                "nouveaux matériaux",
                Alias,
            ),
            ("pole-innovation-sante-vie", "santé et vie", Alias),
        ],
    ),
    (
        "words of a name that are not contiguous do not match",
        "la santé, l’innovation et la vie ; une zone de réforme pilote financière",
        &[],
    ),
    (
        "a name does not cross a sentence end",
        "Une zone pilote. De réforme financière, il fut question.",
        &[],
    ),
    (
        "whole words only",
        "des nouveauxmatériaux et des matériauxnouveaux",
        &[],
    ),
    ("nothing to find", "Le printemps arrive à Chongqing.", &[]),
    ("empty text", "", &[]),
];

#[test]
fn annotate_finds_what_the_table_says() {
    for (why, text, expected) in CASES {
        let matches = glossary().annotate(text);
        let found: Vec<(&str, &str, LabelKind)> = matches
            .iter()
            .map(|m| (m.entry.as_str(), &*m.text, m.label))
            .collect();
        assert_eq!(found, *expected, "{why}: {text}");
    }
}

#[test]
fn offsets_are_bytes_of_the_input_even_on_multibyte_text() {
    let text =
        "Été 2024 — « Les nouveaux matériaux » et l’ÉCONOMIE ; \u{1F30F} green innovation hubs!";
    let found = glossary().annotate(text);
    assert_eq!(found.len(), 2);
    for m in &found {
        assert_eq!(&text[m.start..m.end], m.text);
        assert_eq!(m.span(), m.start..m.end);
    }
    let first = text.find("nouveaux matériaux").unwrap();
    assert_eq!(
        (found[0].start, found[0].end),
        (first, first + "nouveaux matériaux".len())
    );
    let second = text.find("green innovation hubs").unwrap();
    assert_eq!(
        (found[1].start, found[1].end),
        (second, second + "green innovation hubs".len())
    );
}

#[test]
fn matches_never_overlap_and_go_left_to_right() {
    let text = glossary()
        .entries()
        .iter()
        .flat_map(|e| e.labels())
        .collect::<Vec<_>>()
        .join(" ; ");
    let found = glossary().annotate(&text);
    // Every name, separated by sentence breaks, is found once.
    let names = glossary()
        .entries()
        .iter()
        .map(|e| e.labels().count())
        .sum::<usize>();
    assert_eq!(found.len(), names);
    for pair in found.windows(2) {
        assert!(pair[0].end <= pair[1].start, "{pair:?}");
    }
}

#[test]
fn the_article_mentions_are_what_annotate_finds_in_each_passage() {
    let g = glossary();
    for passage in g.passages() {
        let matches = g.annotate(&passage.text);
        let mut found: Vec<&str> = matches.iter().map(|m| m.entry.as_str()).collect();
        let order = |id: &str| g.entries().iter().position(|e| e.id == *id);
        found.sort_by_key(|id| order(id));
        found.dedup();
        let mentions: Vec<&str> = passage.mentions.iter().map(|m| m.as_str()).collect();
        assert_eq!(found, mentions, "{}", passage.id);
    }
    for entry in g.entries() {
        let spans: Vec<_> = g
            .mentions(&entry.id)
            .unwrap()
            .iter()
            .map(|m| (m.passage.id.clone(), m.span.clone()))
            .collect();
        let found: Vec<_> = g
            .passages()
            .flat_map(|p| {
                g.annotate(&p.text)
                    .into_iter()
                    .filter(|m| *m.entry == entry.id)
                    .map(|m| (p.id.clone(), m.span()))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(spans, found, "{}", entry.id);
    }
}

#[test]
fn the_article_mentions_are_unchanged() {
    // data/README.md: paragraph 2 names the economic circle and the « 416 »
    // layout, p4.s2 the corridor and the four hubs, p7.s3 the pilot zone.
    let expected = [
        ("cercle-economique-chengdu-chongqing", &["p2.s1"][..]),
        ("disposition-innovation-416", &["p2.s1"]),
        ("corridor-innovation-scientifique-technologique", &["p4.s2"]),
        ("pole-innovation-numerique-intelligent", &["p4.s2"]),
        ("pole-innovation-sante-vie", &["p4.s2"]),
        ("pole-innovation-nouveaux-materiaux", &["p4.s2"]),
        ("pole-innovation-vert-bas-carbone", &["p4.s2"]),
        ("zone-pilote-reforme-financiere", &["p7.s3"]),
    ];
    for (id, passages) in expected {
        let found: Vec<String> = glossary()
            .mentions(id)
            .unwrap()
            .iter()
            .map(|m| m.passage.id.to_string())
            .collect();
        assert_eq!(found, passages, "{id}");
    }
}

#[test]
fn a_large_text_is_annotated_whole() {
    // Several analysis chunks' worth: matches across the whole text, none
    // lost or doubled at a chunk boundary.
    let sentence =
        "Le pôle d’innovation en nouveaux matériaux et la zone pilote de réforme financière. ";
    let text = sentence.repeat(20_000);
    let found = glossary().annotate(&text);
    assert_eq!(found.len(), 40_000);
    for m in &found {
        assert_eq!(&text[m.span()], m.text);
    }
}
