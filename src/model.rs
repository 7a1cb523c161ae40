//! The typed records of the glossary: entries, passages and their vocabularies.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The stable identifier of a glossary [`Entry`]: an ASCII slug such as
/// `zone-pilote-reforme-financiere`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(String);

impl EntryId {
    /// Wraps `id` without validating it; [`Glossary`](crate::Glossary) validates
    /// the ids it loads (non-empty ASCII letters, digits and `-`).
    pub fn new(id: impl Into<String>) -> EntryId {
        EntryId(id.into())
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn is_valid_slug(id: &str) -> bool {
        !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for EntryId {
    fn from(id: &str) -> EntryId {
        EntryId::new(id)
    }
}

/// The identifier of a [`Passage`]: paragraph and sentence, both 1-based,
/// written `p4.s2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PassageId {
    /// Paragraph number, starting at 1.
    pub paragraph: u32,
    /// Sentence number within the paragraph, starting at 1.
    pub sentence: u32,
}

impl PassageId {
    /// The passage id of sentence `sentence` of paragraph `paragraph` (both 1-based).
    pub fn new(paragraph: u32, sentence: u32) -> PassageId {
        PassageId {
            paragraph,
            sentence,
        }
    }
}

impl fmt::Display for PassageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "p{}.s{}", self.paragraph, self.sentence)
    }
}

/// The error returned when a string is not a valid [`PassageId`],
/// [`Category`], [`Sector`] or [`HitKind`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} `{input}`: expected {expected}")]
pub struct ParseError {
    what: &'static str,
    input: String,
    expected: &'static str,
}

impl FromStr for PassageId {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<PassageId, ParseError> {
        let err = || ParseError {
            what: "passage id",
            input: s.to_string(),
            expected: "`p<paragraph>.s<sentence>` with both numbers from 1, such as `p4.s2`",
        };
        let (p, s2) = s.split_once('.').ok_or_else(err)?;
        let num = |part: &str, prefix: char| -> Result<u32, ParseError> {
            let digits = part.strip_prefix(prefix).ok_or_else(err)?;
            match digits.parse::<u32>() {
                Ok(n) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
                _ => Err(err()),
            }
        };
        Ok(PassageId::new(num(p, 'p')?, num(s2, 's')?))
    }
}

impl Serialize for PassageId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Declares a closed vocabulary: a kebab-case enum with `Display`, `FromStr`,
/// serde and the list of all its variants, all from one table.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])* $name:ident, $what:literal,
        { $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The kebab-case name used in JSON, on the command line and in the index.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text ),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseError;

            fn from_str(s: &str) -> Result<$name, ParseError> {
                match s {
                    $( $text => Ok($name::$variant), )+
                    _ => Err(ParseError {
                        what: $what,
                        input: s.to_string(),
                        expected: concat!("one of ", $( "`", $text, "` " ),+),
                    }),
                }
            }
        }
    };
}

vocabulary! {
    /// What kind of thing a glossary entry names.
    Category, "category", {
        /// A region of economic integration (the Chengdu-Chongqing economic circle).
        EconomicRegion => "economic-region",
        /// A municipal plan for where innovation happens (the « 416 » layout).
        StrategicLayout => "strategic-layout",
        /// A planned corridor grouping research and industry.
        InnovationCorridor => "innovation-corridor",
        /// A sector-specific innovation hub; hubs carry a [`Sector`].
        InnovationHub => "innovation-hub",
        /// A zone where reforms are piloted (the science and technology finance zone).
        PilotZone => "pilot-zone",
    }
}

vocabulary! {
    /// The sector of an innovation hub ([`Category::InnovationHub`] entries only).
    Sector, "sector", {
        /// Digital and intelligent technologies.
        DigitalIntelligence => "digital-intelligence",
        /// Health and life sciences.
        HealthLife => "health-life",
        /// New materials.
        NewMaterials => "new-materials",
        /// Green and low-carbon.
        GreenLowCarbon => "green-low-carbon",
    }
}

vocabulary! {
    /// Whether a search hit is a glossary entry or a passage of the article.
    HitKind, "kind", {
        /// A glossary [`Entry`].
        Entry => "entry",
        /// A [`Passage`] (one sentence) of the article.
        Passage => "passage",
    }
}

/// One glossary entry: a French term, its English equivalent, variants, and
/// the definition given by the source glossary.
#[derive(Clone, Debug, PartialEq, Serialize)]
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
    /// The sector, for innovation hubs only.
    pub sector: Option<Sector>,
    /// The definition from the source glossary, verbatim; `None` when the
    /// source gives none (the « 416 » layout).
    pub definition: Option<String>,
    /// Other entries that this entry's definition mentions.
    pub related: Vec<EntryId>,
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
}

/// One sentence of the article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Passage {
    /// `p<paragraph>.s<sentence>`.
    pub id: PassageId,
    /// The sentence, verbatim (without surrounding whitespace).
    pub text: String,
    /// Byte range of `text` in the source text.
    pub span: Range<usize>,
    /// Entries whose term or an alias occurs in the sentence, in entry order.
    pub mentions: Vec<EntryId>,
}

/// Where a passage mentions an entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention<'g> {
    /// The passage.
    pub passage: &'g Passage,
    /// The entry mentioned.
    pub entry: &'g EntryId,
    /// Byte range of the mention in `passage.text`.
    pub span: Range<usize>,
}
