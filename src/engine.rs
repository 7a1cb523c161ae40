//! [`Engine`]: everything a loaded glossary holds, as the search, suggest
//! and annotate functions see it. It knows nothing of how it was loaded;
//! [`Glossary`](crate::Glossary) is the façade over it.

use std::sync::{Arc, OnceLock};

use crate::analysis::{AnalyzerPool, FrenchOrder, Lang, TextAnalysis, Tok, Vocabulary, WordForms};
use crate::annotate::{NameSource, TermMatcher};
use crate::data::PassageText;
use crate::index::SearchIndex;
use crate::links::{Links, MentionAt};
use crate::model::{Entry, EntryId, LabelKind, Name, Passage, PassageId, Warning};
use crate::stats::{StatsParts, TermStats};
use crate::suggest::Labels;
use std::borrow::Cow;

/// Which text of an entry: one of its names, or a definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum EntryPart {
    /// The `nth` name in [`Entry::names`] order, of this kind.
    Label(usize, LabelKind),
    Definition,
    DefinitionEn,
}

/// One analyzed text of an entry.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct EntryText {
    pub part: EntryPart,
    pub lang: Lang,
    pub tokens: Vec<Tok>,
}

impl EntryText {
    /// Whether the text is a name (indexed with the names mark).
    pub(crate) fn is_name(&self) -> bool {
        matches!(self.part, EntryPart::Label(..))
    }

    /// The text itself.
    pub(crate) fn text<'e>(&self, entry: &'e Entry) -> &'e str {
        match self.part {
            EntryPart::Label(nth, _) => entry.labels().nth(nth).unwrap_or(entry.term.as_str()),
            EntryPart::Definition => entry.definition.as_deref().unwrap_or_default(),
            EntryPart::DefinitionEn => entry.definition_en.as_deref().unwrap_or_default(),
        }
    }
}

/// Analyzes an entry's texts, names first (French, then English), then the
/// definitions: the order of its index value.
///
/// A name is analyzed in its own language; a case-sensitive name (an
/// acronym) that language drops entirely, as an English stop word (`IT`,
/// `AS`), is analyzed in the other, so that it can still be found and
/// recognized: an acronym is not the word it spells.
pub(crate) fn analyze_entry(analysis: &mut TextAnalysis, entry: &Entry) -> Vec<EntryText> {
    let mut texts: Vec<EntryText> = entry
        .names()
        .enumerate()
        .map(|(nth, (name, kind))| {
            let text = name.as_str();
            let own = if kind.is_english() {
                Lang::English
            } else {
                Lang::French
            };
            let mut lang = own;
            let mut tokens = analysis.tokens(own, text);
            if tokens.is_empty() && name.is_case_sensitive() {
                let other = Lang::BOTH[1 - own as usize];
                let fallback = analysis.tokens(other, text);
                if !fallback.is_empty() {
                    (lang, tokens) = (other, fallback);
                }
            }
            EntryText {
                part: EntryPart::Label(nth, kind),
                lang,
                tokens,
            }
        })
        .collect();
    let definitions = [
        (EntryPart::Definition, Lang::French, &entry.definition),
        (EntryPart::DefinitionEn, Lang::English, &entry.definition_en),
    ];
    for (part, lang, text) in definitions {
        if let Some(text) = text {
            texts.push(EntryText {
                part,
                lang,
                tokens: analysis.tokens(lang, text),
            });
        }
    }
    texts
}

/// One document of the source text: its file name and where it starts.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct DocumentAt {
    pub name: String,
    pub start: usize,
}

/// The documents' passages: ids and spans into the source text (the
/// documents one after the other), and the entries each one mentions.
pub(crate) struct PassageTable {
    source: Cow<'static, [u8]>,
    documents: Vec<DocumentAt>,
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
        PassageTable {
            source,
            documents,
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
        // Ids number documents from 1 when there are several.
        let document = &self.documents[(row.id.document as usize).saturating_sub(1)];
        Passage {
            id: row.id,
            document: &document.name,
            line: row.line,
            // The span was cut from valid text. Should the bytes differ from
            // those the index was built from while matching its fingerprint,
            // the passage reads as one replacement character, never as
            // invalid text.
            text: std::str::from_utf8(&self.source[row.span.clone()]).unwrap_or("\u{fffd}"),
            span: row.span.start - document.start..row.span.end - document.start,
            mentions,
        }
    }

    /// The index of the passage with this id (ids are in order).
    pub(crate) fn find(&self, id: PassageId) -> Option<usize> {
        self.rows.binary_search_by_key(&id, |r| r.id).ok()
    }

    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = Passage<'_>> + DoubleEndedIterator {
        (0..self.rows.len()).map(|i| self.get(i))
    }
}

