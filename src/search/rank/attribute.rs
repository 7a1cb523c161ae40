//! *attribute*: records where more query words are found in a name (the
//! French or English term or an alias) come before those where they are
//! found only in a body (a definition or a sentence).

use serde::Serialize;

use super::{order_of, share, Ranking, Rule, UnitFound, Values};
use crate::search::plan::Plan;

/// The attribute rule.
pub(crate) struct Attribute;

impl Rule for Attribute {
    fn name(&self) -> &'static str {
        "attribute"
    }

    fn counts(&self, unit: &UnitFound) -> bool {
        unit.names
    }

    fn rank(&self, value: u32, _plan: &Plan) -> u32 {
        value
    }

    fn best(&self, plan: &Plan) -> u32 {
        plan.max_words
    }

    fn score(&self, ranking: &Ranking) -> f32 {
        ranking.attribute.score
    }

    fn summary(&self, ranking: &Ranking) -> String {
        format!(
            "in names {}/{}",
            ranking.attribute.in_names, ranking.words.matched
        )
    }
}

/// Words found in a name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttributeDetails {
    /// Where the rule stands among the rules (3).
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
        let in_names = values.of(&Attribute);
        AttributeDetails {
            order: order_of(&Attribute),
            in_names,
            max: plan.max_words,
            score: share(Attribute.rank(in_names, plan), Attribute.best(plan)),
        }
    }
}
