//! Text analysis: how text becomes searchable terms.
//!
//! Every piece of the crate that turns text into terms goes through the
//! pipelines declared here: indexing (at load time; Tantivy indexes the
//! output as is), queries, mention linking and annotation, highlighting,
//! typo expansion, [`Glossary::lookup`](crate::Glossary::lookup) and
//! [`Glossary::suggest`](crate::Glossary::suggest). They cannot disagree on
//! what a word is.
//!
//! A pipeline is data: a tokenizer followed by an ordered list of [`Step`]s
//! ([`Pipeline::steps`]), read top to bottom. The French stemmed chain:
//!
//! 1. [`WordTokenizer`]: words are runs of letters and digits; an apostrophe
//!    or `&` between two of them stays in the word (`l’innovation`, `R&D`);
//!    a hyphenated compound gives its parts and, at the position of the
//!    first part, the parts joined (`start-up` → `start`, `startup`, `up`).
//! 2. [`Step::Elision`]: drops `l’`, `d’`, `qu’`, `jusqu’` … (with `’` or `'`).
//! 3. [`Step::RemoveLong`]: drops tokens over [`MAX_TOKEN_BYTES`], which
//!    cannot be words and would bloat the term dictionary.
//! 4. [`Step::Lowercase`].
//! 5. [`Step::StopWords`] (French, Snowball list). It runs before folding
//!    because the list is accented (`même`, `été`).
//! 6. [`Step::AsciiFold`]: `financière` → `financiere`.
//! 7. [`Step::FrenchPlural`]: `essais` → `essai`, a plural `s` after a vowel
//!    the stemmer spares (stemmed pipelines only).
//! 8. [`Step::Stem`] (French Snowball), only in the stemmed pipelines.
//!
//! Folding before stemming makes `financière` and `financiere` one term; the
//! opposite order (stem, then fold) is kept as [`FrenchOrder::StemThenFold`]
//! so the relevance tests can compare both (see `tests/relevance.rs`).
//!
//! The English chain is tokenizer, elision, long-token removal, lowercase,
//! English stop words and (stemmed pipeline) the English Snowball stemmer.
//! Elision is there because every query is analyzed in both languages:
//! `l’innovation` must match the English names as `innovation` does.
//!
//! A query word on the French or the English stop list is not searched (see
//! [`Query`](crate::Query)).

mod elision;
mod fold;
pub mod inflection;
mod plural;
mod pool;
mod tokenizer;
mod vocabulary;
mod words;

#[cfg(test)]
mod tests;

use std::ops::Range;

pub use elision::{ElisionFilter, FRENCH_ELISIONS};
pub(crate) use fold::push_folded;
pub use plural::FrenchPluralFilter;
pub(crate) use pool::AnalyzerPool;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, StopWordFilter,
    TextAnalyzer, TextAnalyzerBuilder, TokenStream,
};
pub(crate) use tokenizer::is_joiner;
pub use tokenizer::WordTokenizer;
pub(crate) use vocabulary::{Vocabulary, WordMap, Words};
pub(crate) use words::{Lang, Terms, TextAnalysis, Tok, Word, WordForms};

/// Tokens longer than this many bytes are dropped by every pipeline.
pub const MAX_TOKEN_BYTES: usize = 64;

/// The order of ASCII folding and stemming in the French stemmed pipeline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FrenchOrder {
    /// Fold accents, then stem (the default): `financière` and `financiere`
    /// always give the same stem.
    #[default]
    FoldThenStem,
    /// Stem the accented word, then fold the stem.
    StemThenFold,
}

/// A language a [`Step`] is specific to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepLanguage {
    /// French.
    French,
    /// English.
    English,
}

impl StepLanguage {
    fn tantivy(self) -> Language {
        match self {
            StepLanguage::French => Language::French,
            StepLanguage::English => Language::English,
        }
    }
}

