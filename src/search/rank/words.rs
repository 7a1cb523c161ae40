//! Rule 0, *words*: records matching more distinct query words come first.
//! A word matches in any form (exact, stem, prefix, typo, or through a
//! link); a quoted phrase counts for all its words when it matches; stop
//! words are not query words.

use serde::Serialize;

use super::{share, Rule, Values};
use crate::search::plan::Plan;

/// The words rule.
pub(crate) struct Words;

impl Rule for Words {
    fn rank(&self, values: &Values, _plan: &Plan) -> u32 {
        values.words
    }

    fn best(&self, plan: &Plan) -> u32 {
        plan.max_words
    }
}

/// Words matched out of the query's words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WordsDetails {
    /// Always 0: the first rule.
    pub order: u8,
    /// Query words the record matches.
    pub matched: u32,
    /// Query words (stop words excluded).
    pub max: u32,
    /// `matched / max`.
    pub score: f32,
}

impl WordsDetails {
    pub(crate) fn new(values: &Values, plan: &Plan) -> WordsDetails {
        WordsDetails {
            order: 0,
            matched: values.words,
            max: plan.max_words,
            score: share(values.words, plan.max_words),
        }
    }
}
