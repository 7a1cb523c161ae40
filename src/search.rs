//! Free-text search: [`Query`] in, ranked [`Hit`]s with highlighted
//! [`Snippet`]s out.
//!
//! # How a query is read
//!
//! The text is never handed to Tantivy's query parser, so no character is
//! syntax except quotes: text between `"…"`, `«…»` or `“…”` is a phrase; an
//! unmatched quote is ignored. Everything else is words, analyzed exactly as
//! the indexed text was (`l’innovation`, `R&D`, `(`, `:`, a trailing `AND`
//! are words or nothing, never errors).
//!
//! # Ranking
//!
//! Each word becomes a union of boosted term queries, summed by BM25:
//! exact (folded) forms score on top of stemmed forms, which score on top of
//! typo expansions, and matches in a term or alias weigh more than matches
//! in a definition or a sentence. So an entry named by the query comes before
//! the passages that mention it, and `santé` ranks the exact word above
//! `sante`-like typos. Documents matching more query words score higher.

use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::error::engine;
use crate::index::{Fields, Forms, SearchIndex};
use crate::model::{Category, Entry, HitKind, Passage, Sector};
use crate::text::{Lang, QueryWord, Tok};
use crate::{Error, Glossary, Result};

/// Longest accepted query, in bytes.
pub const MAX_QUERY_BYTES: usize = 2048;
/// Most words (before stop-word removal) a query may hold.
pub const MAX_QUERY_WORDS: usize = 32;
/// Largest accepted [`Query::limit`].
pub const MAX_LIMIT: usize = 1000;
/// Largest accepted [`Query::offset`].
pub const MAX_OFFSET: usize = 100_000;
/// Longest snippet, in bytes of source text (ellipses not counted).
pub const SNIPPET_MAX_BYTES: usize = 220;

/// Whether query words may match with typos.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Typos {
    /// Words of 5–8 characters match with one edit, 9 and more with two
    /// (the default).
    #[default]
    Tolerated,
    /// Words match exactly or by stem only.
    Off,
}

/// A search request: free text plus options.
///
/// # Example
///
/// ```
/// use chongqing_glossary::{Category, Glossary, HitKind, Query};
///
/// let glossary = Glossary::embedded()?;
/// let query = Query::new("pôle d'innovation")
///     .kind(HitKind::Entry)
///     .category(Category::InnovationHub)
///     .limit(3);
/// let results = glossary.search(&query)?;
/// assert_eq!(results.hits.len(), 3);
/// assert_eq!(results.total_hits, 4);
/// # Ok::<(), chongqing_glossary::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    text: String,
    kind: Option<HitKind>,
    category: Option<Category>,
    sector: Option<Sector>,
    limit: usize,
    offset: usize,
    typos: Typos,
}

impl Query {
    /// A query for `text`, over entries and passages, first 10 hits, typos tolerated.
    pub fn new(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            kind: None,
            category: None,
            sector: None,
            limit: 10,
            offset: 0,
            typos: Typos::default(),
        }
    }

    /// Only hits of this kind (default: both).
    pub fn kind(mut self, kind: HitKind) -> Query {
        self.kind = Some(kind);
        self
    }

    /// Only entries of this category (default: any). Passages have no
    /// category, so this implies entries.
    pub fn category(mut self, category: Category) -> Query {
        self.category = Some(category);
        self
    }

    /// Only hub entries of this sector (default: any). Implies entries.
    pub fn sector(mut self, sector: Sector) -> Query {
        self.sector = Some(sector);
        self
    }

    /// At most this many hits (default 10, at most [`MAX_LIMIT`]; 0 counts
    /// hits without returning any).
    pub fn limit(mut self, limit: usize) -> Query {
        self.limit = limit;
        self
    }

    /// Skip this many hits first, for paging (default 0, at most [`MAX_OFFSET`]).
    pub fn offset(mut self, offset: usize) -> Query {
        self.offset = offset;
        self
    }

    /// Typo tolerance (default [`Typos::Tolerated`]).
    pub fn typos(mut self, typos: Typos) -> Query {
        self.typos = typos;
        self
    }

    /// The query text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// A piece of text with the byte ranges that matched the query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The text: a whole sentence or label, or a window of at most
    /// [`SNIPPET_MAX_BYTES`] bytes of a longer text, with `…` where cut.
    pub text: String,
    /// Sorted, non-overlapping byte ranges into `text`, on char boundaries.
    #[serde(serialize_with = "ranges_as_pairs")]
    pub highlights: Vec<Range<usize>>,
}

