//! A ranked record made a [`Hit`]: its record, score, ranking, the
//! entries whose links brought it, and its snippet with the words the
//! query matched highlighted.

use std::borrow::Cow;

use super::collect::Candidate;
use super::plan::{Highlight, Plan};
use super::results::{Hit, Record};
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
            .get_or_insert_with(|| HighlightRaws::new(engine.analyzers.vocabulary(), highlight));
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
    let (record, snippet) = match ord.checked_sub(engine.entries.len()) {
        Some(p) => {
            let passage = engine.passages.get(p);
            let tokens = words.of(p, passage.text, &plan.highlight);
            let mut highlights =
                snippet::highlights(&plan.highlight, Lang::French, passage.text, &tokens);
            // A passage reached through a link shows the mention (merged
            // again with the words' highlights, which come merged).
            if !via.is_empty() {
                for &entry in &via {
                    highlights.extend(
                        engine.links.entry_mentions[entry as usize]
                            .iter()
                            .filter(|m| m.passage as usize == p)
                            .map(|m| m.span.clone()),
                    );
                }
                highlights = snippet::merge(passage.text, highlights);
            }
            let snippet = snippet::snippet(passage.text, highlights);
            (Record::Passage(passage), snippet)
        }
        None => {
            let entry = &engine.entries[ord];
            (Record::Entry(entry), entry_snippet(engine, plan, ord))
        }
    };
    Hit {
        score: rank::score(&candidate.key, plan),
        snippet,
        record,
        ranking: explain.then(|| Ranking::new(&candidate.values, plan)),
        via: via
            .into_iter()
            .map(|e| &engine.entries[e as usize].id)
            .collect(),
    }
}

/// The snippet of an entry: its definition if the query matched there,
/// otherwise the first name that matched, otherwise the definition (or the
/// term when there is none).
fn entry_snippet(engine: &Engine, plan: &Plan, ord: usize) -> Snippet {
    let entry = &engine.entries[ord];
    let texts = engine.entry_texts.of(ord);
    let preferred = texts
        .clone()
        .filter(|t| t.part == EntryPart::Definition)
        .chain(texts.filter(|t| t.part != EntryPart::Definition));
    for text in preferred {
        let body = text.text(entry);
        let highlights = snippet::highlights(&plan.highlight, text.lang, body, text.tokens);
        if !highlights.is_empty() {
            return snippet::snippet(body, highlights);
        }
    }
    snippet::snippet(
        entry.definition.as_deref().unwrap_or(entry.term.as_str()),
        Vec::new(),
    )
}
