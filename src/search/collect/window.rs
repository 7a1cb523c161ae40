//! The windowed walk, for queries of several units: the records of a window
//! of document ids are first marked with the cursors that hold them (each
//! cursor's postings read straight through, as Tantivy's union scorer
//! does), and only the records whose words could still beat the worst kept
//! are measured.
//!
//! A query of several words mostly matches records that hold one of them;
//! once `k` records holding more are kept, a record's mark tells it cannot
//! enter without a seek, a score or a position read. The marks are a `u64`
//! per record, a bit per cursor, so the walk serves plans of at most
//! [`MAX_CURSORS`] cursors.

use tantivy::postings::BlockSegmentPostings;
use tantivy::{DocId, TERMINATED};

use crate::bitset::BitSet;
use crate::index::SearchIndex;
use crate::search::rank::{order_of, words::Words, Key, Rule};
use crate::Result;

use super::cursor::Source;
use super::{Candidate, Evaluator, Top};

/// The most cursors a plan may have for this walk.
pub(super) const MAX_CURSORS: usize = 64;

/// Records per window: their marks (8 bytes each) stay in the L1/L2 cache.
#[cfg(not(test))]
const WINDOW: usize = 4096;
/// Small in tests, so that the test corpus spans several windows.
#[cfg(test)]
const WINDOW: usize = 512;

/// A second reader of a cursor's documents, which fills the marks and
/// leaves the cursor itself where the measuring needs it: its own block
/// reader for a term, an index into the cursor's list for mentions.
struct Scan {
    block: Option<BlockSegmentPostings>,
    idx: usize,
}

/// The marks of one window: for each record, the cursors that hold it, and
/// which records have any.
struct Marks {
    start: DocId,
    cursors: Vec<u64>,
    any: BitSet,
}

impl Marks {
    /// Marks `docs` (sorted, in the window) with `bit`.
    #[inline]
    fn mark(&mut self, docs: &[DocId], bit: u64) {
        for &doc in docs {
            self.cursors[(doc - self.start) as usize] |= bit;
        }
        self.any.insert_sorted(docs, self.start);
    }
}

impl Scan {
    fn new(source: &Source, index: &SearchIndex, from: DocId) -> Result<Scan> {
        Ok(match source {
            Source::Postings { info, .. } | Source::Positioned { info, .. } => {
                let mut block = index.block_postings(info, false)?;
                let idx = block.as_mut().map_or(0, |b| b.seek(from));
                Scan { block, idx }
            }
            Source::Mentions { docs, .. } => Scan {
                block: None,
                idx: docs.partition_point(|&d| d < from),
            },
        })
    }

    /// The next document the scan has not marked.
    fn next(&self, source: &Source) -> DocId {
        unmarked(&self.block, source)
            .get(self.idx)
            .copied()
            .unwrap_or(TERMINATED)
    }

    /// Marks the documents below `stop` with `bit`.
    fn fill(&mut self, source: &Source, stop: DocId, marks: &mut Marks, bit: u64) {
        loop {
            let docs = unmarked(&self.block, source);
            let more = !docs.is_empty();
            let rest = docs.get(self.idx..).unwrap_or_default();
            let below = rest.partition_point(|&d| d < stop);
            marks.mark(&rest[..below], bit);
            self.idx += below;
            if below < rest.len() {
                return;
            }
            match &mut self.block {
                Some(block) if more => {
                    block.advance();
                    self.idx = 0;
                }
                _ => return,
            }
        }
    }
}

/// The documents of a scan's current block (a term's), or of its cursor's
/// list (mentions).
fn unmarked<'s>(block: &'s Option<BlockSegmentPostings>, source: &'s Source) -> &'s [DocId] {
    match (block, source) {
        (Some(block), _) => block.docs(),
        (None, Source::Mentions { docs, .. }) => docs,
        (None, Source::Postings { .. } | Source::Positioned { .. }) => &[],
    }
}

/// What a record's mark says of its words: each cursor's query word (a bit
/// per word of every unit), and each unit's words and weight.
struct WordBits {
    /// For each cursor, the bit of its unit's word.
    of_cursor: Vec<u64>,
    /// For each unit, the bits of all its words, and its weight.
    units: Vec<(u64, u32)>,
}

