//! Data the crate was not shaped for: vocabularies of tens or hundreds of
//! thousands of made-up words in French and English spelling, drawn with a
//! Zipf-like frequency (the `r`-th most frequent word about `1/r` as often
//! as the first), as real text is. The benches' targets are read on these
//! (the older generators draw from a few hundred words of the seed, which
//! hides what grows with the number of distinct words).

#![allow(dead_code)]

use std::collections::HashSet;

use crate::common::Rng;

/// Made-up words that look French or English: syllables of an onset, a
/// vowel and a coda, two to four of them.
pub fn words(n: usize, english: bool, seed: u64) -> Vec<String> {
    let (onsets, vowels, codas): (&[&str], &[&str], &[&str]) = if english {
        (
            &[
                "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "w", "st", "tr",
                "gr", "br", "sh", "th", "cl", "pl",
            ],
            &["a", "e", "i", "o", "u", "ea", "oo", "ai", "ou", "y"],
            &["", "", "n", "r", "t", "ck", "ll", "nd", "st", "ng", "m"],
        )
    } else {
        (
            &[
                "b", "c", "d", "f", "g", "j", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "pr",
                "tr", "gr", "bl", "cl", "qu",
            ],
            &[
                "a", "e", "i", "o", "u", "é", "è", "ai", "ou", "eu", "au", "an", "on", "in",
            ],
            &["", "", "", "r", "l", "n", "s", "t", "x"],
        )
    };
    let mut rng = Rng(seed | 1);
    let mut seen = HashSet::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let syllables = 2 + rng.below(3);
        let mut word = String::new();
        for _ in 0..syllables {
            word.push_str(onsets[rng.below(onsets.len())]);
            word.push_str(vowels[rng.below(vowels.len())]);
            word.push_str(codas[rng.below(codas.len())]);
        }
        if word.chars().count() >= 4 && seen.insert(word.clone()) {
            out.push(word);
        }
    }
    out
}

/// Ranks drawn with a Zipf-like frequency over `n` ranks.
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|r| {
                total += 1.0 / r as f64;
                total
            })
            .collect::<Vec<f64>>();
        let cumulative = cumulative.into_iter().map(|c| c / total).collect();
        Zipf { cumulative }
    }

    /// A rank, 0 the most frequent.
    pub fn draw(&self, rng: &mut Rng) -> usize {
        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        self.cumulative
            .partition_point(|&c| c < u)
            .min(self.cumulative.len() - 1)
    }
}

/// A vocabulary and its frequencies.
pub struct Vocabulary {
    pub words: Vec<String>,
    zipf: Zipf,
}

impl Vocabulary {
    pub fn new(n: usize, english: bool, seed: u64) -> Vocabulary {
        Vocabulary {
            words: words(n, english, seed),
            zipf: Zipf::new(n),
        }
    }

    pub fn draw(&self, rng: &mut Rng) -> &str {
        &self.words[self.zipf.draw(rng)]
    }

    /// `k` words drawn one by one.
    pub fn phrase(&self, rng: &mut Rng, k: usize) -> String {
        (0..k).map(|_| self.draw(rng)).collect::<Vec<_>>().join(" ")
    }
}

/// Each entry's names: French (term, alias), then English.
pub type Names = Vec<(Vec<String>, Vec<String>)>;

