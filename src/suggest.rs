//! Exact lookup and autocomplete over entry names (French and English terms
//! and aliases), insensitive to case, accents and elision.

use std::collections::HashMap;

use serde::Serialize;

use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{analyze_with, Pipeline, FRENCH_ELISIONS};
use crate::model::{Entry, EntryId};
use crate::search::check_query_text;
use crate::{Error, Glossary, Result};

/// Which name of an entry a [`Suggestion`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LabelKind {
    /// The French term.
    Term,
    /// A French alias.
    Alias,
    /// The English term.
    TermEn,
    /// An English alias.
    AliasEn,
}

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
    fn normalize(&self, text: &str) -> Vec<String> {
        analyze_with(&mut self.analyzer.clone(), text)
            .into_iter()
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
            let kinds = std::iter::once(LabelKind::Term)
                .chain(e.aliases.iter().map(|_| LabelKind::Alias))
                .chain(std::iter::once(LabelKind::TermEn))
                .chain(e.aliases_en.iter().map(|_| LabelKind::AliasEn));
            for (nth, (text, kind)) in e.labels().zip(kinds).enumerate() {
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

impl Glossary {
    /// The entry whose French or English term or alias is exactly `text`,
    /// ignoring case, accents, elision and punctuation.
    ///
    /// ```
    /// # use chongqing_glossary::Glossary;
    /// let glossary = Glossary::embedded()?;
    /// let entry = glossary.lookup("pilot finance zone").unwrap();
    /// assert_eq!(entry.id.as_str(), "zone-pilote-reforme-financiere");
    /// assert_eq!(glossary.lookup("ZONE PILOTE DE REFORME FINANCIERE").unwrap().id, entry.id);
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    pub fn lookup(&self, text: &str) -> Option<&Entry> {
        if text.len() > crate::search::MAX_QUERY_BYTES {
            return None;
        }
        let words = self.labels.normalize(text);
        self.labels.exact.get(&words).map(|&i| &self.entries[i])
    }

    /// Up to `n` entry names that complete `prefix`: each typed word must
    /// match a word of the name, in order, the last one as a prefix (unless
    /// `prefix` ends with a space). Names that start with the prefix come
    /// first, then terms before aliases, then shorter names.
    ///
    /// ```
    /// # use chongqing_glossary::Glossary;
    /// let glossary = Glossary::embedded()?;
    /// let s = glossary.suggest("pole d'innovation sa", 5)?;
    /// assert_eq!(s[0].entry.as_str(), "pole-innovation-sante-vie");
    /// assert!(s.iter().any(|s| s.text == "Pôle d’innovation en santé et vie"));
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Query`] when `prefix` is blank or over the query limits
    /// ([`MAX_QUERY_BYTES`](crate::MAX_QUERY_BYTES),
    /// [`MAX_QUERY_WORDS`](crate::MAX_QUERY_WORDS)).
    pub fn suggest(&self, prefix: &str, n: usize) -> Result<Vec<Suggestion<'_>>> {
        check_query_text(prefix)?;
        let mut typed = self.labels.normalize(prefix);
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
            return Err(Error::query(prefix, "the prefix has no word to complete"));
        }
        let mut found: Vec<(bool, usize, LabelKind, usize, usize)> = Vec::new();
        for (li, label) in self.labels.labels.iter().enumerate() {
            if let Some((start, gaps)) = match_words(&label.words, &typed, complete_last) {
                let len = self.entries[label.entry]
                    .labels()
                    .nth(label.nth)
                    .map_or(0, str::len);
                found.push((start != 0, gaps, label.kind, len, li));
            }
        }
        found.sort();
        let mut out: Vec<Suggestion<'_>> = Vec::new();
        for (_, _, kind, _, li) in found {
            let label = &self.labels.labels[li];
            let entry = &self.entries[label.entry];
            let text = entry.labels().nth(label.nth).unwrap_or(&entry.term);
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
