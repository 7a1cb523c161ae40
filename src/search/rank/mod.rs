//! Ranking rules, applied in order, each breaking only the ties of the ones
//! before it (as Meilisearch's default rules do):
//!
//! | order | rule | a record ranks first when it has |
//! |---|---|---|
//! | 0 | [`words`] | more distinct query words matched (in any form) |
//! | 1 | [`typo`] | fewer words matched only through a typo |
//! | 2 | [`proximity`] | consecutive query words closer together, in order |
//! | 3 | [`attribute`] | more words matched in a term or alias (not only in a definition or sentence) |
//! | 4 | [`exactness`] | more words matched in their exact (folded) form |
//! | 5 | [`bm25`] | a higher BM25 score, with corpus-wide word weights |
//!
//! Each rule turns the [`Values`] measured on a record into a rank (higher
//! is better) and knows the best rank any record could reach for the query,
//! which is what lets a search skip records that cannot reach the page, and
//! what normalizes [`score`].

pub(crate) mod attribute;
pub(crate) mod bm25;
pub(crate) mod exactness;
pub(crate) mod proximity;
pub(crate) mod typo;
pub(crate) mod words;

use std::cmp::Ordering;

use serde::Serialize;

use super::plan::Plan;

/// What the evaluation measured on one record, the input of every rule.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Values {
    /// Query words matched.
    pub words: u32,
    /// Matched words whose best match is a typo.
    pub typos: u32,
    /// Sum over consecutive query units of their distance (capped).
    pub proximity: u32,
    /// Matched words found in a term or alias.
    pub names: u32,
    /// Matched words found in their exact form.
    pub exact: u32,
    /// BM25 of the matched terms.
    pub bm25: f32,
    /// Query words matched only through a link (see [`links`](crate::Query::links)).
    pub linked: u32,
}

/// A ranking rule.
pub(crate) trait Rule {
    /// This record's rank: higher ranks first.
    fn rank(&self, values: &Values, plan: &Plan) -> u32;
    /// The best rank a record can have for this query.
    fn best(&self, plan: &Plan) -> u32;
}

/// The rules before BM25, in order.
pub(crate) const RULES: [&(dyn Rule + Sync); 5] = [
    &words::Words,
    &typo::Typo,
    &proximity::Proximity,
    &attribute::Attribute,
    &exactness::Exactness,
];

/// The ranks of a record under [`RULES`], then its BM25: compared
/// lexicographically.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Key {
    pub ranks: [u32; 5],
    pub bm25: f32,
}

impl Key {
    pub(crate) fn new(values: &Values, plan: &Plan) -> Key {
        Key {
            ranks: RULES.map(|r| r.rank(values, plan)),
            bm25: values.bm25,
        }
    }

    /// Lexicographic order: ranks first, BM25 last.
    pub(crate) fn cmp(&self, other: &Key) -> Ordering {
        self.ranks
            .cmp(&other.ranks)
            .then(self.bm25.total_cmp(&other.bm25))
    }
}

/// The hit score: the ranking as one number in `[0, 1)` that never increases
/// down a result list. The ranks are read as the digits of a number (the
/// words rule most significant), BM25 adds a fraction below the last rule,
/// and the total is divided by the best possible, so `1.0` would be a record
/// that every rule ranks best with an infinite BM25.
pub(crate) fn score(key: &Key, plan: &Plan) -> f32 {
    let mut value = 0.0f64;
    let mut best = 0.0f64;
    for (rule, &rank) in RULES.iter().zip(&key.ranks) {
        let radix = f64::from(rule.best(plan)) + 1.0;
        value = value * radix + f64::from(rank);
        best = best * radix + radix - 1.0;
    }
    let bm25 = f64::from(key.bm25.max(0.0));
    ((value + bm25 / (bm25 + 1.0)) / (best + 1.0)) as f32
}

/// Why a hit ranks where it does: each rule's order, values and share of the
/// best rank (`score`, 1 is the best), shaped after Meilisearch's
/// `_rankingScoreDetails`. Filled when [`Query::explain`](crate::Query::explain)
/// is on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ranking {
    /// The words rule.
    pub words: words::WordsDetails,
    /// The typo rule.
    pub typo: typo::TypoDetails,
    /// The proximity rule.
    pub proximity: proximity::ProximityDetails,
    /// The attribute rule.
    pub attribute: attribute::AttributeDetails,
    /// The exactness rule.
    pub exactness: exactness::ExactnessDetails,
    /// The BM25 tie-break.
    pub bm25: bm25::Bm25Details,
    /// The part of the match that came through the glossary's links.
    pub links: LinksDetails,
}

/// Query words a passage matched only through an entry it mentions (see
/// [`Query::links`](crate::Query::links)): they count for the words rule,
/// are neither typos nor exact, and weigh in BM25 as a word found once.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinksDetails {
    /// Query words matched only through a link.
    pub matched: u32,
}

impl Ranking {
    pub(crate) fn new(values: &Values, plan: &Plan) -> Ranking {
        Ranking {
            words: words::WordsDetails::new(values, plan),
            typo: typo::TypoDetails::new(values, plan),
            proximity: proximity::ProximityDetails::new(values, plan),
            attribute: attribute::AttributeDetails::new(values, plan),
            exactness: exactness::ExactnessDetails::new(values, plan),
            bm25: bm25::Bm25Details::new(values),
            links: LinksDetails {
                matched: values.linked,
            },
        }
    }

    /// One line: each rule's values, in order.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "words {}/{} · typos {} · proximity {} · in names {}/{} · exact {}/{} · bm25 {:.2}",
            self.words.matched,
            self.words.max,
            self.typo.typos,
            self.proximity.distance,
            self.attribute.in_names,
            self.words.matched,
            self.exactness.exact,
            self.words.matched,
            self.bm25.score
        );
        if self.links.matched > 0 {
            line += &format!(" · through links {}", self.links.matched);
        }
        line
    }
}

/// `rank / best`, 1 when the rule cannot tell records apart.
pub(crate) fn share(rank: u32, best: u32) -> f32 {
    if best == 0 {
        1.0
    } else {
        rank as f32 / best as f32
    }
}
