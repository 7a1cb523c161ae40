//! The vocabulary of a loaded corpus: its interned terms, what analysis
//! made of each raw token, and back from a term to its raw tokens.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::words::{Terms, WordForms};

/// A fast, non-cryptographic hasher for short strings (the multiply-rotate
/// scheme of rustc's `FxHasher`). Keys here are corpus words, not attacker
/// input that could flood a table, and hashing every token of a 100k-passage
/// corpus twice with SipHash was a measurable part of a build.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map keyed by words (owned by default), with [`WordHasher`].
pub(crate) type WordMap<V, K = String> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Interned term strings. Ids are dense, so a set of terms is a bitset over
/// the lexicon.
#[derive(Debug, Default, Clone)]
pub(crate) struct Lexicon {
    ids: WordMap<u32>,
    words: Vec<Box<str>>,
}

impl Lexicon {
    /// A lexicon of `words`, ids in order.
    pub(crate) fn from_words(words: Vec<Box<str>>) -> Lexicon {
        let ids = words
            .iter()
            .enumerate()
            .map(|(i, w)| (String::from(&**w), i as u32))
            .collect();
        Lexicon { ids, words }
    }

    pub(super) fn intern(&mut self, word: &str, offset: u32) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id + offset;
        }
        let id = u32::try_from(self.words.len()).expect("fewer than 2^32 distinct terms");
        self.ids.insert(word.to_string(), id);
        self.words.push(word.into());
        id + offset
    }

    pub(crate) fn get(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    /// How many distinct terms there are (ids are `0..len`).
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    pub(crate) fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    pub(crate) fn words(&self) -> &[Box<str>] {
        &self.words
    }
}

/// A frozen vocabulary: the terms of a loaded corpus and what analysis made
/// of each raw token seen, shared by every later analysis (queries,
/// highlighting, annotation) so that a known word keeps its id.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    pub(crate) lexicon: Lexicon,
    pub(super) cache: WordMap<WordForms>,
    /// The raw tokens of each French term, built on first use.
    french_raws: OnceLock<RawTokens>,
}

/// The raw tokens each French term comes from, exact and stemmed:
/// `raws[of[t]..of[t + 1]]` for term `t` (`of` is per form).
#[derive(Debug, Default)]
struct RawTokens {
    exact: Vec<u32>,
    exact_raws: Vec<u32>,
    stem: Vec<u32>,
    stem_raws: Vec<u32>,
    raws: Vec<Box<str>>,
}

impl RawTokens {
    fn new(vocabulary: &Vocabulary) -> RawTokens {
        let raws: Vec<(&str, Terms)> = vocabulary
            .cache
            .iter()
            .filter_map(|(raw, forms)| Some((raw.as_str(), forms.french?)))
            .collect();
        let terms = vocabulary.lexicon.len();
        let (exact, exact_raws) = by_term(terms, raws.iter().map(|(_, t)| t.exact));
        let (stem, stem_raws) = by_term(terms, raws.iter().map(|(_, t)| t.stem));
        RawTokens {
            exact,
            exact_raws,
            stem,
            stem_raws,
            raws: raws.into_iter().map(|(raw, _)| raw.into()).collect(),
        }
    }

    fn of(&self, term: u32, stem: bool) -> impl Iterator<Item = &str> {
        let (starts, raws) = if stem {
            (&self.stem, &self.stem_raws)
        } else {
            (&self.exact, &self.exact_raws)
        };
        let t = term as usize;
        let range = match (starts.get(t), starts.get(t + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        };
        raws[range].iter().map(|&r| &*self.raws[r as usize])
    }
}

/// Groups items by term: `starts` (one more than `terms`) and the items'
/// indices, term after term, each term's in order.
fn by_term(terms: usize, term_of: impl Iterator<Item = u32> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; terms + 1];
    for t in term_of.clone() {
        starts[t as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut items = vec![0u32; starts[terms] as usize];
    for (i, t) in term_of.enumerate() {
        items[next[t as usize] as usize] = i as u32;
        next[t as usize] += 1;
    }
    (starts, items)
}

impl Vocabulary {
    pub(super) fn new(lexicon: Lexicon, cache: WordMap<WordForms>) -> Vocabulary {
        Vocabulary {
            lexicon,
            cache,
            french_raws: OnceLock::new(),
        }
    }

    /// A vocabulary from its saved parts: the words (ids in order) and what
    /// analysis made of each raw token.
    pub(crate) fn from_parts(words: Vec<Box<str>>, cache: Vec<(String, WordForms)>) -> Vocabulary {
        Vocabulary::new(Lexicon::from_words(words), cache.into_iter().collect())
    }

    /// The French stem of every raw token whose French exact term is
    /// `exact`, when they all have the same one.
    pub(crate) fn french_stem_of(&self, exact: u32) -> Option<u32> {
        let mut stems = self
            .french_raws(exact, false)
            .map(|raw| self.cache.get(raw).and_then(|f| f.french).map(|t| t.stem));
        let first = stems.next()??;
        stems.all(|s| s == Some(first)).then_some(first)
    }

    /// The raw tokens (as the tokenizer cut them) whose French exact term,
    /// or stemmed term when `stem`, is `term`.
    pub(crate) fn french_raws(&self, term: u32, stem: bool) -> impl Iterator<Item = &str> {
        self.french_raws
            .get_or_init(|| RawTokens::new(self))
            .of(term, stem)
    }

    /// The parts [`Vocabulary::from_parts`] takes back, the raw tokens sorted.
    pub(crate) fn parts(&self) -> (Vec<Box<str>>, Vec<(String, WordForms)>) {
        let mut cache: Vec<(String, WordForms)> =
            self.cache.iter().map(|(k, v)| (k.clone(), *v)).collect();
        cache.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        (self.lexicon.words().to_vec(), cache)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The raw tokens of a term are those the vocabulary analyzed to it,
    /// and an exact term has one stem only when all its raw tokens agree.
    #[test]
    fn raw_tokens_and_the_one_stem_of_an_exact_term() {
        let forms = |exact, stem| WordForms {
            cut: 0,
            french: Some(Terms {
                exact,
                stem,
                light: exact,
                verb: exact,
            }),
            english: None,
        };
        let words = ["zone", "zon", "pilote", "pilot", "pilotes"]
            .map(Box::from)
            .to_vec();
        let vocabulary = Vocabulary::from_parts(
            words,
            vec![
                ("Zone".into(), forms(0, 1)),
                ("zone".into(), forms(0, 1)),
                ("zones".into(), forms(0, 1)),
                ("Pilote".into(), forms(2, 3)),
                ("pilote".into(), forms(2, 2)),
                ("pilotes".into(), forms(4, 3)),
            ],
        );
        let raws = |term, stem| {
            let mut v: Vec<&str> = vocabulary.french_raws(term, stem).collect();
            v.sort_unstable();
            v
        };
        assert_eq!(raws(0, false), ["Zone", "zone", "zones"]);
        assert_eq!(raws(3, true), ["Pilote", "pilotes"]);
        assert!(raws(1, false).is_empty() && raws(99, true).is_empty());
        assert_eq!(vocabulary.french_stem_of(0), Some(1));
        assert_eq!(vocabulary.french_stem_of(4), Some(3));
        assert_eq!(vocabulary.french_stem_of(2), None, "two stems");
        assert_eq!(vocabulary.french_stem_of(1), None, "no raw token");
    }
}
