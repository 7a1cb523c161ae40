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
use crate::links::MentionAt;
use crate::stats::TermStats;
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

/// Where a cursor's documents come from.
// A query has a few cursors, walked on every record: keeping the postings'
// decoded block inline (about 1 KB) spares an indirection on that path.
#[allow(clippy::large_enum_variant)]
enum Source {
    /// A term's postings in the index.
    Postings {
        block: BlockSegmentPostings,
        idx: usize,
        term: Term,
        /// Opened the first time positions are needed.
        positions: Option<SegmentPostings>,
    },
    /// The passages that mention an entry the query names.
    Mentions { docs: Vec<DocId>, idx: usize },
}

/// A cursor over one term's documents (or one entry's mentions), with its
/// BM25 weight.
struct Cursor {
    source: Source,
    doc: DocId,
    weight: Bm25Weight,
    /// The best score of any document.
    max: f32,
    unit: usize,
    word: usize,
    class: Class,
    names: bool,
    /// For a link, its index in the plan's links.
    link: Option<usize>,
}

/// Documents per block of Tantivy's postings (its `COMPRESSION_BLOCK_SIZE`,
/// part of the index format). A block's decoded arrays are padded past its
/// last document with `TERMINATED`, which is how the end is seen.
const BLOCK: usize = 128;

impl Cursor {
    fn advance(&mut self) -> DocId {
        self.doc = match &mut self.source {
            Source::Postings { block, idx, .. } => {
                if *idx == BLOCK - 1 {
                    *idx = 0;
                    block.advance();
                } else {
                    *idx += 1;
                }
                block.doc(*idx)
            }
            Source::Mentions { docs, idx } => {
                *idx += 1;
                docs.get(*idx).copied().unwrap_or(TERMINATED)
            }
        };
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.doc = match &mut self.source {
            Source::Postings { block, idx, .. } => {
                *idx = block.seek(target);
                block.doc(*idx)
            }
            Source::Mentions { docs, idx } => {
                *idx += docs[*idx..].partition_point(|&d| d < target);
                docs.get(*idx).copied().unwrap_or(TERMINATED)
            }
        };
        self.doc
    }

    fn score(&self, fieldnorms: &FieldNormReader) -> f32 {
        let tf = match &self.source {
            Source::Postings { block, idx, .. } => block.freq(*idx),
            Source::Mentions { .. } => 1,
        };
        self.weight.score(fieldnorms.fieldnorm_id(self.doc), tf)
    }

    /// The best BM25 score of a document of the current block.
    fn block_max(&mut self, fieldnorms: &FieldNormReader) -> f32 {
        match &mut self.source {
            Source::Postings { block, .. } => block.block_max_score(fieldnorms, &self.weight),
            Source::Mentions { .. } => self.max,
        }
    }

    /// The last document of the current block (a list of mentions is one block).
    fn last_in_block(&self) -> DocId {
        match &self.source {
            Source::Postings { block, .. } => block.doc(block.block_len().saturating_sub(1)),
            Source::Mentions { docs, .. } => docs.last().copied().unwrap_or(TERMINATED),
        }
    }

    /// How many documents the cursor has in all.
    fn len(&self) -> u32 {
        match &self.source {
            Source::Postings { block, .. } => block.doc_freq(),
            Source::Mentions { docs, .. } => docs.len() as u32,
        }
    }

