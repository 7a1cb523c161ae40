//! Analyzed text as the rest of the crate sees it: each word reduced to an
//! exact (folded) term and a stemmed term, interned, with its byte span and
//! position. This is the one place where words are paired with their stems,
//! for stored texts at load time and for queries alike.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use super::{FrenchOrder, Pipeline};

/// The language of a text, which decides its pipelines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum Lang {
    French,
    English,
}

impl Lang {
    pub(crate) const BOTH: [Lang; 2] = [Lang::French, Lang::English];
}

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

    fn intern(&mut self, word: &str, offset: u32) -> u32 {
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

/// One analyzed word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Tok {
    /// Interned exact term (folded, unstemmed).
    pub exact: u32,
    /// Interned stemmed term.
    pub stem: u32,
    /// Byte span in the text.
    pub start: u32,
    pub end: u32,
    /// Word position, counting removed stop words.
    pub position: u32,
    /// How many positions the word covers: 1, or the number of parts of the
    /// joined form of a hyphenated compound.
    pub width: u32,
}

impl Tok {
    pub(crate) fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The terms of one word in one language: exact (folded) and stemmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Terms {
    pub exact: u32,
    pub stem: u32,
}

/// What analysis makes of one raw token, in both languages. `None` where
/// the language's pipeline drops it (a stop word, a token too long).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct WordForms {
    /// Bytes of elided article at the start of the raw token (`l’` is 4).
    pub cut: u32,
    pub french: Option<Terms>,
    pub english: Option<Terms>,
}

impl WordForms {
    pub(crate) fn lang(&self, lang: Lang) -> Option<Terms> {
        match lang {
            Lang::French => self.french,
            Lang::English => self.english,
        }
    }
}

/// One word of a text, analyzed in both languages.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    /// Byte span of the word in the text (after any elided article).
    pub start: u32,
    pub end: u32,
    pub position: u32,
    pub width: u32,
    pub forms: WordForms,
}

impl Word {
    /// The word as a token of `lang`, if that language keeps it.
    pub(crate) fn tok(&self, lang: Lang) -> Option<Tok> {
        let terms = self.forms.lang(lang)?;
        Some(Tok {
            exact: terms.exact,
            stem: terms.stem,
            start: self.start,
            end: self.end,
            position: self.position,
            width: self.width,
        })
    }
}

