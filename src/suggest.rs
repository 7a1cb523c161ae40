//! Exact lookup and autocomplete over entry names (French and English terms
//! and aliases), insensitive to case, accents and elision.

use std::collections::HashMap;

use serde::Serialize;

use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{analyze_with, Pipeline, FRENCH_ELISIONS};
use crate::error::{Input, QueryError};
use crate::limits::{check_text, MAX_LIMIT, MAX_QUERY_BYTES};
use crate::model::{Entry, EntryId, LabelKind};

/// One autocomplete proposal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion<'g> {
    /// The name, as written in the glossary.
    pub text: &'g str,
    /// Which name it is.
    pub label: LabelKind,
    /// The entry it names.
    pub entry: &'g EntryId,
}

#[derive(Debug, Clone)]
struct Label {
    entry: usize,
    kind: LabelKind,
    /// Index of the text in the entry's labels (term, aliases, term_en, aliases_en).
    nth: usize,
    words: Vec<String>,
}

/// Normalized entry names, and the label analyzer, built once at load time
/// (cloning it per call is cheaper than assembling the pipeline again).
#[derive(Clone)]
pub(crate) struct Labels {
    labels: Vec<Label>,
    exact: HashMap<Vec<String>, usize>,
    analyzer: TextAnalyzer,
}

impl Labels {
    /// The label analysis of `text`: folded words, stop words kept.
    pub(crate) fn normalize(&self, text: &str) -> Vec<String> {
        // A compound is matched through its parts, as it is written apart.
        analyze_with(&mut self.analyzer.clone(), text)
            .into_iter()
            .filter(|t| t.width == 1)
            .map(|t| t.text)
            .collect()
    }
}

impl Labels {
    pub(crate) fn new(entries: &[Entry]) -> Labels {
        let mut this = Labels {
            labels: Vec::new(),
            exact: HashMap::new(),
            analyzer: Pipeline::Label.analyzer(),
        };
        for (i, e) in entries.iter().enumerate() {
            for (nth, (text, kind)) in e.labels_with_kind().enumerate() {
                let words = this.normalize(text);
                // The first entry to claim a name keeps it.
                this.exact.entry(words.clone()).or_insert(i);
                this.labels.push(Label {
                    entry: i,
                    kind,
                    nth,
                    words,
                });
            }
        }
        this
    }
}

impl Labels {
    /// The entry (by index) whose French or English term or alias is exactly
    /// `text`, ignoring case, accents, elision and punctuation.
    pub(crate) fn lookup(&self, text: &str) -> Option<usize> {
        if text.len() > MAX_QUERY_BYTES {
            return None;
        }
        self.exact.get(&self.normalize(text)).copied()
    }

    /// Up to `n` entry names that complete `prefix` (see
    /// [`Glossary::suggest`](crate::Glossary::suggest)).
    pub(crate) fn suggest<'g>(
        &self,
        entries: &'g [Entry],
        prefix: &str,
        n: usize,
    ) -> Result<Vec<Suggestion<'g>>, QueryError> {
        check_text(prefix, Input::Prefix)?;
        if n > MAX_LIMIT {
            return Err(QueryError::Limit {
                limit: n,
                max: MAX_LIMIT,
            });
        }
        let mut typed = self.normalize(prefix);
        let trimmed = prefix.trim_end();
        let complete_last = trimmed.len() < prefix.len();
        // `pôle d'` : the elided article is being typed, not searched for.
        if trimmed.ends_with(['\'', '’'])
            && typed
                .last()
                .is_some_and(|w| FRENCH_ELISIONS.contains(&w.as_str()))
        {
            typed.pop();
        }
        if typed.is_empty() {
            return Err(QueryError::OnlyStopWords {
                input: Input::Prefix,
                text: QueryError::shown(prefix),
            });
        }
        let mut found: Vec<(bool, usize, LabelKind, usize, usize)> = Vec::new();
        for (li, label) in self.labels.iter().enumerate() {
            if let Some((start, gaps)) = match_words(&label.words, &typed, complete_last) {
                let len = entries[label.entry]
                    .labels()
                    .nth(label.nth)
                    .map_or(0, str::len);
                found.push((start != 0, gaps, label.kind, len, li));
            }
        }
        found.sort();
        let mut out: Vec<Suggestion<'g>> = Vec::new();
        for (_, _, kind, _, li) in found {
            let label = &self.labels[li];
            let entry = &entries[label.entry];
            let text = entry.labels().nth(label.nth).unwrap_or(entry.term.as_str());
            if out.iter().any(|s| s.text == text) {
                continue;
            }
            if out.len() == n {
                break;
            }
            out.push(Suggestion {
                text,
                label: kind,
                entry: &entry.id,
            });
        }
        Ok(out)
    }
}

/// Matches the typed words against a name's words, in order, allowing other
/// words in between (`pôle santé` completes `pôle d’innovation en santé`).
/// Every typed word but the last must equal a name word; the last must be a
/// prefix of one (or equal it, when `complete_last`). Returns where the match
/// starts and how many name words it skipped.
fn match_words(words: &[String], typed: &[String], complete_last: bool) -> Option<(usize, usize)> {
    let (last, full) = typed.split_last()?;
    let fits_last = |w: &String| {
        if complete_last {
            w == last
        } else {
            w.starts_with(last.as_str())
        }
    };
    (0..words.len())
        .filter_map(|start| {
            let mut at = start;
            let mut gaps = 0;
            for (n, want) in full.iter().enumerate() {
                let found = words[at..].iter().position(|w| w == want)?;
                if n == 0 && found != 0 {
                    return None;
                }
                gaps += found;
                at += found + 1;
            }
            let found = if full.is_empty() {
                fits_last(&words[start]).then_some(0)?
            } else {
                words[at..].iter().position(fits_last)?
            };
            Some((start, gaps + found))
        })
        .min_by_key(|&(start, gaps)| (gaps, start))
}
