//! Finding the best records: the postings of a plan's terms are walked
//! document by document, what each document holds is measured by the rules
//! (see [`rank`](super::rank)) and the best `k` kept.
//!
//! The plain walk ([`Evaluator::top`] without pruning) visits every record
//! that holds a term and measures it, reading positions only for records
//! whose other values could still reach the top. With many matches, a query
//! of several units takes the [`window`] walk, which marks the records of a
//! window with the cursors that hold them and measures only those whose
//! words can still reach the top `k`; a query of one unit takes the
//! [`prune`] walk, which skips the records and blocks that cannot. All
//! walks return the same records in the same order.

mod bounds;
mod count;
mod cursor;
mod prune;
mod record;
mod window;

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::ops::Range;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::Bm25Weight;
use tantivy::{DocId, DocSet};

use super::plan::Plan;
use super::rank::{Key, Values};
use crate::bitset::BitSet;
use crate::index::SearchIndex;
use crate::links::MentionAt;
use crate::stats::TermStats;
use crate::Result;

pub(crate) use count::count;
use cursor::{Cursor, Source};
use record::Scratch;

/// The fewest matching records for which skipping pays: below it, planning
/// the skips (re-planned each time the worst record kept moves) costs more
/// than measuring every match. On the embedded data a query matches a few
/// dozen records, and skipping made it about a fifth slower (callgrind).
pub(crate) const PRUNE_FROM: usize = 256;

/// The most postings (all the plan's cursors together) for which the
/// [`window`] walk, which reads them all, beats the [`prune`] walk, which
/// skips blocks once the worst record kept is good enough. Measured on the
/// synthetic corpus of `benches/scale.rs` (`pilot finance zone`, `zone
/// pilote`): at 10k and 30k passages (about 6k and 18k postings for the
/// first) the window walk took half to two thirds of the time, at 100k
/// (about 60k) a third more.
pub(crate) const WINDOW_WALK_UP_TO: u64 = 32_768;

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
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub doc: DocId,
    pub values: Values,
    pub key: Key,
    /// The plan's links (by index) that matched a unit the record matched
    /// in no other way.
    pub links: BitSet,
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

/// The best `k` records seen so far.
pub(super) struct Top {
    k: usize,
    heap: BinaryHeap<Reverse<Candidate>>,
}

impl Top {
    pub(super) fn new(k: usize) -> Top {
        Top {
            k,
            // Deep pages grow the heap as they fill it.
            heap: BinaryHeap::with_capacity(k.min(1024)),
        }
    }

    /// The key a record must beat to enter, once `k` records are held.
    pub(super) fn worst(&self) -> Option<Key> {
        (self.heap.len() == self.k)
            .then(|| self.heap.peek().map(|w| w.0.key))
            .flatten()
    }

    /// Keeps `candidate` if it is among the best `k`; returns the new worst
    /// key when `k` records are held.
    pub(super) fn push(&mut self, candidate: Candidate) -> Option<Key> {
        if self.heap.len() < self.k {
            self.heap.push(Reverse(candidate));
        } else if let Some(mut worst) = self.heap.peek_mut() {
            // Replaced in place: one sift down (when the guard drops), not
            // a push and a pop.
            if candidate > worst.0 {
                *worst = Reverse(candidate);
            }
        }
        self.worst()
    }

    /// The records kept, best first.
    pub(super) fn into_sorted(self) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = self.heap.into_iter().map(|r| r.0).collect();
        out.sort_by(|a, b| b.cmp(a));
        out
    }
}

