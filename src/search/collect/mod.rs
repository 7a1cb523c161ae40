//! Finding the best records: the postings of a plan's terms are walked
//! document by document, each document's [`Values`] measured and ranked by
//! the rules, and the best `k` kept.
//!
//! Records that cannot reach the top `k` are skipped, as Lucene's MaxScore
//! does with scores, here with the lexicographic keys of the rules: once `k`
//! records are held, the terms are split into those that alone cannot lift a
//! record above the worst one held (non-essential) and the rest. Only records
//! holding an essential term are visited; the others are looked up in the
//! non-essential terms. A query whose `k` best records match every word, in
//! exact form, therefore only walks the postings of its rarest word; and when
//! a single term is left essential, whole blocks of its postings are skipped
//! on their best BM25 score, as Tantivy's block-max WAND does. Positions are
//! read only for records whose other values could still reach the top.

mod bounds;
mod count;
mod cursor;
mod record;

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::ops::Range;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::Bm25Weight;
use tantivy::{DocId, TERMINATED};

use super::plan::Plan;
use super::rank::{proximity, Key, Values};
use crate::index::SearchIndex;
use crate::links::MentionAt;
use crate::stats::TermStats;
use crate::Result;

use bounds::{with_slack, SingleBound, UnitAt, CLASSES};
pub(crate) use count::count;
use cursor::{Cursor, Source};

/// The fewest matching records for which skipping pays: below it, planning
/// the skips (re-planned each time the worst record kept moves) costs more
/// than measuring every match. On the embedded data a query matches a few
/// dozen records, and skipping made it about a fifth slower (callgrind).
pub(crate) const PRUNE_FROM: usize = 256;

/// The records a query keeps: a range of document ids (entries come first,
/// then passages) and, for category and sector filters, which entries.
#[derive(Clone, Debug)]
pub(crate) struct Filter<'a> {
    pub range: Range<DocId>,
    pub kept_entries: Option<&'a [bool]>,
}

impl Filter<'_> {
    pub(crate) fn keeps(&self, doc: DocId) -> bool {
        self.range.contains(&doc)
            && self
                .kept_entries
                .is_none_or(|kept| kept.get(doc as usize).copied().unwrap_or(true))
    }
}

/// A record and its rank.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate {
    pub doc: DocId,
    pub values: Values,
    pub key: Key,
    /// Bit `i` set when plan link `i` matched a unit the record matched in
    /// no other way.
    pub links: u64,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Candidate) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Candidate) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    /// Better is greater; on equal keys the earlier record is better.
    fn cmp(&self, other: &Candidate) -> Ordering {
        self.key.cmp(&other.key).then(other.doc.cmp(&self.doc))
    }
}

/// The walk over a plan's postings.
pub(crate) struct Evaluator<'a> {
    plan: &'a Plan,
    index: &'a SearchIndex,
    fieldnorms: &'a FieldNormReader,
    filter: Filter<'a>,
    cursors: Vec<Cursor>,
    /// For each unit, the mask of all its words.
    full: Vec<u64>,
    /// Cursors by increasing strength, for the essential split.
    by_strength: Vec<usize>,
    essential: Vec<usize>,
    non_essential: Vec<usize>,
    /// What the non-essential cursors could add to a record, at their best
    /// scores: the base of the bounds of the essential cursors' blocks and
    /// records.
    base_at: Vec<UnitAt>,
    base_sums: Vec<[f32; CLASSES]>,
    /// With a single essential cursor, its bound as arithmetic on its score.
    single: Option<SingleBound>,
    /// With several: the best ranks and the non-essential BM25 bound, to
    /// which a record adds its essential scores.
    several: Option<(Key, f32)>,
    /// Whether a cursor can still change the key of a record that passes
    /// the gates (a typo term cannot, once a word must match without typo).
    relevant: Vec<bool>,
    /// Gate cursors' documents in the range, as bitsets, built on first use
    /// for the frequent ones.
    bits: Vec<Option<Vec<u64>>>,
    /// The last block region found not skippable.
    checked_region: DocId,
    /// When the worst record kept already has the best ranks any record can
    /// reach: for each unit word, the cursors a record must hold one of.
    gates: Vec<Vec<usize>>,
    // Scratch, reused for every record.
    at: Vec<UnitAt>,
    sums: Vec<[f32; CLASSES]>,
    here: Vec<usize>,
    positions: Vec<Vec<Vec<u32>>>,
    intervals: Vec<Vec<(u32, u32)>>,
    buffer: Vec<u32>,
}