fn ranges_as_pairs<S: Serializer>(ranges: &[Range<usize>], s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(ranges.len()))?;
    for r in ranges {
        seq.serialize_element(&[r.start, r.end])?;
    }
    seq.end()
}

impl Snippet {
    /// The highlighted parts of the text.
    pub fn highlighted(&self) -> impl Iterator<Item = &str> {
        self.highlights.iter().map(|r| &self.text[r.clone()])
    }
}

/// The record a [`Hit`] points to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Record<'g> {
    /// A glossary entry.
    Entry(&'g Entry),
    /// A sentence of the article.
    Passage(&'g Passage),
}

/// One search result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit<'g> {
    /// Relevance (BM25 with field boosts); higher is better.
    pub score: f32,
    /// The best matching text of the record, highlighted.
    pub snippet: Snippet,
    /// The entry or passage.
    pub record: Record<'g>,
}

impl<'g> Hit<'g> {
    /// Entry or passage.
    pub fn kind(&self) -> HitKind {
        match self.record {
            Record::Entry(_) => HitKind::Entry,
            Record::Passage(_) => HitKind::Passage,
        }
    }

    /// The record's id: an entry slug or a passage id such as `p4.s2`.
    pub fn id(&self) -> String {
        match self.record {
            Record::Entry(e) => e.id.to_string(),
            Record::Passage(p) => p.id.to_string(),
        }
    }

    /// The entry, when the hit is one.
    pub fn entry(&self) -> Option<&'g Entry> {
        match self.record {
            Record::Entry(e) => Some(e),
            Record::Passage(_) => None,
        }
    }

    /// The passage, when the hit is one.
    pub fn passage(&self) -> Option<&'g Passage> {
        match self.record {
            Record::Passage(p) => Some(p),
            Record::Entry(_) => None,
        }
    }
}

/// Serialized flat, as the CLI's `--json` prints it: `kind`, `id`, `score`,
/// `snippet`, then the entry's or the passage's fields.
impl Serialize for Hit<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("kind", &self.kind())?;
        map.serialize_entry("id", &self.id())?;
        map.serialize_entry("score", &self.score)?;
        map.serialize_entry("snippet", &self.snippet)?;
        match self.record {
            Record::Entry(e) => {
                map.serialize_entry("term", &e.term)?;
                map.serialize_entry("term_en", &e.term_en)?;
                map.serialize_entry("category", &e.category)?;
                map.serialize_entry("sector", &e.sector)?;
                map.serialize_entry("definition", &e.definition)?;
            }
            Record::Passage(p) => {
                map.serialize_entry("text", &p.text)?;
                map.serialize_entry("paragraph", &p.id.paragraph)?;
                map.serialize_entry("sentence", &p.id.sentence)?;
                map.serialize_entry("mentions", &p.mentions)?;
            }
        }
        map.end()
    }
}

/// The answer to a [`Query`].
#[derive(Clone, Debug, PartialEq)]
pub struct SearchResults<'g> {
    /// The query text.
    pub query: String,
    /// How many records match, before `limit` and `offset`.
    pub total_hits: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit<'g>>,
    /// Time spent in [`Glossary::search`].
    pub elapsed: Duration,
}

/// Serialized as `{"query", "total_hits", "elapsed_us", "hits"}`.
impl Serialize for SearchResults<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("query", &self.query)?;
        map.serialize_entry("total_hits", &self.total_hits)?;
        map.serialize_entry("elapsed_us", &(self.elapsed.as_micros() as u64))?;
        map.serialize_entry("hits", &self.hits)?;
        map.end()
    }
}

// Field boosts. Names (term and aliases) weigh six times a body text; within
// a field, exact and stemmed clauses add up, typo clauses weigh a third.
const NAMES: f32 = 3.0;
const BODY: f32 = 0.5;
const TYPO: f32 = 1.0 / 3.0;
const PHRASE: f32 = 1.5;

/// One piece of the query text.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'q> {
    Words(&'q str),
    Phrase(&'q str),
}

const QUOTES: &[(char, char)] = &[('"', '"'), ('«', '»'), ('“', '”')];

fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut i = 0;
    while let Some(c) = rest[i..].chars().next() {
        let close = QUOTES
            .iter()
            .find(|(open, _)| *open == c)
            .map(|(_, close)| *close);
        if let Some(close) = close {
            let inner_start = i + c.len_utf8();
            if let Some(len) = rest[inner_start..].find(close) {
                out.push(Piece::Words(&rest[..i]));
                out.push(Piece::Phrase(&rest[inner_start..inner_start + len]));
                rest = &rest[inner_start + len + close.len_utf8()..];
                i = 0;
                continue;
            }
        }
        i += c.len_utf8();
    }
    out.push(Piece::Words(rest));
    out.retain(|p| !matches!(p, Piece::Words(w) | Piece::Phrase(w) if w.trim().is_empty()));
    out
}

