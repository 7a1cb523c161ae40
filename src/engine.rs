//! [`Engine`]: everything a loaded glossary holds, as the search, suggest
//! and annotate functions see it. It knows nothing of how it was loaded;
//! [`Glossary`](crate::Glossary) is the façade over it.

use std::sync::{Arc, OnceLock};

use crate::analysis::{AnalyzerPool, FrenchOrder, Lang, TextAnalysis, Tok, Vocabulary, Words};
use crate::annotate::{NameSource, TermMatcher};
use crate::data::{DocumentAt, PassageText, Place};
use crate::index::SearchIndex;
use crate::links::Links;
use crate::model::{Entry, EntryId, Name, Passage, PassageId, Warning};
use crate::stats::TermStats;
use crate::store::Derived;
use crate::suggest::Labels;
use crate::texts::{EntryPart, EntryTexts};
use std::borrow::Cow;

/// The documents' passages: ids and spans into the source text (the
/// documents one after the other), and the entries each one mentions.
pub(crate) struct PassageTable {
    source: Cow<'static, [u8]>,
    documents: Vec<DocumentAt>,
    /// Each document's key in passage ids ([`PassageId::document_key`]).
    keys: Vec<Option<Arc<str>>>,
    rows: Vec<PassageText>,
    /// `mention_ids[mention_starts[i]..mention_starts[i + 1]]` are passage
    /// `i`'s mentions.
    mention_starts: Vec<u32>,
    mention_ids: Vec<EntryId>,
}

impl PassageTable {
    pub(crate) fn new(
        source: Cow<'static, [u8]>,
        documents: Vec<DocumentAt>,
        rows: Vec<PassageText>,
        mentions: &[Vec<u32>],
        entries: &[Entry],
    ) -> PassageTable {
        let mut mention_starts = Vec::with_capacity(rows.len() + 1);
        let mut mention_ids = Vec::new();
        mention_starts.push(0);
        for i in 0..rows.len() {
            let list = mentions.get(i).map_or(&[][..], Vec::as_slice);
            mention_ids.extend(list.iter().map(|&e| entries[e as usize].id.clone()));
            mention_starts.push(mention_ids.len() as u32);
        }
        let keys = documents
            .iter()
            .map(|d| PassageId::document_key(&d.name).map(Arc::from))
            .collect();
        PassageTable {
            source,
            documents,
            keys,
            rows,
            mention_starts,
            mention_ids,
        }
    }

    /// The documents, in name order.
    pub(crate) fn documents(&self) -> &[DocumentAt] {
        &self.documents
    }

    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Passage `i`.
    pub(crate) fn get(&self, i: usize) -> Passage<'_> {
        let row = &self.rows[i];
        let mentions =
            &self.mention_ids[self.mention_starts[i] as usize..self.mention_starts[i + 1] as usize];
        let d = Self::document_index(row.place.document);
        let document = &self.documents[d];
        Passage {
            id: PassageId {
                document: self.keys[d].clone(),
                paragraph: row.place.paragraph,
                sentence: row.place.sentence,
            },
            document: Cow::Borrowed(self.document_name(i)),
            line: row.line,
            text: Cow::Borrowed(self.text(i)),
            span: row.span.start - document.start..row.span.end - document.start,
            mentions: Cow::Borrowed(mentions),
        }
    }

    /// The file name of passage `i`'s document.
    pub(crate) fn document_name(&self, i: usize) -> &str {
        &self.documents[Self::document_index(self.rows[i].place.document)].name
    }

    /// The index in `documents` of the document numbered `number` (0 when
    /// there is only one, else from 1).
    fn document_index(number: u32) -> usize {
        (number as usize).saturating_sub(1)
    }

    /// The text of passage `i`.
    pub(crate) fn text(&self, i: usize) -> &str {
        // The span was cut from valid text. Should the bytes differ from
        // those the index was built from while matching its fingerprint,
        // the passage reads as one replacement character, never as
        // invalid text.
        std::str::from_utf8(&self.source[self.rows[i].span.clone()]).unwrap_or("\u{fffd}")
    }

    /// The index of the passage with this id (places are in order).
    pub(crate) fn find(&self, id: &PassageId) -> Option<usize> {
        let d = self.keys.iter().position(|k| *k == id.document)?;
        let place = Place {
            document: if self.documents.len() == 1 {
                0
            } else {
                d as u32 + 1
            },
            paragraph: id.paragraph,
            sentence: id.sentence,
        };
        self.rows.binary_search_by_key(&place, |r| r.place).ok()
    }

    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = Passage<'_>> + DoubleEndedIterator {
        (0..self.rows.len()).map(|i| self.get(i))
    }
}

