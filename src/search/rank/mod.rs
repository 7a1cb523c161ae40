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
//! Each rule measures a record from what the walk [`Found`] in it, turns
//! that value into a rank (higher is better), and knows the best rank any
//! record could reach for the query, which is what lets a search skip
//! records that cannot reach the page, and what normalizes [`score`]. The
//! order of [`RULES`] is the only place the order is written: the keys,
//! the explanations' `order` fields and summaries, and the pruning's
//! requirements all follow it.

pub(crate) mod attribute;
pub(crate) mod bm25;
pub(crate) mod exactness;
pub(crate) mod proximity;
pub(crate) mod typo;
pub(crate) mod words;

use std::cmp::Ordering;

use serde::Serialize;

use super::plan::{Class, Plan};
use crate::bitset::BitSet;

/// What a record holds of one query unit (a word, or a quoted phrase).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct UnitFound {
    /// The unit's words the record has a term of (by their index in the
    /// unit).
    pub words: BitSet,
    /// Whether the unit matches: every word is there (and, for a phrase
    /// whose positions were read, in order).
    pub matched: bool,
    /// The best class of the terms found.
    pub best: Option<Class>,
    /// Whether a term was found in a name.
    pub names: bool,
}

impl UnitFound {
    /// Forgets what was found, keeping the allocation.
    #[inline]
    pub(crate) fn clear(&mut self) {
        self.words.clear();
        self.matched = false;
        self.best = None;
        self.names = false;
    }

    /// Notes a term of word `word`, of class `class`, found in a name or not.
    #[inline]
    pub(crate) fn add(&mut self, word: usize, class: Class, names: bool) {
        self.words.insert(word);
        self.best = Some(self.best.map_or(class, |b| b.min(class)));
        self.names |= names;
    }
}

/// What the walk found in one record: the input of every rule's measure.
pub(crate) struct Found<'a> {
    /// For each plan unit, what the record holds of it.
    pub units: &'a [UnitFound],
    /// Where each unit occurs, as sorted `(first, last)` position
    /// intervals, once positions are read. Before (and for bounds), `None`:
    /// the rules that need positions assume the best.
    pub intervals: Option<&'a [Vec<(u32, u32)>]>,
}

impl Found<'_> {
    /// The query words of the matched units for which `counts` holds.
    #[inline]
    pub(crate) fn words_where(&self, plan: &Plan, counts: impl Fn(&UnitFound) -> bool) -> u32 {
        plan.units
            .iter()
            .zip(self.units)
            .filter(|(_, found)| found.matched && counts(found))
            .map(|(unit, _)| unit.weight)
            .sum()
    }
}

/// A ranking rule.
pub(crate) trait Rule: Sync {
    /// Its name, as explanations show it.
    fn name(&self) -> &'static str;
    /// Whether the rule is measured unit by unit: its value is the query
    /// words of the matched units it [`counts`](Rule::counts).
    fn by_unit(&self) -> bool {
        true
    }
    /// For a rule measured unit by unit: whether a matched unit counts.
    fn counts(&self, _unit: &UnitFound) -> bool {
        false
    }
    /// The value the rule measures on a record (what its explanation
    /// shows); by default, unit by unit.
    fn measure(&self, found: &Found<'_>, plan: &Plan) -> u32 {
        found.words_where(plan, |unit| self.counts(unit))
    }
    /// The rank of a measured value: higher ranks first.
    fn rank(&self, value: u32, plan: &Plan) -> u32;
    /// The best rank a record can have for this query.
    fn best(&self, plan: &Plan) -> u32;
    /// This rule's share of the best rank in an explanation (1 is the best).
    fn score(&self, ranking: &Ranking) -> f32;
    /// This rule's part of an explanation's one-line summary.
    fn summary(&self, ranking: &Ranking) -> String;
}

