//! *words*: records matching more distinct query words come first. A word
//! matches in any form (exact, stem, prefix, typo, or through a link); a
//! quoted phrase counts for all its words when it matches; stop words are
//! not query words.

use serde::Serialize;

use super::{order_of, share, Ranking, Rule, UnitFound, Values};
use crate::search::plan::Plan;

/// The words rule.
pub(crate) struct Words;

impl Rule for Words {
    fn name(&self) -> &'static str {
        "words"
    }

    fn counts(&self, _unit: &UnitFound) -> bool {
        true
    }

    fn rank(&self, value: u32, _plan: &Plan) -> u32 {
        value
    }

    fn best(&self, plan: &Plan) -> u32 {
        plan.max_words
    }

    fn score(&self, ranking: &Ranking) -> f32 {
        ranking.words.score
    }

    fn summary(&self, ranking: &Ranking) -> String {
        format!("words {}/{}", ranking.words.matched, ranking.words.max)
    }
}

/// Words matched out of the query's words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WordsDetails {
    /// Where the rule stands among the rules (0, the first).
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
        let matched = values.of(&Words);
        WordsDetails {
            order: order_of(&Words),
            matched,
            max: plan.max_words,
            score: share(Words.rank(matched, plan), Words.best(plan)),
        }
    }
}