/// A termbase of `n` entries as `glossary.json`, names of one to six words
/// drawn from a French and an English vocabulary of `vocabulary` words
/// each (Zipf-like): a French and an English term, a French and an English
/// alias, a category among forty, one entry in ten a definition. Returns
/// the JSON and each entry's names (French, then English).
pub fn termbase(n: usize, vocabulary: usize) -> (String, Names) {
    let fr = Vocabulary::new(vocabulary, false, 0x5eed_f00d);
    let en = Vocabulary::new(vocabulary, true, 0xbeef_cafe);
    let mut rng = Rng(0x7e4b_a5e5_0000_0001);
    let mut json = String::with_capacity(n * 300);
    let mut names = Vec::with_capacity(n);
    json.push('[');
    for i in 0..n {
        let length = |rng: &mut Rng| 1 + rng.below(3) + rng.below(2) * rng.below(4);
        let k = length(&mut rng);
        let term = fr.phrase(&mut rng, k);
        let k = length(&mut rng);
        let alias = fr.phrase(&mut rng, k);
        let k = length(&mut rng);
        let term_en = en.phrase(&mut rng, k);
        let k = length(&mut rng);
        let alias_en = en.phrase(&mut rng, k);
        if i > 0 {
            json.push_str(",\n");
        }
        json.push_str(&format!(
            r#"{{"id": "v{i}", "term": "{term}", "term_en": "{term_en}", "aliases": ["{alias}"], "aliases_en": ["{alias_en}"], "category": "domaine-{}""#,
            i % 40
        ));
        if i % 10 == 0 {
            let k = 8 + rng.below(12);
            json.push_str(&format!(r#", "definition": "{}""#, fr.phrase(&mut rng, k)));
        }
        json.push('}');
        names.push((vec![term, alias], vec![term_en, alias_en]));
    }
    json.push_str("]\n");
    (json, names)
}

/// About `bytes` of French text naming a termbase's entries (a French name
/// in each sentence, among words of the same vocabulary), in sentences.
pub fn french_text_naming(
    names: &[(Vec<String>, Vec<String>)],
    vocabulary: usize,
    bytes: usize,
) -> String {
    let fr = Vocabulary::new(vocabulary, false, 0x5eed_f00d);
    let mut rng = Rng(0xfeed_5eed_0000_0002);
    let mut text = String::with_capacity(bytes + 200);
    while text.len() < bytes {
        let (french, _) = &names[rng.below(names.len())];
        let name = &french[rng.below(french.len())];
        let (a, b) = (3 + rng.below(6), 2 + rng.below(6));
        text.push_str(&format!(
            "Le {} {} la {}. ",
            fr.phrase(&mut rng, a),
            name,
            fr.phrase(&mut rng, b)
        ));
        if rng.below(8) == 0 {
            text.push('\n');
        }
    }
    text
}

/// An article of `passages` sentences of 5 to 60 words, five per paragraph
/// (line), from a French vocabulary of `vocabulary` words (Zipf-like), with
/// the scale bench's query words at their rates: `innovation` in every
/// other passage, `xylographie` in one in a thousand, `graphène`, `zone`,
/// `pilote`, `technologique` in a few percent each.
pub fn article(passages: usize, vocabulary: usize) -> String {
    let fr = Vocabulary::new(vocabulary, false, 0xa27c_1e00);
    let mut rng = Rng(0x0a27_1c1e_0000_0003);
    let mut text = String::with_capacity(passages * 250);
    for i in 0..passages {
        let words = 5 + rng.below(56);
        for w in 0..words {
            if w > 0 {
                text.push(' ');
            }
            let roll = rng.below(100);
            let word = if i % 2 == 0 && w == words / 2 {
                "innovation"
            } else if i % 1000 == 1 && w == 1 {
                "xylographie"
            } else if roll == 0 {
                "graphène"
            } else if roll == 1 {
                "zone pilote"
            } else if roll == 2 {
                "technologiques"
            } else if roll == 3 {
                "pilote"
            } else {
                fr.draw(&mut rng)
            };
            crate::common::push_word(&mut text, word, w == 0);
        }
        text.push_str(if i % 5 == 4 { ".\n" } else { ". " });
    }
    text
}

/// The 24 official languages of the EU, as IATE's export names them.
pub const IATE_LANGUAGES: [&str; 24] = [
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
    "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
];

/// Writes an IATE-shaped TBX v2 termbase of `concepts` concepts to `out`,
/// as IATExtract exports look: `termEntry id="IATE-n"`, a subject field of
/// domain codes, `langSet`s of up to 24 languages with one to three `tig`s
/// each (a `termType`, a `reliabilityCode`, and for one term in four an
/// `administrativeStatus`: preferred, admitted, deprecated or superseded),
/// a definition in one `langSet` in five, a note now and then. About 60 % of
/// the concepts have both French and English; the others lack one or the
/// other. Names are one to five words drawn from vocabularies of
/// `vocabulary` made-up words per language (Zipf-like). Returns how many
/// concepts have both French and English.
pub fn iate_tbx(
    concepts: usize,
    vocabulary: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<usize> {
    let fr = Vocabulary::new(vocabulary, false, 0x1a7e_f00d);
    let en = Vocabulary::new(vocabulary, true, 0x1a7e_cafe);
    // The other 22 languages share two spellings, each with its own words.
    let others: Vec<Vocabulary> = (0..2)
        .map(|i| Vocabulary::new(vocabulary / 4, i == 1, 0x0123_4567 + i as u64))
        .collect();
    let mut rng = Rng(0x1a7e_0000_0000_0005);
    out.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
  <martifHeader>
    <fileDesc><sourceDesc><p>TBX file, created via IATExtract (generated)</p></sourceDesc></fileDesc>
    <encodingDesc><p type="DCSName">TBXXCSV02.xcs</p></encodingDesc>
  </martifHeader>
  <text>
    <body>
"#,
    )?;
    let statuses = [
        "preferredTerm-admn-sts",
        "admittedTerm-admn-sts",
        "deprecatedTerm-admn-sts",
        "supersededTerm-admn-sts",
    ];
    let types = ["fullForm", "fullForm", "fullForm", "abbreviation", "phrase"];
    let mut both = 0;
    let mut buf = String::with_capacity(8192);
    for c in 0..concepts {
        buf.clear();
        let id = 10_000 + c * 7;
        buf.push_str(&format!(
            "      <termEntry id=\"IATE-{id}\">\n        <descripGrp>\n          <descrip type=\"subjectField\">{}, {}</descrip>\n        </descripGrp>\n",
            1000 + rng.below(9000),
            1000 + rng.below(9000)
        ));
        // 60 % both; 20 % French without English; 20 % English without French.
        let roll = rng.below(10);
        let (has_fr, has_en) = (roll < 8, !(6..8).contains(&roll));
        both += usize::from(has_fr && has_en);
        for (l, lang) in IATE_LANGUAGES.iter().enumerate() {
            let vocabulary = match *lang {
                "fr" if has_fr => &fr,
                "en" if has_en => &en,
                "fr" | "en" => continue,
                // A concept names each other language one time in five.
                _ if rng.below(5) != 0 => continue,
                _ => &others[l % 2],
            };
            buf.push_str(&format!("        <langSet xml:lang=\"{lang}\">\n"));
            if rng.below(5) == 0 {
                let k = 6 + rng.below(14);
                buf.push_str(&format!(
                    "          <descripGrp>\n            <descrip type=\"definition\">{}.</descrip>\n          </descripGrp>\n",
                    vocabulary.phrase(&mut rng, k)
                ));
            }
            let terms = 1 + rng.below(2) * (1 + rng.below(2));
            for _ in 0..terms {
                let k = 1 + rng.below(3) + rng.below(2) * rng.below(3);
                buf.push_str(&format!(
                    "          <tig>\n            <term>{}</term>\n            <termNote type=\"termType\">{}</termNote>\n            <descrip type=\"reliabilityCode\">{}</descrip>\n",
                    vocabulary.phrase(&mut rng, k),
                    types[rng.below(types.len())],
                    1 + rng.below(4)
                ));
                if rng.below(4) == 0 {
                    buf.push_str(&format!(
                        "            <termNote type=\"administrativeStatus\">{}</termNote>\n",
                        statuses[rng.below(statuses.len())]
                    ));
                }
                if rng.below(20) == 0 {
                    buf.push_str(
                        "            <note>Terme relevé dans un document de travail.</note>\n",
                    );
                }
                buf.push_str("          </tig>\n");
            }
            buf.push_str("        </langSet>\n");
        }
        buf.push_str("      </termEntry>\n");
        out.write_all(buf.as_bytes())?;
    }
    out.write_all(b"    </body>\n  </text>\n</martif>\n")?;
    Ok(both)
}