/// Declares the rules before BM25, in order: [`RULES`], and the measures
/// and ranks of all of them at once, dispatched statically since they run
/// on every record a search visits.
macro_rules! rules {
    ($($rule:expr),* $(,)?) => {
        /// The rules before BM25, in order.
        pub(crate) const RULES: &[&dyn Rule] = &[$(&$rule),*];

        /// Every rule's measure of `found`, in order: the rules measured
        /// unit by unit in one pass over the units, then the others.
        #[allow(unused_assignments)]
        fn measure_all(found: &Found<'_>, plan: &Plan) -> [u32; RULE_COUNT] {
            let mut out = [0; RULE_COUNT];
            for (unit, f) in plan.units.iter().zip(found.units) {
                if !f.matched {
                    continue;
                }
                let mut i = 0;
                $(
                    if $rule.by_unit() && $rule.counts(f) {
                        out[i] += unit.weight;
                    }
                    i += 1;
                )*
            }
            let mut i = 0;
            $(
                if !$rule.by_unit() {
                    out[i] = $rule.measure(found, plan);
                }
                i += 1;
            )*
            out
        }

        /// Every rule's rank of its measure, in order.
        #[allow(unused_assignments)]
        fn rank_all(measures: &[u32; RULE_COUNT], plan: &Plan) -> [u32; RULE_COUNT] {
            let mut i = 0;
            [$({
                let rank = $rule.rank(measures[i], plan);
                i += 1;
                rank
            }),*]
        }
    };
}

rules!(
    words::Words,
    typo::Typo,
    proximity::Proximity,
    attribute::Attribute,
    exactness::Exactness,
);

/// How many rules come before BM25.
pub(crate) const RULE_COUNT: usize = RULES.len();

/// Where `rule` stands in [`RULES`] (the BM25 tie-break comes after all).
pub(crate) fn order_of(rule: &dyn Rule) -> u8 {
    RULES
        .iter()
        .position(|r| r.name() == rule.name())
        .unwrap_or(RULE_COUNT) as u8
}

/// What the rules measured on one record, in the order of [`RULES`], with
/// its BM25 score and the words it matched only through links.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Values {
    pub measures: [u32; RULE_COUNT],
    pub bm25: f32,
    pub linked: u32,
}

impl Values {
    /// Every rule's measure of `found`, with a BM25 score of 0 and the
    /// words matched through links not counted (see [`Values::linked`]).
    pub(crate) fn measure(found: &Found<'_>, plan: &Plan) -> Values {
        Values {
            measures: measure_all(found, plan),
            bm25: 0.0,
            linked: 0,
        }
    }

    /// The query words `found` matched only through links.
    pub(crate) fn linked(found: &Found<'_>, plan: &Plan) -> u32 {
        found.words_where(plan, |u| u.best == Some(Class::Link))
    }

    /// The value `rule` measured.
    pub(crate) fn of(&self, rule: &dyn Rule) -> u32 {
        self.measures
            .get(order_of(rule) as usize)
            .copied()
            .unwrap_or(0)
    }
}

/// The ranks of a record under [`RULES`], then its BM25: compared
/// lexicographically.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Key {
    pub ranks: [u32; RULE_COUNT],
    pub bm25: f32,
}

impl Key {
    pub(crate) fn new(values: &Values, plan: &Plan) -> Key {
        Key {
            ranks: ranks(values, plan),
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

/// Each rule's rank of `values`.
pub(crate) fn ranks(values: &Values, plan: &Plan) -> [u32; RULE_COUNT] {
    rank_all(&values.measures, plan)
}

/// The hit score: the ranking as one number in `[0, 1)` that never increases
/// down a result list. The ranks are read as the digits of a number (the
/// first rule most significant), BM25 adds a fraction below the last rule,
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

    /// The rules in the order they rank, each with its name and its share
    /// of the best rank (1 is the best): the first rule whose shares differ
    /// between two hits is the one that ordered them (BM25 when none does).
    pub fn rules(&self) -> Vec<(&'static str, f32)> {
        RULES
            .iter()
            .map(|rule| (rule.name(), rule.score(self)))
            .collect()
    }

    /// One line: each rule's values, in order.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = RULES.iter().map(|rule| rule.summary(self)).collect();
        parts.push(format!("bm25 {:.2}", self.bm25.score));
        if self.links.matched > 0 {
            parts.push(format!("through links {}", self.links.matched));
        }
        parts.join(" · ")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_follow_the_rule_list() {
        let names: Vec<&str> = RULES.iter().map(|r| r.name()).collect();
        assert_eq!(
            names,
            ["words", "typo", "proximity", "attribute", "exactness"]
        );
        for (i, rule) in RULES.iter().enumerate() {
            assert_eq!(order_of(*rule) as usize, i);
        }
        let plan = Plan::default();
        let ranking = Ranking::new(&Values::default(), &plan);
        assert_eq!(ranking.exactness.order as usize, RULE_COUNT - 1);
        assert_eq!(ranking.bm25.order as usize, RULE_COUNT);
        assert_eq!(
            ranking.summary(),
            "words 0/0 · typos 0 · proximity 0 · in names 0/0 · exact 0/0 · bm25 0.00"
        );
    }
}
