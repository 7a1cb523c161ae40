//! *typo*: among records matching as many words, those with fewer words
//! matched only through a typo come first.

use serde::Serialize;

use super::{order_of, share, Ranking, Rule, UnitFound, Values};
use crate::search::plan::{Class, Plan};

/// The typo rule.
pub(crate) struct Typo;

impl Rule for Typo {
    fn name(&self) -> &'static str {
        "typo"
    }

    fn counts(&self, unit: &UnitFound) -> bool {
        unit.best == Some(Class::Typo)
    }

    fn rank(&self, value: u32, plan: &Plan) -> u32 {
        plan.max_words - value.min(plan.max_words)
    }

    fn best(&self, plan: &Plan) -> u32 {
        plan.max_words
    }

    fn score(&self, ranking: &Ranking) -> f32 {
        ranking.typo.score
    }

    fn summary(&self, ranking: &Ranking) -> String {
        format!("typos {}", ranking.typo.typos)
    }
}

/// Words matched only through a typo.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypoDetails {
    /// Where the rule stands among the rules (1).
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
        let typos = values.of(&Typo);
        TypoDetails {
            order: order_of(&Typo),
            typos,
            max: plan.max_words,
            score: share(Typo.rank(typos, plan), Typo.best(plan)),
        }
    }
}