/// A loaded glossary: records, analysis, statistics and the index.
pub(crate) struct Engine {
    entries: Vec<Entry>,
    /// Each entry's analyzed texts, in index order.
    entry_texts: EntryTexts,
    passages: PassageTable,
    links: Links,
    stats: TermStats,
    index: SearchIndex,
    analyzers: AnalyzerPool,
    /// The glossary's title, when its file gives one.
    title: Option<String>,
    /// What the load noticed and went on with.
    warnings: Vec<Warning>,
    /// Built on first use: annotation and the translation check need it
    /// (mentions and related entries are saved).
    matcher: OnceLock<TermMatcher>,
    /// Built on first use: only `lookup` and `suggest` need it.
    labels: OnceLock<Labels>,
    /// Entry id → position, built on first use.
    ids: OnceLock<std::collections::HashMap<EntryId, u32>>,
    /// Name word (exact or stem term id) → the entries whose names hold it,
    /// built on first use: a query names only entries among those of its
    /// words (see [`Engine::entries_naming`]).
    name_words: OnceLock<std::collections::HashMap<u32, Box<[NameWord]>>>,
    /// Each passage's words, kept once a hit first needed them, when the
    /// source is small (see [`KEEP_ANALYZED_UP_TO`]); otherwise `None`,
    /// and a hit analyzes the words of its passage that the query may
    /// highlight (see `search::hits`).
    passage_words: Option<Box<[KeptWords]>>,
}

/// An entry one of whose names holds a word: the first place the word has
/// among the words of all its names (numbered in order), whether it has
/// another, how many words of one name it is at most, and whether it is all
/// the words of one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NameWord {
    entry: u32,
    first: u32,
    elsewhere: bool,
    count: u8,
    whole: bool,
}

/// A passage's words, once analyzed.
type KeptWords = OnceLock<Box<[Tok]>>;

/// The largest source (in bytes) whose analyzed passages are kept once a
/// hit needed them: about 4 MB of words at most. A snippet re-analyzing
/// its passage was a fifth of a query on the embedded data; a larger
/// corpus analyzes a hit's highlighted words again, and keeps its memory.
pub(crate) const KEEP_ANALYZED_UP_TO: usize = 1 << 20;

impl Engine {
    /// The entries, in file order.
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Each entry's analyzed texts, in index order.
    pub(crate) fn entry_texts(&self) -> &EntryTexts {
        &self.entry_texts
    }

    /// The documents' passages.
    pub(crate) fn passages(&self) -> &PassageTable {
        &self.passages
    }

    /// Which passages mention which entries, and which entries relate.
    pub(crate) fn links(&self) -> &Links {
        &self.links
    }

    /// The corpus statistics of every term.
    pub(crate) fn stats(&self) -> &TermStats {
        &self.stats
    }

    /// The Tantivy index.
    pub(crate) fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// The analyzers, one per thread at a time.
    pub(crate) fn analyzers(&self) -> &AnalyzerPool {
        &self.analyzers
    }

    /// The glossary's title, when its file gives one.
    pub(crate) fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// What the load noticed and went on with.
    pub(crate) fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The term matcher of the glossary's names.
    pub(crate) fn matcher(&self) -> &TermMatcher {
        self.matcher
            .get_or_init(|| matcher(&self.entries, &self.entry_texts).0)
    }

    /// The entries' names normalized for lookup and suggestion.
    pub(crate) fn labels(&self) -> &Labels {
        self.labels.get_or_init(|| Labels::new(&self.entries))
    }

