//! The records a glossary holds: [`Entry`] and [`Passage`], the names of an
//! entry ([`LabelKind`]), and where a passage mentions an entry ([`Mention`]).

use std::borrow::Cow;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{Category, EntryId, Name, PassageId, Sector, Status};

/// One glossary entry: a French term, its English equivalent, variants, and
/// what the termbase says of them.
///
/// Serialized with the fields of `glossary.json` (names as strings, or
/// objects when they say more) and `related`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Entry {
    /// Stable slug.
    pub id: EntryId,
    /// The French term, as the source glossary writes it.
    pub term: Name,
    /// The English equivalent.
    pub term_en: Name,
    /// Other French ways to name the entry (searched and linked like the term).
    pub aliases: Vec<Name>,
    /// Other English ways to name the entry.
    pub aliases_en: Vec<Name>,
    /// What kind of thing the entry names.
    pub category: Category,
    /// The category as the termbase writes it (a TBX `subjectField` such as
    /// `Production d'électricité`, whose slug is `category`), when that is
    /// not the slug itself; what a CAT tool shows.
    #[serde(default)]
    pub category_label: Option<String>,
    /// The sector, if the entry has one (in the embedded glossary: the
    /// innovation hubs, and only them).
    pub sector: Option<Sector>,
    /// The French definition, verbatim; `None` when the source gives none
    /// (the « 416 » layout).
    pub definition: Option<String>,
    /// The English definition, if any.
    #[serde(default)]
    pub definition_en: Option<String>,
    /// A note on the entry (usage, source, scope), if any.
    #[serde(default)]
    pub note: Option<String>,
    /// Other entries that this entry's definition mentions.
    pub related: Vec<EntryId>,
}

/// Which name of an entry a text is: the French term, a French alias, the
/// English term or an English alias. Serialized as the `glossary.json` field
/// it comes from (`term`, `alias`, `term_en`, `alias_en`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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

    /// Whether the label is a term (French or English), not an alias.
    pub fn is_term(self) -> bool {
        matches!(self, LabelKind::Term | LabelKind::TermEn)
    }
}

impl std::fmt::Display for LabelKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl Entry {
    /// An entry with these names and nothing else: no aliases, no sector,
    /// no definition or note.
    pub fn new(
        id: impl Into<EntryId>,
        term: impl Into<Name>,
        term_en: impl Into<Name>,
        category: Category,
    ) -> Entry {
        Entry {
            id: id.into(),
            term: term.into(),
            term_en: term_en.into(),
            aliases: Vec::new(),
            aliases_en: Vec::new(),
            category,
            category_label: None,
            sector: None,
            definition: None,
            definition_en: None,
            note: None,
            related: Vec::new(),
        }
    }

