//! The entries of a build: each analyzed (its names and definitions), its
//! index document handed on at once, and names that analyze to nothing
//! dealt with on the way.

use crate::analysis::TextAnalysis;
use crate::formats::Imported;
use crate::index::{self, IndexText};
use crate::limits::MAX_NAME_WORDS;
use crate::model::{Entry, LabelKind, Status, Warning};
use crate::texts::{EntryPart, EntryTexts};
use crate::{Error, Result};

/// Analyzes every entry of `imported` in order, handing each one's index
/// document to `sink` as soon as it is analyzed.
///
/// A name that analyzes to nothing (only stop words or punctuation, `en`)
/// could never be found or recognised. When `strict` (`glossary.json`), a
/// term that does is an error at its place in the file; otherwise (a TBX or
/// CSV termbase) each such name is skipped with a warning, and an entry
/// left without a French or an English name with it.
pub(super) fn analyze(
    analysis: &mut TextAnalysis,
    imported: &mut Imported,
    strict: bool,
    sink: &mut dyn FnMut(String) -> Result<()>,
) -> Result<EntryTexts> {
    let mut texts = EntryTexts::default();
    let mut i = 0;
    while i < imported.entries.len() {
        texts.push_entry(analysis, &imported.entries[i]);
        // Names that cannot be names: without a searchable word, or longer
        // than any name.
        let bad: Vec<(usize, LabelKind, Unfit)> = texts
            .of(i)
            .filter_map(|t| {
                let EntryPart::Label(nth, kind) = t.part else {
                    return None;
                };
                let words = t.tokens.iter().filter(|w| w.width == 1).count();
                if t.tokens.is_empty() {
                    Some((nth, kind, Unfit::NoWord))
                } else if words > MAX_NAME_WORDS {
                    Some((nth, kind, Unfit::TooLong(words)))
                } else {
                    None
                }
            })
            .collect();
        if strict {
            // JSON is the crate's own format: a term without a word, or any
            // name past the limit, is refused rather than dropped.
            let refused = bad
                .iter()
                .find(|(_, kind, unfit)| kind.is_term() || matches!(unfit, Unfit::TooLong(_)));
            if let Some(&(nth, _, unfit)) = refused {
                let entry = &imported.entries[i];
                let (key, message) = refusal(entry, nth, unfit);
                return Err(Error::data(
                    imported.location(i, key),
                    crate::error::DataErrorKind::Rule,
                    message,
                ));
            }
        }
        let empty: Vec<(usize, LabelKind, Unfit)> = if strict { Vec::new() } else { bad };
        if !empty.is_empty() {
            texts.pop_entry();
            let (warnings, skipped) = skip_names(&mut imported.entries[i], &empty);
            imported.warnings.extend(warnings);
            if skipped {
                imported.remove(i);
                continue;
            }
            texts.push_entry(analysis, &imported.entries[i]);
        }
        let encoded: Vec<IndexText<'_>> = texts
            .of(i)
            .map(|t| IndexText {
                tokens: t.tokens,
                names: t.is_name(),
            })
            .collect();
        sink(index::encode(&encoded, |id| analysis.word(id)))?;
        i += 1;
    }
    Ok(texts)
}

/// The JSON key of a refused name, and the message naming it.
fn refusal(entry: &Entry, nth: usize, unfit: Unfit) -> (&'static str, String) {
    let id = &entry.id;
    let (key, index) = match entry.name_place(nth) {
        (LabelKind::Alias, i) => ("aliases", Some(i)),
        (LabelKind::AliasEn, i) => ("aliases_en", Some(i)),
        (kind, _) => (kind.as_str(), None),
    };
    let name = match index {
        Some(n) => format!("{key}[{n}]"),
        None => key.to_owned(),
    };
    let message = match unfit {
        Unfit::NoWord => format!("entry `{id}`: `{name}` has no searchable word"),
        Unfit::TooLong(words) => {
            format!("entry `{id}`: `{name}` has {words} words; a name has at most {MAX_NAME_WORDS}")
        }
    };
    (key, message)
}

/// Why a name cannot be one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unfit {
    /// Only stop words or punctuation.
    NoWord,
    /// More than [`MAX_NAME_WORDS`] words (this many).
    TooLong(usize),
}

/// Removes the names `empty` (their positions in [`Entry::names`] order,
/// kinds, and why) from `entry`, a language's first alias becoming its
/// term when the term goes. The warnings, and whether the entry is left
/// without a name in a language (it is then to be skipped).
fn skip_names(entry: &mut Entry, empty: &[(usize, LabelKind, Unfit)]) -> (Vec<Warning>, bool) {
    let names: Vec<String> = entry.names().map(|(n, _)| n.text.clone()).collect();
    let mut warnings = Vec::new();
    // Last first, so that the positions before stay right.
    for &(nth, kind, unfit) in empty.iter().rev() {
        let english = kind.is_english();
        let (_, at) = entry.name_place(nth);
        let (term, aliases) = if english {
            (&mut entry.term_en, &mut entry.aliases_en)
        } else {
            (&mut entry.term, &mut entry.aliases)
        };
        let entry_skipped = if kind.is_term() {
            if aliases.is_empty() {
                true
            } else {
                // The first alias becomes the term, keeping its status.
                let mut next = aliases.remove(0);
                next.status.get_or_insert(Status::Admitted);
                *term = next;
                false
            }
        } else {
            if at < aliases.len() {
                aliases.remove(at);
            }
            false
        };
        warnings.push(match unfit {
            Unfit::NoWord => Warning::UnsearchableName {
                entry: entry.id.clone(),
                name: names[nth].clone(),
                entry_skipped,
            },
            Unfit::TooLong(words) => Warning::NameTooLong {
                entry: entry.id.clone(),
                words,
                entry_skipped,
            },
        });
        if entry_skipped {
            warnings.reverse();
            return (warnings, true);
        }
    }
    warnings.reverse();
    (warnings, false)
}