    /// The position of the entry with this id.
    pub(crate) fn entry_index(&self, id: &str) -> Option<usize> {
        let ids = self.ids.get_or_init(|| {
            self.entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), i as u32))
                .collect()
        });
        ids.get(id).map(|&i| i as usize)
    }

    /// The entries (positions, sorted) that a query reaching the term ids
    /// `ids` may name: those with two name words or more reached (at two
    /// places of their names), or one id that is `min_words` words of one
    /// of its names or all of them. Others cannot reach the link rule's bar.
    pub(crate) fn entries_naming(&self, ids: &[u32], min_words: usize) -> Vec<u32> {
        let index = self.name_words.get_or_init(|| self.name_word_index());
        // Per entry: the first place reached, from 1 (0: none yet), and
        // whether it is named (two places reached, or one id that could
        // name it alone). All zeros, so a large glossary's table costs only
        // the pages a query touches (the allocator's zeroed memory).
        let mut reached: Vec<(u32, bool)> = vec![(0, false); self.entries.len()];
        let mut touched = Vec::new();
        for word in ids.iter().filter_map(|id| index.get(id)).flatten() {
            let alone = word.elsewhere || word.whole || word.count as usize >= min_words;
            let place = word.first.saturating_add(1);
            let (first, named) = &mut reached[word.entry as usize];
            if *first == 0 {
                touched.push(word.entry);
                *first = place;
            }
            *named |= alone || *first != place;
        }
        touched.retain(|&e| reached[e as usize].1);
        touched.sort_unstable();
        touched
    }

    /// The index behind [`Engine::entries_naming`].
    fn name_word_index(&self) -> std::collections::HashMap<u32, Box<[NameWord]>> {
        let mut index: std::collections::HashMap<u32, Vec<NameWord>> = Default::default();
        // Per name: each id with its first place, whether it has another,
        // and how many words of the name it is.
        let mut ids: Vec<(u32, u32, bool, u8)> = Vec::new();
        for (e, texts) in self.entry_texts.iter().enumerate() {
            let mut place = 0u32;
            for t in texts.filter(|t| t.is_name()) {
                ids.clear();
                let mut words = 0;
                for word in t.tokens.iter().filter(|w| w.width == 1) {
                    words += 1;
                    let forms = [word.exact, word.stem];
                    let forms = if word.exact == word.stem {
                        &forms[..1]
                    } else {
                        &forms[..]
                    };
                    for &id in forms {
                        match ids.iter_mut().find(|(i, ..)| *i == id) {
                            Some((_, _, elsewhere, n)) => {
                                (*elsewhere, *n) = (true, n.saturating_add(1))
                            }
                            None => ids.push((id, place, false, 1)),
                        }
                    }
                    place += 1;
                }
                for &(id, first, elsewhere, count) in &ids {
                    let whole = count as usize >= words;
                    let list = index.entry(id).or_default();
                    match list.last_mut() {
                        // The same word in an earlier name of the entry.
                        Some(last) if last.entry == e as u32 => {
                            last.elsewhere = true;
                            last.count = last.count.max(count);
                            last.whole |= whole;
                        }
                        _ => list.push(NameWord {
                            entry: e as u32,
                            first,
                            elsewhere,
                            count,
                            whole,
                        }),
                    }
                }
            }
        }
        index.into_iter().map(|(k, v)| (k, v.into())).collect()
    }

    /// The size of the glossary's vocabulary.
    pub(crate) fn known_terms(&self) -> u32 {
        self.analyzers.vocabulary().lexicon.len() as u32
    }

    /// Number of records: entries, then passages.
    pub(crate) fn records(&self) -> usize {
        self.entries.len() + self.passages.len()
    }

    /// Whether analyzed passages are kept (the source is small).
    #[cfg(test)]
    pub(crate) fn keeps_passage_words(&self) -> bool {
        self.passage_words.is_some()
    }

    /// Stops keeping analyzed passages, as for a large source.
    #[cfg(test)]
    pub(crate) fn forget_passage_words(&mut self) {
        self.passage_words = None;
    }

    /// Passage `p`'s words, as indexing analyzed them, when they are kept
    /// (the source is small): analyzed with `analysis` the first time.
    pub(crate) fn kept_passage_words(
        &self,
        p: usize,
        analysis: &mut TextAnalysis,
    ) -> Option<&[Tok]> {
        let kept = self.passage_words.as_deref()?.get(p)?;
        Some(kept.get_or_init(|| analysis.tokens(Lang::French, self.passages.text(p)).into()))
    }
}

impl Engine {
    /// An engine of `derived`, the index built from the same data, and the
    /// source text the passages' spans point into.
    pub(crate) fn assemble(
        derived: Derived,
        index: SearchIndex,
        source: Cow<'static, [u8]>,
        order: FrenchOrder,
    ) -> Engine {
        let Derived {
            entries,
            entry_texts,
            passages,
            mentions,
            related,
            words,
            raws,
            analyzed,
            stats,
            documents,
            title,
            warnings,
            matcher,
        } = derived;
        // The statistics' lookups need only the words: built beside the
        // vocabulary's tables.
        let (vocabulary, stats) =
            Vocabulary::from_parts_beside(words, raws, analyzed, |words: &Words| {
                TermStats::new(stats, |id| words.get(id as usize))
            });
        let links = Links::from_saved(mentions, related, passages.len());
        let keep_words = source.len() <= KEEP_ANALYZED_UP_TO;
        let passages = PassageTable::new(
            source,
            documents,
            passages,
            &links.passage_mentions,
            &entries,
        );
        let passage_words =
            keep_words.then(|| (0..passages.len()).map(|_| OnceLock::new()).collect());
        Engine {
            entries,
            entry_texts,
            passages,
            links,
            stats,
            index,
            analyzers: AnalyzerPool::new(Arc::new(vocabulary), order),
            title,
            warnings,
            matcher: matcher.map(OnceLock::from).unwrap_or_default(),
            labels: OnceLock::new(),
            ids: OnceLock::new(),
            name_words: OnceLock::new(),
            passage_words,
        }
    }
}

/// The term matcher of `entries`' names, whose analyzed texts are
/// `entry_texts`, and the names two entries share.
pub(crate) fn matcher(entries: &[Entry], entry_texts: &EntryTexts) -> (TermMatcher, Vec<Warning>) {
    let names = entries.iter().enumerate().flat_map(|(e, entry)| {
        let names: Vec<&Name> = entry.names().map(|(name, _)| name).collect();
        entry_texts.of(e).filter_map(move |t| match t.part {
            EntryPart::Label(nth, kind) => Some(NameSource {
                entry: e as u32,
                nth: nth as u16,
                kind,
                lang: t.lang,
                text: names[nth].as_str(),
                tokens: t.tokens,
                case_sensitive: names[nth].is_case_sensitive(),
                verb: names[nth].part_of_speech == Some(crate::model::PartOfSpeech::Verb),
            }),
            _ => None,
        })
    });
    let ids: Vec<EntryId> = entries.iter().map(|e| e.id.clone()).collect();
    TermMatcher::new(names, &ids)
}