    /// Appends the positions of the term in the current document. A link
    /// has none: a word matched only through a link is close to nothing, so
    /// that a passage never looks closer to the query than the name it
    /// mentions.
    fn positions(&mut self, index: &SearchIndex, out: &mut Vec<u32>) -> Result<()> {
        match &mut self.source {
            Source::Postings {
                term, positions, ..
            } => {
                if positions.is_none() {
                    *positions = index.postings(term)?;
                }
                if let Some(postings) = positions {
                    if postings.doc() <= self.doc && postings.seek(self.doc) == self.doc {
                        postings.positions(out);
                    }
                }
            }
            Source::Mentions { .. } => {}
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

/// What one unit has at the current document.
#[derive(Clone, Copy, Default)]
struct UnitAt {
    /// Bit `w` set when word `w` of the unit has a term here.
    words: u64,
    best: Option<Class>,
    names: bool,
}

/// The classes of [`Class`], as indexes.
const CLASSES: usize = 5;

/// The rules ranked before BM25.
const RULES_BEFORE_BM25: usize = 5;

/// The bound of the records a single essential cursor leads to, as a
/// function of that cursor's score `s`: `others + max(alt, same + s)`.
#[derive(Clone, Copy, Debug)]
struct SingleBound {
    /// The best ranks such a record can have.
    ranks: [u32; 5],
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

/// BM25 upper bounds are computed in `f32` sums; a little slack keeps float
/// rounding from skipping a record that ties.
fn with_slack(bm25: f32) -> f32 {
    bm25 * (1.0 + 1e-5) + 1e-5
}

fn class_index(class: Class) -> usize {
    match class {
        Class::Exact => 0,
        Class::Stem => 1,
        Class::Prefix => 2,
        Class::Link => 3,
        Class::Typo => 4,
    }
}

impl<'a> Evaluator<'a> {
    /// Opens a cursor for every term of `plan` that has postings in the
    /// filter's range, and for every link the passages of `mentions` (each
    /// entry's mentions; passage `p` is document `first_passage + p`).
    /// `lexicon` gives a term id's text; `stats` the weights and bounds.
    pub(crate) fn new(
        plan: &'a Plan,
        index: &'a SearchIndex,
        filter: Filter<'a>,
        lexicon: &Lexicon,
        stats: &TermStats,
        mentions: (&[Vec<MentionAt>], DocId),
    ) -> Result<Option<Evaluator<'a>>> {
        let total = stats.total_records();
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
                    term,
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
            let weight = Bm25Weight::for_one_term_without_explain(
                (docs.len() as u64).min(u64::from(total.max(1))),
                u64::from(total.max(1)),
                index.avg_fieldnorm(),
            );
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

    /// Fills the scratch `at` and `sums` for a record holding the terms of
    /// `members`, each at its best score.
    fn gather(&mut self, members: &[usize]) {
        self.at.iter_mut().for_each(|u| *u = UnitAt::default());
        self.sums.iter_mut().for_each(|s| *s = [0.0; CLASSES]);
        for &c in members {
            self.add(c, with_slack(self.cursors[c].max));
        }
    }

    /// Adds cursor `c`, scoring at most `bound`, to the scratch `at` and `sums`.
    fn add(&mut self, c: usize, bound: f32) {
        let cursor = &self.cursors[c];
        let u = &mut self.at[cursor.unit];
        u.words |= 1 << cursor.word.min(63);
        u.best = Some(u.best.map_or(cursor.class, |b| b.min(cursor.class)));
        u.names |= cursor.names;
        self.sums[cursor.unit][class_index(cursor.class)] += bound;
    }

    /// The classes a unit can match in while keeping the ranks its best
    /// class gives: exact only, any non-typo, or typo.
    fn allowed(best: Class) -> std::ops::RangeInclusive<usize> {
        match best {
            Class::Exact => 0..=0,
            Class::Stem | Class::Prefix | Class::Link => 1..=3,
            Class::Typo => 4..=4,
        }
    }

    /// The best key a record could have if it held terms of `members` only
    /// (any of them), each at its best score.
    fn upper(&mut self, members: &[usize]) -> Key {
        self.gather(members);
        self.scratch_key()
    }

    /// The key the scratch `at` and `sums` allow: the best ranks, and a BM25
    /// bound for the records that reach those ranks (any record with lower
    /// ranks is below the key anyway), each unit scored in the classes that
    /// keep its best ranks.
    fn scratch_key(&self) -> Key {
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
    fn bound(&mut self, driving: &[(usize, f32)]) -> Key {
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
    fn values_of(&self, absent: u64) -> Values {
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
    fn split(&mut self, worst: &Key) {
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
    fn single_bound(&mut self, e: usize) -> SingleBound {
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

    /// The `k` best records, best first.
    pub(crate) fn top(mut self, k: usize) -> Result<Vec<Candidate>> {
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
            if let Some(worst) = worst {
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
                            if stale {
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

    /// Whether `doc` holds a cursor of every gate: a record that misses one
    /// cannot beat the worst kept.
    fn passes_gates(&mut self, doc: DocId) -> Result<bool> {
        for g in 0..self.gates.len() {
            let mut held = false;
            for i in 0..self.gates[g].len() {
                let c = self.gates[g][i];
                if self.holds(c, doc)? {
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
    /// terms (their documents read once into a bitset), a seek otherwise.
    fn holds(&mut self, c: usize, doc: DocId) -> Result<bool> {
        const BITSET_FROM: u32 = 2048;
        let term = match &self.cursors[c].source {
            Source::Postings { term, .. } if self.cursors[c].len() >= BITSET_FROM => term.clone(),
            _ => {
                if self.cursors[c].doc < doc {
                    self.cursors[c].seek(doc);
                }
                return Ok(self.cursors[c].doc == doc);
            }
        };
        let start = self.filter.range.start;
        if self.bits[c].is_none() {
            let len = (self.filter.range.end - start) as usize;
            let mut bits = vec![0u64; len.div_ceil(64)];
            if let Some(mut block) = self.index.block_postings(&term, false)? {
                let mut idx = block.seek(start);
                'blocks: while block.block_len() > 0 {
                    for &d in &block.docs()[idx..] {
                        if d >= self.filter.range.end {
                            break 'blocks;
                        }
                        let i = (d - start) as usize;
                        bits[i / 64] |= 1 << (i % 64);
                    }
                    block.advance();
                    idx = 0;
                }
            }
            self.bits[c] = Some(bits);
        }
        let i = (doc - start) as usize;
        Ok(self.bits[c]
            .as_ref()
            .is_some_and(|bits| bits[i / 64] & (1 << (i % 64)) != 0))
    }

    /// BM25 of the terms at the current document that matched their unit in
    /// its best class, leaving out the units whose bits are set in `absent`.
    fn bm25(&self, absent: u64) -> f32 {
        // Summed in cursor order whatever the walk's plan, so that a record's
        // score is the same bits however it was reached.
        let mut sum = 0.0;
        for &c in &self.here {
            let cursor = &self.cursors[c];
            let u = &self.at[cursor.unit];
            if u.words == self.full[cursor.unit]
                && u.best == Some(cursor.class)
                && absent & (1 << cursor.unit.min(63)) == 0
            {
                sum += cursor.score(self.fieldnorms);
            }
        }
        sum
    }

    /// Fills `intervals`: for each unit, where it occurs in the current
    /// document, as sorted `(first, last)` position intervals (a word's
    /// positions, or the starts and ends of a phrase's exact occurrences).
    fn read_intervals(&mut self) -> Result<()> {
        for words in &mut self.positions {
            words.iter_mut().for_each(Vec::clear);
        }
        for i in 0..self.here.len() {
            let c = self.here[i];
            let (unit, word) = (self.cursors[c].unit, self.cursors[c].word);
            if self.at[unit].words != self.full[unit] {
                continue;
            }
            self.buffer.clear();
            self.cursors[c].positions(self.index, &mut self.buffer)?;
            self.positions[unit][word].extend_from_slice(&self.buffer);
        }
        for (u, words) in self.positions.iter_mut().enumerate() {
            for list in words.iter_mut() {
                list.sort_unstable();
                list.dedup();
            }
            let out = &mut self.intervals[u];
            out.clear();
            match &self.plan.units[u].phrase {
                None => out.extend(words[0].iter().map(|&p| (p, p))),
                Some(offsets) => out.extend(phrase_starts(words, offsets)),
            }
        }
        Ok(())
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
    stats: &TermStats,
    mentions: (&[Vec<MentionAt>], DocId),
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
    // Links: the passages that mention the entries the query names.
    let (mentions_of, first_passage) = mentions;
    for link in &plan.links {
        for m in &mentions_of[link.entry as usize] {
            let doc = first_passage + m.passage;
            if (start..end).contains(&doc) {
                set(&mut matched, doc);
            }
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
            links: Vec::new(),
        };
        let whole = Filter {
            range: filter.range.clone(),
            kept_entries: None,
        };
        if let Some(walk) = Evaluator::new(&phrase_plan, index, whole, lexicon, stats, (&[], 0))? {
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
