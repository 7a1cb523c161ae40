//! Typed identifiers: [`EntryId`] and [`PassageId`].

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ParseError;

/// The stable identifier of a glossary [`Entry`](crate::Entry): letters,
/// digits, `-`, `_` and `.`, such as `zone-pilote-reforme-financiere` (the
/// embedded glossary's slugs) or `IATE-84` (an id a termbase gives, kept
/// as it is, so that the link back to the termbase holds).
///
/// An `EntryId` can be passed wherever the crate expects an id
/// (`glossary.mentions(&entry.id)`): it is `AsRef<str>` and `Borrow<str>`, so
/// it also looks up a `HashMap<EntryId, _>` by `&str`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(String);

impl EntryId {
    /// Wraps `id` without validating it; [`Glossary`](crate::Glossary)
    /// validates the ids it loads ([`EntryId::is_valid`]).
    pub fn new(id: impl Into<String>) -> EntryId {
        EntryId(id.into())
    }

    /// The longest id, in bytes.
    pub const MAX_LEN: usize = 200;

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `id` is a valid entry id: 1 to [`EntryId::MAX_LEN`] bytes of
    /// letters, digits, `-`, `_` and `.` (what an XML name such as a TBX
    /// `id` holds, without `:`).
    ///
    /// ```
    /// use chongqing_glossary::EntryId;
    /// assert!(EntryId::is_valid("zone-pilote"));
    /// assert!(EntryId::is_valid("IATE-84"));
    /// assert!(EntryId::is_valid("tid_db6_014D.2"));
    /// assert!(!EntryId::is_valid("zone pilote"));
    /// assert!(!EntryId::is_valid(""));
    /// ```
    pub fn is_valid(id: &str) -> bool {
        !id.is_empty()
            && id.len() <= EntryId::MAX_LEN
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    }
}

impl fmt::Display for EntryId {
    /// The slug; width, fill and alignment apply (`{:<40}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl AsRef<str> for EntryId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for EntryId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for EntryId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for EntryId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl From<&str> for EntryId {
    fn from(id: &str) -> EntryId {
        EntryId::new(id)
    }
}

/// The identifier of a [`Passage`](crate::Passage): paragraph and sentence,
/// both 1-based, written `p4.s2`; in a glossary of several documents, also
/// the document's number (1-based, in name order), written `d2.p4.s2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PassageId {
    /// Document number, from 1 when the glossary has several documents, 0
    /// when it has one.
    pub document: u32,
    /// Paragraph number, starting at 1.
    pub paragraph: u32,
    /// Sentence number within the paragraph, starting at 1.
    pub sentence: u32,
}

impl PassageId {
    /// The passage id of sentence `sentence` of paragraph `paragraph` (both
    /// 1-based) of a glossary's only document.
    pub fn new(paragraph: u32, sentence: u32) -> PassageId {
        PassageId::in_document(0, paragraph, sentence)
    }

    /// The passage id of sentence `sentence` of paragraph `paragraph` of
    /// document `document` (all 1-based; document 0 is a glossary's only
    /// document).
    pub fn in_document(document: u32, paragraph: u32, sentence: u32) -> PassageId {
        PassageId {
            document,
            paragraph,
            sentence,
        }
    }
}

impl fmt::Display for PassageId {
    /// `p<paragraph>.s<sentence>`, or `d<document>.p<paragraph>.s<sentence>`;
    /// width, fill and alignment apply.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self.document {
            0 => format!("p{}.s{}", self.paragraph, self.sentence),
            d => format!("d{d}.p{}.s{}", self.paragraph, self.sentence),
        };
        f.pad(&text)
    }
}

impl FromStr for PassageId {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<PassageId, ParseError> {
        let err = || {
            ParseError::new(
                "passage id",
                s,
                "`p<paragraph>.s<sentence>` (or `d<document>.p<paragraph>.s<sentence>`) with numbers from 1, such as `p4.s2`",
            )
        };
        let num = |part: &str, prefix: char| -> Result<u32, ParseError> {
            let digits = part.strip_prefix(prefix).ok_or_else(err)?;
            match digits.parse::<u32>() {
                Ok(n) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
                _ => Err(err()),
            }
        };
        let parts: Vec<&str> = s.split('.').collect();
        match parts.as_slice() {
            [p, s2] => Ok(PassageId::new(num(p, 'p')?, num(s2, 's')?)),
            [d, p, s2] => Ok(PassageId::in_document(
                num(d, 'd')?,
                num(p, 'p')?,
                num(s2, 's')?,
            )),
            _ => Err(err()),
        }
    }
}

impl Serialize for PassageId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PassageId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<PassageId, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