/// A loaded glossary: records, analysis, statistics and the index.
pub(crate) struct Engine {
    pub entries: Vec<Entry>,
    /// Each entry's analyzed texts, in index order.
    pub entry_texts: Vec<Vec<EntryText>>,
    pub passages: PassageTable,
    pub links: Links,
    pub stats: TermStats,
    pub index: SearchIndex,
    pub analyzers: AnalyzerPool,
    /// The glossary's title, when its file gives one.
    pub title: Option<String>,
    /// What the load noticed and went on with.
    pub warnings: Vec<Warning>,
    /// Built on first use: annotation and the translation check need it
    /// (mentions and related entries are saved).
    matcher: OnceLock<TermMatcher>,
    /// Built on first use: only `lookup` and `suggest` need it.
    labels: OnceLock<Labels>,
    /// Entry id → position, built on first use.
    ids: OnceLock<std::collections::HashMap<EntryId, u32>>,
    /// Each passage's words, kept once a hit first needed them, when the
    /// source is small (see [`KEEP_ANALYZED_UP_TO`]); otherwise `None`,
    /// and a hit re-analyzes its passage.
    passage_words: Option<Box<[KeptWords]>>,
}

/// A passage's words, once analyzed.
type KeptWords = OnceLock<Box<[Tok]>>;

/// The largest source (in bytes) whose analyzed passages are kept once a
/// hit needed them: about 4 MB of words at most. A snippet re-analyzing
/// its passage was a fifth of a query on the embedded data; a larger
/// corpus re-analyzes, and keeps its memory.
pub(crate) const KEEP_ANALYZED_UP_TO: usize = 1 << 20;

impl Engine {
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

    /// Passage `p`'s words, as indexing analyzed them.
    pub(crate) fn passage_words(&self, p: usize) -> Cow<'_, [Tok]> {
        let analyze = || {
            let text = self.passages.get(p).text;
            self.analyzers
                .with(|analysis| analysis.tokens(Lang::French, text))
        };
        match self.passage_words.as_deref().and_then(|kept| kept.get(p)) {
            Some(kept) => Cow::Borrowed(kept.get_or_init(|| analyze().into())),
            None => Cow::Owned(analyze()),
        }
    }
}

/// Everything a load derives from the data, besides the Tantivy index: what
/// an index directory keeps beside the index, and what the embedded data
/// ships prebuilt. [`Engine::assemble`] makes an engine of it, whether it was
/// just computed or read back, so the two cannot differ.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Derived {
    /// The entries, validated, with their related entries.
    pub entries: Vec<Entry>,
    /// Each entry's analyzed texts, in index order.
    pub entry_texts: Vec<Vec<EntryText>>,
    /// Each passage's id and span in the source text.
    pub passages: Vec<PassageText>,
    /// For each entry, where passages mention it.
    pub mentions: Vec<Vec<MentionAt>>,
    /// The vocabulary's words (term ids in order).
    pub words: Vec<Box<str>>,
    /// What analysis made of each raw token seen (saves re-running the
    /// pipelines at query time).
    pub analyzed: Vec<(String, WordForms)>,
    pub stats: StatsParts,
    /// The documents, in name order, and where each starts in the source.
    pub documents: Vec<DocumentAt>,
    /// The glossary's title, when its file gives one.
    pub title: Option<String>,
    /// What the load noticed and went on with.
    pub warnings: Vec<Warning>,
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
            words,
            analyzed,
            stats,
            documents,
            title,
            warnings,
        } = derived;
        let vocabulary = Vocabulary::from_parts(words, analyzed);
        let stats = TermStats::new(stats, |id| vocabulary.lexicon.word(id));
        let links = Links::from_mentions(mentions, passages.len(), &entries);
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
            matcher: OnceLock::new(),
            labels: OnceLock::new(),
            ids: OnceLock::new(),
            passage_words,
        }
    }
}

/// The term matcher of `entries`' names, whose analyzed texts are
/// `entry_texts`, and the names two entries share.
pub(crate) fn matcher(
    entries: &[Entry],
    entry_texts: &[Vec<EntryText>],
) -> (TermMatcher, Vec<Warning>) {
    let names = entries
        .iter()
        .zip(entry_texts)
        .enumerate()
        .flat_map(|(e, (entry, texts))| {
            let names: Vec<&Name> = entry.names().map(|(name, _)| name).collect();
            texts.iter().filter_map(move |t| match t.part {
                EntryPart::Label(nth, kind) => Some(NameSource {
                    entry: e as u32,
                    nth: nth as u16,
                    kind,
                    lang: t.lang,
                    text: names[nth].as_str(),
                    tokens: &t.tokens,
                    case_sensitive: names[nth].is_case_sensitive(),
                }),
                _ => None,
            })
        });
    let ids: Vec<EntryId> = entries.iter().map(|e| e.id.clone()).collect();
    TermMatcher::new(names, &ids)
}
