//! What a search returns: [`SearchResults`], a page of [`Hit`]s.

use std::fmt;
use std::time::Duration;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::rank::Ranking;
use super::snippet::Snippet;
use crate::model::{Entry, EntryId, HitKind, Passage, PassageId};

/// The record a [`Hit`] points to.
#[derive(Clone, Debug, PartialEq)]
pub enum Record<'g> {
    /// A glossary entry.
    Entry(&'g Entry),
    /// A sentence of the article.
    Passage(Passage<'g>),
}

/// The id of a hit's record, borrowed: an entry slug or a passage id.
/// Compares with `&str` and displays as the id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordId<'g> {
    /// An entry's id.
    Entry(&'g EntryId),
    /// A passage's id.
    Passage(PassageId),
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
            RecordId::Passage(id) => other.parse::<PassageId>().is_ok_and(|o| o == *id),
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

/// One search result.
#[derive(Clone, Debug, PartialEq)]
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
    pub via: Vec<&'g EntryId>,
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
    pub fn id(&self) -> RecordId<'g> {
        match &self.record {
            Record::Entry(e) => RecordId::Entry(&e.id),
            Record::Passage(p) => RecordId::Passage(p.id),
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
    pub fn passage(&self) -> Option<&Passage<'g>> {
        match &self.record {
            Record::Passage(p) => Some(p),
            Record::Entry(_) => None,
        }
    }
}

/// Serialized flat, as the CLI's `--json` prints it: `kind`, `id`, `score`,
/// `snippet`, then the entry's or the passage's fields, `via` for a passage
/// reached through links, and `ranking` when explained.
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
            }
            Record::Passage(p) => {
                map.serialize_entry("text", p.text)?;
                map.serialize_entry("document", p.document)?;
                map.serialize_entry("line", &p.line)?;
                map.serialize_entry("paragraph", &p.id.paragraph)?;
                map.serialize_entry("sentence", &p.id.sentence)?;
                map.serialize_entry("mentions", p.mentions)?;
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
