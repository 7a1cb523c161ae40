//! *proximity*: records where consecutive query words stand closer
//! together come first.
//!
//! For each pair of consecutive query units (words, or quoted phrases), the
//! cost is the smallest distance between their positions in one text of the
//! record (a name or a body; texts are [`VALUE_GAP`](crate::index) positions
//! apart, so never close): 1 for neighbours in query order, one more when
//! the order is reversed, and at most [`PROXIMITY_CAP`], which is also the
//! cost of a pair with a word the record does not match. Removed stop words
//! keep their positions, so `pilote de réforme` costs 2. The rule sums the
//! costs; a smaller sum ranks first.

use serde::Serialize;

use super::{order_of, share, Found, Ranking, Rule, Values};
use crate::search::plan::Plan;

/// The most a pair of consecutive query units can cost.
pub(crate) const PROXIMITY_CAP: u32 = 8;

// Two texts of a record are further apart in the index than the cap.
const _: () = assert!(crate::index::VALUE_GAP >= PROXIMITY_CAP);

/// The proximity rule.
pub(crate) struct Proximity;

/// The number of consecutive pairs in the query.
fn pairs(plan: &Plan) -> u32 {
    plan.units.len().saturating_sub(1) as u32
}

/// The smallest possible sum: every pair adjacent and in order.
pub(crate) fn best_sum(plan: &Plan) -> u32 {
    pairs(plan)
}

impl Rule for Proximity {
    fn name(&self) -> &'static str {
        "proximity"
    }

    fn by_unit(&self) -> bool {
        false
    }

    /// The sum of the pair costs, or the best sum before positions are read.
    fn measure(&self, found: &Found<'_>, plan: &Plan) -> u32 {
        found.intervals.map_or(best_sum(plan), sum)
    }

    fn rank(&self, value: u32, plan: &Plan) -> u32 {
        pairs(plan) * PROXIMITY_CAP - value.min(pairs(plan) * PROXIMITY_CAP)
    }

    fn best(&self, plan: &Plan) -> u32 {
        pairs(plan) * (PROXIMITY_CAP - 1)
    }

    fn score(&self, ranking: &Ranking) -> f32 {
        ranking.proximity.score
    }

    fn summary(&self, ranking: &Ranking) -> String {
        format!("proximity {}", ranking.proximity.distance)
    }
}

/// The cost of a pair of units, given each unit's occurrences as sorted
/// `(first, last)` position intervals; `PROXIMITY_CAP` when either is empty.
pub(crate) fn pair_cost(a: &[(u32, u32)], b: &[(u32, u32)]) -> u32 {
    let mut best = PROXIMITY_CAP;
    for &(a_first, a_last) in a {
        for &(b_first, b_last) in b {
            let cost = if b_first > a_last {
                b_first - a_last
            } else if a_first > b_last {
                a_first - b_last + 1
            } else {
                // Overlapping: one token matched both (a compound's joined form).
                1
            };
            best = best.min(cost);
            if best == 1 {
                return 1;
            }
        }
    }
    best
}

/// The sum of the pair costs of consecutive units.
pub(crate) fn sum(units: &[Vec<(u32, u32)>]) -> u32 {
    units.windows(2).map(|w| pair_cost(&w[0], &w[1])).sum()
}

/// How close the query's words are.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProximityDetails {
    /// Where the rule stands among the rules (2).
    pub order: u8,
    /// Sum of the costs of consecutive query units (smaller is better).
    pub distance: u32,
    /// The smallest possible sum for this query.
    pub best: u32,
    /// The largest: every pair at the cap.
    pub worst: u32,
    /// 1 at `best`, 0 at `worst`.
    pub score: f32,
}

impl ProximityDetails {
    pub(crate) fn new(values: &Values, plan: &Plan) -> ProximityDetails {
        let distance = values.of(&Proximity);
        ProximityDetails {
            order: order_of(&Proximity),
            distance,
            best: best_sum(plan),
            worst: pairs(plan) * PROXIMITY_CAP,
            score: share(Proximity.rank(distance, plan), Proximity.best(plan)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_count_positions_and_reversal() {
        let at = |p: u32| vec![(p, p)];
        assert_eq!(pair_cost(&at(3), &at(4)), 1);
        assert_eq!(pair_cost(&at(3), &at(5)), 2);
        assert_eq!(pair_cost(&at(4), &at(3)), 2, "reversed costs one more");
        assert_eq!(pair_cost(&at(3), &at(3)), 1);
        assert_eq!(pair_cost(&at(0), &at(100)), PROXIMITY_CAP);
        assert_eq!(pair_cost(&[], &at(1)), PROXIMITY_CAP);
        // The closest occurrences count.
        assert_eq!(pair_cost(&[(0, 0), (10, 10)], &[(12, 12), (30, 30)]), 2);
        // A phrase is an interval: distance from its end.
        assert_eq!(pair_cost(&[(2, 4)], &at(5)), 1);
        assert_eq!(sum(&[at(0), at(1), at(3)]), 3);
    }
}
