//! Rule 1, *typo*: among records matching as many words, those with fewer
//! words matched only through a typo come first.

use serde::Serialize;

use super::{share, Rule, Values};
use crate::search::plan::Plan;

/// The typo rule.
pub(crate) struct Typo;

impl Rule for Typo {
    fn rank(&self, values: &Values, plan: &Plan) -> u32 {
        plan.max_words - values.typos.min(plan.max_words)
    }

    fn best(&self, plan: &Plan) -> u32 {
        plan.max_words
    }
}

/// Words matched only through a typo.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypoDetails {
    /// Always 1.
    pub order: u8,
    /// Matched words whose best match is a typo.
    pub typos: u32,
    /// The most there could be: the query's words.
    pub max: u32,
    /// `1 - typos / max`.
    pub score: f32,
}

impl TypoDetails {
    pub(crate) fn new(values: &Values, plan: &Plan) -> TypoDetails {
        TypoDetails {
            order: 1,
            typos: values.typos,
            max: plan.max_words,
            score: share(Typo.rank(values, plan), Typo.best(plan)),
        }
    }
}
