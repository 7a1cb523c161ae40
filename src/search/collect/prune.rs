//! The pruned walk: records that cannot reach the top `k` are skipped, as
//! Lucene's MaxScore does with scores, here with the lexicographic keys of
//! the rules.
//!
//! Once `k` records are held, the walk is planned against the worst of them:
//!
//! * The rules the worst already ranks best are requirements for any record
//!   that would beat it (every word matched, no typo, ...): for each query
//!   word, the cursors a record must hold one of form a *gate*. The walk
//!   follows the rarest gate and looks the others up.
//! * Without requirements, the weakest cursors that together cannot lift a
//!   record above the worst become *non-essential*: only records holding an
//!   essential cursor are visited, and the others are looked up on them.
//! * A record is measured only when its best key, from its essential
//!   scores and the best the others could add, beats the worst; and when a
//!   single cursor is left essential, whole blocks of its postings are
//!   skipped on their best BM25 score, as Tantivy's block-max WAND does.
//!
//! A query whose `k` best records match every word in exact form therefore
//! only walks the postings of its rarest word.

use std::cmp::Ordering;

use tantivy::{DocId, TERMINATED};

use crate::bitset::BitSet;
use crate::search::plan::Class;
use crate::search::rank::{order_of, typo::Typo, words::Words, Key, RULE_COUNT};
use crate::Result;

use super::bounds::{allowed, class_index, with_slack, Reach};
use super::cursor::{add_docs, Source};
use super::{Candidate, Evaluator, Top};

/// The bound of the records a single essential cursor leads to, as a
/// function of that cursor's score `s`: `others + max(alt, same + s)`.
#[derive(Clone, Copy, Debug)]
struct SingleBound {
    /// The best ranks such a record can have.
    ranks: [u32; RULE_COUNT],
    /// Bound of the other units.
    others: f32,
    /// In the cursor's unit, the best of the other classes that keep the
    /// ranks.
    alt: f32,
    /// In the cursor's unit, the other cursors of its class, if that class
    /// keeps the ranks.
    same: Option<f32>,
}

impl SingleBound {
    fn key(&self, score: f32) -> Key {
        Key {
            ranks: self.ranks,
            bm25: self.others
                + self
                    .same
                    .map_or(self.alt, |same| self.alt.max(same + score)),
        }
    }
}

/// How the essential cursors bound the records they lead to.
#[derive(Clone, Copy, Debug)]
enum Lead {
    /// One essential cursor: arithmetic on its score.
    Single(SingleBound),
    /// Several: the best ranks, and the non-essential BM25 bound to which a
    /// record adds its essential scores.
    Several { ranks: [u32; RULE_COUNT], base: f32 },
}

/// What a skip check decided.
enum Skip {
    /// The next block may hold a record that beats the worst: visit it.
    Nothing,
    /// The essential cursors moved past blocks that cannot.
    Blocks,
    /// No record left can beat the worst.
    Rest,
}

/// The plan of the pruned walk, redone as the worst record kept rises.
struct Pruner {
    /// Cursors by increasing strength (the best key each alone gives).
    by_strength: Vec<usize>,
    /// The cursors the walk follows.
    essential: Vec<usize>,
    /// The cursors looked up on each record visited.
    non_essential: Vec<usize>,
    /// The cursors that can still change the key of a record passing the
    /// gates (a typo term cannot, once a word must match without typo).
    relevant: BitSet,
    /// For each requirement, the cursors a record must hold one of.
    gates: Vec<Vec<usize>>,
    /// Gate cursors' documents (offsets in the filter's range), read once
    /// for the frequent ones.
    docs: Vec<Option<BitSet>>,
    /// What the non-essential cursors could add to a record at their best
    /// scores: the base of the bounds of essential blocks and records.
    base: Reach,
    /// Scratch for bounds.
    reach: Reach,
    lead: Option<Lead>,
    /// The last block region found not skippable.
    checked_region: DocId,
    /// The worst kept when the walk was last planned.
    planned: Option<Key>,
}