impl<'a> Evaluator<'a> {
    /// Opens a cursor for every term of `plan` that has postings in the
    /// filter's range, and for every link the passages of `mentions` (each
    /// entry's mentions; passage `p` is document `first_passage + p`).
    /// Terms are opened from their looked-up [`PlanTerm::info`]; `stats`
    /// gives the weights and bounds.
    ///
    /// [`PlanTerm::info`]: crate::search::plan::PlanTerm::info
    pub(crate) fn new(
        plan: &'a Plan,
        index: &'a SearchIndex,
        filter: Filter<'a>,
        stats: &TermStats,
        mentions: (&[Vec<MentionAt>], DocId),
    ) -> Result<Option<Evaluator<'a>>> {
        let total = stats.total_records();
        let Some(fieldnorms) = index.fieldnorms() else {
            return Ok(None);
        };
        let mut cursors = Vec::with_capacity(plan.terms.len() + plan.links.len());
        // A weight depends only on how many records hold the term, and the
        // terms of one word share that count: each weight is computed once.
        let mut weights: Vec<(u64, Bm25Weight)> = Vec::new();
        let mut weight_of = |records: u64| -> Bm25Weight {
            let records = records.clamp(1, u64::from(total.max(1)));
            if let Some((_, weight)) = weights.iter().find(|(r, _)| *r == records) {
                return weight.clone();
            }
            let weight = Bm25Weight::for_one_term_without_explain(
                records,
                u64::from(total.max(1)),
                index.avg_fieldnorm(),
            );
            weights.push((records, weight.clone()));
            weight
        };
        for t in &plan.terms {
            let Some(info) = &t.info else {
                continue;
            };
            let Some(block) = index.block_postings(info, true)? else {
                continue;
            };
            let weight = weight_of(u64::from(t.records));
            // The term's best score in any record: at its largest frequency
            // in the shortest record that holds it.
            let max = match stats.best(t.id) {
                Some(best) => weight.score(
                    FieldNormReader::fieldnorm_to_id(best.len),
                    u32::from(best.tf),
                ),
                None => weight.max_score(),
            };
            let mut cursor = Cursor {
                doc: block.doc(0),
                source: Source::Postings {
                    block,
                    idx: 0,
                    info: info.clone(),
                    positions: None,
                },
                max,
                weight,
                unit: t.unit as usize,
                word: t.word as usize,
                class: t.class,
                names: t.form.is_names(),
                link: None,
            };
            if cursor.seek(filter.range.start) < filter.range.end {
                cursors.push(cursor);
            }
        }
        let (mentions, first_passage) = mentions;
        for (i, link) in plan.links.iter().enumerate() {
            let mut docs: Vec<DocId> = mentions[link.entry as usize]
                .iter()
                .map(|m| first_passage + m.passage)
                .collect();
            docs.sort_unstable();
            docs.dedup();
            if docs.is_empty() {
                continue;
            }
            // Weighed as a word found once in each passage that mentions the
            // entry.
            let weight = weight_of(docs.len() as u64);
            let mut cursor = Cursor {
                doc: docs[0],
                source: Source::Mentions { docs, idx: 0 },
                max: weight.score(0, 1),
                weight,
                unit: link.unit as usize,
                word: 0,
                class: link.class,
                names: false,
                link: Some(i),
            };
            if cursor.seek(filter.range.start) < filter.range.end {
                cursors.push(cursor);
            }
        }
        let words_of = |u: &super::plan::PlanUnit| u.phrase.as_ref().map_or(1, Vec::len);
        let full = plan
            .units
            .iter()
            .map(|u| match words_of(u) {
                n if n >= 64 => u64::MAX,
                n => (1u64 << n) - 1,
            })
            .collect();
        let units = plan.units.len();
        let mut evaluator = Evaluator {
            plan,
            index,
            fieldnorms,
            filter,
            full,
            by_strength: Vec::new(),
            essential: (0..cursors.len()).collect(),
            non_essential: Vec::new(),
            base_at: vec![UnitAt::default(); units],
            base_sums: vec![[0.0; CLASSES]; units],
            single: None,
            several: None,
            relevant: vec![true; cursors.len()],
            bits: vec![None; cursors.len()],
            checked_region: TERMINATED,
            gates: Vec::new(),
            at: vec![UnitAt::default(); units],
            sums: vec![[0.0; CLASSES]; units],
            here: Vec::with_capacity(cursors.len()),
            positions: plan
                .units
                .iter()
                .map(|u| vec![Vec::new(); words_of(u)])
                .collect(),
            intervals: vec![Vec::new(); units],
            buffer: Vec::new(),
            cursors,
        };
        let mut strength: Vec<(Key, usize)> = (0..evaluator.cursors.len())
            .map(|c| (evaluator.upper(&[c]), c))
            .collect();
        // Weakest first; on equal keys, the most frequent first.
        strength.sort_by_key(|&(_, c)| std::cmp::Reverse(evaluator.cursors[c].len()));
        strength.sort_by(|a, b| a.0.cmp(&b.0));
        evaluator.by_strength = strength.into_iter().map(|(_, c)| c).collect();
        Ok(Some(evaluator))
    }
}

