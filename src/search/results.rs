//! What a search returns: [`SearchResults`], a page of [`Hit`]s.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::time::Duration;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::rank::Ranking;
use super::snippet::{ranges_as_pairs, Snippet};
use crate::model::{Entry, EntryId, HitKind, LabelKind, Passage, PassageId, Status};

/// The record a [`Hit`] points to: borrowed from the glossary, or owned
/// ([`Record::into_owned`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Record<'g> {
    /// A glossary entry.
    Entry(Cow<'g, Entry>),
    /// A sentence of the article.
    Passage(Passage<'g>),
}

impl Record<'_> {
    /// The record, owning its data: it outlives the glossary.
    pub fn into_owned(self) -> Record<'static> {
        match self {
            Record::Entry(e) => Record::Entry(Cow::Owned(e.into_owned())),
            Record::Passage(p) => Record::Passage(p.into_owned()),
        }
    }
}

/// The id of a hit's record, borrowed: an entry slug or a passage id.
/// Compares with `&str` and displays as the id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordId<'g> {
    /// An entry's id.
    Entry(&'g EntryId),
    /// A passage's id.
    Passage(&'g PassageId),
}

impl fmt::Display for RecordId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordId::Entry(id) => id.fmt(f),
            RecordId::Passage(id) => id.fmt(f),
        }
    }
}

impl PartialEq<str> for RecordId<'_> {
    fn eq(&self, other: &str) -> bool {
        match self {
            RecordId::Entry(id) => id.as_str() == other,
            RecordId::Passage(id) => other.parse::<PassageId>().is_ok_and(|o| o == **id),
        }
    }
}

impl PartialEq<&str> for RecordId<'_> {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl PartialEq<String> for RecordId<'_> {
    fn eq(&self, other: &String) -> bool {
        self == other.as_str()
    }
}

impl Serialize for RecordId<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One search result. It borrows the glossary; [`Hit::into_owned`] gives
/// one that owns its data, to keep or send elsewhere.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Hit<'g> {
    /// The ranking as one number in `[0, 1)`: it never increases down the
    /// list, and only orders hits of one query (see the crate docs'
    /// *Ranking*).
    pub score: f32,
    /// The best matching text of the record, highlighted.
    pub snippet: Snippet,
    /// The entry or passage.
    pub record: Record<'g>,
    /// Why the hit ranks where it does, when [`Query::explain`](crate::Query::explain) is on.
    pub ranking: Option<Ranking>,
    /// For a passage reached through the glossary's links, the entries it
    /// was reached through (see [`Query::links`](crate::Query::links)).
    pub via: Vec<Cow<'g, EntryId>>,
    /// For an entry, the names the query matched, best first (the most
    /// text matched, then a name matched in all its words, then the better
    /// status, then the entry's order of names); empty for a passage and
    /// for an entry found through its definition only.
    pub matched_names: Vec<MatchedName<'g>>,
}

/// A name of an entry hit that the query matched: which name it is, its
/// status, and the words matched. Serialized as `{"text", "label",
/// "status", "highlights"}`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct MatchedName<'g> {
    /// The name as the glossary writes it.
    pub text: Cow<'g, str>,
    /// Which name it is: `term`, `alias`, `term_en` or `alias_en`.
    pub label: LabelKind,
    /// Its status (an alias is admitted, a term preferred, unless the
    /// glossary says otherwise).
    pub status: Status,
    /// Sorted, non-overlapping byte ranges of `text` that the query matched.
    #[serde(serialize_with = "ranges_as_pairs")]
    pub highlights: Vec<Range<usize>>,
}

impl MatchedName<'_> {
    /// The name, owning its text.
    pub fn into_owned(self) -> MatchedName<'static> {
        MatchedName {
            text: Cow::Owned(self.text.into_owned()),
            label: self.label,
            status: self.status,
            highlights: self.highlights,
        }
    }

    /// Whether this is the entry's term in one language (`term` or `term_en`).
    pub fn is_term(&self) -> bool {
        matches!(self.label, LabelKind::Term | LabelKind::TermEn)
    }

    /// The highlighted parts of the name.
    pub fn highlighted(&self) -> impl Iterator<Item = &str> {
        self.highlights.iter().map(|r| &self.text[r.clone()])
    }
}

