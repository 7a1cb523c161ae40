//! The typed records of the glossary: entries, passages, their identifiers
//! and the vocabularies that label them.

mod direction;
#[cfg(feature = "export")]
mod export_format;
mod ids;
mod language;
mod name;
mod records;
mod vocabulary;
mod warning;

pub use direction::Direction;
#[cfg(feature = "export")]
pub use export_format::{ExportFormat, UnknownFormat};
pub use ids::{EntryId, PassageId};
pub use language::Language;
pub use name::{Name, PartOfSpeech, Status, MAX_NAME_WORDS};
pub use records::{Entry, LabelKind, Mention, Passage};
pub(crate) use vocabulary::slugify;
pub use vocabulary::{Category, HitKind, Sector, Slug};
pub use warning::Warning;

/// The error returned when a string is not a valid [`PassageId`],
/// [`Category`], [`Sector`], [`HitKind`] or [`Slug`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} `{input}`: expected {expected}")]
pub struct ParseError {
    what: &'static str,
    input: String,
    expected: &'static str,
}

impl ParseError {
    /// What a valid value looks like (for messages that name the input
    /// themselves).
    pub fn expected(&self) -> &str {
        self.expected
    }

    pub(crate) fn new(what: &'static str, input: &str, expected: &'static str) -> ParseError {
        ParseError {
            what,
            input: input.escape_debug().to_string(),
            expected,
        }
    }
}
