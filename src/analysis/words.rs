//! Analyzed text as the rest of the crate sees it: each word reduced to an
//! exact (folded) term and a stemmed term, interned, with its byte span and
//! position. This is the one place where words are paired with their stems,
//! for stored texts at load time and for queries alike.

use std::ops::Range;
use std::sync::Arc;

use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};

use super::vocabulary::{Lexicon, Vocabulary};
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

/// One analyzed word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Tok {
    /// Interned exact term (folded, unstemmed).
    pub exact: u32,
    /// Interned stemmed term.
    pub stem: u32,
    /// Interned inflectional form (see [`inflection`](super::inflection)):
    /// what term recognition compares names and texts by.
    pub light: u32,
    /// Interned form of the word as a verb's conjugation, for names that
    /// are verbs.
    pub verb: u32,
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

/// The terms of one word in one language: exact (folded), stemmed (for
/// search), and its inflectional and verbal forms (for recognition).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Terms {
    pub exact: u32,
    pub stem: u32,
    pub light: u32,
    pub verb: u32,
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
            light: terms.light,
            verb: terms.verb,
            start: self.start,
            end: self.end,
            position: self.position,
            width: self.width,
        })
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
    /// The word tokenizer itself, not boxed in an analyzer: one static
    /// call per token.
    tokenizer: super::WordTokenizer,
    /// French exact, French stemmed, English exact, English stemmed. A
    /// stemmed pipeline that begins with its exact one's steps is only its
    /// remaining steps, run on the exact term (`stem_tails`).
    pipelines: [TextAnalyzer; 4],
    /// Whether the French and English stemmed analyzers are tails.
    stem_tails: [bool; 2],
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
        // Each word goes through the exact steps once: the stemmed pipeline
        // runs only its own steps after them, on the exact term.
        let stemmed = |stem: Pipeline, exact: Pipeline| match stem.tail_after(exact) {
            Some(tail) => (super::tail_analyzer(tail), true),
            None => (stem.analyzer(), false),
        };
        let (french_stem, french_tail) =
            stemmed(Pipeline::FrenchStem(order), Pipeline::FrenchExact);
        let (english_stem, english_tail) = stemmed(Pipeline::EnglishStem, Pipeline::EnglishExact);
        TextAnalysis {
            local_limit: Some(MAX_LOCAL_WORDS),
            tokenizer: super::WordTokenizer::default(),
            pipelines: [
                Pipeline::FrenchExact.analyzer(),
                french_stem,
                Pipeline::EnglishExact.analyzer(),
                english_stem,
            ],
            stem_tails: [french_tail, english_tail],
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
        let mut words = self.base.lexicon.words().clone();
        words.extend(self.local.lexicon.words());
        let mut cache = self.base.cache.clone();
        cache.extend(&self.local.cache);
        Vocabulary::new(Lexicon::from_words(words), cache)
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
            stem_tails,
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
                    let forms =
                        analyze_alone(pipelines, *stem_tails, base, &mut local.lexicon, raw);
                    local.cache.insert(raw, forms);
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
        // About one word per six bytes of prose.
        let mut out = Vec::with_capacity(text.len() / 6 + 1);
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
/// `local` (after the ids of `base`), and derives each language's
/// inflectional and verbal forms.
fn analyze_alone(
    pipelines: &mut [TextAnalyzer; 4],
    stem_tails: [bool; 2],
    base: &Vocabulary,
    local: &mut Lexicon,
    raw: &str,
) -> WordForms {
    let raw = acronym_plural(raw).unwrap_or(raw);
    let offset = base.lexicon.len() as u32;
    let mut intern = |text: &str| match base.lexicon.get(text) {
        Some(id) => id,
        None => local.intern(text, offset),
    };
    let mut cut = 0;
    let mut term = |i: usize, text: &str| -> Option<String> {
        let mut stream = pipelines[i].token_stream(text);
        // A filter can leave nothing of a word (the French stemmer makes
        // `ʜ`, folded to `H`, empty): no term, as for a stop word; an empty
        // stem falls back to the exact form.
        let token = stream.next().filter(|t| !t.text.is_empty())?;
        if i.is_multiple_of(2) {
            cut = token.offset_from as u32;
        }
        Some(token.text.clone())
    };
    let french_exact = term(0, raw);
    let english_exact = term(2, raw);
    // A stemmed pipeline that is a tail runs on the exact term (a word its
    // exact steps drop, it drops too).
    let mut stemmed = |i: usize, tail: bool, exact: &Option<String>| match (tail, exact) {
        (true, Some(exact)) => term(i, exact),
        (true, None) => None,
        (false, _) => term(i, raw),
    };
    let french_stem = stemmed(1, stem_tails[0], &french_exact);
    let english_stem = stemmed(3, stem_tails[1], &english_exact);
    let mut terms = |exact: Option<String>,
                     stem: Option<String>,
                     light: fn(&str) -> std::borrow::Cow<'_, str>,
                     verb: fn(&str) -> std::borrow::Cow<'_, str>| {
        exact.map(|exact| {
            let exact_id = intern(&exact);
            // Most forms are the exact one: interned once.
            let mut id_of = |form: &str| {
                if form == exact {
                    exact_id
                } else {
                    intern(form)
                }
            };
            Terms {
                exact: exact_id,
                stem: stem.map_or(exact_id, |s| id_of(&s)),
                light: id_of(&light(&exact)),
                verb: id_of(&verb(&exact)),
            }
        })
    };
    use super::inflection::{english_light, english_verb, french_light, french_verb};
    WordForms {
        cut,
        french: terms(french_exact, french_stem, french_light, french_verb),
        english: terms(english_exact, english_stem, english_light, english_verb),
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

    /// The stemmed pipelines run as tails on the exact terms give what the
    /// whole pipelines give on the raw words.
    #[test]
    fn stems_of_exact_terms_are_the_pipelines_stems() {
        let text = "L’innovation des Pôles d'excellence, les essais cliniques; \
                    start-up, GOs et PPAs, aujourd’hui jusqu’aux hubs' policies. \
                    Financières ÉTATS-UNIS le la the of a zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
        let mut analysis = TextAnalysis::new(crate::analysis::FrenchOrder::default());
        let words = analysis.words(text);
        assert!(words.len() > 20);
        let mut full = [
            Pipeline::FrenchStem(crate::analysis::FrenchOrder::default()).analyzer(),
            Pipeline::EnglishStem.analyzer(),
        ];
        // A compound's joined form (`startup`) is no substring of the text.
        for w in words.iter().filter(|w| w.width == 1) {
            let raw = &text[w.start as usize..w.end as usize];
            let raw = acronym_plural(raw).unwrap_or(raw);
            for (lang, pipeline) in [Lang::French, Lang::English].into_iter().zip(&mut full) {
                let Some(terms) = w.forms.lang(lang) else {
                    continue;
                };
                let expected = crate::analysis::analyze_with(pipeline, raw);
                let stem = analysis.word(terms.stem);
                match expected.first() {
                    Some(t) if !t.text.is_empty() => assert_eq!(stem, t.text, "{raw} {lang:?}"),
                    _ => assert_eq!(stem, analysis.word(terms.exact), "{raw} {lang:?}"),
                }
            }
        }
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