impl<'g> Hit<'g> {
    /// The hit, owning its data: it outlives the glossary and can be sent
    /// to another thread or kept (copies the entry or the passage's text).
    pub fn into_owned(self) -> Hit<'static> {
        Hit {
            score: self.score,
            snippet: self.snippet,
            record: self.record.into_owned(),
            ranking: self.ranking,
            via: self
                .via
                .into_iter()
                .map(|id| Cow::Owned(id.into_owned()))
                .collect(),
            matched_names: self
                .matched_names
                .into_iter()
                .map(MatchedName::into_owned)
                .collect(),
        }
    }

    /// Entry or passage.
    pub fn kind(&self) -> HitKind {
        match self.record {
            Record::Entry(_) => HitKind::Entry,
            Record::Passage(_) => HitKind::Passage,
        }
    }

    /// The record's id: an entry slug or a passage id such as `p4.s2`.
    pub fn id(&self) -> RecordId<'_> {
        match &self.record {
            Record::Entry(e) => RecordId::Entry(&e.id),
            Record::Passage(p) => RecordId::Passage(&p.id),
        }
    }

    /// The entry, when the hit is one.
    pub fn entry(&self) -> Option<&Entry> {
        match &self.record {
            Record::Entry(e) => Some(e),
            Record::Passage(_) => None,
        }
    }

    /// The passage, when the hit is one.
    pub fn passage(&self) -> Option<&Passage<'g>> {
        match &self.record {
            Record::Passage(p) => Some(p),
            Record::Entry(_) => None,
        }
    }

    /// The name of an entry hit that matched best, if a name matched.
    pub fn best_name(&self) -> Option<&MatchedName<'g>> {
        self.matched_names.first()
    }
}

/// Serialized flat, as the CLI's `--json` prints it: `kind`, `id`, `score`,
/// `snippet`, then the entry's fields and `matched_names`, or the passage's
/// fields and `via`, and `ranking` when explained.
impl Serialize for Hit<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("kind", &self.kind())?;
        map.serialize_entry("id", &self.id())?;
        map.serialize_entry("score", &self.score)?;
        map.serialize_entry("snippet", &self.snippet)?;
        match &self.record {
            Record::Entry(e) => {
                map.serialize_entry("term", e.term.as_str())?;
                map.serialize_entry("term_en", e.term_en.as_str())?;
                map.serialize_entry("category", &e.category)?;
                map.serialize_entry("sector", &e.sector)?;
                map.serialize_entry("definition", &e.definition)?;
                map.serialize_entry("definition_en", &e.definition_en)?;
                map.serialize_entry("note", &e.note)?;
                map.serialize_entry("matched_names", &self.matched_names)?;
            }
            Record::Passage(p) => {
                map.serialize_entry("text", &p.text)?;
                map.serialize_entry("document", &p.document)?;
                map.serialize_entry("line", &p.line)?;
                map.serialize_entry("paragraph", &p.id.paragraph)?;
                map.serialize_entry("sentence", &p.id.sentence)?;
                map.serialize_entry("mentions", &p.mentions)?;
                map.serialize_entry("via", &self.via)?;
            }
        }
        if let Some(ranking) = &self.ranking {
            map.serialize_entry("ranking", ranking)?;
        }
        map.end()
    }
}

/// Whether [`SearchResults::total_hits`] is exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum TotalRelation {
    /// `total_hits` is the exact number of matching records (`"eq"`).
    #[serde(rename = "eq")]
    Exact,
    /// More than [`Query::count_up_to`](crate::Query::count_up_to) records
    /// match; `total_hits` is that bound (`"gte"`).
    #[serde(rename = "gte")]
    AtLeast,
}

/// The answer to a [`Query`](crate::Query). Two answers are equal when
/// they say the same thing, however long each took (`elapsed` is left out).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SearchResults<'g> {
    /// The query text.
    pub query: String,
    /// How many records match, before `limit` and `offset`: exact up to
    /// [`Query::count_up_to`](crate::Query::count_up_to), that bound past it.
    pub total_hits: usize,
    /// Whether `total_hits` is exact or a lower bound.
    pub total_hits_relation: TotalRelation,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit<'g>>,
    /// Time spent in [`Glossary::search`](crate::Glossary::search).
    pub elapsed: Duration,
}

impl SearchResults<'_> {
    /// The results, owning their data ([`Hit::into_owned`]).
    pub fn into_owned(self) -> SearchResults<'static> {
        SearchResults {
            query: self.query,
            total_hits: self.total_hits,
            total_hits_relation: self.total_hits_relation,
            hits: self.hits.into_iter().map(Hit::into_owned).collect(),
            elapsed: self.elapsed,
        }
    }
}

impl PartialEq for SearchResults<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.query == other.query
            && self.total_hits == other.total_hits
            && self.total_hits_relation == other.total_hits_relation
            && self.hits == other.hits
    }
}

/// Serialized as `{"query", "total_hits", "total_hits_relation",
/// "elapsed_us", "hits"}`.
impl Serialize for SearchResults<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("query", &self.query)?;
        map.serialize_entry("total_hits", &self.total_hits)?;
        map.serialize_entry("total_hits_relation", &self.total_hits_relation)?;
        map.serialize_entry("elapsed_us", &(self.elapsed.as_micros() as u64))?;
        map.serialize_entry("hits", &self.hits)?;
        map.end()
    }
}
