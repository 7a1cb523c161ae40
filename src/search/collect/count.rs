//! Counting: how many records a plan matches, exactly up to a cap, without
//! ranking them.

use std::ops::Range;

use tantivy::DocId;

use crate::bitset::BitSet;
use crate::index::SearchIndex;
use crate::links::MentionAt;
use crate::search::plan::{Plan, PlanTerm};
use crate::stats::TermStats;
use crate::Result;

use super::cursor::add_docs;
use super::{Evaluator, Filter};

/// Counts the records a plan matches within `filter`, exactly up to `cap`:
/// `(count, exact)`, where `exact` is false when more than `cap` match (the
/// count is then `cap`).
pub(crate) fn count(
    plan: &Plan,
    index: &SearchIndex,
    filter: &Filter<'_>,
    stats: &TermStats,
    mentions: (&[Vec<MentionAt>], DocId),
    cap: Option<usize>,
) -> Result<(usize, bool)> {
    let Range { start, end } = filter.range.clone();
    if end <= start {
        return Ok((0, true));
    }
    let over = |n: usize| cap.is_some_and(|cap| n > cap);
    let single_words: Vec<usize> = plan
        .terms
        .iter()
        .enumerate()
        .filter(|(_, t)| plan.units[t.unit as usize].phrase.is_none())
        .map(|(i, _)| i)
        .collect();
    // One term alone already past the cap: no need to walk anything.
    if cap.is_some() && filter.kept_entries.is_none() {
        for &i in &single_words {
            let Some(info) = &plan.terms[i].info else {
                continue;
            };
            // A term in no more records than the cap cannot pass it.
            if !over(info.doc_freq as usize) {
                continue;
            }
            if let Some(mut block) = index.block_postings(info, false)? {
                let below = block.rank(start);
                let n = block.rank(end) - below;
                if over(n as usize) {
                    return Ok((cap.unwrap_or(0), false));
                }
            }
        }
    }
    let mut matched = BitSet::new((end - start) as usize);
    #[cfg(debug_assertions)]
    let mut subsumed: Vec<BitSet> = Vec::new();
    for &i in &single_words {
        match &plan.terms[i] {
            PlanTerm {
                info: Some(info),
                subsumed: false,
                ..
            } => add_docs(index, info, &filter.range, &mut matched)?,
            // Its records are among another term's, added above or below.
            #[cfg(debug_assertions)]
            PlanTerm {
                info: Some(info),
                subsumed: true,
                ..
            } => {
                let mut own = BitSet::new((end - start) as usize);
                add_docs(index, info, &filter.range, &mut own)?;
                subsumed.push(own);
            }
            _ => {}
        }
    }
    #[cfg(debug_assertions)]
    for own in &subsumed {
        debug_assert!(
            own.iter().all(|d| matched.contains(d)),
            "a subsumed term's records"
        );
    }
    // Links: the passages that mention the entries the query names.
    let (mentions_of, first_passage) = mentions;
    for link in &plan.links {
        for m in &mentions_of[link.entry as usize] {
            let doc = first_passage + m.passage;
            if (start..end).contains(&doc) {
                matched.insert((doc - start) as usize);
            }
        }
    }
    // Phrases: the documents with every word, then positions.
    for (u, unit) in plan.units.iter().enumerate() {
        if unit.phrase.is_none() {
            continue;
        }
        let phrase_plan = Plan {
            units: vec![unit.clone()],
            terms: plan
                .terms
                .iter()
                .filter(|t| t.unit as usize == u)
                .map(|t| crate::search::plan::PlanTerm {
                    unit: 0,
                    ..t.clone()
                })
                .collect(),
            max_words: unit.weight,
            highlight: Default::default(),
            links: Vec::new(),
        };
        let whole = Filter {
            range: filter.range.clone(),
            kept_entries: None,
        };
        if let Some(walk) = Evaluator::new(&phrase_plan, index, whole, stats, (&[], 0))? {
            for doc in walk.phrase_docs()? {
                matched.insert((doc - start) as usize);
            }
        }
    }
    // The set holds only the range: without kept entries, every bit counts.
    let n = match filter.kept_entries {
        None => matched.len(),
        Some(_) => matched
            .iter()
            .filter(|&i| filter.keeps(start + i as DocId))
            .count(),
    };
    Ok(match cap {
        Some(cap) if n > cap => (cap, false),
        _ => (n, true),
    })
}
