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

/// Words one after the other in one string, and where each ends: a
/// lexicon's storage, saved and read back as two allocations whatever the
/// number of words.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Words {
    text: String,
    ends: Vec<u32>,
}

impl Words {
    pub(crate) fn push(&mut self, word: &str) {
        self.text.push_str(word);
        self.ends
            .push(u32::try_from(self.text.len()).expect("words under 4 GiB"));
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Word `i`; empty for an id past the end (a saved form that does not
    /// hold together is refused before it is used).
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0) as usize
        };
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        self.text.get(start..end).unwrap_or_default()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The words of `self`, then those of `more`.
    pub(crate) fn extend(&mut self, more: &Words) {
        for w in more.iter() {
            self.push(w);
        }
    }
}

impl<'a> FromIterator<&'a str> for Words {
    fn from_iter<I: IntoIterator<Item = &'a str>>(words: I) -> Words {
        let mut all = Words::default();
        for w in words {
            all.push(w);
        }
        all
    }
}

/// Interned term strings. Ids are dense, so a set of terms is a bitset over
/// the lexicon.
#[derive(Debug, Default, Clone)]
pub(crate) struct Lexicon {
    /// Each word's id, built when first needed: a reopened index looks up
    /// words by text only for words its cache has not seen.
    ids: OnceLock<WordMap<u32>>,
    words: Words,
}

impl Lexicon {
    /// A lexicon of `words`, ids in order.
    pub(crate) fn from_words(words: Words) -> Lexicon {
        Lexicon {
            ids: OnceLock::new(),
            words,
        }
    }

    fn ids(&self) -> &WordMap<u32> {
        self.ids.get_or_init(|| {
            self.words
                .iter()
                .enumerate()
                .map(|(i, w)| (String::from(w), i as u32))
                .collect()
        })
    }

    pub(super) fn intern(&mut self, word: &str, offset: u32) -> u32 {
        if let Some(&id) = self.ids().get(word) {
            return id + offset;
        }
        let id = u32::try_from(self.words.len()).expect("fewer than 2^32 distinct terms");
        self.ids
            .get_mut()
            .expect("built above")
            .insert(word.to_string(), id);
        self.words.push(word);
        id + offset
    }

    pub(crate) fn get(&self, word: &str) -> Option<u32> {
        self.ids().get(word).copied()
    }

    /// How many distinct terms there are (ids are `0..len`).
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    pub(crate) fn word(&self, id: u32) -> &str {
        self.words.get(id as usize)
    }

    pub(crate) fn words(&self) -> &Words {
        &self.words
    }
}

/// What analysis made of each raw token: the tokens one after the other in
/// one string ([`Words`]), their forms beside them, and an open-addressing
/// table of their indices by hash. A key is never a string of its own, so a
/// saved table is read back, and grows, without an allocation per token.
#[derive(Debug, Default, Clone)]
pub(crate) struct RawCache {
    raws: Words,
    forms: Vec<WordForms>,
    /// Index plus one of the token in each slot; 0 is empty. A power of two
    /// at least twice the tokens.
    slots: Vec<u32>,
}

fn hash_of(raw: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<WordHasher>::default().hash_one(raw)
}

impl RawCache {
    /// A table of `raws` and their `forms` (as many of each).
    pub(crate) fn from_parts(raws: Words, forms: Vec<WordForms>) -> RawCache {
        let mut cache = RawCache {
            raws,
            forms,
            slots: Vec::new(),
        };
        cache.rehash((cache.forms.len() * 2).next_power_of_two().max(16));
        cache
    }

    fn rehash(&mut self, size: usize) {
        self.slots = vec![0; size];
        for i in 0..self.forms.len() {
            let slot = self.free_slot(self.raws.get(i));
            self.slots[slot] = i as u32 + 1;
        }
    }

