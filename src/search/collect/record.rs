//! One record measured: which of the query's units it holds and how, where
//! (positions, phrase occurrences), its rules' values and its BM25 score.

use std::cmp::Ordering;

use tantivy::DocId;

use crate::bitset::BitSet;
use crate::search::plan::Plan;
use crate::search::rank::{ranks, Found, Key, UnitFound, Values};
use crate::Result;

use super::{Candidate, Evaluator};

/// What the record being measured holds, reused from record to record.
pub(super) struct Scratch {
    /// The cursors at the record that measure it; filled by the walk.
    pub(super) here: Vec<usize>,
    /// For each unit, what the record holds of it.
    units: Vec<UnitFound>,
    /// For each unit and word, the word's positions in the record.
    positions: Vec<Vec<Vec<u32>>>,
    /// For each unit, where it occurs in the record.
    intervals: Vec<Vec<(u32, u32)>>,
    buffer: Vec<u32>,
}

impl Scratch {
    pub(super) fn new(plan: &Plan, cursors: usize) -> Scratch {
        Scratch {
            here: Vec::with_capacity(cursors),
            units: vec![UnitFound::default(); plan.units.len()],
            positions: plan
                .units
                .iter()
                .map(|u| vec![Vec::new(); u.words()])
                .collect(),
            intervals: vec![Vec::new(); plan.units.len()],
            buffer: Vec::new(),
        }
    }
}

