//! Typed identifiers: [`EntryId`] and [`PassageId`].

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

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

/// The identifier of a [`Passage`](crate::Passage): its document, and its
/// paragraph and sentence there (both 1-based). It depends on its own
/// document only, so adding, removing or renaming another document changes
/// no id: `p4.s2` in `source.fr.txt` (the default document's name), and
/// `annexe.p4.s2` in `annexe.fr.txt` (the file name without `.fr.txt`),
/// whatever the other documents.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PassageId {
    /// The document's key: its file name without `.fr.txt`, or `None` for
    /// `source.fr.txt`.
    pub document: Option<Arc<str>>,
    /// Paragraph number, starting at 1.
    pub paragraph: u32,
    /// Sentence number within the paragraph, starting at 1.
    pub sentence: u32,
}

/// The name of the default document, whose ids have no document key.
const DEFAULT_DOCUMENT: &str = "source.fr.txt";

impl PassageId {
    /// The passage id of sentence `sentence` of paragraph `paragraph` (both
    /// 1-based) of `source.fr.txt`, the default document.
    pub fn new(paragraph: u32, sentence: u32) -> PassageId {
        PassageId {
            document: None,
            paragraph,
            sentence,
        }
    }

    /// The passage id of sentence `sentence` of paragraph `paragraph` (both
    /// 1-based) of the document named `file_name` (`annexe.fr.txt`).
    pub fn in_document(file_name: &str, paragraph: u32, sentence: u32) -> PassageId {
        PassageId {
            document: PassageId::document_key(file_name).map(Arc::from),
            paragraph,
            sentence,
        }
    }

    /// The key a document's passage ids start with: its file name without
    /// `.fr.txt` (`annexe` for `annexe.fr.txt`, the whole name for another
    /// suffix), or `None` for `source.fr.txt`.
    pub fn document_key(file_name: &str) -> Option<&str> {
        if file_name == DEFAULT_DOCUMENT {
            return None;
        }
        match file_name.strip_suffix(".fr.txt") {
            Some(stem) if !stem.is_empty() => Some(stem),
            _ => Some(file_name),
        }
    }
}

impl fmt::Display for PassageId {
    /// `p<paragraph>.s<sentence>`, or `<document>.p<paragraph>.s<sentence>`;
    /// width, fill and alignment apply.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match &self.document {
            None => format!("p{}.s{}", self.paragraph, self.sentence),
            Some(d) => format!("{d}.p{}.s{}", self.paragraph, self.sentence),
        };
        f.pad(&text)
    }
}

impl FromStr for PassageId {
    type Err = ParseError;

    /// Read from the right: the last two parts are the paragraph and the
    /// sentence, what comes before them (dots included) the document key.
    fn from_str(s: &str) -> Result<PassageId, ParseError> {
        let err = || {
            ParseError::new(
                "passage id",
                s,
                "`p<paragraph>.s<sentence>` (or `<document>.p<paragraph>.s<sentence>`) with numbers from 1, such as `p4.s2` or `annexe.p4.s2`",
            )
        };
        let num = |part: &str, prefix: char| -> Result<u32, ParseError> {
            let digits = part.strip_prefix(prefix).ok_or_else(err)?;
            match digits.parse::<u32>() {
                Ok(n) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
                _ => Err(err()),
            }
        };
        let mut parts = s.rsplitn(3, '.');
        let (Some(sentence), Some(paragraph)) = (parts.next(), parts.next()) else {
            return Err(err());
        };
        let document = match parts.next() {
            None => None,
            Some(key) if !key.is_empty() && !key.chars().any(char::is_control) => {
                Some(Arc::from(key))
            }
            Some(_) => return Err(err()),
        };
        Ok(PassageId {
            document,
            paragraph: num(paragraph, 'p')?,
            sentence: num(sentence, 's')?,
        })
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
