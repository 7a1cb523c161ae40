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
            if w == 0 {
                let mut chars = word.chars();
                text.extend(chars.next().into_iter().flat_map(char::to_uppercase));
                text.push_str(chars.as_str());
            } else {
                text.push_str(word);
            }
        }
        text.push_str(if i % 5 == 4 { ".\n" } else { ". " });
    }
    text
}