/// A set of interned term ids, as a bitset over the lexicon.
#[derive(Debug, Default)]
struct TermSet(Vec<u64>);

impl TermSet {
    fn insert(&mut self, id: u32) {
        let (word, bit) = (id as usize / 64, id % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << bit;
    }

    fn contains(&self, id: u32) -> bool {
        self.0
            .get(id as usize / 64)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }
}

/// The matched terms of a query, for highlighting.
#[derive(Debug, Default)]
struct Matchers {
    french: TermSet,
    english: TermSet,
    french_phrases: Vec<Vec<(u32, u32)>>,
    english_phrases: Vec<Vec<(u32, u32)>>,
    /// The (field and form, term) clauses already in the query.
    added: Vec<(Forms, u32)>,
}

impl Matchers {
    fn terms(&self, lang: Lang) -> &TermSet {
        match lang {
            Lang::French => &self.french,
            Lang::English => &self.english,
        }
    }

    fn phrases(&self, lang: Lang) -> &[Vec<(u32, u32)>] {
        match lang {
            Lang::French => &self.french_phrases,
            Lang::English => &self.english_phrases,
        }
    }

    /// Byte ranges of `tokens` that the query matched, merged.
    fn highlights(&self, lang: Lang, tokens: &[Tok]) -> Vec<Range<usize>> {
        let terms = self.terms(lang);
        let mut out: Vec<Range<usize>> = tokens
            .iter()
            .filter(|t| terms.contains(t.exact) || terms.contains(t.stem))
            .map(Tok::span)
            .collect();
        for phrase in self.phrases(lang) {
            let Some(&(first_pos, first_stem)) = phrase.first() else {
                continue;
            };
            for (i, start) in tokens.iter().enumerate() {
                if start.stem != first_stem {
                    continue;
                }
                let base = start.position as i64 - i64::from(first_pos);
                let mut end = start.end;
                let all = phrase[1..].iter().all(|&(pos, stem)| {
                    let want = base + i64::from(pos);
                    tokens[i..]
                        .iter()
                        .find(|t| i64::from(t.position) == want)
                        .is_some_and(|t| {
                            end = end.max(t.end);
                            t.stem == stem
                        })
                });
                if all {
                    out.push(start.start as usize..end as usize);
                }
            }
        }
        crate::corpus::merge_ranges(out)
    }
}

fn term_query(term: tantivy::Term, boost: f32) -> Box<dyn tantivy::query::Query> {
    let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
    Box::new(BoostQuery::new(Box::new(q), boost))
}

fn phrase_query(
    fields: &Fields,
    form: Forms,
    words: &[QueryWord],
    boost: f32,
) -> Box<dyn tantivy::query::Query> {
    let first = words[0].position;
    let terms = words
        .iter()
        .map(|w| (w.position - first, fields.term(form, &w.stem)))
        .collect();
    Box::new(BoostQuery::new(
        Box::new(PhraseQuery::new_with_offset(terms)),
        boost,
    ))
}

/// Builds the snippet of `text`: the window of at most [`SNIPPET_MAX_BYTES`]
/// that holds the most highlights, cut at word boundaries.
fn snippet(text: &str, highlights: Vec<Range<usize>>) -> Snippet {
    if text.len() <= SNIPPET_MAX_BYTES {
        return Snippet {
            text: text.to_string(),
            highlights,
        };
    }
    const LEAD: usize = 50;
    // Anchor the window at the highlight whose window holds the most highlights.
    let anchor = (0..highlights.len())
        .max_by_key(|&i| {
            let from = highlights[i].start.saturating_sub(LEAD);
            let count = highlights[i..]
                .iter()
                .take_while(|h| h.end <= from + SNIPPET_MAX_BYTES)
                .count();
            (count, std::cmp::Reverse(i))
        })
        .map_or(0, |i| highlights[i].start);
    let mut start = anchor.saturating_sub(LEAD);
    if start > 0 {
        while !text.is_char_boundary(start) {
            start += 1;
        }
        // Begin at a word: after the next whitespace, unless that passes the anchor.
        if let Some(ws) = text[start..anchor].find(char::is_whitespace) {
            start += ws;
            start += text[start..].chars().next().map_or(0, char::len_utf8);
        }
    }
    let mut end = (start + SNIPPET_MAX_BYTES).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        if let Some(ws) = text[start..end].rfind(char::is_whitespace) {
            if start + ws > anchor {
                end = start + ws;
            }
        }
    }
    let slice = text[start..end].trim_end();
    let end = start + slice.len();
    let mut out = String::with_capacity(slice.len() + 6);
    if start > 0 {
        out.push('…');
    }
    let shift = out.len();
    out.push_str(slice);
    if end < text.len() {
        out.push('…');
    }
    let highlights = highlights
        .into_iter()
        .filter(|h| h.start >= start && h.end <= end)
        .map(|h| h.start - start + shift..h.end - start + shift)
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

impl Glossary {
    /// Searches entries and passages.
    ///
    /// # Errors
    ///
    /// [`Error::Query`] when the query is empty or blank, longer than
    /// [`MAX_QUERY_BYTES`], has more than [`MAX_QUERY_WORDS`] words, or asks
    /// for a `limit` over [`MAX_LIMIT`] or an `offset` over [`MAX_OFFSET`];
    /// [`Error::Index`] if the engine fails.
    ///
    /// A query whose words are all stop words (`de la`) is valid and has no
    /// hits.
    pub fn search(&self, query: &Query) -> Result<SearchResults<'_>> {
        let started = Instant::now();
        let text = query.text.as_str();
        check_query_text(text)?;
        if query.limit > MAX_LIMIT {
            return Err(Error::query(
                text,
                format!("limit {} is over the maximum of {MAX_LIMIT}", query.limit),
            ));
        }
        if query.offset > MAX_OFFSET {
            return Err(Error::query(
                text,
                format!(
                    "offset {} is over the maximum of {MAX_OFFSET}",
                    query.offset
                ),
            ));
        }
        let (tantivy_query, matchers) = self.compile(query);
        let filter = self.filter(query);
        let (top, total_hits) = if query.limit == 0 {
            (
                Vec::new(),
                collect(&self.index, &*tantivy_query, Count, filter.as_ref())?,
            )
        } else {
            let top_docs = TopDocs::with_limit(query.limit)
                .and_offset(query.offset)
                .order_by_score();
            collect(
                &self.index,
                &*tantivy_query,
                (top_docs, Count),
                filter.as_ref(),
            )?
        };
        let hits = top
            .into_iter()
            .map(|(score, address)| self.hit(self.index.ord(address), score, &matchers))
            .collect();
        Ok(SearchResults {
            query: query.text.clone(),
            total_hits,
            hits,
            elapsed: started.elapsed(),
        })
    }

