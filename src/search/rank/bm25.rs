//! The last tie-break, *BM25*: Tantivy's BM25 formula over the terms each
//! query word matched in its best form, each word weighted by its rarity
//! across the whole corpus (names and bodies together) rather than per
//! field, so a rare word outweighs `innovation`, which is everywhere.

use serde::Serialize;

use super::{Values, RULE_COUNT};

/// The BM25 score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bm25Details {
    /// After every rule (5): the last tie-break.
    pub order: u8,
    /// The score (unbounded, higher is better).
    pub score: f32,
}

impl Bm25Details {
    pub(crate) fn new(values: &Values) -> Bm25Details {
        Bm25Details {
            order: RULE_COUNT as u8,
            score: values.bm25,
        }
    }
}
