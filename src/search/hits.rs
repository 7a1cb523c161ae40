//! A ranked record made a [`Hit`]: its record, score, ranking, the
//! entries whose links brought it, and its snippet with the words the
//! query matched highlighted.

use std::borrow::Cow;

use super::collect::Candidate;
use super::plan::{Highlight, Plan};
use super::results::{Hit, MatchedName, Record};
use super::snippet::{self, HighlightRaws, Snippet};
use super::{rank, Ranking};
use crate::analysis::{Lang, TextAnalysis, Tok};
use crate::engine::Engine;
use crate::texts::EntryPart;

/// The words of hit passages that a query may highlight: the kept words
/// of a small source, otherwise the words of the raw tokens that analyze
/// to a highlighted term (worked out at the first passage hit).
pub(super) struct PassageWords<'g, 'a> {
    engine: &'g Engine,
    analysis: &'a mut TextAnalysis,
    raws: Option<HighlightRaws<'g>>,
}

impl<'g, 'a> PassageWords<'g, 'a> {
    pub(super) fn new(engine: &'g Engine, analysis: &'a mut TextAnalysis) -> PassageWords<'g, 'a> {
        PassageWords {
            engine,
            analysis,
            raws: None,
        }
    }

    /// The words of passage `p`, whose text is `text`.
    fn of(&mut self, p: usize, text: &str, highlight: &Highlight) -> Cow<'_, [Tok]> {
        if let Some(kept) = self.engine.kept_passage_words(p, self.analysis) {
            return Cow::Borrowed(kept);
        }
        let engine = self.engine;
        let raws = self
            .raws
            .get_or_insert_with(|| HighlightRaws::new(engine.analyzers().vocabulary(), highlight));
        Cow::Owned(
            self.analysis
                .tokens_where(Lang::French, text, |raw| raws.holds(raw)),
        )
    }
}

/// The hit of a ranked record: the record, its score and its snippet.
pub(super) fn hit<'g>(
    engine: &'g Engine,
    plan: &Plan,
    candidate: &Candidate,
    explain: bool,
    words: &mut PassageWords<'g, '_>,
) -> Hit<'g> {
    let ord = candidate.doc as usize;
    // The entries whose links brought words the passage lacks.
    let mut via: Vec<u32> = candidate
        .links
        .iter()
        .map(|i| plan.links[i].entry)
        .collect();
    via.sort_unstable();
    via.dedup();
    let mut matched_names = Vec::new();
    let (record, snippet) = match ord.checked_sub(engine.entries().len()) {
        Some(p) => {
            let passage = engine.passages().get(p);
            let text = engine.passages().text(p);
            let tokens = words.of(p, text, &plan.highlight);
            let mut highlights = snippet::highlights(&plan.highlight, Lang::French, text, &tokens);
            // A passage reached through a link shows the mention (merged
            // again with the words' highlights, which come merged).
            if !via.is_empty() {
                for &entry in &via {
                    highlights.extend(
                        engine.links().entry_mentions[entry as usize]
                            .iter()
                            .filter(|m| m.passage as usize == p)
                            .map(|m| m.span.clone()),
                    );
                }
                highlights = snippet::merge(text, highlights);
            }
            let snippet = snippet::snippet(text, highlights);
            (Record::Passage(passage), snippet)
        }
        None => {
            let entry = &engine.entries()[ord];
            matched_names = names_matched(engine, plan, ord);
            let snippet = match matched_names.first() {
                Some(best) => snippet::snippet(&best.text, best.highlights.clone()),
                None => definition_snippet(engine, plan, ord),
            };
            (Record::Entry(Cow::Borrowed(entry)), snippet)
        }
    };
    Hit {
        score: rank::score(&candidate.key, plan),
        snippet,
        record,
        ranking: explain.then(|| Ranking::new(&candidate.values, plan)),
        via: via
            .into_iter()
            .map(|e| Cow::Borrowed(&engine.entries()[e as usize].id))
            .collect(),
        matched_names,
    }
}

/// The names of entry `ord` that the query matched, best first: the most
/// bytes matched, then a name every word of which matched, then the better
/// status, then the order of the names.
fn names_matched<'g>(engine: &'g Engine, plan: &Plan, ord: usize) -> Vec<MatchedName<'g>> {
    let entry = &engine.entries()[ord];
    let mut names: Vec<((usize, bool), MatchedName<'g>)> = Vec::new();
    let texts = engine.entry_texts().of(ord).filter(|t| t.is_name());
    for (text, (name, label)) in texts.zip(entry.names()) {
        let highlights =
            snippet::highlights(&plan.highlight, text.lang, name.as_str(), text.tokens);
        if highlights.is_empty() {
            continue;
        }
        let matched: usize = highlights.iter().map(|r| r.len()).sum();
        let whole = text.tokens.iter().all(|t| {
            let span = t.span();
            highlights
                .iter()
                .any(|h| h.start <= span.start && span.end <= h.end)
        });
        names.push((
            (matched, whole),
            MatchedName {
                text: Cow::Borrowed(name.as_str()),
                label,
                status: name.status_as(label),
                highlights,
            },
        ));
    }
    // The most matched, then a name matched whole (`pilot finance zone` is
    // the alias it names, not the longer term around the same words), then
    // the better status; stable, so the entry's order last.
    names.sort_by_key(|&((matched, whole), ref name)| {
        (std::cmp::Reverse(matched), !whole, name.status)
    });
    names.into_iter().map(|(_, name)| name).collect()
}

/// The snippet of an entry no name of which matched: the definition the
/// query matched most (so the one in the query's language), otherwise the
/// French definition, the English one, or the term when there is none.
fn definition_snippet(engine: &Engine, plan: &Plan, ord: usize) -> Snippet {
    let entry = &engine.entries()[ord];
    let best = engine
        .entry_texts()
        .of(ord)
        .filter(|t| !t.is_name())
        .map(|text| {
            let body = text.text(entry);
            let mut highlights = snippet::highlights(&plan.highlight, text.lang, body, text.tokens);
            if text.part == EntryPart::DefinitionEn {
                // Bodies are searched with the French analysis of the query
                // (English words are looked for in names): the English
                // definition's words that it matched are highlighted too.
                let french = snippet::highlights(&plan.highlight, Lang::French, body, text.tokens);
                highlights.extend(french);
                highlights = snippet::merge(body, highlights);
            }
            (body, highlights)
        })
        .filter(|(_, highlights)| !highlights.is_empty())
        // The first of the best: French on a tie.
        .reduce(|best, next| {
            let bytes = |h: &[std::ops::Range<usize>]| h.iter().map(|r| r.len()).sum::<usize>();
            if bytes(&next.1) > bytes(&best.1) {
                next
            } else {
                best
            }
        });
    match best {
        Some((body, highlights)) => snippet::snippet(body, highlights),
        None => {
            let text = entry.definition.as_deref();
            let text = text.or(entry.definition_en.as_deref());
            snippet::snippet(text.unwrap_or(entry.term.as_str()), Vec::new())
        }
    }
}
