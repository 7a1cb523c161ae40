//! Text analysis: how text becomes searchable terms.
//!
//! Every piece of the crate that turns text into terms goes through
//! [`Pipeline::analyzer`]: the Tantivy index (at load time, whose output
//! Tantivy indexes as is, and at query time), mention linking between entries and passages, highlighting, typo
//! expansion, [`Glossary::lookup`](crate::Glossary::lookup) and
//! [`Glossary::suggest`](crate::Glossary::suggest). They cannot disagree on
//! what a word is.
//!
//! The French chain, in order:
//!
//! 1. [`WordTokenizer`]: words are runs of letters and digits; an apostrophe
//!    between two letters stays in the word (`l’innovation`).
//! 2. [`ElisionFilter`]: drops `l’`, `d’`, `qu’`, `jusqu’` … (with `’` or `'`).
//! 3. `RemoveLongFilter`: drops tokens over [`MAX_TOKEN_BYTES`], which
//!    cannot be words and would bloat the term dictionary.
//! 4. `LowerCaser`.
//! 5. `StopWordFilter` (French, Snowball list). It runs before folding because
//!    the list is accented (`même`, `été`).
//! 6. `AsciiFoldingFilter`: `financière` → `financiere`.
//! 7. `Stemmer` (French Snowball), only in the stemmed pipelines.
//!
//! Folding before stemming makes `financière` and `financiere` one term; the
//! opposite order (stem, then fold) is kept as [`FrenchOrder::StemThenFold`]
//! so the relevance tests can compare both (see `tests/relevance.rs`).
//!
//! The English chain is tokenizer, elision, lowercase, and (stemmed pipeline)
//! the English Snowball stemmer. Elision is there because every query is
//! analyzed in both languages: `l’innovation` must match the English names
//! as `innovation` does. English words keep their apostrophes (`China's`,
//! `don't`), since their heads are not French elided words.

mod elision;
mod tokenizer;

use std::ops::Range;

pub use elision::{ElisionFilter, FRENCH_ELISIONS};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, StopWordFilter,
    TextAnalyzer, TokenStream,
};
pub use tokenizer::WordTokenizer;

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

/// One analysis pipeline: a named, ordered chain of token filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pipeline {
    /// French full-text terms: elision, lowercase, stop words, folding, stemming.
    FrenchStem(FrenchOrder),
    /// French surface words: as [`Pipeline::FrenchStem`] without the stemmer.
    /// Used for exact-match ranking and typo tolerance.
    FrenchExact,
    /// English full-text terms: elision, lowercase and English stemming.
    EnglishStem,
    /// English surface words: elision and lowercase.
    EnglishExact,
    /// Label normalization for lookup and autocomplete: elision, lowercase and
    /// folding, keeping stop words so that every typed word counts.
    Label,
}

impl Pipeline {
    /// Every pipeline, both French orders included.
    pub const ALL: [Pipeline; 6] = [
        Pipeline::FrenchStem(FrenchOrder::FoldThenStem),
        Pipeline::FrenchStem(FrenchOrder::StemThenFold),
        Pipeline::FrenchExact,
        Pipeline::EnglishStem,
        Pipeline::EnglishExact,
        Pipeline::Label,
    ];

    /// A short, stable name for the pipeline, for diagnostics and
    /// experiments. (The index itself never runs a pipeline: it receives the
    /// terms the crate's analysis produced.)
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

    /// Assembles the pipeline's Tantivy analyzer.
    ///
    /// This is the one place where filter order is decided; see the module
    /// docs for why it is this order.
    pub fn analyzer(self) -> TextAnalyzer {
        let base = TextAnalyzer::builder(WordTokenizer::default()).dynamic();
        let french = |b: tantivy::tokenizer::TextAnalyzerBuilder| {
            b.filter_dynamic(ElisionFilter)
                .filter_dynamic(RemoveLongFilter::limit(MAX_TOKEN_BYTES + 1))
                .filter_dynamic(LowerCaser)
                .filter_dynamic(french_stop_words())
        };
        match self {
            Pipeline::FrenchStem(FrenchOrder::FoldThenStem) => french(base)
                .filter_dynamic(AsciiFoldingFilter)
                .filter_dynamic(Stemmer::new(Language::French))
                .build(),
            Pipeline::FrenchStem(FrenchOrder::StemThenFold) => french(base)
                .filter_dynamic(Stemmer::new(Language::French))
                .filter_dynamic(AsciiFoldingFilter)
                .build(),
            Pipeline::FrenchExact => french(base).filter_dynamic(AsciiFoldingFilter).build(),
            Pipeline::EnglishStem => base
                .filter_dynamic(ElisionFilter)
                .filter_dynamic(RemoveLongFilter::limit(MAX_TOKEN_BYTES + 1))
                .filter_dynamic(LowerCaser)
                .filter_dynamic(Stemmer::new(Language::English))
                .build(),
            Pipeline::EnglishExact => base
                .filter_dynamic(ElisionFilter)
                .filter_dynamic(RemoveLongFilter::limit(MAX_TOKEN_BYTES + 1))
                .filter_dynamic(LowerCaser)
                .build(),
            Pipeline::Label => base
                .filter_dynamic(ElisionFilter)
                .filter_dynamic(RemoveLongFilter::limit(MAX_TOKEN_BYTES + 1))
                .filter_dynamic(LowerCaser)
                .filter_dynamic(AsciiFoldingFilter)
                .build(),
        }
    }
}

fn french_stop_words() -> StopWordFilter {
    // The "stopwords" feature of tantivy is enabled in Cargo.toml, so the
    // French list is always compiled in.
    StopWordFilter::new(Language::French).expect("tantivy is built with its French stop words")
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
    /// phrase queries keep their gaps.
    pub position: usize,
}

/// Runs `pipeline` over `text` with an analyzer built for it.
///
/// Convenience for one-off analysis; hot paths keep a [`TextAnalyzer`] from
/// [`Pipeline::analyzer`] and call [`analyze_with`].
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
        });
    }
    out
}
