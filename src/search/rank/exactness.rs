//! *exactness*: records where more query words match in their exact
//! (folded) form come before those matched by stem, as a prefix or through
//! a typo.

use serde::Serialize;

use super::{order_of, share, Ranking, Rule, UnitFound, Values};
use crate::search::plan::{Class, Plan};

/// The exactness rule.
pub(crate) struct Exactness;

impl Rule for Exactness {
    fn name(&self) -> &'static str {
        "exactness"
    }

    fn counts(&self, unit: &UnitFound) -> bool {
        unit.best == Some(Class::Exact)
    }

    fn rank(&self, value: u32, _plan: &Plan) -> u32 {
        value
    }

    fn best(&self, plan: &Plan) -> u32 {
        plan.max_words
    }

    fn score(&self, ranking: &Ranking) -> f32 {
        ranking.exactness.score
    }

    fn summary(&self, ranking: &Ranking) -> String {
        format!(
            "exact {}/{}",
            ranking.exactness.exact, ranking.words.matched
        )
    }
}

/// Words matched exactly.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExactnessDetails {
    /// Where the rule stands among the rules (4).
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
        let exact = values.of(&Exactness);
        ExactnessDetails {
            order: order_of(&Exactness),
            exact,
            max: plan.max_words,
            score: share(Exactness.rank(exact, plan), Exactness.best(plan)),
        }
    }
}