/// A frozen vocabulary: the terms of a loaded corpus and what analysis made
/// of each raw token seen, shared by every later analysis (queries,
/// highlighting, annotation) so that a known word keeps its id.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    pub(crate) lexicon: Lexicon,
    cache: WordMap<WordForms>,
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
    /// A vocabulary from its saved parts: the words (ids in order) and what
    /// analysis made of each raw token.
    pub(crate) fn from_parts(words: Vec<Box<str>>, cache: Vec<(String, WordForms)>) -> Vocabulary {
        Vocabulary {
            lexicon: Lexicon::from_words(words),
            cache: cache.into_iter().collect(),
            french_raws: OnceLock::new(),
        }
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

/// Analyzes texts into interned words, in French and English at once.
///
/// The [`WordTokenizer`](super::WordTokenizer) runs over the text; every
/// filter after it works on one token at a time, so the terms of a raw token
/// are the same wherever it occurs. They are computed once per distinct raw
/// token, by running the four pipelines (French and English, exact and
/// stemmed) on that token alone, and cached: on any real text most tokens
/// repeat, so most words cost one tokenizer step and one lookup.
///
/// An analysis starts from a frozen [`Vocabulary`] (empty at load time):
/// words of the vocabulary keep their ids, new words get ids after them, in
/// a local overlay that [`TextAnalysis::clear`] empties.
pub(crate) struct TextAnalysis {
    tokenizer: TextAnalyzer,
    /// French exact, French stemmed, English exact, English stemmed.
    pipelines: [TextAnalyzer; 4],
    base: Arc<Vocabulary>,
    local: Vocabulary,
    /// Above this many locally cached raw tokens, the local overlay is
    /// cleared: [`MAX_LOCAL_WORDS`] for an analysis over a base, none for
    /// the one that builds a vocabulary (clearing would hand out its ids
    /// again).
    local_limit: Option<usize>,
}

/// The bound of an overlay analysis's own words: long-lived analyses over
/// unbounded input (annotation, queries) forget them past it.
const MAX_LOCAL_WORDS: usize = 1 << 20;

impl TextAnalysis {
    /// The analysis that builds a vocabulary: it keeps every word it sees.
    pub(crate) fn new(order: FrenchOrder) -> TextAnalysis {
        TextAnalysis {
            local_limit: None,
            ..TextAnalysis::with_base(order, Arc::new(Vocabulary::default()))
        }
    }

    /// An analysis that knows the words of `base`; the words it meets
    /// beyond them are an overlay it forgets past [`MAX_LOCAL_WORDS`].
    pub(crate) fn with_base(order: FrenchOrder, base: Arc<Vocabulary>) -> TextAnalysis {
        TextAnalysis {
            local_limit: Some(MAX_LOCAL_WORDS),
            tokenizer: TextAnalyzer::from(super::WordTokenizer::default()),
            pipelines: [
                Pipeline::FrenchExact.analyzer(),
                Pipeline::FrenchStem(order).analyzer(),
                Pipeline::EnglishExact.analyzer(),
                Pipeline::EnglishStem.analyzer(),
            ],
            base,
            local: Vocabulary::default(),
        }
    }

    /// Forgets the words and tokens seen since the base vocabulary.
    pub(crate) fn clear(&mut self) {
        self.local = Vocabulary::default();
    }

    /// The word of term `id`.
    pub(crate) fn word(&self, id: u32) -> &str {
        let base = self.base.lexicon.len() as u32;
        if id < base {
            self.base.lexicon.word(id)
        } else {
            self.local.lexicon.word(id - base)
        }
    }

    /// How many distinct terms have been seen (ids are `0..len`).
    pub(crate) fn len(&self) -> usize {
        self.base.lexicon.len() + self.local.lexicon.len()
    }

    /// The vocabulary seen so far, base and overlay merged (at load time,
    /// when the base is empty, this moves the overlay out).
    pub(crate) fn into_vocabulary(self) -> Vocabulary {
        if self.base.lexicon.len() == 0 {
            return self.local;
        }
        let mut words: Vec<Box<str>> = self.base.lexicon.words().to_vec();
        words.extend(self.local.lexicon.words().iter().cloned());
        let mut cache = self.base.cache.clone();
        cache.extend(self.local.cache);
        Vocabulary {
            lexicon: Lexicon::from_words(words),
            cache,
            french_raws: OnceLock::new(),
        }
    }

    /// Calls `sink` with each word of `text`, in text order.
    pub(crate) fn each_word(&mut self, text: &str, sink: impl FnMut(Word)) {
        self.each_word_where(text, |_| true, sink);
    }

    /// Calls `sink` with each word of `text` whose raw token (as the
    /// tokenizer cut it) `keep` accepts, in text order; the others are not
    /// analyzed.
    fn each_word_where(
        &mut self,
        text: &str,
        keep: impl Fn(&str) -> bool,
        mut sink: impl FnMut(Word),
    ) {
        if self
            .local_limit
            .is_some_and(|limit| self.local.cache.len() > limit)
        {
            self.clear();
        }
        let TextAnalysis {
            tokenizer,
            pipelines,
            base,
            local,
            ..
        } = self;
        let mut stream = tokenizer.token_stream(text);
        while let Some(token) = stream.next() {
            let raw = token.text.as_str();
            if !keep(raw) {
                continue;
            }
            let forms = match base.cache.get(raw).or_else(|| local.cache.get(raw)) {
                Some(forms) => *forms,
                None => {
                    let forms = analyze_alone(pipelines, base, &mut local.lexicon, raw);
                    local.cache.insert(raw.to_string(), forms);
                    forms
                }
            };
            if forms.french.is_none() && forms.english.is_none() {
                continue;
            }
            sink(Word {
                start: (token.offset_from + forms.cut as usize) as u32,
                end: token.offset_to as u32,
                position: token.position as u32,
                width: token.position_length.max(1) as u32,
                forms,
            });
        }
    }

    /// The words of `text` that `lang` keeps, in text order.
    pub(crate) fn tokens(&mut self, lang: Lang, text: &str) -> Vec<Tok> {
        // About one word per six bytes of prose: one allocation, not a few.
        let mut out = Vec::with_capacity(text.len() / 6 + 1);
        self.each_word(text, |w| out.extend(w.tok(lang)));
        out
    }

    /// The words of `text` that `lang` keeps and whose raw token `keep`
    /// accepts, in text order: [`TextAnalysis::tokens`] for the words a
    /// caller knows it wants by their raw tokens (see
    /// [`Vocabulary::french_raws`]), without analyzing the others.
    pub(crate) fn tokens_where(
        &mut self,
        lang: Lang,
        text: &str,
        keep: impl Fn(&str) -> bool,
    ) -> Vec<Tok> {
        let mut out = Vec::new();
        self.each_word_where(text, keep, |w| out.extend(w.tok(lang)));
        out
    }

    /// The words of `text` in both languages.
    pub(crate) fn words(&mut self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        self.each_word(text, |w| out.push(w));
        out
    }
}

/// The acronym of an acronym's plural: `PPAs` → `PPA`, `d’ONGs` → `d’ONG`
/// (two capitals or more, then a lowercase `s`). Stemmers leave such
/// plurals alone (`PPAs` is not a word to them), so analysis reads them as
/// their acronym: `PPAs` is found by `PPA`, and recognized as it.
fn acronym_plural(raw: &str) -> Option<&str> {
    let body = raw.strip_suffix('s')?;
    let acronym = body.rsplit(super::tokenizer::is_apostrophe).next()?;
    let mut letters = 0;
    for c in acronym.chars() {
        if c.is_lowercase() {
            return None;
        }
        letters += usize::from(c.is_alphabetic());
    }
    (letters >= 2).then_some(body)
}

/// Runs the four pipelines on one raw token, interning new terms in
/// `local` (after the ids of `base`).
fn analyze_alone(
    pipelines: &mut [TextAnalyzer; 4],
    base: &Vocabulary,
    local: &mut Lexicon,
    raw: &str,
) -> WordForms {
    let raw = acronym_plural(raw).unwrap_or(raw);
    let offset = base.lexicon.len() as u32;
    let mut cut = 0;
    let mut term = |i: usize| -> Option<u32> {
        let mut stream = pipelines[i].token_stream(raw);
        // A filter can leave nothing of a word (the French stemmer makes
        // `ʜ`, folded to `H`, empty): no term, as for a stop word; an empty
        // stem falls back to the exact form.
        let token = stream.next().filter(|t| !t.text.is_empty())?;
        cut = token.offset_from as u32;
        Some(match base.lexicon.get(&token.text) {
            Some(id) => id,
            None => local.intern(&token.text, offset),
        })
    };
    let french_exact = term(0);
    let french_stem = term(1);
    let english_exact = term(2);
    let english_stem = term(3);
    let lang = |exact: Option<u32>, stem: Option<u32>| {
        exact.map(|exact| Terms {
            exact,
            stem: stem.unwrap_or(exact),
        })
    };
    WordForms {
        cut,
        french: lang(french_exact, french_stem),
        english: lang(english_exact, english_stem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_plurals_read_as_their_acronym() {
        for (raw, acronym) in [
            ("PPAs", Some("PPA")),
            ("GOs", Some("GO")),
            ("d’ONGs", Some("d’ONG")),
            ("R&Ds", Some("R&D")),
            ("Gs", None),
            ("gos", None),
            ("Apples", None),
            ("PPAS", None),
            ("s", None),
        ] {
            assert_eq!(acronym_plural(raw), acronym, "{raw}");
        }
    }

    /// The analysis that builds a vocabulary never forgets a word (its ids
    /// would be handed out again, and the first words lost from the saved
    /// vocabulary); an overlay over a base forgets its own words past its
    /// bound, and the base's keep their ids.
    #[test]
    fn only_an_overlay_forgets_its_words() {
        let order = crate::analysis::FrenchOrder::default();
        let words: Vec<String> = (0..40).map(|i| format!("mot{i}x")).collect();
        let mut building = TextAnalysis::new(order);
        building.local_limit = building.local_limit.map(|_| 8);
        let first = building.tokens(Lang::French, &words[0])[0].exact;
        for w in &words {
            building.tokens(Lang::French, w);
        }
        assert_eq!(building.tokens(Lang::French, &words[0])[0].exact, first);
        assert_eq!(building.word(first), "mot0x");
        for w in &words {
            let exact = building.tokens(Lang::French, w)[0].exact;
            assert_eq!(building.word(exact), w.as_str(), "kept");
        }

        let base = Arc::new(building.into_vocabulary());
        let mut overlay = TextAnalysis::with_base(order, Arc::clone(&base));
        overlay.local_limit = Some(8);
        for i in 0..40 {
            overlay.tokens(Lang::French, &format!("autre{i}y"));
        }
        assert!(overlay.local.cache.len() <= 9, "the overlay was bounded");
        assert_eq!(overlay.tokens(Lang::French, "mot0x")[0].exact, first);
    }

    /// A word the stemmer empties keeps its exact form as its stem: every
    /// term analysis gives is a word (an empty one cannot be indexed).
    #[test]
    fn no_word_analyzes_to_an_empty_term() {
        let mut analysis = TextAnalysis::new(crate::analysis::FrenchOrder::default());
        for lang in [Lang::French, Lang::English] {
            let tokens = analysis.tokens(lang, "ʜ zone");
            assert_eq!(tokens.len(), 2, "{lang:?}");
            for t in &tokens {
                assert!(!analysis.word(t.stem).is_empty(), "{lang:?}");
                assert!(!analysis.word(t.exact).is_empty(), "{lang:?}");
            }
        }
    }
}