/// One filter of a pipeline, applied to each token in turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// [`ElisionFilter`]: `l’innovation` → `innovation`.
    Elision,
    /// Drops tokens longer than [`MAX_TOKEN_BYTES`].
    RemoveLong,
    /// Lowercases.
    Lowercase,
    /// Drops the language's stop words (Snowball lists).
    StopWords(StepLanguage),
    /// Folds accented Latin letters to ASCII (`é` → `e`, `œ` → `oe`).
    AsciiFold,
    /// [`FrenchPluralFilter`]: `essais` → `essai` (a plural the French
    /// stemmer spares).
    FrenchPlural,
    /// The language's Snowball stemmer.
    Stem(StepLanguage),
}

use Step::{AsciiFold, Elision, FrenchPlural, Lowercase, RemoveLong, StopWords};
const FR: StepLanguage = StepLanguage::French;
const EN: StepLanguage = StepLanguage::English;

/// The French stemmed pipeline, fold before stem.
const FRENCH_STEM: &[Step] = &[
    Elision,
    RemoveLong,
    Lowercase,
    StopWords(FR),
    AsciiFold,
    FrenchPlural,
    Step::Stem(FR),
];
/// The French stemmed pipeline, stem before fold (for comparison only).
const FRENCH_STEM_THEN_FOLD: &[Step] = &[
    Elision,
    RemoveLong,
    Lowercase,
    StopWords(FR),
    FrenchPlural,
    Step::Stem(FR),
    AsciiFold,
];
const FRENCH_EXACT: &[Step] = &[Elision, RemoveLong, Lowercase, StopWords(FR), AsciiFold];
const ENGLISH_STEM: &[Step] = &[
    Elision,
    RemoveLong,
    Lowercase,
    StopWords(EN),
    Step::Stem(EN),
];
const ENGLISH_EXACT: &[Step] = &[Elision, RemoveLong, Lowercase, StopWords(EN)];
const LABEL: &[Step] = &[Elision, RemoveLong, Lowercase, AsciiFold];

/// One analysis pipeline: a named, ordered list of [`Step`]s after the
/// [`WordTokenizer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pipeline {
    /// French full-text terms: elision, lowercase, stop words, folding, stemming.
    FrenchStem(FrenchOrder),
    /// French surface words: as [`Pipeline::FrenchStem`] without the stemmer.
    /// Used for exact-match ranking, typo tolerance and prefixes.
    FrenchExact,
    /// English full-text terms: elision, lowercase, stop words, English stemming.
    EnglishStem,
    /// English surface words: elision, lowercase and stop words.
    EnglishExact,
    /// Label normalization for lookup and autocomplete: elision, lowercase and
    /// folding, keeping stop words so that every typed word counts.
    Label,
}

impl Pipeline {
    /// Every pipeline, both French orders included.
    #[cfg(any(test, feature = "unstable"))]
    pub const ALL: [Pipeline; 6] = [
        Pipeline::FrenchStem(FrenchOrder::FoldThenStem),
        Pipeline::FrenchStem(FrenchOrder::StemThenFold),
        Pipeline::FrenchExact,
        Pipeline::EnglishStem,
        Pipeline::EnglishExact,
        Pipeline::Label,
    ];