/// The walk over a plan's postings.
pub(crate) struct Evaluator<'a> {
    plan: &'a Plan,
    index: &'a SearchIndex,
    fieldnorms: &'a FieldNormReader,
    filter: Filter<'a>,
    cursors: Vec<Cursor>,
    /// Whether the [`window`] walk serves the plan (see
    /// [`Evaluator::windowed`]).
    windowed: bool,
    /// What the record being measured holds, reused for every record.
    scratch: Scratch,
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
        // The walk is chosen before the cursors are opened, from the most
        // cursors and postings the plan can have: the window walk reads
        // positions through its cursors (see `Source::Positioned`).
        let (mentions_of, _) = mentions;
        let most_cursors =
            plan.terms.iter().filter(|t| t.info.is_some()).count() + plan.links.len();
        let most_postings: u64 = plan
            .terms
            .iter()
            .filter_map(|t| t.info.as_ref())
            .map(|info| u64::from(info.doc_freq))
            .chain(
                plan.links
                    .iter()
                    .map(|l| mentions_of[l.entry as usize].len() as u64),
            )
            .sum();
        let windowed = plan.units.len() > 1
            && most_cursors <= window::MAX_CURSORS
            && most_postings <= WINDOW_WALK_UP_TO;
        let mut cursors = Vec::with_capacity(most_cursors);
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
            let (doc, source) = if windowed {
                let Some(postings) = index.postings(info)? else {
                    continue;
                };
                let postings = Box::new(postings);
                let info = info.clone();
                (postings.doc(), Source::Positioned { postings, info })
            } else {
                let Some(block) = index.block_postings(info, true)? else {
                    continue;
                };
                let doc = block.doc(0);
                let info = info.clone();
                let source = Source::Postings {
                    block,
                    idx: 0,
                    info,
                    positions: None,
                };
                (doc, source)
            };
            let mut cursor = Cursor {
                doc,
                source,
                max,
                weight,
                unit: t.unit as usize,
                word: t.word as usize,
                class: t.class,
                names: t.form.is_names(),
                link: None,
                subsumed: t.subsumed,
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
                subsumed: false,
            };
            if cursor.seek(filter.range.start) < filter.range.end {
                cursors.push(cursor);
            }
        }
        debug_assert!(cursors.len() <= most_cursors);
        Ok(Some(Evaluator {
            windowed,
            scratch: Scratch::new(plan, cursors.len()),
            plan,
            index,
            fieldnorms,
            filter,
            cursors,
        }))
    }
}

impl Evaluator<'_> {
    /// The `k` best records, best first. With `prune`, records and blocks
    /// that cannot reach the top `k` are skipped (see [`window`] and
    /// [`prune`]); without, every match is visited, which costs less when
    /// there are few (see [`PRUNE_FROM`]). The result is the same.
    pub(crate) fn top(self, k: usize, prune: bool) -> Result<Vec<Candidate>> {
        if k == 0 {
            return Ok(Vec::new());
        }
        if prune && self.windowed() {
            return Ok(window::top(self, k)?.0);
        }
        if prune {
            return prune::top(self, k);
        }
        self.walk(k)
    }

    /// Whether the [`window`] walk serves this plan: several units, at most
    /// [`window::MAX_CURSORS`] cursors, and at most [`WINDOW_WALK_UP_TO`]
    /// postings in all.
    pub(crate) fn windowed(&self) -> bool {
        self.windowed
    }

    /// The `k` best records, best first, and how many records the plan
    /// matches, in one [`window`] walk: for a [`windowed`](Self::windowed)
    /// plan without a phrase (a phrase's records are counted by position,
    /// see [`count`]).
    pub(crate) fn top_and_count(self, k: usize) -> Result<(Vec<Candidate>, usize)> {
        debug_assert!(self.windowed() && self.plan.units.iter().all(|u| u.phrase.is_none()));
        window::top(self, k)
    }

    /// The plain walk: every record some cursor holds, in document order,
    /// measured from every cursor that holds it.
    fn walk(mut self, k: usize) -> Result<Vec<Candidate>> {
        let mut top = Top::new(k);
        let end = self.filter.range.end;
        while let Some(doc) = self.cursors.iter().map(|c| c.doc).min() {
            if doc >= end {
                break;
            }
            if self.filter.keeps(doc) {
                self.scratch.here.clear();
                for (c, cursor) in self.cursors.iter().enumerate() {
                    if cursor.doc == doc {
                        self.scratch.here.push(c);
                    }
                }
                if let Some(candidate) = self.rank(doc, top.worst())? {
                    top.push(candidate);
                }
            }
            for cursor in &mut self.cursors {
                if cursor.doc == doc {
                    cursor.advance();
                }
            }
        }
        Ok(top.into_sorted())
    }

    /// The `k` best records by the pruned walk (`window` false) or the
    /// window walk, whatever the plan's size, for the tests that compare
    /// them with [`top_exhaustive`](Self::top_exhaustive).
    #[cfg(test)]
    pub(crate) fn top_by(self, k: usize, window: bool) -> Result<Vec<Candidate>> {
        if window && self.cursors.len() <= window::MAX_CURSORS {
            return Ok(window::top(self, k)?.0);
        }
        prune::top(self, k)
    }

    /// Every record matched, measured without skipping any and without a
    /// worst record to beat: the reference all walks must agree with.
    #[cfg(test)]
    pub(crate) fn top_exhaustive(self, k: usize) -> Result<Vec<Candidate>> {
        let mut all = self.walk(usize::MAX)?;
        all.truncate(k);
        Ok(all)
    }
}