    /// The query's filters, if it has any. Only entries have a category or
    /// a sector, so either one implies the entry kind.
    fn filter(&self, query: &Query) -> Option<RecordFilter> {
        let by_entry_fields = query.category.is_some() || query.sector.is_some();
        let kind = query.kind.or(by_entry_fields.then_some(HitKind::Entry))?;
        let entries = self.entries.len() as DocId;
        let kept_entries = by_entry_fields.then(|| {
            self.entries
                .iter()
                .map(|e| {
                    query.category.is_none_or(|c| e.category == c)
                        && query.sector.is_none_or(|s| e.sector == Some(s))
                })
                .collect()
        });
        Some(RecordFilter {
            ids: match kind {
                HitKind::Entry => 0..entries,
                HitKind::Passage => entries..entries + self.passages.len() as DocId,
            },
            kept_entries,
        })
    }

    fn hit(&self, ord: usize, score: f32, matchers: &Matchers) -> Hit<'_> {
        if let Some(p) = ord.checked_sub(self.entries.len()) {
            let passage = &self.passages[p];
            let highlights = matchers.highlights(Lang::French, &self.passage_tokens[p]);
            return Hit {
                score,
                snippet: snippet(&passage.text, highlights),
                record: Record::Passage(passage),
            };
        }
        let entry = &self.entries[ord];
        let mut fallback = None;
        for (text, lang, tokens) in self.entry_snippet_sources(ord) {
            fallback.get_or_insert(text);
            let highlights = matchers.highlights(lang, tokens);
            if !highlights.is_empty() {
                return Hit {
                    score,
                    snippet: snippet(text, highlights),
                    record: Record::Entry(entry),
                };
            }
        }
        Hit {
            score,
            snippet: snippet(fallback.unwrap_or(&entry.term), Vec::new()),
            record: Record::Entry(entry),
        }
    }

    /// Turns a query into a Tantivy query and the terms to highlight.
    ///
    /// All term clauses go into one flat union (one scorer, scores summed),
    /// and a clause is only created for a field that holds the term: the
    /// crate knows its vocabulary, so it never asks Tantivy for a term that
    /// cannot match.
    fn compile(&self, query: &Query) -> (Box<dyn tantivy::query::Query>, Matchers) {
        let mut matchers = Matchers::default();
        let mut should: Vec<(Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
        for piece in pieces(&query.text) {
            match piece {
                Piece::Phrase(text) => {
                    for lang in [Lang::French, Lang::English] {
                        let words = self.analyzer.words(lang, text);
                        if words.len() == 1 {
                            // A one-word phrase is that word, exactly: no typos.
                            self.word_clauses(
                                lang,
                                &words[0],
                                Typos::Off,
                                &mut should,
                                &mut matchers,
                            );
                        } else if words.len() >= 2 {
                            self.phrase_clauses(lang, &words, &mut should, &mut matchers);
                        }
                    }
                }
                Piece::Words(text) => {
                    for lang in [Lang::French, Lang::English] {
                        for w in self.analyzer.words(lang, text) {
                            self.word_clauses(lang, &w, query.typos, &mut should, &mut matchers);
                        }
                    }
                }
            }
        }
        // Filters are checked at collection (see `Glossary::filter`).
        if should.is_empty() {
            return (Box::new(EmptyQuery), matchers);
        }
        (Box::new(BooleanQuery::new(should)), matchers)
    }

    /// Phrase queries for a quoted text of two words or more.
    fn phrase_clauses(
        &self,
        lang: Lang,
        words: &[QueryWord],
        should: &mut Vec<(Occur, Box<dyn tantivy::query::Query>)>,
        matchers: &mut Matchers,
    ) {
        let forms: &[(Forms, f32)] = match lang {
            Lang::French => &[(Forms::NAMES, NAMES), (Forms::BODY, BODY)],
            Lang::English => &[(Forms::NAMES, NAMES)],
        };
        let first = words[0].position;
        let Some(pattern) = words
            .iter()
            .map(|w| Some(((w.position - first) as u32, self.lexicon.get(&w.stem)?)))
            .collect::<Option<Vec<_>>>()
        else {
            // A word the corpus does not have: the phrase cannot match.
            return;
        };
        for &(form, boost) in forms {
            let query = phrase_query(&self.index.fields, form, words, boost * PHRASE);
            should.push((Occur::Should, query));
        }
        match lang {
            Lang::French => matchers.french_phrases.push(pattern),
            Lang::English => matchers.english_phrases.push(pattern),
        }
    }

    /// The term clauses for one analyzed query word in one language: exact
    /// and stemmed forms, then typo expansions, each weighted by its rarity.
    fn word_clauses(
        &self,
        lang: Lang,
        word: &QueryWord,
        typos: Typos,
        should: &mut Vec<(Occur, Box<dyn tantivy::query::Query>)>,
        matchers: &mut Matchers,
    ) {
        let f = &self.index.fields;
        let (set, typo_index, exact_forms, stem_forms): (_, _, &[_], &[_]) = match lang {
            Lang::French => (
                &mut matchers.french,
                &self.stats.typos_fr,
                &[(Forms::NAMES_EXACT, NAMES), (Forms::BODY_EXACT, BODY)],
                &[(Forms::NAMES, NAMES), (Forms::BODY, BODY)],
            ),
            Lang::English => (
                &mut matchers.english,
                &self.stats.typos_en,
                &[(Forms::NAMES_EXACT, NAMES)],
                &[(Forms::NAMES, NAMES)],
            ),
        };
        let added = &mut matchers.added;
        let mut add = |id: u32, forms: &[(Forms, f32)], weight: f32| {
            let held = self.stats.forms(id);
            for &(form, boost) in forms {
                // French and English analysis of a word often agree (`zone`):
                // one clause per term and form, not two.
                if held.contains(form) && !added.contains(&(form, id)) {
                    added.push((form, id));
                    should.push((
                        Occur::Should,
                        term_query(f.term(form, self.lexicon.word(id)), boost * weight),
                    ));
                }
            }
            set.insert(id);
        };
        let stem = self.lexicon.get(&word.stem);
        let weight = self.stats.weight(stem);
        if let Some(exact) = self.lexicon.get(&word.exact) {
            add(exact, exact_forms, weight);
        }
        if let Some(stem) = stem {
            add(stem, stem_forms, weight);
        }
        if typos == Typos::Tolerated {
            for id in typo_index.expand(&word.exact) {
                add(id, exact_forms, self.stats.weight(Some(id)) * TYPO);
            }
        }
    }
}