impl WordBits {
    /// `None` when the plan's unit words do not fit in 64 bits.
    fn new(ev: &Evaluator<'_>) -> Option<WordBits> {
        let mut first = Vec::with_capacity(ev.plan.units.len());
        let mut next = 0;
        for unit in &ev.plan.units {
            first.push(next);
            next += unit.words();
        }
        if next > 64 {
            return None;
        }
        let units = ev
            .plan
            .units
            .iter()
            .zip(&first)
            .map(|(unit, &at)| {
                let words = if unit.words() == 64 {
                    u64::MAX
                } else {
                    ((1u64 << unit.words()) - 1) << at
                };
                (words, unit.weight)
            })
            .collect();
        let of_cursor = ev
            .cursors
            .iter()
            .map(|c| 1u64 << (first[c.unit] + c.word))
            .collect();
        Some(WordBits { of_cursor, units })
    }

    /// The words measure a record with mark `mark` can reach: the weights
    /// of the units it holds every word of (a phrase out of order only
    /// lowers it).
    #[inline]
    fn bound(&self, mut mark: u64) -> u32 {
        let mut words = 0;
        while mark != 0 {
            words |= self.of_cursor[mark.trailing_zeros() as usize];
            mark &= mark - 1;
        }
        self.units
            .iter()
            .filter(|&&(all, _)| words & all == all)
            .map(|&(_, weight)| weight)
            .sum()
    }
}

/// The `k` best records, best first, as the plain walk finds them, and how
/// many records within the filter hold a cursor (the plan's matches, when
/// it has no phrase).
pub(super) fn top(mut ev: Evaluator<'_>, k: usize) -> Result<(Vec<Candidate>, usize)> {
    debug_assert!(ev.cursors.len() <= MAX_CURSORS);
    let plan = ev.plan;
    // Without the words rule first, or with more than 64 query words,
    // marks do not exclude a record by its words.
    let words = WordBits::new(&ev).filter(|_| order_of(&Words) == 0);
    let range = ev.filter.range.clone();
    let scans: Result<Vec<Scan>> = ev
        .cursors
        .iter()
        .map(|c| Scan::new(&c.source, ev.index, range.start))
        .collect();
    let mut scans = scans?;
    // A small range needs no more marks than it has records.
    let window = WINDOW.min((range.end - range.start) as usize);
    let mut marks = Marks {
        start: range.start,
        cursors: vec![0; window],
        any: BitSet::new(window),
    };
    let mut top = Top::new(k);
    // The key a record must beat, once `k` are kept.
    let mut worst: Option<Key> = None;
    let mut held_any = 0;
    loop {
        // The next window starts at the first record some cursor holds.
        let start = scans
            .iter()
            .zip(&ev.cursors)
            .map(|(scan, cursor)| scan.next(&cursor.source))
            .min()
            .unwrap_or(TERMINATED);
        if start >= range.end {
            break;
        }
        let stop = start.saturating_add(window as DocId).min(range.end);
        marks.start = start;
        for (c, scan) in scans.iter_mut().enumerate() {
            scan.fill(&ev.cursors[c].source, stop, &mut marks, 1 << c);
        }
        for at in marks.any.drain() {
            let mark = std::mem::take(&mut marks.cursors[at]);
            let doc = start + at as DocId;
            if !ev.filter.keeps(doc) {
                continue;
            }
            held_any += 1;
            if k == 0 {
                continue;
            }
            if let (Some(worst), Some(words)) = (&worst, &words) {
                if Words.rank(words.bound(mark), plan) < worst.ranks[0] {
                    continue;
                }
            }
            ev.scratch.here.clear();
            let mut held = mark;
            while held != 0 {
                ev.scratch.here.push(held.trailing_zeros() as usize);
                held &= held - 1;
            }
            // The cursors' classes and best scores, before any seek.
            let values = ev.cheap_values();
            if worst.as_ref().is_some_and(|w| ev.hopeless(&values, w)) {
                continue;
            }
            for &c in &ev.scratch.here {
                let at = ev.cursors[c].seek(doc);
                debug_assert_eq!(at, doc, "cursor {c} lacks a marked record");
            }
            if let Some(candidate) = ev.rank_from(doc, worst, values, true)? {
                worst = top.push(candidate);
            }
        }
    }
    Ok((top.into_sorted(), held_any))
}
