//! The records a glossary holds: [`Entry`] and [`Passage`], the names of an
//! entry ([`LabelKind`]), and where a passage mentions an entry ([`Mention`]).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{Category, EntryId, PassageId, Sector};

/// One glossary entry: a French term, its English equivalent, variants, and
/// the definition given by the source glossary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable slug.
    pub id: EntryId,
    /// The French term, as the source glossary writes it.
    pub term: String,
    /// The English equivalent.
    pub term_en: String,
    /// Other French ways to name the entry (searched and linked like the term).
    pub aliases: Vec<String>,
    /// Other English ways to name the entry.
    pub aliases_en: Vec<String>,
    /// What kind of thing the entry names.
    pub category: Category,
    /// The sector, if the entry has one (in the embedded glossary: the
    /// innovation hubs, and only them).
    pub sector: Option<Sector>,
    /// The definition from the source glossary, verbatim; `None` when the
    /// source gives none (the « 416 » layout).
    pub definition: Option<String>,
    /// Other entries that this entry's definition mentions.
    pub related: Vec<EntryId>,
}

/// Which name of an entry a text is: the French term, a French alias, the
/// English term or an English alias. Serialized as the `glossary.json` field
/// it comes from (`term`, `alias`, `term_en`, `alias_en`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl LabelKind {
    /// `term`, `alias`, `term_en` or `alias_en`.
    pub fn as_str(self) -> &'static str {
        match self {
            LabelKind::Term => "term",
            LabelKind::Alias => "alias",
            LabelKind::TermEn => "term_en",
            LabelKind::AliasEn => "alias_en",
        }
    }

    /// Whether the label is English.
    pub fn is_english(self) -> bool {
        matches!(self, LabelKind::TermEn | LabelKind::AliasEn)
    }
}

impl std::fmt::Display for LabelKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl Entry {
    /// The French term, then the French aliases.
    pub fn french_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The English term, then the English aliases.
    pub fn english_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term_en.as_str()).chain(self.aliases_en.iter().map(String::as_str))
    }

    /// Every name: [`Entry::french_names`], then [`Entry::english_names`].
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.french_names().chain(self.english_names())
    }

    /// Every name with the kind of name it is, in the order of
    /// [`Entry::labels`].
    pub fn labels_with_kind(&self) -> impl Iterator<Item = (&str, LabelKind)> {
        let kind = |first: LabelKind, rest: LabelKind| {
            move |(i, text)| (text, if i == 0 { first } else { rest })
        };
        self.french_names()
            .enumerate()
            .map(kind(LabelKind::Term, LabelKind::Alias))
            .chain(
                self.english_names()
                    .enumerate()
                    .map(kind(LabelKind::TermEn, LabelKind::AliasEn)),
            )
    }
}

/// One sentence of the article, borrowed from the [`Glossary`](crate::Glossary)
/// that holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Passage<'g> {
    /// `p<paragraph>.s<sentence>`.
    pub id: PassageId,
    /// The sentence, verbatim (without surrounding whitespace).
    pub text: &'g str,
    /// Byte range of `text` in the source text.
    pub span: Range<usize>,
    /// Entries whose term or an alias occurs in the sentence, in entry order.
    pub mentions: &'g [EntryId],
}

/// Where a passage mentions an entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention<'g> {
    /// The passage.
    pub passage: Passage<'g>,
    /// The entry mentioned.
    pub entry: &'g EntryId,
    /// Byte range of the mention in `passage.text`.
    pub span: Range<usize>,
}