/// The records a query keeps, checked as hits are collected.
///
/// A document id is the record's position (see [`index`](crate::index)), so
/// the kind is a range of ids, and the category and sector, which only
/// entries have, decide which entries are kept: no posting list of every
/// passage to intersect with, and no column to read.
#[derive(Clone)]
struct RecordFilter {
    ids: Range<DocId>,
    /// For each entry, whether the category and sector filters keep it.
    kept_entries: Option<Arc<[bool]>>,
}

impl RecordFilter {
    fn keeps(&self, doc: DocId) -> bool {
        self.ids.contains(&doc)
            && self
                .kept_entries
                .as_ref()
                .is_none_or(|kept| kept.get(doc as usize).copied().unwrap_or(false))
    }
}

/// Runs `collector`, keeping only the records `filter` keeps.
fn collect<C: Collector>(
    index: &SearchIndex,
    query: &dyn tantivy::query::Query,
    collector: C,
    filter: Option<&RecordFilter>,
) -> Result<C::Fruit> {
    match filter {
        None => index.searcher.search(query, &collector),
        Some(filter) => index.searcher.search(
            query,
            &Filtered {
                inner: collector,
                filter: filter.clone(),
            },
        ),
    }
    .map_err(engine)
}

/// A collector that passes on the documents its filter keeps.
struct Filtered<C> {
    inner: C,
    filter: RecordFilter,
}

