//! Cursors: one term's postings (or one entry's mentions) walked block by
//! block, with the term's BM25 weight and best score.

use std::ops::Range;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{BlockSegmentPostings, Postings, SegmentPostings, TermInfo};
use tantivy::query::Bm25Weight;

use tantivy::{DocId, DocSet, TERMINATED};

use crate::bitset::BitSet;
use crate::index::SearchIndex;
use crate::search::plan::Class;
use crate::Result;

/// Where a cursor's documents come from.
// A query has a few cursors, walked on every record: keeping the postings'
// decoded block inline (about 1 KB) spares an indirection on that path.
#[allow(clippy::large_enum_variant)]
pub(super) enum Source {
    /// A term's postings in the index.
    Postings {
        block: BlockSegmentPostings,
        idx: usize,
        info: TermInfo,
        /// Opened the first time positions are needed (boxed: most cursors
        /// never need them, and a small cursor is cheap to open and move).
        positions: Option<Box<SegmentPostings>>,
    },
    /// A term's postings read with their positions from the start: for the
    /// [`window`](super::window) walk, which reads positions of most records
    /// it moves the cursor to (one decoding of each block instead of two).
    /// Its blocks' best scores are not read: the term's best stands for them.
    Positioned {
        postings: Box<SegmentPostings>,
        info: TermInfo,
    },
    /// The passages that mention an entry the query names.
    Mentions { docs: Vec<DocId>, idx: usize },
}

/// A cursor over one term's documents (or one entry's mentions), with its
/// BM25 weight.
pub(super) struct Cursor {
    pub(super) source: Source,
    pub(super) doc: DocId,
    pub(super) weight: Bm25Weight,
    /// The best score of any document.
    pub(super) max: f32,
    pub(super) unit: usize,
    pub(super) word: usize,
    pub(super) class: Class,
    pub(super) names: bool,
    /// For a link, its index in the plan's links.
    pub(super) link: Option<usize>,
    /// Its term's positions are among another cursor's of its unit
    /// ([`PlanTerm::subsumed`]): they are not read.
    ///
    /// [`PlanTerm::subsumed`]: crate::search::plan::PlanTerm::subsumed
    pub(super) subsumed: bool,
}

/// Documents per block of Tantivy's postings (its `COMPRESSION_BLOCK_SIZE`,
/// part of the index format). A block's decoded arrays are padded past its
/// last document with `TERMINATED`, which is how the end is seen.
pub(super) const BLOCK: usize = 128;

impl Cursor {
    #[inline]
    pub(super) fn advance(&mut self) -> DocId {
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
            Source::Positioned { postings, .. } => postings.advance(),
            Source::Mentions { docs, idx } => {
                *idx += 1;
                docs.get(*idx).copied().unwrap_or(TERMINATED)
            }
        };
        self.doc
    }

    #[inline]
    pub(super) fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.doc = match &mut self.source {
            Source::Postings { block, idx, .. } => {
                *idx = block.seek(target);
                block.doc(*idx)
            }
            Source::Positioned { postings, .. } => postings.seek(target),
            Source::Mentions { docs, idx } => {
                *idx += docs[*idx..].partition_point(|&d| d < target);
                docs.get(*idx).copied().unwrap_or(TERMINATED)
            }
        };
        self.doc
    }

    #[inline]
    pub(super) fn score(&self, fieldnorms: &FieldNormReader) -> f32 {
        let tf = match &self.source {
            Source::Postings { block, idx, .. } => block.freq(*idx),
            Source::Positioned { postings, .. } => postings.term_freq(),
            Source::Mentions { .. } => 1,
        };
        self.weight.score(fieldnorms.fieldnorm_id(self.doc), tf)
    }

    /// The best BM25 score of a document of the current block.
    pub(super) fn block_max(&mut self, fieldnorms: &FieldNormReader) -> f32 {
        match &mut self.source {
            Source::Postings { block, .. } => block.block_max_score(fieldnorms, &self.weight),
            Source::Positioned { .. } | Source::Mentions { .. } => self.max,
        }
    }

    /// The last document of the current block (a list of mentions is one block).
    pub(super) fn last_in_block(&self) -> DocId {
        match &self.source {
            Source::Postings { block, .. } => block.doc(block.block_len().saturating_sub(1)),
            // Its blocks are not seen: one block to the end.
            Source::Positioned { .. } => TERMINATED,
            Source::Mentions { docs, .. } => docs.last().copied().unwrap_or(TERMINATED),
        }
    }

    /// How many documents the cursor has in all.
    pub(super) fn len(&self) -> u32 {
        match &self.source {
            Source::Postings { block, .. } => block.doc_freq(),
            Source::Positioned { postings, .. } => postings.doc_freq(),
            Source::Mentions { docs, .. } => docs.len() as u32,
        }
    }

    /// Appends the positions of the term in the current document. A link
    /// has none: a word matched only through a link is close to nothing, so
    /// that a passage never looks closer to the query than the name it
    /// mentions.
    pub(super) fn positions(&mut self, index: &SearchIndex, out: &mut Vec<u32>) -> Result<()> {
        match &mut self.source {
            Source::Postings {
                info, positions, ..
            } => {
                if positions.is_none() {
                    *positions = index.postings(info)?.map(Box::new);
                }
                if let Some(postings) = positions {
                    if postings.doc() <= self.doc && postings.seek(self.doc) == self.doc {
                        postings.positions(out);
                    }
                }
            }
            Source::Positioned { postings, .. } => postings.positions(out),
            Source::Mentions { .. } => {}
        }
        Ok(())
    }
}

/// Adds the documents of `term` within `range` to `docs`, as offsets from
/// the range's start.
pub(super) fn add_docs(
    index: &SearchIndex,
    term: &TermInfo,
    range: &Range<DocId>,
    docs: &mut BitSet,
) -> Result<()> {
    let Some(mut block) = index.block_postings(term, false)? else {
        return Ok(());
    };
    let mut idx = block.seek(range.start);
    while block.block_len() > 0 {
        let block_docs = &block.docs()[idx..];
        let below = block_docs.partition_point(|&d| d < range.end);
        docs.insert_sorted(&block_docs[..below], range.start);
        if below < block_docs.len() {
            break;
        }
        block.advance();
        idx = 0;
    }
    Ok(())
}
