//! Bounds: the best key a record can reach from the terms it may hold,
//! each at its best score. What lets the pruned walk skip records and
//! blocks (see [`prune`](super::prune)).

use crate::search::plan::{Class, Plan};
use crate::search::rank::{Found, Key, UnitFound, Values};

use super::cursor::Cursor;

/// The classes of [`Class`], as indexes.
pub(super) const CLASSES: usize = 5;

pub(super) fn class_index(class: Class) -> usize {
    match class {
        Class::Exact => 0,
        Class::Stem => 1,
        Class::Prefix => 2,
        Class::Link => 3,
        Class::Typo => 4,
    }
}

/// The classes a unit can match in while keeping the ranks its best class
/// gives: exact only, any non-typo, or typo.
pub(super) fn allowed(best: Class) -> std::ops::RangeInclusive<usize> {
    match best {
        Class::Exact => 0..=0,
        Class::Stem | Class::Prefix | Class::Link => 1..=3,
        Class::Typo => 4..=4,
    }
}

/// BM25 upper bounds are computed in `f32` sums; a little slack keeps float
/// rounding from skipping a record that ties.
pub(super) fn with_slack(bm25: f32) -> f32 {
    bm25 * (1.0 + 1e-5) + 1e-5
}

/// What a record holding some set of cursors could reach: for each unit,
/// what it would hold, and per class the sum of the cursors' score bounds.
#[derive(Clone, Debug)]
pub(super) struct Reach {
    pub(super) units: Vec<UnitFound>,
    pub(super) sums: Vec<[f32; CLASSES]>,
}

impl Reach {
    pub(super) fn new(plan: &Plan) -> Reach {
        Reach {
            units: vec![UnitFound::default(); plan.units.len()],
            sums: vec![[0.0; CLASSES]; plan.units.len()],
        }
    }

    /// Holds nothing.
    pub(super) fn clear(&mut self) {
        self.units.iter_mut().for_each(UnitFound::clear);
        self.sums.iter_mut().for_each(|s| *s = [0.0; CLASSES]);
    }

    /// Becomes a copy of `other`, keeping its allocations.
    pub(super) fn copy(&mut self, other: &Reach) {
        self.units.clone_from_slice(&other.units);
        self.sums.copy_from_slice(&other.sums);
    }

    /// Adds `cursor`, scoring at most `bound`.
    pub(super) fn add(&mut self, cursor: &Cursor, bound: f32) {
        self.units[cursor.unit].add(cursor.word, cursor.class, cursor.names);
        self.sums[cursor.unit][class_index(cursor.class)] += bound;
    }

    /// Holds `members` of `cursors` only, each at its best score.
    pub(super) fn of(&mut self, cursors: &[Cursor], members: &[usize]) {
        self.clear();
        for &c in members {
            self.add(&cursors[c], with_slack(cursors[c].max));
        }
    }

    /// Marks the units whose words are all held as matched.
    fn settle(&mut self, plan: &Plan) {
        for (found, unit) in self.units.iter_mut().zip(&plan.units) {
            found.matched = found.words.len() == unit.words();
        }
    }

    /// The best score of unit `u` among the classes that keep its best
    /// ranks.
    pub(super) fn unit_bm25(&self, u: usize) -> f32 {
        let best = self.units[u].best.unwrap_or(Class::Typo);
        self.sums[u][allowed(best)]
            .iter()
            .copied()
            .fold(0.0, f32::max)
    }

    /// The best key: the best ranks (proximity at its best), and a BM25
    /// bound for the records that reach those ranks (any record with lower
    /// ranks is below the key anyway), each matched unit scored in the
    /// classes that keep its best ranks.
    pub(super) fn key(&mut self, plan: &Plan) -> Key {
        self.settle(plan);
        let found = Found {
            units: &self.units,
            intervals: None,
        };
        let mut values = Values::measure(&found, plan);
        values.bm25 = (0..self.units.len())
            .filter(|&u| self.units[u].matched)
            .map(|u| self.unit_bm25(u))
            .sum();
        Key::new(&values, plan)
    }
}
