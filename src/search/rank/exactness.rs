//! Rule 4, *exactness*: records where more query words match in their exact
//! (folded) form come before those matched by stem, as a prefix or through
//! a typo.

use serde::Serialize;

use super::{share, Rule, Values};
use crate::search::plan::Plan;

/// The exactness rule.
pub(crate) struct Exactness;

impl Rule for Exactness {
    fn rank(&self, values: &Values, _plan: &Plan) -> u32 {
        values.exact
    }

    fn best(&self, plan: &Plan) -> u32 {
        plan.max_words
    }
}

/// Words matched exactly.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExactnessDetails {
    /// Always 4.
    pub order: u8,
    /// Matched words found in their exact form.
    pub exact: u32,
    /// The query's words.
    pub max: u32,
    /// `exact / max`.
    pub score: f32,
}

impl ExactnessDetails {
    pub(crate) fn new(values: &Values, plan: &Plan) -> ExactnessDetails {
        ExactnessDetails {
            order: 4,
            exact: values.exact,
            max: plan.max_words,
            score: share(values.exact, plan.max_words),
        }
    }
}
