//! Analyzed text as the rest of the crate sees it: each word reduced to an
//! exact (folded) term and a stemmed term, interned, with its byte span.
//!
//! Analysis happens once, at load time; indexing, mention linking and
//! highlighting all read these tokens.

use std::collections::HashMap;
use std::ops::Range;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::analysis::{FrenchOrder, Pipeline};

/// The language of a field, which decides its pipelines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Lang {
    French,
    English,
}

/// Interned term strings. Ids are dense, so a set of matched terms is a short
/// vector of `u32`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Lexicon {
    ids: HashMap<String, u32>,
    words: Vec<String>,
}

impl Lexicon {
    pub(crate) fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.words.len()).expect("fewer than 2^32 distinct terms");
        self.ids.insert(word.to_string(), id);
        self.words.push(word.to_string());
        id
    }

    pub(crate) fn get(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    pub(crate) fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }
}

/// One analyzed word of a stored text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
}

impl Tok {
    pub(crate) fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One analyzed word of a query: strings, since a query word may be unknown
/// to the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QueryWord {
    pub exact: String,
    pub stem: String,
    pub position: usize,
}

/// The analyzers of one language: exact and stemmed.
#[derive(Clone)]
struct LangAnalyzers {
    exact: TextAnalyzer,
    stem: TextAnalyzer,
}

/// All the analyzers the crate uses, built from [`Pipeline`].
#[derive(Clone)]
pub(crate) struct Analyzers {
    french: LangAnalyzers,
    english: LangAnalyzers,
}

impl Analyzers {
    pub(crate) fn new(order: FrenchOrder) -> Analyzers {
        Analyzers {
            french: LangAnalyzers {
                exact: Pipeline::FrenchExact.analyzer(),
                stem: Pipeline::FrenchStem(order).analyzer(),
            },
            english: LangAnalyzers {
                exact: Pipeline::EnglishExact.analyzer(),
                stem: Pipeline::EnglishStem.analyzer(),
            },
        }
    }

    fn lang(&mut self, lang: Lang) -> &mut LangAnalyzers {
        match lang {
            Lang::French => &mut self.french,
            Lang::English => &mut self.english,
        }
    }

    /// Analyzes `text`, calling `sink(exact, stem_of_surface_word, span, position)`
    /// for each word. The stem is computed by running the stemmed pipeline on
    /// the surface word alone, which gives the same term as in context (every
    /// filter works word by word) and lets callers cache it.
    fn each_word(
        &mut self,
        lang: Lang,
        text: &str,
        mut sink: impl FnMut(&str, &str, &mut TextAnalyzer, Range<usize>, usize),
    ) {
        let analyzers = self.lang(lang);
        let mut stream = analyzers.exact.token_stream(text);
        while let Some(token) = stream.next() {
            let span = token.offset_from..token.offset_to;
            sink(
                &token.text,
                &text[span.clone()],
                &mut analyzers.stem,
                span,
                token.position,
            );
        }
    }

    /// Analyzes a query text into words (exact and stemmed strings).
    pub(crate) fn query_words(&mut self, lang: Lang, text: &str) -> Vec<QueryWord> {
        let mut out = Vec::new();
        self.each_word(lang, text, |exact, surface, stem, _span, position| {
            out.push(QueryWord {
                exact: exact.to_string(),
                stem: stem_of(stem, surface, exact),
                position,
            });
        });
        out
    }
}

fn stem_of(stemmer: &mut TextAnalyzer, surface: &str, exact: &str) -> String {
    let mut stream = stemmer.token_stream(surface);
    match stream.next() {
        Some(token) => token.text.clone(),
        // A folded word can be an unaccented stop word (`où` → `ou`): the
        // exact pipeline kept it, so keep it whole rather than lose it.
        None => exact.to_string(),
    }
}

/// Analyzes stored texts into interned tokens, caching stems by surface word.
pub(crate) struct TextAnalysis {
    analyzers: Analyzers,
    stems: HashMap<(Lang, String), u32>,
    pub(crate) lexicon: Lexicon,
}

impl TextAnalysis {
    pub(crate) fn new(order: FrenchOrder) -> TextAnalysis {
        TextAnalysis {
            analyzers: Analyzers::new(order),
            stems: HashMap::new(),
            lexicon: Lexicon::default(),
        }
    }

    pub(crate) fn tokens(&mut self, lang: Lang, text: &str) -> Vec<Tok> {
        let mut out = Vec::new();
        let TextAnalysis {
            analyzers,
            stems,
            lexicon,
        } = self;
        analyzers.each_word(lang, text, |exact, surface, stemmer, span, position| {
            let exact_id = lexicon.intern(exact);
            let stem_id = match stems.get(&(lang, surface.to_string())) {
                Some(&id) => id,
                None => {
                    let id = lexicon.intern(&stem_of(stemmer, surface, exact));
                    stems.insert((lang, surface.to_string()), id);
                    id
                }
            };
            out.push(Tok {
                exact: exact_id,
                stem: stem_id,
                start: span.start as u32,
                end: span.end as u32,
                position: position as u32,
            });
        });
        out
    }

    pub(crate) fn into_parts(self) -> (Analyzers, Lexicon) {
        (self.analyzers, self.lexicon)
    }
}