struct FilteredSegment<S> {
    inner: S,
    filter: RecordFilter,
    kept: Vec<DocId>,
}

impl<C: Collector> Collector for Filtered<C> {
    type Fruit = C::Fruit;
    type Child = FilteredSegment<C::Child>;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(FilteredSegment {
            inner: self.inner.for_segment(segment, reader)?,
            filter: self.filter.clone(),
            kept: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<C::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<C::Fruit> {
        self.inner.merge_fruits(fruits)
    }
}

impl<S: SegmentCollector> SegmentCollector for FilteredSegment<S> {
    type Fruit = S::Fruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.filter.keeps(doc) {
            self.inner.collect(doc, score);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let mut kept = std::mem::take(&mut self.kept);
        kept.clear();
        kept.extend(docs.iter().copied().filter(|&d| self.filter.keeps(d)));
        self.inner.collect_block(&kept);
        self.kept = kept;
    }

    fn harvest(self) -> S::Fruit {
        self.inner.harvest()
    }
}

/// Rejects query texts that cannot be searched, with the reason.
pub(crate) fn check_query_text(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::query(text, "the query is empty"));
    }
    if text.len() > MAX_QUERY_BYTES {
        return Err(Error::query(
            text,
            format!(
                "the query is {} bytes long; the maximum is {MAX_QUERY_BYTES}",
                text.len()
            ),
        ));
    }
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count();
    if words > MAX_QUERY_WORDS {
        return Err(Error::query(
            text,
            format!("the query has {words} words; the maximum is {MAX_QUERY_WORDS}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_split_phrases_and_words() {
        assert_eq!(
            pieces(r#"pôle "zone pilote" « santé et vie » x"#),
            vec![
                Piece::Words("pôle "),
                Piece::Phrase("zone pilote"),
                Piece::Phrase(" santé et vie "),
                Piece::Words(" x"),
            ]
        );
        assert_eq!(
            pieces(r#"unbalanced "quote"#),
            vec![Piece::Words(r#"unbalanced "quote"#)]
        );
        assert_eq!(pieces(r#""""#), Vec::<Piece<'_>>::new());
    }

    #[test]
    fn snippet_windows_cut_on_words_and_keep_highlights_inside() {
        let text = "alpha ".repeat(30) + "needle " + &"omega ".repeat(40);
        let at = text.find("needle").unwrap();
        let s = snippet(&text, std::iter::once(at..at + 6).collect());
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert_eq!(s.highlighted().collect::<Vec<_>>(), ["needle"]);
        assert!(s.text.len() <= SNIPPET_MAX_BYTES + 2 * '…'.len_utf8());
        assert!(!s.text.contains("alph…") && !s.text.contains("…lpha"));
    }
}
