//! Bounds: the best key a record can still reach from the terms it may
//! hold, and the split of the cursors into essential and non-essential ones
//! that lets the walk skip records and blocks that cannot reach the page.

use std::cmp::Ordering;

use tantivy::TERMINATED;

use crate::search::plan::Class;
use crate::search::rank::{proximity, Key, Values};

use super::Evaluator;

/// What one unit has at the current document.
#[derive(Clone, Copy, Default)]
pub(super) struct UnitAt {
    /// Bit `w` set when word `w` of the unit has a term here.
    pub(super) words: u64,
    pub(super) best: Option<Class>,
    pub(super) names: bool,
}

/// The classes of [`Class`], as indexes.
pub(super) const CLASSES: usize = 5;

/// The rules ranked before BM25.
pub(super) const RULES_BEFORE_BM25: usize = 5;

/// The bound of the records a single essential cursor leads to, as a
/// function of that cursor's score `s`: `others + max(alt, same + s)`.
#[derive(Clone, Copy, Debug)]
pub(super) struct SingleBound {
    /// The best ranks such a record can have.
    pub(super) ranks: [u32; 5],
    /// Bound of the other units.
    pub(super) others: f32,
    /// In the cursor's unit, the best of the other classes that keep the
    /// ranks.
    pub(super) alt: f32,
    /// In the cursor's unit, the other cursors of its class, if that class
    /// keeps the ranks.
    pub(super) same: Option<f32>,
}

impl SingleBound {
    pub(super) fn key(&self, score: f32) -> Key {
        Key {
            ranks: self.ranks,
            bm25: self.others
                + self
                    .same
                    .map_or(self.alt, |same| self.alt.max(same + score)),
        }
    }
}

/// BM25 upper bounds are computed in `f32` sums; a little slack keeps float
/// rounding from skipping a record that ties.
pub(super) fn with_slack(bm25: f32) -> f32 {
    bm25 * (1.0 + 1e-5) + 1e-5
}

pub(super) fn class_index(class: Class) -> usize {
    match class {
        Class::Exact => 0,
        Class::Stem => 1,
        Class::Prefix => 2,
        Class::Link => 3,
        Class::Typo => 4,
    }
}