    /// The French term, then the French aliases.
    pub fn french_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.aliases.iter().map(Name::as_str))
    }

    /// The English term, then the English aliases.
    pub fn english_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term_en.as_str()).chain(self.aliases_en.iter().map(Name::as_str))
    }

    /// Every name: [`Entry::french_names`], then [`Entry::english_names`].
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.french_names().chain(self.english_names())
    }

    /// Every name with the kind of name it is, in the order of
    /// [`Entry::labels`].
    pub fn labels_with_kind(&self) -> impl Iterator<Item = (&str, LabelKind)> {
        self.names().map(|(name, kind)| (name.as_str(), kind))
    }

    /// Every name with the kind of name it is, in the order of
    /// [`Entry::labels`]: the French term and aliases, then the English.
    pub fn names(&self) -> impl Iterator<Item = (&Name, LabelKind)> {
        let kind = |first: LabelKind, rest: LabelKind| {
            move |(i, name)| (name, if i == 0 { first } else { rest })
        };
        std::iter::once(&self.term)
            .chain(&self.aliases)
            .enumerate()
            .map(kind(LabelKind::Term, LabelKind::Alias))
            .chain(
                std::iter::once(&self.term_en)
                    .chain(&self.aliases_en)
                    .enumerate()
                    .map(kind(LabelKind::TermEn, LabelKind::AliasEn)),
            )
    }

    /// Where the `nth` name of [`Entry::names`] is kept: its kind, and its
    /// index among the aliases of its language (0 for a term).
    pub(crate) fn name_place(&self, nth: usize) -> (LabelKind, usize) {
        let french = 1 + self.aliases.len();
        match nth {
            0 => (LabelKind::Term, 0),
            n if n < french => (LabelKind::Alias, n - 1),
            n if n == french => (LabelKind::TermEn, 0),
            n => (LabelKind::AliasEn, n - french - 1),
        }
    }

    /// The names a translation should use in `english` (or French), best
    /// first: preferred, then admitted.
    pub fn approved_names(&self, english: bool) -> Vec<&Name> {
        let mut names: Vec<(&Name, Status)> = self
            .names()
            .filter(|(_, kind)| kind.is_english() == english)
            .map(|(name, kind)| (name, name.status_as(kind)))
            .filter(|(_, status)| status.is_approved())
            .collect();
        names.sort_by_key(|&(_, status)| status);
        names.into_iter().map(|(name, _)| name).collect()
    }
}

/// One sentence of a document, borrowed from the
/// [`Glossary`](crate::Glossary) that holds it, or owned
/// ([`Passage::into_owned`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Passage<'g> {
    /// `p<paragraph>.s<sentence>` in `source.fr.txt`, `<document>.p…` in
    /// another document (see [`PassageId`]).
    pub id: PassageId,
    /// The document's file name (`source.fr.txt`).
    pub document: Cow<'g, str>,
    /// The line of the document the sentence is on, from 1.
    pub line: u32,
    /// The sentence, verbatim (without surrounding whitespace).
    pub text: Cow<'g, str>,
    /// Byte range of `text` in its document.
    pub span: Range<usize>,
    /// Entries whose term or an alias occurs in the sentence, in entry order.
    pub mentions: Cow<'g, [EntryId]>,
}

impl Passage<'_> {
    /// The passage, owning its data: it outlives the glossary.
    pub fn into_owned(self) -> Passage<'static> {
        Passage {
            id: self.id,
            document: Cow::Owned(self.document.into_owned()),
            line: self.line,
            text: Cow::Owned(self.text.into_owned()),
            span: self.span,
            mentions: Cow::Owned(self.mentions.into_owned()),
        }
    }
}

/// Where a passage mentions an entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Mention<'g> {
    /// The passage.
    pub passage: Passage<'g>,
    /// The entry mentioned.
    pub entry: Cow<'g, EntryId>,
    /// Byte range of the mention in `passage.text`.
    pub span: Range<usize>,
}

impl Mention<'_> {
    /// The mention, owning its data: it outlives the glossary.
    pub fn into_owned(self) -> Mention<'static> {
        Mention {
            passage: self.passage.into_owned(),
            entry: Cow::Owned(self.entry.into_owned()),
            span: self.span,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_knows_its_kind_and_its_place_among_its_aliases() {
        let mut entry = Entry::new("e", "terme", "term", Category::uncategorized());
        entry.aliases = vec![Name::new("alias a"), Name::new("alias b")];
        entry.aliases_en = vec![Name::new("alias c")];
        let places: Vec<(LabelKind, usize)> = (0..entry.names().count())
            .map(|n| entry.name_place(n))
            .collect();
        assert_eq!(
            places,
            [
                (LabelKind::Term, 0),
                (LabelKind::Alias, 0),
                (LabelKind::Alias, 1),
                (LabelKind::TermEn, 0),
                (LabelKind::AliasEn, 0),
            ]
        );
        // The kind agrees with `names()`.
        let kinds: Vec<LabelKind> = entry.names().map(|(_, k)| k).collect();
        assert!(places.iter().zip(kinds).all(|((k, _), l)| *k == l));
    }
}
