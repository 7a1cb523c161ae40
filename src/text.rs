//! Analyzed text as the rest of the crate sees it: each word reduced to an
//! exact (folded) term and a stemmed term, interned, with its byte span.
//!
//! Analysis happens once, at load time; indexing, mention linking and
//! highlighting all read these tokens.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::Mutex;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::analysis::{FrenchOrder, Pipeline};

/// The language of a field, which decides its pipelines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Lang {
    French,
    English,
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

type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

/// Interned term strings. Ids are dense, so a set of matched terms is a
/// bitset over the lexicon.
#[derive(Debug, Default, Clone)]
pub(crate) struct Lexicon {
    ids: WordMap<u32>,
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

    /// How many distinct terms there are (ids are `0..len`).
    pub(crate) fn len(&self) -> usize {
        self.words.len()
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

    /// Analyzes `text`, calling `sink(exact, stem, span, position)` for each
    /// word.
    ///
    /// The exact and stemmed pipelines share every filter up to folding and
    /// stemming, and those never drop a token, so their streams run in
    /// lockstep: one pass each over the text, no per-word re-analysis.
    fn each_word(
        &mut self,
        lang: Lang,
        text: &str,
        mut sink: impl FnMut(&str, &str, Range<usize>, usize),
    ) {
        let analyzers = self.lang(lang);
        let mut exact = analyzers.exact.token_stream(text);
        let mut stem = analyzers.stem.token_stream(text);
        while exact.advance() {
            let e = exact.token();
            // Same word in both streams: same end offset (elision only moves
            // the start, and does so in both).
            let stemmed = if stem.advance() && stem.token().offset_to == e.offset_to {
                stem.token().text.as_str()
            } else {
                e.text.as_str()
            };
            sink(&e.text, stemmed, e.offset_from..e.offset_to, e.position);
        }
    }
}

/// Analyzes stored texts into interned tokens.
///
/// Stored texts run the exact pipeline only; the stem of each surface word is
/// computed once, by running the stemmed pipeline on that word alone (every
/// filter works word by word, so the term is the same as in context), and
/// cached. On a large corpus most words repeat, so most stems are a lookup.
pub(crate) struct TextAnalysis {
    analyzers: Analyzers,
    stems: [WordMap<u32>; 2],
    pub(crate) lexicon: Lexicon,
}

impl TextAnalysis {
    pub(crate) fn new(order: FrenchOrder) -> TextAnalysis {
        TextAnalysis {
            analyzers: Analyzers::new(order),
            stems: [WordMap::default(), WordMap::default()],
            lexicon: Lexicon::default(),
        }
    }

    pub(crate) fn tokens(&mut self, lang: Lang, text: &str) -> Vec<Tok> {
        let TextAnalysis {
            analyzers,
            stems,
            lexicon,
        } = self;
        let stems = &mut stems[lang as usize];
        let LangAnalyzers { exact, stem } = analyzers.lang(lang);

        // Pass 1: exact terms, and the surface words whose stem is unknown.
        let mut words: Vec<(u32, Range<usize>, usize)> = Vec::new();
        let mut unknown: Vec<&str> = Vec::new();
        let mut stream = exact.token_stream(text);
        while let Some(token) = stream.next() {
            let span = token.offset_from..token.offset_to;
            let surface = &text[span.clone()];
            if !stems.contains_key(surface) && !unknown.contains(&surface) {
                unknown.push(surface);
            }
            words.push((lexicon.intern(&token.text), span, token.position));
        }
        drop(stream);

        // Pass 2: stem all unknown words in one run of the stemmed pipeline
        // (one word per token, as in pass 1, since both pipelines keep and
        // drop the same words).
        if !unknown.is_empty() {
            let joined = unknown.join(" ");
            let mut starts = Vec::with_capacity(unknown.len());
            let mut at = 0;
            for word in &unknown {
                starts.push(at);
                at += word.len() + 1;
            }
            let mut stream = stem.token_stream(&joined);
            while let Some(token) = stream.next() {
                // Map the token back to its word by where it ends.
                let end = token.offset_to;
                let i = starts
                    .partition_point(|&start| start < end)
                    .saturating_sub(1);
                if starts[i] + unknown[i].len() == end {
                    let id = lexicon.intern(&token.text);
                    stems.insert(unknown[i].to_string(), id);
                }
            }
        }

        words
            .into_iter()
            .map(|(exact, span, position)| {
                let surface = &text[span.clone()];
                // A word the stemmed pipeline did not return keeps its exact term.
                let stem = stems.get(surface).copied().unwrap_or(exact);
                Tok {
                    exact,
                    stem,
                    start: span.start as u32,
                    end: span.end as u32,
                    position: position as u32,
                }
            })
            .collect()
    }

    pub(crate) fn into_parts(self) -> (QueryAnalyzer, Lexicon) {
        let query = QueryAnalyzer {
            prototype: self.analyzers,
            pool: Mutex::new(Vec::new()),
        };
        (query, self.lexicon)
    }
}

/// Query-time analysis: the same analyzers, shared by concurrent searches.
///
/// Tantivy analyzers need `&mut` to run, so searches borrow one set from a
/// small pool (cloning the prototype when every set is in use) instead of
/// cloning four boxed analyzers per query.
pub(crate) struct QueryAnalyzer {
    prototype: Analyzers,
    pool: Mutex<Vec<Analyzers>>,
}

impl QueryAnalyzer {
    /// Analyzes a query text into words (exact and stemmed strings).
    pub(crate) fn words(&self, lang: Lang, text: &str) -> Vec<QueryWord> {
        let mut analyzers = self
            .pool
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_else(|| self.prototype.clone());
        let mut out = Vec::new();
        analyzers.each_word(lang, text, |exact, stem, _span, position| {
            out.push(QueryWord {
                exact: exact.to_string(),
                stem: stem.to_string(),
                position,
            });
        });
        if let Ok(mut pool) = self.pool.lock() {
            pool.push(analyzers);
        }
        out
    }
}