/// The `k` best records, best first, skipping what cannot reach them.
pub(super) fn top(mut ev: Evaluator<'_>, k: usize) -> Result<Vec<Candidate>> {
    let mut top = Top::new(k);
    let mut pruner = Pruner::new(&ev);
    let end = ev.filter.range.end;
    loop {
        let worst = top.worst();
        if let Some(worst) = &worst {
            match pruner.skip_blocks(&mut ev, worst) {
                Skip::Nothing => {}
                Skip::Blocks => continue,
                Skip::Rest => break,
            }
        }
        let Some(doc) = pruner.next_doc(&ev).filter(|&d| d < end) else {
            break;
        };
        let bound = pruner.bound_of(&mut ev, doc, worst.as_ref())?;
        let promising = bound.is_none_or(|b| worst.is_none_or(|w| b.cmp(&w).is_gt()));
        if promising && ev.filter.keeps(doc) {
            pruner.look_up(&mut ev, doc);
            if let Some(candidate) = ev.rank(doc, worst)? {
                debug_assert!(
                    bound.is_none_or(|b| candidate.key.cmp(&b).is_le()),
                    "record {doc} above its bound: {:?} > {bound:?}",
                    candidate.key
                );
                if let Some(worst) = top.push(candidate) {
                    if pruner.is_stale(&worst) {
                        pruner.plan(&mut ev, &worst);
                    }
                }
            }
        }
        pruner.advance(&mut ev, doc);
    }
    Ok(top.into_sorted())
}

impl Pruner {
    /// Every cursor essential, none skipped, until the top is full.
    fn new(ev: &Evaluator<'_>) -> Pruner {
        let n = ev.cursors.len();
        let mut reach = Reach::new(ev.plan);
        let mut strength: Vec<(Key, usize)> = (0..n)
            .map(|c| {
                reach.of(&ev.cursors, &[c]);
                (reach.key(ev.plan), c)
            })
            .collect();
        // Weakest first; on equal keys, the most frequent first.
        strength.sort_by_key(|&(_, c)| std::cmp::Reverse(ev.cursors[c].len()));
        strength.sort_by(|a, b| a.0.cmp(&b.0));
        Pruner {
            by_strength: strength.into_iter().map(|(_, c)| c).collect(),
            essential: (0..n).collect(),
            non_essential: Vec::new(),
            relevant: (0..n).collect(),
            gates: Vec::new(),
            docs: vec![None; n],
            base: Reach::new(ev.plan),
            reach,
            lead: None,
            checked_region: TERMINATED,
            planned: None,
        }
    }

    /// The next record an essential cursor holds.
    fn next_doc(&self, ev: &Evaluator<'_>) -> Option<DocId> {
        self.essential.iter().map(|&c| ev.cursors[c].doc).min()
    }

    /// Whether the walk should be planned again against `worst`: when it
    /// moved enough to change the plan (an older, lower worst still gives
    /// valid, looser bounds).
    fn is_stale(&self, worst: &Key) -> bool {
        self.planned
            .is_none_or(|p| p.ranks != worst.ranks || worst.bm25 > p.bm25 * 1.05 + 1e-3)
    }

