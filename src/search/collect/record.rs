//! One record measured: the gates it must pass, which of the query's words
//! it holds and where (positions, phrase occurrences), and its BM25 score.

use tantivy::DocId;

use crate::Result;

use super::cursor::Source;
use super::Evaluator;

impl Evaluator<'_> {
    /// Whether `doc` holds a cursor of every gate: a record that misses one
    /// cannot beat the worst kept.
    pub(super) fn passes_gates(&mut self, doc: DocId) -> Result<bool> {
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
    pub(super) fn holds(&mut self, c: usize, doc: DocId) -> Result<bool> {
        const BITSET_FROM: u32 = 2048;
        let term = match &self.cursors[c].source {
            Source::Postings { info, .. } if self.cursors[c].len() >= BITSET_FROM => info,
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
            if let Some(mut block) = self.index.block_postings(term, false)? {
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
    pub(super) fn bm25(&self, absent: u64) -> f32 {
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
    pub(super) fn read_intervals(&mut self) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn phrase_starts_need_every_word_at_its_offset() {
        let words = vec![vec![3, 10], vec![5, 11], vec![6]];
        assert_eq!(phrase_starts(&words, &[0, 2, 3]), [(3, 6)]);
        assert_eq!(phrase_starts(&words, &[0, 1, 2]), []);
    }
}
