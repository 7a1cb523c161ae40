//! The entries of a build: each analyzed (its names and definitions), its
//! index document handed on at once, and names that analyze to nothing
//! dealt with on the way.

use crate::analysis::TextAnalysis;
use crate::formats::Imported;
use crate::index::{self, IndexText};
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
        let empty: Vec<(usize, LabelKind)> = texts
            .of(i)
            .filter_map(|t| match t.part {
                EntryPart::Label(nth, kind) if t.tokens.is_empty() => Some((nth, kind)),
                _ => None,
            })
            .collect();
        if let Some(&(_, kind)) = empty.iter().find(|(_, k)| k.is_term()).filter(|_| strict) {
            let key = kind.as_str();
            return Err(Error::data(
                imported.location(i, key),
                format!(
                    "entry `{}`: `{key}` has no searchable word",
                    imported.entries[i].id
                ),
            ));
        }
        if !empty.is_empty() && !strict {
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

/// Removes the names `empty` (their positions in [`Entry::names`] order,
/// and kinds) from `entry`, a language's first alias becoming its term when
/// the term goes. The warnings, and whether the entry is left without a
/// name in a language (it is then to be skipped).
fn skip_names(entry: &mut Entry, empty: &[(usize, LabelKind)]) -> (Vec<Warning>, bool) {
    let names: Vec<String> = entry.names().map(|(n, _)| n.text.clone()).collect();
    let mut warnings = Vec::new();
    // Last first, so that the positions before stay right.
    for &(nth, kind) in empty.iter().rev() {
        let english = kind.is_english();
        // Where this language's aliases start in `Entry::names` order.
        let first = if english { entry.aliases.len() + 2 } else { 1 };
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
            let at = nth.saturating_sub(first);
            if at < aliases.len() {
                aliases.remove(at);
            }
            false
        };
        warnings.push(Warning::UnsearchableName {
            entry: entry.id.clone(),
            name: names[nth].clone(),
            entry_skipped,
        });
        if entry_skipped {
            warnings.reverse();
            return (warnings, true);
        }
    }
    warnings.reverse();
    (warnings, false)
}