    /// Skips the essential cursors' blocks, up to the first end of one, when
    /// no record there can beat `worst`.
    fn skip_blocks(&mut self, ev: &mut Evaluator<'_>, worst: &Key) -> Skip {
        let region = self
            .essential
            .iter()
            .map(|&c| ev.cursors[c].last_in_block())
            .min()
            .unwrap_or(TERMINATED);
        if region == TERMINATED || region == self.checked_region {
            return Skip::Nothing;
        }
        let best = match (self.lead, self.essential.as_slice()) {
            (Some(Lead::Single(single)), [e]) => {
                single.key(ev.cursors[*e].block_max(ev.fieldnorms))
            }
            _ => {
                self.reach.copy(&self.base);
                for &c in &self.essential {
                    if ev.cursors[c].doc <= region {
                        let max = ev.cursors[c].block_max(ev.fieldnorms);
                        self.reach.add(&ev.cursors[c], max);
                    }
                }
                self.reach.key(ev.plan)
            }
        };
        if best.cmp(worst).is_gt() {
            self.checked_region = region;
            return Skip::Nothing;
        }
        if region >= ev.filter.range.end {
            return Skip::Rest;
        }
        for &c in &self.essential {
            ev.cursors[c].seek(region + 1);
            debug_assert!(ev.cursors[c].doc > region);
        }
        self.essential.retain(|&c| ev.cursors[c].doc != TERMINATED);
        Skip::Blocks
    }

    /// The best key `doc` can have, from its scores on the essential
    /// cursors and the best the others could add, or `None` when no bound
    /// applies yet. A record that misses a gate has no chance: its bound is
    /// the worst itself.
    fn bound_of(
        &mut self,
        ev: &mut Evaluator<'_>,
        doc: DocId,
        worst: Option<&Key>,
    ) -> Result<Option<Key>> {
        let Some(worst) = worst else {
            return Ok(None);
        };
        if !self.passes_gates(ev, doc)? {
            return Ok(Some(*worst));
        }
        Ok(match self.lead {
            Some(Lead::Single(single)) => {
                let e = self.essential[0];
                Some(single.key(ev.cursors[e].score(ev.fieldnorms)))
            }
            Some(Lead::Several { ranks, base }) => {
                // Ranks other than the worst's decide without scores.
                match ranks.cmp(&worst.ranks) {
                    Ordering::Greater => return Ok(None),
                    Ordering::Less => return Ok(Some(*worst)),
                    Ordering::Equal => {}
                }
                let mut bm25 = base;
                for &c in &self.essential {
                    if ev.cursors[c].doc == doc {
                        bm25 += ev.cursors[c].score(ev.fieldnorms);
                    }
                }
                Some(Key {
                    ranks,
                    bm25: with_slack(bm25),
                })
            }
            None => None,
        })
    }

    /// Fills the evaluator's `here` with the cursors that measure `doc`:
    /// the essential ones on it, and the relevant non-essential ones that
    /// hold it.
    fn look_up(&self, ev: &mut Evaluator<'_>, doc: DocId) {
        ev.scratch.here.clear();
        for &c in &self.essential {
            if ev.cursors[c].doc == doc {
                ev.scratch.here.push(c);
            }
        }
        for &c in &self.non_essential {
            if self.relevant.contains(c) && ev.cursors[c].seek(doc) == doc {
                ev.scratch.here.push(c);
            }
        }
    }

    /// Moves the essential cursors past `doc`.
    fn advance(&mut self, ev: &mut Evaluator<'_>, doc: DocId) {
        for &c in &self.essential {
            if ev.cursors[c].doc == doc {
                ev.cursors[c].advance();
            }
        }
        self.essential.retain(|&c| ev.cursors[c].doc != TERMINATED);
    }