impl Evaluator<'_> {
    /// Fills the scratch `at` and `sums` for a record holding the terms of
    /// `members`, each at its best score.
    pub(super) fn gather(&mut self, members: &[usize]) {
        self.at.iter_mut().for_each(|u| *u = UnitAt::default());
        self.sums.iter_mut().for_each(|s| *s = [0.0; CLASSES]);
        for &c in members {
            self.add(c, with_slack(self.cursors[c].max));
        }
    }

    /// Adds cursor `c`, scoring at most `bound`, to the scratch `at` and `sums`.
    pub(super) fn add(&mut self, c: usize, bound: f32) {
        let cursor = &self.cursors[c];
        let u = &mut self.at[cursor.unit];
        u.words |= 1 << cursor.word.min(63);
        u.best = Some(u.best.map_or(cursor.class, |b| b.min(cursor.class)));
        u.names |= cursor.names;
        self.sums[cursor.unit][class_index(cursor.class)] += bound;
    }

    /// The classes a unit can match in while keeping the ranks its best
    /// class gives: exact only, any non-typo, or typo.
    pub(super) fn allowed(best: Class) -> std::ops::RangeInclusive<usize> {
        match best {
            Class::Exact => 0..=0,
            Class::Stem | Class::Prefix | Class::Link => 1..=3,
            Class::Typo => 4..=4,
        }
    }

    /// The best key a record could have if it held terms of `members` only
    /// (any of them), each at its best score.
    pub(super) fn upper(&mut self, members: &[usize]) -> Key {
        self.gather(members);
        self.scratch_key()
    }

    /// The key the scratch `at` and `sums` allow: the best ranks, and a BM25
    /// bound for the records that reach those ranks (any record with lower
    /// ranks is below the key anyway), each unit scored in the classes that
    /// keep its best ranks.
    pub(super) fn scratch_key(&self) -> Key {
        let mut values = self.values_of(0);
        values.proximity = proximity::best_sum(self.plan);
        let mut bm25 = 0.0;
        for (u, sums) in self.sums.iter().enumerate() {
            let state = self.at[u];
            if state.words != self.full[u] {
                continue;
            }
            let best = state.best.unwrap_or(Class::Typo);
            bm25 += sums[Self::allowed(best)]
                .iter()
                .copied()
                .fold(0.0, f32::max);
        }
        values.bm25 = bm25;
        Key::new(&values, self.plan)
    }

    /// The best key of a record holding some of the non-essential cursors and
    /// the essential cursors `driving`, each scoring at most its bound.
    pub(super) fn bound(&mut self, driving: &[(usize, f32)]) -> Key {
        self.at.copy_from_slice(&self.base_at);
        self.sums.copy_from_slice(&self.base_sums);
        for &(c, score) in driving {
            self.add(c, score);
        }
        self.scratch_key()
    }

    /// The values of the words, typo, attribute and exactness rules for a
    /// record whose units hold what the scratch `at` says, leaving out the
    /// units whose bits are set in `absent`.
    pub(super) fn values_of(&self, absent: u64) -> Values {
        let mut values = Values::default();
        for (u, (unit, state)) in self.plan.units.iter().zip(&self.at).enumerate() {
            if state.words != self.full[u] || absent & (1 << u.min(63)) != 0 {
                continue;
            }
            values.words += unit.weight;
            match state.best {
                Some(Class::Typo) => values.typos += unit.weight,
                Some(Class::Exact) => values.exact += unit.weight,
                Some(Class::Link) => values.linked += unit.weight,
                _ => {}
            }
            if state.names {
                values.names += unit.weight;
            }
        }
        values
    }

    /// Re-plans the walk against `worst`, the worst record kept.
    ///
    /// The rules `worst` already ranks best (words, then typo, ...) are
    /// requirements for any record that would beat it: with every word
    /// matched, each unit word must hold a cursor; with no typo either, a
    /// cursor of a non-typo class (when the word has one); with every rule at
    /// its best, a cursor of the word's best class. Those cursors are gates:
    /// the walk follows the rarest gate and looks the others up. Without
    /// requirements, the weakest cursors that together cannot lift a record
    /// above `worst` become non-essential (MaxScore).
    pub(super) fn split(&mut self, worst: &Key) {
        let all: Vec<usize> = (0..self.cursors.len()).collect();
        let best = self.upper(&all);
        let level = best
            .ranks
            .iter()
            .zip(&worst.ranks)
            .take_while(|(b, w)| b == w)
            .count();
        self.gates.clear();
        if level >= 1 {
            let at = self.at.clone();
            let mut groups: Vec<((usize, usize), Vec<usize>)> = Vec::new();
            for (c, cursor) in self.cursors.iter().enumerate() {
                let best_class = at[cursor.unit].best.unwrap_or(Class::Typo);
                let class = class_index(cursor.class);
                let needed = if level >= RULES_BEFORE_BM25 {
                    Self::allowed(best_class).contains(&class)
                } else if level >= 2 && best_class != Class::Typo {
                    cursor.class != Class::Typo
                } else {
                    true
                };
                if !needed {
                    continue;
                }
                let key = (cursor.unit, cursor.word);
                match groups.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, list)) => list.push(c),
                    None => groups.push((key, vec![c])),
                }
            }
            let size = |list: &Vec<usize>| -> u64 {
                list.iter().map(|&c| u64::from(self.cursors[c].len())).sum()
            };
            // A cursor that is in no gate cannot make a record's best class,
            // so it only matters through the names it may add.
            let in_gates: Vec<bool> = (0..self.cursors.len())
                .map(|c| groups.iter().any(|(_, list)| list.contains(&c)))
                .collect();
            for (c, cursor) in self.cursors.iter().enumerate() {
                self.relevant[c] = in_gates[c] || cursor.names;
            }
            if let Some(driver) = (0..groups.len()).min_by_key(|&g| size(&groups[g].1)) {
                let driving = groups[driver].1.clone();
                self.non_essential = (0..self.cursors.len())
                    .filter(|c| self.relevant[*c] && !driving.contains(c))
                    .collect();
                // Within the driving gate, the weakest terms that cannot lift
                // a record above `worst` are looked up, not followed.
                let mut order: Vec<usize> = self
                    .by_strength
                    .iter()
                    .copied()
                    .filter(|c| driving.contains(c))
                    .collect();
                while let Some(&weakest) = order.first() {
                    let mut members = self.non_essential.clone();
                    members.push(weakest);
                    if order.len() == 1 || self.upper(&members).cmp(worst) == Ordering::Greater {
                        break;
                    }
                    self.non_essential.push(weakest);
                    order.remove(0);
                }
                self.essential = order
                    .into_iter()
                    .filter(|&c| self.cursors[c].doc != TERMINATED)
                    .collect();
                self.gates = groups
                    .into_iter()
                    .enumerate()
                    .filter(|&(g, _)| g != driver)
                    .map(|(_, (_, list))| list)
                    .collect();
            }
        } else {
            let mut n = self.non_essential.len().min(self.by_strength.len());
            while n < self.by_strength.len() {
                let members = self.by_strength[..=n].to_vec();
                if self.upper(&members).cmp(worst) == Ordering::Greater {
                    break;
                }
                n += 1;
            }
            self.non_essential = self.by_strength[..n].to_vec();
            self.essential = self.by_strength[n..]
                .iter()
                .copied()
                .filter(|&c| self.cursors[c].doc != TERMINATED)
                .collect();
        }
        // A term without which no record can beat `worst` is a gate too
        // (a second typo expansion, when only records holding both win).
        let relevant: Vec<usize> = (0..self.cursors.len())
            .filter(|&c| self.relevant[c])
            .collect();
        for &c in &self.non_essential.clone() {
            if !self.relevant[c] || self.gates.iter().any(|g| g.contains(&c)) {
                continue;
            }
            let others: Vec<usize> = relevant.iter().copied().filter(|&o| o != c).collect();
            if self.upper(&others).cmp(worst) != Ordering::Greater {
                self.gates.push(vec![c]);
            }
        }
        let non_essential = self.non_essential.clone();
        self.gather(&non_essential);
        self.base_at.copy_from_slice(&self.at);
        self.base_sums.copy_from_slice(&self.sums);
        self.checked_region = TERMINATED;
        self.single = match self.essential.as_slice() {
            [e] => Some(self.single_bound(*e)),
            _ => None,
        };
        self.several = (self.essential.len() > 1).then(|| {
            let mut members = self.non_essential.clone();
            members.extend(&self.essential);
            let ranks = self.upper(&members).ranks;
            let base: f32 = self
                .base_sums
                .iter()
                .zip(&self.base_at)
                .map(|(sums, _)| sums.iter().sum::<f32>())
                .sum();
            (Key { ranks, bm25: 0.0 }, base)
        });
    }

    /// The bound of the records the single essential cursor `e` leads to.
    pub(super) fn single_bound(&mut self, e: usize) -> SingleBound {
        let ranks = self.bound(&[(e, 0.0)]).ranks;
        let (unit, class) = (self.cursors[e].unit, class_index(self.cursors[e].class));
        // `bound` left the scratch holding the base plus `e` at 0.
        let mut others = 0.0;
        for (u, sums) in self.sums.iter().enumerate() {
            let state = self.at[u];
            if u == unit || state.words != self.full[u] {
                continue;
            }
            let allowed = Self::allowed(state.best.unwrap_or(Class::Typo));
            others += sums[allowed].iter().copied().fold(0.0, f32::max);
        }
        let allowed = Self::allowed(self.at[unit].best.unwrap_or(Class::Typo));
        let sums = self.sums[unit];
        let alt = allowed
            .clone()
            .filter(|&k| k != class)
            .map(|k| sums[k])
            .fold(0.0, f32::max);
        SingleBound {
            ranks,
            others,
            alt,
            same: allowed.contains(&class).then_some(sums[class]),
        }
    }
}