    /// A short, stable name for the pipeline, for diagnostics and experiments.
    #[cfg(any(test, feature = "unstable"))]
    pub fn name(self) -> &'static str {
        match self {
            Pipeline::FrenchStem(FrenchOrder::FoldThenStem) => "fr_stem",
            Pipeline::FrenchStem(FrenchOrder::StemThenFold) => "fr_stem_then_fold",
            Pipeline::FrenchExact => "fr_exact",
            Pipeline::EnglishStem => "en_stem",
            Pipeline::EnglishExact => "en_exact",
            Pipeline::Label => "label",
        }
    }

    /// The pipeline's filters, in the order they run.
    pub fn steps(self) -> &'static [Step] {
        match self {
            Pipeline::FrenchStem(FrenchOrder::FoldThenStem) => FRENCH_STEM,
            Pipeline::FrenchStem(FrenchOrder::StemThenFold) => FRENCH_STEM_THEN_FOLD,
            Pipeline::FrenchExact => FRENCH_EXACT,
            Pipeline::EnglishStem => ENGLISH_STEM,
            Pipeline::EnglishExact => ENGLISH_EXACT,
            Pipeline::Label => LABEL,
        }
    }

    /// The steps of `self` after those of `prefix`, when `self` begins with
    /// all of them: what a word `prefix` analyzed still goes through (the
    /// stemmed pipelines after the exact ones). `None` otherwise.
    pub(crate) fn tail_after(self, prefix: Pipeline) -> Option<&'static [Step]> {
        self.steps().strip_prefix(prefix.steps())
    }

    /// Assembles the pipeline's Tantivy analyzer from [`Pipeline::steps`].
    pub fn analyzer(self) -> TextAnalyzer {
        self.steps()
            .iter()
            .fold(
                TextAnalyzer::builder(WordTokenizer::default()).dynamic(),
                |builder, &step| add_step(builder, step),
            )
            .build()
    }
}

/// An analyzer of `steps` over a whole text taken as one token: for a word
/// that has already been through the steps before them.
pub(crate) fn tail_analyzer(steps: &[Step]) -> TextAnalyzer {
    steps
        .iter()
        .fold(
            TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default()).dynamic(),
            |builder, &step| add_step(builder, step),
        )
        .build()
}

fn add_step(builder: TextAnalyzerBuilder, step: Step) -> TextAnalyzerBuilder {
    match step {
        Step::Elision => builder.filter_dynamic(ElisionFilter),
        Step::RemoveLong => builder.filter_dynamic(RemoveLongFilter::limit(MAX_TOKEN_BYTES + 1)),
        Step::Lowercase => builder.filter_dynamic(LowerCaser),
        // The "stopwords" feature of tantivy is enabled in Cargo.toml, so the
        // French and English lists are always compiled in.
        Step::StopWords(language) => builder.filter_dynamic(
            StopWordFilter::new(language.tantivy()).expect("tantivy is built with its stop words"),
        ),
        Step::AsciiFold => builder.filter_dynamic(AsciiFoldingFilter),
        Step::FrenchPlural => builder.filter_dynamic(FrenchPluralFilter),
        Step::Stem(language) => builder.filter_dynamic(Stemmer::new(language.tantivy())),
    }
}

/// A term produced by analysis, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The term, as indexed.
    pub text: String,
    /// Byte range of the source word in the analyzed text (on char boundaries;
    /// an elided article is not part of it).
    pub span: Range<usize>,
    /// Position of the word in the text, counting removed stop words, so
    /// phrase queries keep their gaps. The joined form of a hyphenated
    /// compound has the position of its first part.
    pub position: usize,
    /// How many positions the token covers: 1, or the number of parts of a
    /// compound's joined form.
    pub width: usize,
}

/// Runs `pipeline` over `text` with an analyzer built for it.
///
/// Convenience for one-off analysis; hot paths keep a [`TextAnalyzer`] from
/// [`Pipeline::analyzer`] and call [`analyze_with`].
#[cfg(any(test, feature = "unstable"))]
pub fn analyze(pipeline: Pipeline, text: &str) -> Vec<AnalyzedToken> {
    analyze_with(&mut pipeline.analyzer(), text)
}

/// Runs an analyzer built by [`Pipeline::analyzer`] over `text`.
pub fn analyze_with(analyzer: &mut TextAnalyzer, text: &str) -> Vec<AnalyzedToken> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(AnalyzedToken {
            text: token.text.clone(),
            span: token.offset_from..token.offset_to,
            position: token.position,
            width: token.position_length.max(1),
        });
    }
    out
}
