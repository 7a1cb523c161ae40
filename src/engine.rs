//! [`Engine`]: everything a loaded glossary holds, as the search, suggest
//! and annotate functions see it. It knows nothing of how it was loaded;
//! [`Glossary`](crate::Glossary) is the façade over it.

use crate::analysis::{AnalyzerPool, Lang, TextAnalysis, Tok};
use crate::annotate::TermMatcher;
use crate::data::PassageText;
use crate::index::SearchIndex;
use crate::links::Links;
use crate::model::{Entry, EntryId, LabelKind, Passage, PassageId};
use crate::stats::TermStats;
use crate::suggest::Labels;
use std::borrow::Cow;

/// Which text of an entry: one of its names, or its definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EntryPart {
    /// The `nth` name in [`Entry::labels`] order, of this kind.
    Label(usize, LabelKind),
    Definition,
}

/// One analyzed text of an entry.
#[derive(Clone, Debug)]
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
            EntryPart::Label(nth, _) => entry.labels().nth(nth).unwrap_or(&entry.term),
            EntryPart::Definition => entry.definition.as_deref().unwrap_or_default(),
        }
    }
}

/// Analyzes an entry's texts, names first (French, then English), then the
/// definition: the order of its index value.
pub(crate) fn analyze_entry(analysis: &mut TextAnalysis, entry: &Entry) -> Vec<EntryText> {
    let mut texts: Vec<EntryText> = entry
        .labels_with_kind()
        .enumerate()
        .map(|(nth, (text, kind))| {
            let lang = if kind.is_english() {
                Lang::English
            } else {
                Lang::French
            };
            EntryText {
                part: EntryPart::Label(nth, kind),
                lang,
                tokens: analysis.tokens(lang, text),
            }
        })
        .collect();
    if let Some(definition) = &entry.definition {
        texts.push(EntryText {
            part: EntryPart::Definition,
            lang: Lang::French,
            tokens: analysis.tokens(Lang::French, definition),
        });
    }
    texts
}

/// The article's passages: ids and spans into the source text, and the
/// entries each one mentions.
pub(crate) struct PassageTable {
    source: Cow<'static, str>,
    rows: Vec<PassageText>,
    /// `mention_ids[mention_starts[i]..mention_starts[i + 1]]` are passage
    /// `i`'s mentions.
    mention_starts: Vec<u32>,
    mention_ids: Vec<EntryId>,
}

impl PassageTable {
    pub(crate) fn new(
        source: Cow<'static, str>,
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
            rows,
            mention_starts,
            mention_ids,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Passage `i`.
    pub(crate) fn get(&self, i: usize) -> Passage<'_> {
        let row = &self.rows[i];
        let mentions =
            &self.mention_ids[self.mention_starts[i] as usize..self.mention_starts[i + 1] as usize];
        Passage {
            id: row.id,
            text: &self.source[row.span.clone()],
            span: row.span.clone(),
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
    pub matcher: TermMatcher,
    pub labels: Labels,
}

impl Engine {
    /// The size of the glossary's vocabulary.
    pub(crate) fn known_terms(&self) -> u32 {
        self.analyzers.vocabulary().lexicon.len() as u32
    }

    /// Number of records: entries, then passages.
    pub(crate) fn records(&self) -> usize {
        self.entries.len() + self.passages.len()
    }
}