impl Evaluator<'_> {
    /// The `k` best records, best first. With `prune`, records and blocks
    /// that cannot reach the top `k` are skipped (see the module docs);
    /// without, every match is measured, which costs less when there are
    /// few (see [`PRUNE_FROM`]). The result is the same.
    pub(crate) fn top(mut self, k: usize, prune: bool) -> Result<Vec<Candidate>> {
        let mut heap: BinaryHeap<Reverse<Candidate>> = BinaryHeap::with_capacity(k + 1);
        if k == 0 {
            return Ok(Vec::new());
        }
        let end = self.filter.range.end;
        let mut driving: Vec<(usize, f32)> = Vec::new();
        // The worst kept when the walk was last planned.
        let mut planned: Option<Key> = None;
        loop {
            let worst = (heap.len() == k)
                .then(|| heap.peek().map(|w| w.0.key))
                .flatten();
            if let (Some(worst), true) = (worst, prune) {
                // Skip the essential cursors' blocks, up to the first end of
                // one, when no record there can beat the worst kept.
                let region = self
                    .essential
                    .iter()
                    .map(|&c| self.cursors[c].last_in_block())
                    .min()
                    .unwrap_or(TERMINATED);
                if region != TERMINATED && region != self.checked_region {
                    let best = match (self.single, self.essential.as_slice()) {
                        (Some(single), [e]) => {
                            single.key(self.cursors[*e].block_max(self.fieldnorms))
                        }
                        _ => {
                            driving.clear();
                            for i in 0..self.essential.len() {
                                let c = self.essential[i];
                                if self.cursors[c].doc <= region {
                                    driving.push((c, self.cursors[c].block_max(self.fieldnorms)));
                                }
                            }
                            self.bound(&driving)
                        }
                    };
                    if best.cmp(&worst) != Ordering::Greater {
                        if region >= end {
                            break;
                        }
                        for i in 0..self.essential.len() {
                            let c = self.essential[i];
                            self.cursors[c].seek(region + 1);
                        }
                        self.essential
                            .retain(|&c| self.cursors[c].doc != TERMINATED);
                        continue;
                    }
                    self.checked_region = region;
                }
            }
            let Some(doc) = self.essential.iter().map(|&c| self.cursors[c].doc).min() else {
                break;
            };
            if doc >= end {
                break;
            }
            // The record's own scores on the essential cursors, with the
            // best the others could add; first, the gates it must pass.
            let promising = self.passes_gates(doc)?
                && match (worst, self.single, self.several) {
                    (Some(worst), Some(single), _) => {
                        let score = self.cursors[self.essential[0]].score(self.fieldnorms);
                        single.key(score).cmp(&worst) == Ordering::Greater
                    }
                    (Some(worst), None, Some((best, base))) => {
                        let mut bm25 = base;
                        for &c in &self.essential {
                            if self.cursors[c].doc == doc {
                                bm25 += self.cursors[c].score(self.fieldnorms);
                            }
                        }
                        let key = Key {
                            ranks: best.ranks,
                            bm25: with_slack(bm25),
                        };
                        key.cmp(&worst) == Ordering::Greater
                    }
                    _ => true,
                };
            if promising && self.filter.keeps(doc) {
                if let Some(candidate) = self.rank(doc, worst)? {
                    heap.push(Reverse(candidate));
                    if heap.len() > k {
                        heap.pop();
                    }
                    if heap.len() == k {
                        if let Some(w) = heap.peek() {
                            // Re-plan when the worst kept moved enough to
                            // change the plan: an older, lower worst still
                            // gives valid (looser) bounds.
                            let worst = w.0.key;
                            let stale = planned.is_none_or(|p: Key| {
                                p.ranks != worst.ranks || worst.bm25 > p.bm25 * 1.05 + 1e-3
                            });
                            if stale && prune {
                                self.split(&worst);
                                planned = Some(worst);
                            }
                        }
                    }
                }
            }
            for i in 0..self.essential.len() {
                let c = self.essential[i];
                if self.cursors[c].doc == doc {
                    self.cursors[c].advance();
                }
            }
            self.essential
                .retain(|&c| self.cursors[c].doc != TERMINATED);
        }
        let mut out: Vec<Candidate> = heap.into_iter().map(|r| r.0).collect();
        out.sort_by(|a, b| b.cmp(a));
        Ok(out)
    }

    /// Measures `doc` and returns it if it beats `worst` (or if the top is
    /// not full).
    fn rank(&mut self, doc: DocId, worst: Option<Key>) -> Result<Option<Candidate>> {
        self.here.clear();
        for &c in &self.essential {
            if self.cursors[c].doc == doc {
                self.here.push(c);
            }
        }
        for i in 0..self.non_essential.len() {
            let c = self.non_essential[i];
            if !self.relevant[c] {
                continue;
            }
            if self.cursors[c].doc < doc {
                self.cursors[c].seek(doc);
            }
            if self.cursors[c].doc == doc {
                self.here.push(c);
            }
        }
        self.here.sort_unstable();
        self.at.iter_mut().for_each(|u| *u = UnitAt::default());
        for &c in &self.here {
            let cursor = &self.cursors[c];
            let u = &mut self.at[cursor.unit];
            u.words |= 1 << cursor.word.min(63);
            u.best = Some(u.best.map_or(cursor.class, |b| b.min(cursor.class)));
            u.names |= cursor.names;
        }
        let beats = |key: &Key| worst.is_none_or(|w| key.cmp(&w) == Ordering::Greater);

        // Cheap values first, with the best proximity a record could have.
        let mut values = self.values_of(0);
        values.bm25 = self.bm25(0);
        values.proximity = proximity::best_sum(self.plan);
        if !beats(&Key::new(&values, self.plan)) {
            return Ok(None);
        }

        // Positions: phrases must hold, and proximity is measured.
        let needs_positions =
            self.plan.units.len() > 1 || self.plan.units.iter().any(|u| u.phrase.is_some());
        if needs_positions {
            // Every matched form gives positions, even those that can no
            // longer change the record's class or score.
            for c in 0..self.cursors.len() {
                if self.relevant[c] {
                    continue;
                }
                if self.cursors[c].doc < doc {
                    self.cursors[c].seek(doc);
                }
                if self.cursors[c].doc == doc {
                    self.here.push(c);
                }
            }
            self.read_intervals()?;
            let mut absent = 0u64;
            // A phrase whose words are there but not in order is absent.
            for (u, list) in self.intervals.iter().enumerate() {
                let phrase = self.plan.units[u].phrase.is_some();
                if phrase && self.at[u].words == self.full[u] && list.is_empty() {
                    absent |= 1 << u.min(63);
                }
            }
            if absent != 0 {
                values = self.values_of(absent);
                values.bm25 = self.bm25(absent);
            }
            values.proximity = proximity::sum(&self.intervals);
        }
        let key = Key::new(&values, self.plan);
        // A record whose only match was a phrase out of order matches nothing.
        if values.words == 0 || !beats(&key) {
            return Ok(None);
        }
        let mut links = 0u64;
        for &c in &self.here {
            let cursor = &self.cursors[c];
            if let Some(link) = cursor.link {
                if self.at[cursor.unit].best == Some(cursor.class) {
                    links |= 1 << link.min(63);
                }
            }
        }
        Ok(Some(Candidate {
            doc,
            values,
            key,
            links,
        }))
    }
}