    /// The slot `raw` is in, or the empty slot it would go in.
    fn find(&self, raw: &str) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut slot = hash_of(raw) as usize & mask;
        loop {
            match self.slots[slot] {
                0 => return Err(slot),
                i if self.raws.get(i as usize - 1) == raw => return Ok(slot),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    fn free_slot(&self, raw: &str) -> usize {
        match self.find(raw) {
            Ok(slot) | Err(slot) => slot,
        }
    }

    pub(crate) fn get(&self, raw: &str) -> Option<&WordForms> {
        if self.slots.is_empty() {
            return None;
        }
        let slot = self.find(raw).ok()?;
        self.forms.get(self.slots[slot] as usize - 1)
    }

    /// Adds `raw` (not in the table yet).
    pub(crate) fn insert(&mut self, raw: &str, forms: WordForms) {
        if (self.forms.len() + 1) * 2 > self.slots.len() {
            self.rehash((self.slots.len() * 2).max(16));
        }
        let slot = self.free_slot(raw);
        self.raws.push(raw);
        self.forms.push(forms);
        self.slots[slot] = self.forms.len() as u32;
    }

    pub(crate) fn len(&self) -> usize {
        self.forms.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &WordForms)> {
        self.raws.iter().zip(&self.forms)
    }

    /// Adds the tokens of `other` that are not in `self`.
    pub(crate) fn extend(&mut self, other: &RawCache) {
        for (raw, forms) in other.iter() {
            if self.get(raw).is_none() {
                self.insert(raw, *forms);
            }
        }
    }

    /// The saved parts: the tokens in text order, and their forms.
    pub(crate) fn parts(&self) -> (Words, Vec<WordForms>) {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_unstable_by(|&a, &b| self.raws.get(a).cmp(self.raws.get(b)));
        let raws = order.iter().map(|&i| self.raws.get(i)).collect();
        let forms = order.iter().map(|&i| self.forms[i]).collect();
        (raws, forms)
    }
}

/// A frozen vocabulary: the terms of a loaded corpus and what analysis made
/// of each raw token seen, shared by every later analysis (queries,
/// highlighting, annotation) so that a known word keeps its id.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    pub(crate) lexicon: Lexicon,
    pub(super) cache: RawCache,
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
            .filter_map(|(raw, forms)| Some((raw, forms.french?)))
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
    pub(super) fn new(lexicon: Lexicon, cache: RawCache) -> Vocabulary {
        Vocabulary {
            lexicon,
            cache,
            french_raws: OnceLock::new(),
        }
    }

    /// A vocabulary from its saved parts: the words (ids in order) and what
    /// analysis made of each raw token.
    pub(crate) fn from_parts(words: Words, raws: Words, forms: Vec<WordForms>) -> Vocabulary {
        Vocabulary::new(
            Lexicon::from_words(words),
            RawCache::from_parts(raws, forms),
        )
    }

    /// As [`Vocabulary::from_parts`], calling `beside` with the words (by
    /// id) while the raw tokens' table is built on a second thread, when
    /// there are many: a reopen's other work that needs only the words.
    pub(crate) fn from_parts_beside<T: Send>(
        words: Words,
        raws: Words,
        forms: Vec<WordForms>,
        beside: impl FnOnce(&Words) -> T + Send,
    ) -> (Vocabulary, T) {
        if words.len() < 1 << 16 {
            let other = beside(&words);
            return (Vocabulary::from_parts(words, raws, forms), other);
        }
        let (cache, other) = std::thread::scope(|s| {
            let tables = s.spawn(move || RawCache::from_parts(raws, forms));
            let other = beside(&words);
            let cache = tables
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (cache, other)
        });
        (Vocabulary::new(Lexicon::from_words(words), cache), other)
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
    pub(crate) fn parts(&self) -> (Words, Words, Vec<WordForms>) {
        let (raws, forms) = self.cache.parts();
        (self.lexicon.words().clone(), raws, forms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The raw tokens of a term are those the vocabulary analyzed to it,
    /// and an exact term has one stem only when all its raw tokens agree.
    /// The table finds every token it holds, grows, and gives its parts
    /// back in text order.
    #[test]
    fn a_raw_cache_holds_its_tokens() {
        let forms = |exact| WordForms {
            cut: 0,
            french: None,
            english: Some(Terms {
                exact,
                stem: exact,
                light: exact,
                verb: exact,
            }),
        };
        let mut cache = RawCache::default();
        assert_eq!(cache.get("x"), None);
        let tokens: Vec<String> = (0..1000)
            .map(|i| format!("t{}", (i * 7919) % 1000))
            .collect();
        for (i, t) in tokens.iter().enumerate() {
            cache.insert(t, forms(i as u32));
        }
        for (i, t) in tokens.iter().enumerate() {
            assert_eq!(cache.get(t), Some(&forms(i as u32)), "{t}");
        }
        assert_eq!(cache.get("t1000"), None);
        let (raws, all) = cache.parts();
        assert!((1..raws.len()).all(|i| raws.get(i - 1) < raws.get(i)));
        let back = RawCache::from_parts(raws, all);
        assert_eq!(back.len(), 1000);
        assert_eq!(back.get(&tokens[17]), Some(&forms(17)));
    }

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
        let words: Words = ["zone", "zon", "pilote", "pilot", "pilotes"]
            .into_iter()
            .collect();
        let pairs = [
            ("Zone", forms(0, 1)),
            ("zone", forms(0, 1)),
            ("zones", forms(0, 1)),
            ("Pilote", forms(2, 3)),
            ("pilote", forms(2, 2)),
            ("pilotes", forms(4, 3)),
        ];
        let vocabulary = Vocabulary::from_parts(
            words,
            pairs.iter().map(|(raw, _)| *raw).collect(),
            pairs.iter().map(|(_, f)| *f).collect(),
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
