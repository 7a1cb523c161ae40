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

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::ops::Range;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{BlockSegmentPostings, Postings, SegmentPostings};
use tantivy::query::Bm25Weight;
use tantivy::{DocId, DocSet, Term, TERMINATED};

use super::plan::{Class, Plan};
use super::rank::{proximity, Key, Values};
use crate::analysis::Lexicon;
use crate::index::SearchIndex;
use crate::Result;

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

/// A cursor over one term's postings, with its BM25 weight.
struct Cursor {
    block: BlockSegmentPostings,
    idx: usize,
    doc: DocId,
    weight: Bm25Weight,
    term: Term,
    /// Opened the first time positions are needed.
    positions: Option<SegmentPostings>,
    unit: usize,
    word: usize,
    class: Class,
    names: bool,
}

/// Documents per block of Tantivy's postings (its `COMPRESSION_BLOCK_SIZE`,
/// part of the index format). A block's decoded arrays are padded past its
/// last document with `TERMINATED`, which is how the end is seen.
const BLOCK: usize = 128;

impl Cursor {
    fn advance(&mut self) -> DocId {
        if self.idx == BLOCK - 1 {
            self.idx = 0;
            self.block.advance();
        } else {
            self.idx += 1;
        }
        self.doc = self.block.doc(self.idx);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.idx = self.block.seek(target);
        self.doc = self.block.doc(self.idx);
        self.doc
    }

    fn score(&self, fieldnorms: &FieldNormReader) -> f32 {
        self.weight
            .score(fieldnorms.fieldnorm_id(self.doc), self.block.freq(self.idx))
    }

    /// The best BM25 score of a document of the current block.
    fn block_max(&mut self, fieldnorms: &FieldNormReader) -> f32 {
        self.block.block_max_score(fieldnorms, &self.weight)
    }

    fn last_in_block(&self) -> DocId {
        self.block.doc(self.block.block_len().saturating_sub(1))
    }

    /// Appends the positions of the term in the current document.
    fn positions(&mut self, index: &SearchIndex, out: &mut Vec<u32>) -> Result<()> {
        if self.positions.is_none() {
            self.positions = index.postings(&self.term)?;
        }
        if let Some(postings) = &mut self.positions {
            if postings.doc() <= self.doc && postings.seek(self.doc) == self.doc {
                postings.positions(out);
            }
        }
        Ok(())
    }
}

/// A record and its rank.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate {
    pub doc: DocId,
    pub values: Values,
    pub key: Key,
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

/// What one unit has at the current document.
#[derive(Clone, Copy, Default)]
struct UnitAt {
    /// Bit `w` set when word `w` of the unit has a term here.
    words: u64,
    best: Option<Class>,
    names: bool,
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
    at: Vec<UnitAt>,
    /// Cursors by increasing strength, for the essential split.
    by_strength: Vec<usize>,
    essential: Vec<usize>,
    non_essential: Vec<usize>,
}

/// BM25 upper bounds are computed in `f32` sums; a little slack keeps float
/// rounding from skipping a record that ties.
fn with_slack(bm25: f32) -> f32 {
    bm25 * (1.0 + 1e-5) + 1e-5
}