impl Evaluator<'_> {
    /// Every record matched, measured without skipping any: the reference
    /// the pruned walk must agree with.
    #[cfg(test)]
    pub(crate) fn top_exhaustive(mut self, k: usize) -> Result<Vec<Candidate>> {
        let mut all = Vec::new();
        let end = self.filter.range.end;
        while let Some(doc) = self.cursors.iter().map(|c| c.doc).min() {
            if doc >= end {
                break;
            }
            self.essential = (0..self.cursors.len()).collect();
            self.non_essential.clear();
            if self.filter.keeps(doc) {
                all.extend(self.rank(doc, None)?);
            }
            for c in 0..self.cursors.len() {
                if self.cursors[c].doc == doc {
                    self.cursors[c].advance();
                }
            }
        }
        all.sort_by(|a, b| b.cmp(a));
        all.truncate(k);
        Ok(all)
    }

    /// Every document where the plan's one unit, a phrase, occurs.
    fn phrase_docs(mut self) -> Result<Vec<DocId>> {
        let mut out = Vec::new();
        let end = self.filter.range.end;
        while let Some(doc) = self.cursors.iter().map(|c| c.doc).min() {
            if doc >= end {
                break;
            }
            self.at.iter_mut().for_each(|u| *u = UnitAt::default());
            self.here.clear();
            for (c, cursor) in self.cursors.iter().enumerate() {
                if cursor.doc == doc {
                    self.here.push(c);
                    self.at[cursor.unit].words |= 1 << cursor.word.min(63);
                }
            }
            if self.at[0].words == self.full[0] {
                self.read_intervals()?;
                if !self.intervals[0].is_empty() {
                    out.push(doc);
                }
            }
            for i in 0..self.here.len() {
                let c = self.here[i];
                self.cursors[c].advance();
            }
        }
        Ok(out)
    }
}
