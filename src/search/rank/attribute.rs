//! Rule 3, *attribute*: records where more query words are found in a name
//! (the French or English term or an alias) come before those where they
//! are found only in a body (a definition or a sentence).

use serde::Serialize;

use super::{share, Rule, Values};
use crate::search::plan::Plan;

/// The attribute rule.
pub(crate) struct Attribute;

impl Rule for Attribute {
    fn rank(&self, values: &Values, _plan: &Plan) -> u32 {
        values.names
    }

    fn best(&self, plan: &Plan) -> u32 {
        plan.max_words
    }
}

/// Words found in a name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttributeDetails {
    /// Always 3.
    pub order: u8,
    /// Matched words found in a term or alias.
    pub in_names: u32,
    /// The query's words.
    pub max: u32,
    /// `in_names / max`.
    pub score: f32,
}

impl AttributeDetails {
    pub(crate) fn new(values: &Values, plan: &Plan) -> AttributeDetails {
        AttributeDetails {
            order: 3,
            in_names: values.names,
            max: plan.max_words,
            score: share(values.names, plan.max_words),
        }
    }
}
