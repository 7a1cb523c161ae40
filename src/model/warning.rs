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
}

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
                let list: Vec<String> = terms.iter().map(|(l, n)| format!("{l}: {n}")).collect();
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