impl<'a> Evaluator<'a> {
    /// Opens a cursor for every term of `plan` that has postings in the
    /// filter's range. `lexicon` gives a term id's text; `total` is the
    /// number of records, for BM25 weights.
    pub(crate) fn new(
        plan: &'a Plan,
        index: &'a SearchIndex,
        filter: Filter<'a>,
        lexicon: &Lexicon,
        total: u32,
    ) -> Result<Option<Evaluator<'a>>> {
        let Some(fieldnorms) = index.fieldnorms() else {
            return Ok(None);
        };
        let mut cursors = Vec::with_capacity(plan.terms.len());
        for t in &plan.terms {
            let term = index.fields.term(t.form, lexicon.word(t.id));
            let Some(block) = index.block_postings(&term, true)? else {
                continue;
            };
            let records = u64::from(t.records.clamp(1, total.max(1)));
            let weight = Bm25Weight::for_one_term_without_explain(
                records,
                u64::from(total.max(1)),
                index.avg_fieldnorm(),
            );
            let mut cursor = Cursor {
                doc: block.doc(0),
                block,
                idx: 0,
                weight,
                term,
                positions: None,
                unit: t.unit as usize,
                word: t.word as usize,
                class: t.class,
                names: t.form.is_names(),
            };
            if cursor.seek(filter.range.start) < filter.range.end {
                cursors.push(cursor);
            }
        }
        let full = plan
            .units
            .iter()
            .map(|u| {
                let n = u.phrase.as_ref().map_or(1, Vec::len);
                if n >= 64 {
                    u64::MAX
                } else {
                    (1u64 << n) - 1
                }
            })
            .collect();
        let mut evaluator = Evaluator {
            plan,
            index,
            fieldnorms,
            filter,
            at: vec![UnitAt::default(); plan.units.len()],
            full,
            by_strength: Vec::new(),
            essential: (0..cursors.len()).collect(),
            non_essential: Vec::new(),
            cursors,
        };
        let mut strength: Vec<(Key, usize)> = (0..evaluator.cursors.len())
            .map(|c| (evaluator.upper(&[c], None), c))
            .collect();
        strength.sort_by(|a, b| a.0.cmp(&b.0));
        evaluator.by_strength = strength.into_iter().map(|(_, c)| c).collect();
        Ok(Some(evaluator))
    }

    /// The best key a record could have if it held exactly the terms of
    /// `members` (all of them), with `block` replacing one cursor's BM25
    /// bound by its current block's.
    fn upper(&self, members: &[usize], block: Option<(usize, f32)>) -> Key {
        let mut at = vec![UnitAt::default(); self.plan.units.len()];
        let mut bm25 = 0.0;
        for &c in members {
            let cursor = &self.cursors[c];
            let u = &mut at[cursor.unit];
            u.words |= 1 << cursor.word.min(63);
            u.best = Some(u.best.map_or(cursor.class, |b| b.min(cursor.class)));
            u.names |= cursor.names;
            bm25 += match block {
                Some((b, score)) if b == c => score,
                _ => cursor.weight.max_score(),
            };
        }
        let mut values = self.values_of(&at, &[]);
        values.bm25 = with_slack(bm25);
        values.proximity = proximity::best_sum(self.plan);
        Key::new(&values, self.plan)
    }

    /// The values of the words, typo, attribute and exactness rules for a
    /// record whose units hold `at`, leaving out the units in `absent`.
    fn values_of(&self, at: &[UnitAt], absent: &[usize]) -> Values {
        let mut values = Values::default();
        for (u, (unit, state)) in self.plan.units.iter().zip(at).enumerate() {
            if state.words != self.full[u] || absent.contains(&u) {
                continue;
            }
            values.words += unit.weight;
            match state.best {
                Some(Class::Typo) => values.typos += unit.weight,
                Some(Class::Exact) => values.exact += unit.weight,
                _ => {}
            }
            if state.names {
                values.names += unit.weight;
            }
        }
        values
    }

    /// Splits the cursors against `worst`: the weakest cursors that together
    /// cannot beat it are non-essential.
    fn split(&mut self, worst: &Key) {
        let mut n = self.non_essential.len();
        while n < self.by_strength.len() {
            let members = &self.by_strength[..=n];
            if self.upper(members, None).cmp(worst) == Ordering::Greater {
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

    /// The `k` best records, best first.
    pub(crate) fn top(mut self, k: usize) -> Result<Vec<Candidate>> {
        let mut heap: BinaryHeap<Reverse<Candidate>> = BinaryHeap::with_capacity(k + 1);
        if k == 0 {
            return Ok(Vec::new());
        }
        let end = self.filter.range.end;
        let mut scratch = Vec::new();
        loop {
            let worst = (heap.len() == k)
                .then(|| heap.peek().map(|w| w.0.key))
                .flatten();
            // A single essential term: skip its blocks that cannot reach the top.
            if let (Some(worst), [e]) = (worst, self.essential.as_slice()) {
                let e = *e;
                if self.cursors[e].doc >= end {
                    break;
                }
                let best_here = self.cursors[e].block_max(self.fieldnorms);
                let mut members = self.non_essential.clone();
                members.push(e);
                if self.upper(&members, Some((e, best_here))).cmp(&worst) != Ordering::Greater {
                    let last = self.cursors[e].last_in_block();
                    if last == TERMINATED || last >= end {
                        break;
                    }
                    self.cursors[e].seek(last + 1);
                    continue;
                }
            }
            let Some(doc) = self.essential.iter().map(|&c| self.cursors[c].doc).min() else {
                break;
            };
            if doc >= end {
                break;
            }
            if self.filter.keeps(doc) {
                for i in 0..self.non_essential.len() {
                    let c = self.non_essential[i];
                    if self.cursors[c].doc < doc {
                        self.cursors[c].seek(doc);
                    }
                }
                if let Some(candidate) = self.rank(doc, worst, &mut scratch)? {
                    heap.push(Reverse(candidate));
                    if heap.len() > k {
                        heap.pop();
                    }
                    if heap.len() == k {
                        if let Some(w) = heap.peek() {
                            let worst = w.0.key;
                            self.split(&worst);
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
    fn rank(
        &mut self,
        doc: DocId,
        worst: Option<Key>,
        scratch: &mut Vec<u32>,
    ) -> Result<Option<Candidate>> {
        self.at.iter_mut().for_each(|u| *u = UnitAt::default());
        let mut here: Vec<usize> = Vec::new();
        for (c, cursor) in self.cursors.iter().enumerate() {
            if cursor.doc != doc {
                continue;
            }
            here.push(c);
            let u = &mut self.at[cursor.unit];
            u.words |= 1 << cursor.word.min(63);
            u.best = Some(u.best.map_or(cursor.class, |b| b.min(cursor.class)));
            u.names |= cursor.names;
        }
        let beats = |key: &Key| worst.is_none_or(|w| key.cmp(&w) == Ordering::Greater);

        // Cheap values first, with the best proximity a record could have.
        let mut absent: Vec<usize> = Vec::new();
        let mut values = self.values_of(&self.at, &absent);
        values.bm25 = self.bm25(&here, &absent);
        values.proximity = proximity::best_sum(self.plan);
        if !beats(&Key::new(&values, self.plan)) {
            return Ok(None);
        }

        // Positions: phrases must hold, and proximity is measured.
        let needs_positions =
            self.plan.units.len() > 1 || self.plan.units.iter().any(|u| u.phrase.is_some());
        if needs_positions {
            let intervals = self.intervals(&here, scratch)?;
            for (u, list) in intervals.iter().enumerate() {
                if self.at[u].words == self.full[u] && list.is_empty() {
                    absent.push(u);
                }
            }
            if !absent.is_empty() {
                let proximity_kept = values.proximity;
                values = self.values_of(&self.at, &absent);
                values.bm25 = self.bm25(&here, &absent);
                values.proximity = proximity_kept;
            }
            values.proximity = proximity::sum(&intervals);
        }
        let key = Key::new(&values, self.plan);
        Ok(beats(&key).then_some(Candidate { doc, values, key }))
    }

    /// BM25 of the terms at the current document that matched their unit in
    /// its best class, leaving out the units in `absent`.
    fn bm25(&self, here: &[usize], absent: &[usize]) -> f32 {
        here.iter()
            .map(|&c| &self.cursors[c])
            .filter(|c| {
                let u = &self.at[c.unit];
                u.words == self.full[c.unit] && u.best == Some(c.class) && !absent.contains(&c.unit)
            })
            .map(|c| c.score(self.fieldnorms))
            .sum()
    }

    /// For each unit, where it occurs in the current document, as sorted
    /// `(first, last)` position intervals: a word's positions, or the starts
    /// and ends of a phrase's exact occurrences.
    fn intervals(
        &mut self,
        here: &[usize],
        scratch: &mut Vec<u32>,
    ) -> Result<Vec<Vec<(u32, u32)>>> {
        let units = self.plan.units.len();
        // Positions per (unit, word).
        let mut by_word: Vec<Vec<Vec<u32>>> = self
            .plan
            .units
            .iter()
            .map(|u| vec![Vec::new(); u.phrase.as_ref().map_or(1, Vec::len)])
            .collect();
        for &c in here {
            let (unit, word) = (self.cursors[c].unit, self.cursors[c].word);
            if self.at[unit].words != self.full[unit] {
                continue;
            }
            scratch.clear();
            self.cursors[c].positions(self.index, scratch)?;
            by_word[unit][word].extend_from_slice(scratch);
        }
        let mut out = Vec::with_capacity(units);
        for (u, words) in by_word.iter_mut().enumerate() {
            for list in words.iter_mut() {
                list.sort_unstable();
                list.dedup();
            }
            let intervals = match &self.plan.units[u].phrase {
                None => words[0].iter().map(|&p| (p, p)).collect(),
                Some(offsets) => phrase_starts(words, offsets),
            };
            out.push(intervals);
        }
        Ok(out)
    }
}

/// The occurrences of a phrase: starts `p` where each word `j` is at
/// `p + offsets[j]`, as `(p, p + last offset)`.
fn phrase_starts(words: &[Vec<u32>], offsets: &[u32]) -> Vec<(u32, u32)> {
    let last = offsets.last().copied().unwrap_or(0);
    words[0]
        .iter()
        .filter_map(|&p0| {
            let start = p0.checked_sub(offsets[0])?;
            words
                .iter()
                .zip(offsets)
                .all(|(list, &off)| list.binary_search(&(start + off)).is_ok())
                .then_some((start, start + last))
        })
        .collect()
}

/// Counts the records a plan matches within `filter`, exactly up to `cap`:
/// `(count, exact)`, where `exact` is false when more than `cap` match (the
/// count is then `cap`).
pub(crate) fn count(
    plan: &Plan,
    index: &SearchIndex,
    filter: &Filter<'_>,
    lexicon: &Lexicon,
    cap: Option<usize>,
) -> Result<(usize, bool)> {
    let Range { start, end } = filter.range.clone();
    if end <= start {
        return Ok((0, true));
    }
    let over = |n: usize| cap.is_some_and(|cap| n > cap);
    let single_words: Vec<usize> = plan
        .terms
        .iter()
        .enumerate()
        .filter(|(_, t)| plan.units[t.unit as usize].phrase.is_none())
        .map(|(i, _)| i)
        .collect();
    // One term alone already past the cap: no need to walk anything.
    if cap.is_some() && filter.kept_entries.is_none() {
        for &i in &single_words {
            let t = &plan.terms[i];
            let term = index.fields.term(t.form, lexicon.word(t.id));
            if let Some(mut block) = index.block_postings(&term, false)? {
                let below = block.rank(start);
                let n = block.rank(end) - below;
                if over(n as usize) {
                    return Ok((cap.unwrap_or(0), false));
                }
            }
        }
    }
    let len = (end - start) as usize;
    let mut matched = vec![0u64; len.div_ceil(64)];
    let set = |bits: &mut Vec<u64>, doc: DocId| {
        let i = (doc - start) as usize;
        bits[i / 64] |= 1 << (i % 64);
    };
    for &i in &single_words {
        let t = &plan.terms[i];
        let term = index.fields.term(t.form, lexicon.word(t.id));
        let Some(mut block) = index.block_postings(&term, false)? else {
            continue;
        };
        let mut idx = block.seek(start);
        'blocks: while block.block_len() > 0 {
            for &doc in &block.docs()[idx..] {
                if doc >= end {
                    break 'blocks;
                }
                set(&mut matched, doc);
            }
            block.advance();
            idx = 0;
        }
    }
    // Phrases: the documents with every word, then positions.
    for (u, unit) in plan.units.iter().enumerate() {
        if unit.phrase.is_none() {
            continue;
        }
        let phrase_plan = Plan {
            units: vec![unit.clone()],
            terms: plan
                .terms
                .iter()
                .filter(|t| t.unit as usize == u)
                .map(|t| super::plan::PlanTerm {
                    unit: 0,
                    ..t.clone()
                })
                .collect(),
            max_words: unit.weight,
            highlight: Default::default(),
        };
        let whole = Filter {
            range: filter.range.clone(),
            kept_entries: None,
        };
        if let Some(walk) = Evaluator::new(&phrase_plan, index, whole, lexicon, u32::MAX)? {
            for doc in walk.phrase_docs()? {
                set(&mut matched, doc);
            }
        }
    }
    let mut n = 0usize;
    for (w, &bits) in matched.iter().enumerate() {
        let mut bits = bits;
        while bits != 0 {
            let i = w * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if filter.keeps(start + i as DocId) {
                n += 1;
            }
        }
    }
    Ok(match cap {
        Some(cap) if n > cap => (cap, false),
        _ => (n, true),
    })
}

impl Evaluator<'_> {
    /// Every document where the plan's one unit, a phrase, occurs.
    fn phrase_docs(mut self) -> Result<Vec<DocId>> {
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        let end = self.filter.range.end;
        while let Some(doc) = self.cursors.iter().map(|c| c.doc).min() {
            if doc >= end {
                break;
            }
            self.at.iter_mut().for_each(|u| *u = UnitAt::default());
            let mut here = Vec::new();
            for (c, cursor) in self.cursors.iter().enumerate() {
                if cursor.doc == doc {
                    here.push(c);
                    self.at[cursor.unit].words |= 1 << cursor.word.min(63);
                }
            }
            if self.at[0].words == self.full[0]
                && !self.intervals(&here, &mut scratch)?[0].is_empty()
            {
                out.push(doc);
            }
            for &c in &here {
                self.cursors[c].advance();
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_starts_need_every_word_at_its_offset() {
        let words = vec![vec![3, 10], vec![5, 11], vec![6]];
        assert_eq!(phrase_starts(&words, &[0, 2, 3]), [(3, 6)]);
        assert_eq!(phrase_starts(&words, &[0, 1, 2]), []);
    }
}