    /// Whether `doc` holds a cursor of every gate: a record that misses one
    /// cannot beat the worst kept.
    fn passes_gates(&mut self, ev: &mut Evaluator<'_>, doc: DocId) -> Result<bool> {
        for g in 0..self.gates.len() {
            let mut held = false;
            for i in 0..self.gates[g].len() {
                let c = self.gates[g][i];
                if self.holds(ev, c, doc)? {
                    held = true;
                    break;
                }
            }
            if !held {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Whether cursor `c` has document `doc`: a bit test for frequent
    /// terms (their documents read once into a set), a seek otherwise.
    fn holds(&mut self, ev: &mut Evaluator<'_>, c: usize, doc: DocId) -> Result<bool> {
        const SET_FROM: u32 = 2048;
        let start = ev.filter.range.start;
        let info = match &ev.cursors[c].source {
            Source::Postings { info, .. } if ev.cursors[c].len() >= SET_FROM => info,
            _ => return Ok(ev.cursors[c].seek(doc) == doc),
        };
        if self.docs[c].is_none() {
            let mut docs = BitSet::new((ev.filter.range.end - start) as usize);
            add_docs(ev.index, info, &ev.filter.range, &mut docs)?;
            self.docs[c] = Some(docs);
        }
        Ok(self.docs[c]
            .as_ref()
            .is_some_and(|docs| docs.contains((doc - start) as usize)))
    }

    /// The best key of a record holding some of `members` (any of them),
    /// each at its best score.
    fn upper(&mut self, ev: &Evaluator<'_>, members: &[usize]) -> Key {
        self.reach.of(&ev.cursors, members);
        self.reach.key(ev.plan)
    }

    /// Plans the walk against `worst`, the worst record kept: the gates, the
    /// cursors followed and looked up, and the bounds of the records the
    /// followed ones lead to.
    fn plan(&mut self, ev: &mut Evaluator<'_>, worst: &Key) {
        let all: Vec<usize> = (0..ev.cursors.len()).collect();
        let best = self.upper(ev, &all);
        // The rules `worst` ranks best, in order: their requirements hold
        // for any record that beats it.
        let level = best
            .ranks
            .iter()
            .zip(&worst.ranks)
            .take_while(|(b, w)| b == w)
            .count();
        let at_best = |order: u8| level > usize::from(order);
        self.gates.clear();
        if at_best(order_of(&Words)) {
            let classes = self.reach.units.clone();
            self.plan_gates(ev, worst, |cursor| {
                let best_class = classes[cursor.unit].best.unwrap_or(Class::Typo);
                if level >= RULE_COUNT {
                    allowed(best_class).contains(&class_index(cursor.class))
                } else if at_best(order_of(&Typo)) && best_class != Class::Typo {
                    cursor.class != Class::Typo
                } else {
                    true
                }
            });
        } else {
            self.plan_max_score(ev, worst);
        }
        self.plan_sole_terms(ev, worst);
        self.plan_lead(ev);
        self.planned = Some(*worst);
        self.checked_region = TERMINATED;
        debug_assert!(self
            .essential
            .iter()
            .all(|c| !self.non_essential.contains(c)));
        debug_assert!(
            (0..ev.cursors.len()).all(|c| !self.relevant.contains(c)
                || self.essential.contains(&c)
                || self.non_essential.contains(&c)
                || ev.cursors[c].doc == TERMINATED),
            "a relevant cursor is neither followed nor looked up"
        );
    }

    /// With every word required: for each unit word, the cursors a record
    /// must hold one of (those `needed` says can keep the worst's ranks). The
    /// rarest gate is followed, its weakest terms that cannot lift a record
    /// above `worst` looked up, the other gates checked on each record.
    fn plan_gates(
        &mut self,
        ev: &Evaluator<'_>,
        worst: &Key,
        needed: impl Fn(&super::cursor::Cursor) -> bool,
    ) {
        let mut groups: Vec<((usize, usize), Vec<usize>)> = Vec::new();
        for (c, cursor) in ev.cursors.iter().enumerate() {
            if !needed(cursor) {
                continue;
            }
            let key = (cursor.unit, cursor.word);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(c),
                None => groups.push((key, vec![c])),
            }
        }
        // A cursor that is in no gate cannot make a record's best class, so
        // it only matters through the names it may add.
        self.relevant = (0..ev.cursors.len())
            .filter(|&c| ev.cursors[c].names || groups.iter().any(|(_, l)| l.contains(&c)))
            .collect();
        let size = |list: &Vec<usize>| -> u64 {
            list.iter().map(|&c| u64::from(ev.cursors[c].len())).sum()
        };
        let Some(driver) = (0..groups.len()).min_by_key(|&g| size(&groups[g].1)) else {
            return;
        };
        let driving = groups[driver].1.clone();
        self.non_essential = (0..ev.cursors.len())
            .filter(|c| self.relevant.contains(*c) && !driving.contains(c))
            .collect();
        let mut order: Vec<usize> = self
            .by_strength
            .iter()
            .copied()
            .filter(|c| driving.contains(c))
            .collect();
        while let Some(&weakest) = order.first() {
            let mut members = self.non_essential.clone();
            members.push(weakest);
            if order.len() == 1 || self.upper(ev, &members).cmp(worst).is_gt() {
                break;
            }
            self.non_essential.push(weakest);
            order.remove(0);
        }
        self.essential = order
            .into_iter()
            .filter(|&c| ev.cursors[c].doc != TERMINATED)
            .collect();
        self.gates = groups
            .into_iter()
            .enumerate()
            .filter(|&(g, _)| g != driver)
            .map(|(_, (_, list))| list)
            .collect();
    }

    /// Without requirements (MaxScore): the weakest cursors that together
    /// cannot lift a record above `worst` are looked up, not followed.
    fn plan_max_score(&mut self, ev: &Evaluator<'_>, worst: &Key) {
        let mut n = self.non_essential.len().min(self.by_strength.len());
        while n < self.by_strength.len() {
            let members = self.by_strength[..=n].to_vec();
            if self.upper(ev, &members).cmp(worst).is_gt() {
                break;
            }
            n += 1;
        }
        self.non_essential = self.by_strength[..n].to_vec();
        self.essential = self.by_strength[n..]
            .iter()
            .copied()
            .filter(|&c| ev.cursors[c].doc != TERMINATED)
            .collect();
    }

    /// A looked-up term without which no record can beat `worst` is a gate
    /// too (a second typo expansion, when only records holding both win).
    fn plan_sole_terms(&mut self, ev: &Evaluator<'_>, worst: &Key) {
        let relevant: Vec<usize> = self.relevant.iter().collect();
        for c in self.non_essential.clone() {
            if !self.relevant.contains(c) || self.gates.iter().any(|g| g.contains(&c)) {
                continue;
            }
            let others: Vec<usize> = relevant.iter().copied().filter(|&o| o != c).collect();
            if self.upper(ev, &others).cmp(worst).is_le() {
                self.gates.push(vec![c]);
            }
        }
    }

    /// The base the non-essential cursors give, and how the essential ones
    /// bound their records.
    fn plan_lead(&mut self, ev: &Evaluator<'_>) {
        let non_essential = self.non_essential.clone();
        self.base.of(&ev.cursors, &non_essential);
        self.lead = match self.essential.as_slice() {
            [e] => Some(Lead::Single(self.single_bound(ev, *e))),
            [] => None,
            _ => {
                let mut members = non_essential;
                members.extend(&self.essential);
                let ranks = self.upper(ev, &members).ranks;
                let base = self.base.sums.iter().flatten().sum();
                Some(Lead::Several { ranks, base })
            }
        };
    }

    /// The bound of the records the single essential cursor `e` leads to.
    fn single_bound(&mut self, ev: &Evaluator<'_>, e: usize) -> SingleBound {
        let cursor = &ev.cursors[e];
        self.reach.copy(&self.base);
        self.reach.add(cursor, 0.0);
        let ranks = self.reach.key(ev.plan).ranks;
        let (unit, class) = (cursor.unit, class_index(cursor.class));
        let others = (0..self.reach.units.len())
            .filter(|&u| u != unit && self.reach.units[u].matched)
            .map(|u| self.reach.unit_bm25(u))
            .sum();
        let allowed = allowed(self.reach.units[unit].best.unwrap_or(Class::Typo));
        let sums = self.reach.sums[unit];
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