impl Evaluator<'_> {
    /// Measures `doc` from the cursors in `scratch.here` (every cursor at
    /// `doc` that can change its key) and returns it if it beats `worst`
    /// (or if there is no worst yet). Positions are read, from every cursor
    /// at `doc`, only when the cheap values could beat `worst`.
    pub(super) fn rank(&mut self, doc: DocId, worst: Option<Key>) -> Result<Option<Candidate>> {
        // Summed in cursor order whatever the walk's plan, so that a record's
        // score is the same bits however it was reached.
        self.scratch.here.sort_unstable();
        let values = self.cheap_values();
        self.rank_from(doc, worst, values, false)
    }

    /// The values of a record holding the cursors in `scratch.here`
    /// (sorted) that need neither scores nor positions: BM25 at 0 and the
    /// best proximity a record could have. Fills `scratch.units`.
    pub(super) fn cheap_values(&mut self) -> Values {
        debug_assert!(self.scratch.here.is_sorted());
        let scratch = &mut self.scratch;
        scratch.units.iter_mut().for_each(UnitFound::clear);
        for &c in &scratch.here {
            let cursor = &self.cursors[c];
            scratch.units[cursor.unit].add(cursor.word, cursor.class, cursor.names);
        }
        for (found, unit) in scratch.units.iter_mut().zip(&self.plan.units) {
            found.matched = found.words.len() == unit.words();
        }
        Values::measure(
            &Found {
                units: &scratch.units,
                intervals: None,
            },
            self.plan,
        )
    }

    /// Whether a record with the [`cheap_values`](Self::cheap_values)
    /// `values` cannot beat `worst`, from what its cursors alone tell: no
    /// seek, no score read (BM25 at each cursor's best score).
    pub(super) fn hopeless(&self, values: &Values, worst: &Key) -> bool {
        match ranks(values, self.plan).cmp(&worst.ranks) {
            Ordering::Less => true,
            Ordering::Greater => false,
            Ordering::Equal => {
                // In cursor order, as `bm25` sums: each term at least the
                // score it adds there, so the sum bounds it.
                let mut best = 0.0;
                for &c in &self.scratch.here {
                    let cursor = &self.cursors[c];
                    let found = &self.scratch.units[cursor.unit];
                    if found.matched && found.best == Some(cursor.class) {
                        best += cursor.max;
                    }
                }
                best <= worst.bm25
            }
        }
    }

    /// [`rank`](Self::rank) once [`cheap_values`](Self::cheap_values) gave
    /// `values`, the cursors in `scratch.here` moved to `doc`. `complete`:
    /// `scratch.here` holds every cursor at `doc` (the window walk's marks
    /// say so), so no other is sought for positions.
    pub(super) fn rank_from(
        &mut self,
        doc: DocId,
        worst: Option<Key>,
        mut values: Values,
        complete: bool,
    ) -> Result<Option<Candidate>> {
        let plan = self.plan;
        let measured = self.scratch.here.len();
        if let Some(worst) = &worst {
            let beats = match ranks(&values, plan).cmp(&worst.ranks) {
                Ordering::Less => false,
                Ordering::Greater => true,
                Ordering::Equal => self.bm25(measured) > worst.bm25,
            };
            if !beats {
                return Ok(None);
            }
        }

        // Positions: phrases must hold, and proximity is measured.
        let needs_positions = plan.units.len() > 1 || plan.units.iter().any(|u| u.phrase.is_some());
        if needs_positions {
            // Every matched form gives positions, even those that can no
            // longer change the record's class or score.
            let others = if complete { 0 } else { self.cursors.len() };
            for c in 0..others {
                if self.cursors[c].subsumed
                    || self.scratch.here[..measured].binary_search(&c).is_ok()
                {
                    continue;
                }
                if self.cursors[c].seek(doc) == doc {
                    self.scratch.here.push(c);
                }
            }
            self.read_intervals()?;
            let scratch = &mut self.scratch;
            // A phrase whose words are there but not in order is absent.
            for (u, found) in scratch.units.iter_mut().enumerate() {
                if plan.units[u].phrase.is_some() && scratch.intervals[u].is_empty() {
                    found.matched = false;
                }
            }
            let found = Found {
                units: &scratch.units,
                intervals: Some(&scratch.intervals),
            };
            values = Values::measure(&found, plan);
        }
        values.bm25 = self.bm25(measured);
        let key = Key::new(&values, plan);
        // A record whose only match was a phrase out of order matches nothing.
        let matches = self.scratch.units.iter().any(|u| u.matched);
        if !matches || worst.is_some_and(|w| key.cmp(&w) != Ordering::Greater) {
            return Ok(None);
        }
        values.linked = Values::linked(
            &Found {
                units: &self.scratch.units,
                intervals: None,
            },
            plan,
        );
        let mut links = BitSet::default();
        for &c in &self.scratch.here[..measured] {
            let cursor = &self.cursors[c];
            if let Some(link) = cursor.link {
                if self.scratch.units[cursor.unit].best == Some(cursor.class) {
                    links.insert(link);
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

    /// BM25 of the first `measured` cursors of `scratch.here` whose term
    /// matched its unit in the unit's best class.
    fn bm25(&self, measured: usize) -> f32 {
        let mut sum = 0.0;
        for &c in &self.scratch.here[..measured] {
            let cursor = &self.cursors[c];
            let found = &self.scratch.units[cursor.unit];
            if found.matched && found.best == Some(cursor.class) {
                sum += cursor.score(self.fieldnorms);
            }
        }
        sum
    }

    /// Fills `scratch.intervals`: for each unit, where it occurs in the
    /// current document, as sorted `(first, last)` position intervals (a
    /// word's positions, or the starts and ends of a phrase's exact
    /// occurrences).
    fn read_intervals(&mut self) -> Result<()> {
        let scratch = &mut self.scratch;
        for words in &mut scratch.positions {
            words.iter_mut().for_each(Vec::clear);
        }
        for &c in &scratch.here {
            let (unit, word) = (self.cursors[c].unit, self.cursors[c].word);
            // A subsumed term's positions are among its stem's, read here.
            if !scratch.units[unit].matched || self.cursors[c].subsumed {
                continue;
            }
            scratch.buffer.clear();
            self.cursors[c].positions(self.index, &mut scratch.buffer)?;
            scratch.positions[unit][word].extend_from_slice(&scratch.buffer);
        }
        #[cfg(debug_assertions)]
        for &c in &scratch.here {
            let (unit, word) = (self.cursors[c].unit, self.cursors[c].word);
            if scratch.units[unit].matched && self.cursors[c].subsumed {
                scratch.buffer.clear();
                self.cursors[c].positions(self.index, &mut scratch.buffer)?;
                let read = &scratch.positions[unit][word];
                debug_assert!(
                    scratch.buffer.iter().all(|p| read.contains(p)),
                    "a subsumed term's positions are its stem's"
                );
            }
        }
        for (u, words) in scratch.positions.iter_mut().enumerate() {
            for list in words.iter_mut() {
                list.sort_unstable();
                list.dedup();
            }
            let out = &mut scratch.intervals[u];
            out.clear();
            match &self.plan.units[u].phrase {
                None => out.extend(words[0].iter().map(|&p| (p, p))),
                Some(offsets) => out.extend(phrase_starts(words, offsets)),
            }
        }
        Ok(())
    }

    /// Every document where the plan's one unit, a phrase, occurs.
    pub(super) fn phrase_docs(mut self) -> Result<Vec<DocId>> {
        let mut out = Vec::new();
        let end = self.filter.range.end;
        let words = self.plan.units[0].words();
        while let Some(doc) = self.cursors.iter().map(|c| c.doc).min() {
            if doc >= end {
                break;
            }
            let scratch = &mut self.scratch;
            scratch.units.iter_mut().for_each(UnitFound::clear);
            scratch.here.clear();
            for (c, cursor) in self.cursors.iter().enumerate() {
                if cursor.doc == doc {
                    scratch.here.push(c);
                    scratch.units[0].add(cursor.word, cursor.class, cursor.names);
                }
            }
            scratch.units[0].matched = scratch.units[0].words.len() == words;
            if scratch.units[0].matched {
                self.read_intervals()?;
                if !self.scratch.intervals[0].is_empty() {
                    out.push(doc);
                }
            }
            for cursor in &mut self.cursors {
                if cursor.doc == doc {
                    cursor.advance();
                }
            }
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
