//! What a load noticed and went on with: [`Warning`].

use std::fmt;

use serde::{Deserialize, Serialize};

use super::EntryId;

/// Something a load noticed in the data and went on with, so that nothing
/// is dropped silently ([`Glossary::warnings`](crate::Glossary::warnings)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Warning {
    /// Two entries have a name that analyzes the same (`zone pilote` and
    /// `Zones pilotes`): in a text, it is recognized as the first entry's.
    SharedName {
        /// The name, as the second entry writes it.
        name: String,
        /// The entry that keeps it in term recognition.
        first: EntryId,
        /// The entry that shares it.
        second: EntryId,
    },
    /// A termbase had terms in languages this crate does not read (it reads
    /// French and English, any region): they were skipped.
    SkippedLanguages {
        /// How many terms were skipped, per language code, sorted.
        terms: Vec<(String, usize)>,
    },
    /// A termbase had concepts without a French or an English term, which an
    /// entry needs: they were skipped.
    SkippedConcepts {
        /// How many.
        count: usize,
        /// The first one's id (or line), to look it up.
        first: String,
    },
    /// A name's status is not one this crate knows (TBX's
    /// `administrativeStatus`, `usageStatus`, `normativeAuthorization`): the
    /// name is read as deprecated, never as a name to use.
    UnknownStatus {
        /// The entry (its id, or its line when the file gives no id).
        entry: String,
        /// The name.
        name: String,
        /// The status as the file writes it.
        value: String,
    },
    /// A name has no word that can be searched or recognised (only stop
    /// words or punctuation, such as `en`): it was skipped.
    UnsearchableName {
        /// The entry.
        entry: EntryId,
        /// The name.
        name: String,
        /// Whether the entry was skipped too, having no other name in that
        /// language.
        entry_skipped: bool,
    },
    /// A name holds more words than any name may
    /// ([`MAX_NAME_WORDS`](crate::limits::MAX_NAME_WORDS)): most likely a
    /// definition in the wrong field. It was skipped.
    NameTooLong {
        /// The entry.
        entry: EntryId,
        /// How many words the name holds.
        words: usize,
        /// Whether the entry was skipped too, having no other name in that
        /// language.
        entry_skipped: bool,
    },
    /// A termbase had definitions whose language nothing says (no
    /// `xml:lang` on them or around them, the file's included): they were
    /// skipped.
    SkippedDefinitions {
        /// How many.
        count: usize,
        /// The first one's entry (its id, or its line).
        first: String,
    },
}

/// How many items a warning lists before it only counts the rest.
const LISTED: usize = 5;

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::SharedName {
                name,
                first,
                second,
            } => write!(
                f,
                "entries `{first}` and `{second}` share the name {name:?}: a text that uses it is recognized as `{first}`"
            ),
            Warning::SkippedLanguages { terms } => {
                let total: usize = terms.iter().map(|(_, n)| n).sum();
                let mut list: Vec<String> = terms
                    .iter()
                    .take(LISTED)
                    .map(|(l, n)| format!("{}: {n}", if l.is_empty() { "no language" } else { l }))
                    .collect();
                if terms.len() > LISTED {
                    list.push(format!("and {} more languages", terms.len() - LISTED));
                }
                let (what, were) = if total == 1 {
                    ("term", "was")
                } else {
                    ("terms", "were")
                };
                write!(
                    f,
                    "{total} {what} in languages other than French and English {were} skipped ({})",
                    list.join(", ")
                )
            }
            Warning::SkippedConcepts { count, first } => {
                let (what, were) = if *count == 1 {
                    ("concept", "was")
                } else {
                    ("concepts", "were")
                };
                write!(
                    f,
                    "{count} {what} without both a French and an English term {were} skipped (the first: {first})"
                )
            }
            Warning::UnknownStatus { entry, name, value } => write!(
                f,
                "entry `{entry}`: the status {value:?} of {name:?} is not one this crate knows (preferred, admitted, deprecated, superseded and their TBX forms): read as deprecated"
            ),
            Warning::UnsearchableName {
                entry,
                name,
                entry_skipped,
            } => {
                write!(
                    f,
                    "entry `{entry}`: the name {name:?} has no word that can be searched (only stop words or punctuation): skipped"
                )?;
                if *entry_skipped {
                    write!(f, ", and the entry with it (no other name in its language)")?;
                }
                Ok(())
            }
            Warning::NameTooLong {
                entry,
                words,
                entry_skipped,
            } => {
                write!(
                    f,
                    "entry `{entry}`: a name of {words} words is no name (at most {}): skipped",
                    super::MAX_NAME_WORDS
                )?;
                if *entry_skipped {
                    write!(f, ", and the entry with it (no other name in its language)")?;
                }
                Ok(())
            }
            Warning::SkippedDefinitions { count, first } => {
                let (what, were) = if *count == 1 {
                    ("definition", "was")
                } else {
                    ("definitions", "were")
                };
                write!(
                    f,
                    "{count} {what} in no stated language (no xml:lang on them, around them or on the file) {were} skipped (the first: entry `{first}`)"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_read_as_one_line_each() {
        let shared = Warning::SharedName {
            name: "zone".into(),
            first: EntryId::new("a"),
            second: EntryId::new("b"),
        };
        assert_eq!(
            shared.to_string(),
            "entries `a` and `b` share the name \"zone\": a text that uses it is recognized as `a`"
        );
        let one = Warning::SkippedLanguages {
            terms: vec![("de-de".into(), 1)],
        };
        assert_eq!(
            one.to_string(),
            "1 term in languages other than French and English was skipped (de-de: 1)"
        );
        let two = Warning::SkippedLanguages {
            terms: vec![("de".into(), 1), ("it".into(), 2)],
        };
        assert!(two.to_string().starts_with("3 terms in languages"));
        let many = Warning::SkippedLanguages {
            terms: (0..200).map(|i| (format!("x{i:03}"), 1)).collect(),
        };
        assert_eq!(
            many.to_string(),
            "200 terms in languages other than French and English were skipped (x000: 1, x001: 1, x002: 1, x003: 1, x004: 1, and 195 more languages)"
        );
        let status = Warning::UnknownStatus {
            entry: "c1".into(),
            name: "GoO".into(),
            value: "legal-ish".into(),
        };
        assert!(status
            .to_string()
            .starts_with("entry `c1`: the status \"legal-ish\" of \"GoO\""));
        let name = Warning::UnsearchableName {
            entry: EntryId::new("c2"),
            name: "en".into(),
            entry_skipped: true,
        };
        assert!(name
            .to_string()
            .ends_with("skipped, and the entry with it (no other name in its language)"));
        let concepts = Warning::SkippedConcepts {
            count: 2,
            first: "c9".into(),
        };
        assert_eq!(
            concepts.to_string(),
            "2 concepts without both a French and an English term were skipped (the first: c9)"
        );
    }
}
