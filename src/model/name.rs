//! A name of an entry (its term or an alias, in either language) and what a
//! termbase says about it: its [`Status`], its [`PartOfSpeech`], and whether
//! it matches text only in its own case.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{LabelKind, ParseError};

/// Most words a name (a term or an alias) may hold: as many as a query
/// ([`MAX_QUERY_WORDS`](crate::limits::MAX_QUERY_WORDS)). Longer text is no name
/// (a definition in the wrong field, most likely): `glossary.json` refuses
/// it, a termbase's is skipped with a warning. Recognition and the links
/// from queries to entries then cost the same whatever a name's length.
pub const MAX_NAME_WORDS: usize = 64;

/// How a name may be used, as TBX's `administrativeStatus` says it.
///
/// In `glossary.json` and on the command line: `preferred`, `admitted`,
/// `deprecated`, `superseded`. [`FromStr`] also reads TBX's values
/// (`preferredTerm-admn-sts` …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Status {
    /// The name to use (a term's default).
    Preferred,
    /// A name that may be used (an alias's default).
    Admitted,
    /// A name not to use.
    Deprecated,
    /// A name replaced by another, not to use any more.
    Superseded,
}

impl Status {
    /// Every status, in order of preference.
    pub const ALL: [Status; 4] = [
        Status::Preferred,
        Status::Admitted,
        Status::Deprecated,
        Status::Superseded,
    ];

    /// `preferred`, `admitted`, `deprecated` or `superseded`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Admitted => "admitted",
            Status::Deprecated => "deprecated",
            Status::Superseded => "superseded",
        }
    }

    /// TBX's value: `preferredTerm-admn-sts` …
    pub fn tbx(self) -> &'static str {
        match self {
            Status::Preferred => "preferredTerm-admn-sts",
            Status::Admitted => "admittedTerm-admn-sts",
            Status::Deprecated => "deprecatedTerm-admn-sts",
            Status::Superseded => "supersededTerm-admn-sts",
        }
    }

    /// Whether a translation may use a name of this status (preferred or
    /// admitted).
    pub fn is_approved(self) -> bool {
        matches!(self, Status::Preferred | Status::Admitted)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Status {
    type Err = ParseError;

    /// The crate's names and the values termbases write, compared loosely
    /// (case, spaces and punctuation aside; a `Term` or `-admn-sts`
    /// suffix dropped): `Preferred`, `preferredTerm-admn-sts`,
    /// `Deprecated Term`, TBX-Basic's `usageStatus` (`preferred`,
    /// `admitted`, `notRecommended`, `obsolete`) and the older
    /// `normativeAuthorization` (`standardizedTerm`, `legalTerm`,
    /// `regulatedTerm` are preferred; `forbidden` is deprecated;
    /// `obsolete` superseded).
    fn from_str(s: &str) -> Result<Status, ParseError> {
        let key: String = s
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let key = key.strip_suffix("admnsts").unwrap_or(&key);
        let key = key.strip_suffix("term").unwrap_or(key);
        match key {
            "preferred" | "standardized" | "standardised" | "legal" | "regulated" | "approved" => {
                Ok(Status::Preferred)
            }
            "admitted" | "permitted" | "allowed" | "accepted" | "acceptable" => {
                Ok(Status::Admitted)
            }
            "deprecated" | "forbidden" | "notrecommended" | "prohibited" | "rejected"
            | "banned" | "donotuse" => Ok(Status::Deprecated),
            "superseded" | "obsolete" | "outdated" | "replaced" => Ok(Status::Superseded),
            _ => Err(ParseError::new(
                "status",
                s,
                "`preferred`, `admitted`, `deprecated` or `superseded`",
            )),
        }
    }
}

/// The part of speech of a name, as TBX's `partOfSpeech` says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PartOfSpeech {
    /// A noun (most terms).
    Noun,
    /// A proper noun (a name of one thing: a place, an institution).
    ProperNoun,
    /// A verb.
    Verb,
    /// An adjective.
    Adjective,
    /// An adverb.
    Adverb,
    /// Anything else (a phrase, a preposition).
    Other,
}

impl PartOfSpeech {
    /// Every part of speech.
    pub const ALL: [PartOfSpeech; 6] = [
        PartOfSpeech::Noun,
        PartOfSpeech::ProperNoun,
        PartOfSpeech::Verb,
        PartOfSpeech::Adjective,
        PartOfSpeech::Adverb,
        PartOfSpeech::Other,
    ];

    /// `noun`, `proper-noun`, `verb`, `adjective`, `adverb` or `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            PartOfSpeech::Noun => "noun",
            PartOfSpeech::ProperNoun => "proper-noun",
            PartOfSpeech::Verb => "verb",
            PartOfSpeech::Adjective => "adjective",
            PartOfSpeech::Adverb => "adverb",
            PartOfSpeech::Other => "other",
        }
    }

    /// TBX's value (`properNoun` for a proper noun, the name otherwise).
    pub fn tbx(self) -> &'static str {
        match self {
            PartOfSpeech::ProperNoun => "properNoun",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for PartOfSpeech {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for PartOfSpeech {
    type Err = ParseError;

    /// The crate's names and TBX's, case-insensitive (`properNoun`,
    /// `proper-noun`, `Noun`, `adj`).
    fn from_str(s: &str) -> Result<PartOfSpeech, ParseError> {
        let key: String = s
            .trim()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match key.as_str() {
            "noun" | "n" => Ok(PartOfSpeech::Noun),
            "propernoun" => Ok(PartOfSpeech::ProperNoun),
            "verb" | "v" => Ok(PartOfSpeech::Verb),
            "adjective" | "adj" => Ok(PartOfSpeech::Adjective),
            "adverb" | "adv" => Ok(PartOfSpeech::Adverb),
            "other" => Ok(PartOfSpeech::Other),
            _ => Err(ParseError::new(
                "part of speech",
                s,
                "`noun`, `proper-noun`, `verb`, `adjective`, `adverb` or `other`",
            )),
        }
    }
}

/// One name of an entry: its text, and what the termbase says about it.
/// Unset fields take their defaults: [`Name::status_as`] and
/// [`Name::is_case_sensitive`] resolve them.
///
/// In `glossary.json` a name is a string, or an object when it says more:
///
/// ```json
/// "aliases_en": ["guarantee of origin", {"text": "GoO", "status": "deprecated"}]
/// ```
///
/// It serializes back the same way: a string when nothing is set.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Name {
    /// The name, as written.
    pub text: String,
    /// How it may be used; `None`: preferred for a term, admitted for an
    /// alias.
    pub status: Option<Status>,
    /// Its part of speech, when known.
    pub part_of_speech: Option<PartOfSpeech>,
    /// Whether it matches text only in its own case; `None`: when it is
    /// written in capitals (an acronym such as `PPA` or `GO`).
    pub case_sensitive: Option<bool>,
}

impl Name {
    /// A name with nothing said about it.
    pub fn new(text: impl Into<String>) -> Name {
        Name {
            text: text.into(),
            status: None,
            part_of_speech: None,
            case_sensitive: None,
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The status, its default resolved for a name of `kind`: preferred for
    /// a term, admitted for an alias.
    pub fn status_as(&self, kind: LabelKind) -> Status {
        self.status.unwrap_or(match kind {
            LabelKind::Term | LabelKind::TermEn => Status::Preferred,
            LabelKind::Alias | LabelKind::AliasEn => Status::Admitted,
        })
    }

    /// Whether the name matches text only in its own case: as set, or, when
    /// unset, whether it is written in capitals ([`Name::is_acronym`]).
    pub fn is_case_sensitive(&self) -> bool {
        self.case_sensitive.unwrap_or_else(|| self.is_acronym())
    }

    /// Whether the text is written in capitals: two letters or more, none
    /// lowercase (`GO`, `PPA`, `R&D`, `COVID-19`).
    ///
    /// ```
    /// use chongqing_glossary::Name;
    /// assert!(Name::new("PPA").is_acronym());
    /// assert!(Name::new("R&D").is_acronym());
    /// assert!(!Name::new("Go").is_acronym());
    /// assert!(!Name::new("A").is_acronym());
    /// ```
    pub fn is_acronym(&self) -> bool {
        let mut count = 0;
        for c in self.text.chars() {
            // ASCII without the Unicode tables: most names are.
            let (letter, is_lower) = if c.is_ascii() {
                (c.is_ascii_alphabetic(), c.is_ascii_lowercase())
            } else {
                (c.is_alphabetic(), c.is_lowercase())
            };
            if letter {
                count += 1;
                if is_lower {
                    return false;
                }
            }
        }
        count >= 2
    }

    /// Whether nothing but the text is set (it serializes as a string).
    pub fn is_plain(&self) -> bool {
        self.status.is_none() && self.part_of_speech.is_none() && self.case_sensitive.is_none()
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.text)
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name::new(text)
    }
}

/// A name as an object in `glossary.json`.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct NameObject {
    text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    part_of_speech: Option<PartOfSpeech>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    case_sensitive: Option<bool>,
}

/// A name in a binary format (the saved index's sidecar): all fields.
type NameTuple = (String, Option<Status>, Option<PartOfSpeech>, Option<bool>);

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !s.is_human_readable() {
            let tuple: NameTuple = (
                self.text.clone(),
                self.status,
                self.part_of_speech,
                self.case_sensitive,
            );
            return tuple.serialize(s);
        }
        if self.is_plain() {
            return s.serialize_str(&self.text);
        }
        NameObject {
            text: self.text.clone(),
            status: self.status,
            part_of_speech: self.part_of_speech,
            case_sensitive: self.case_sensitive,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        if !d.is_human_readable() {
            let (text, status, part_of_speech, case_sensitive) = NameTuple::deserialize(d)?;
            return Ok(Name {
                text,
                status,
                part_of_speech,
                case_sensitive,
            });
        }
        d.deserialize_any(NameVisitor)
    }
}

/// Reads a name as a string, or as an object (whose unknown fields are
/// refused, naming them), without going through a generic value.
struct NameVisitor;

impl<'de> serde::de::Visitor<'de> for NameVisitor {
    type Value = Name;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a name: a string or an object with `text`")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Name, E> {
        Ok(Name::new(text))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Name, E> {
        Ok(Name::new(text))
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<Name, M::Error> {
        let o = NameObject::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Name {
            text: o.text,
            status: o.status,
            part_of_speech: o.part_of_speech,
            case_sensitive: o.case_sensitive,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_round_trip_through_their_names_and_tbx_values() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(s));
            assert_eq!(s.tbx().parse::<Status>(), Ok(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
        let loose = [
            ("preferredTerm", Status::Preferred),
            ("Deprecated Term", Status::Deprecated),
            ("deprecated", Status::Deprecated),
            ("deprecatedTerm-admn-sts", Status::Deprecated),
            ("forbidden", Status::Deprecated),
            ("notRecommended", Status::Deprecated),
            ("obsolete", Status::Superseded),
            ("Superseded", Status::Superseded),
            ("legalTerm", Status::Preferred),
            ("admitted-admn-sts", Status::Admitted),
        ];
        for (text, status) in loose {
            assert_eq!(text.parse::<Status>(), Ok(status), "{text}");
        }
        assert!("maybe".parse::<Status>().is_err());
        assert!("proposed".parse::<Status>().is_err());
        for p in PartOfSpeech::ALL {
            assert_eq!(p.as_str().parse::<PartOfSpeech>(), Ok(p));
            assert_eq!(p.tbx().parse::<PartOfSpeech>(), Ok(p));
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{p}\""));
        }
    }

    #[test]
    fn a_name_is_a_string_unless_it_says_more() {
        let plain: Name = serde_json::from_str("\"zone pilote\"").unwrap();
        assert_eq!(plain, Name::new("zone pilote"));
        assert_eq!(serde_json::to_string(&plain).unwrap(), "\"zone pilote\"");
        let full: Name = serde_json::from_str(
            r#"{"text": "GoO", "status": "deprecated", "case_sensitive": false}"#,
        )
        .unwrap();
        assert_eq!(full.status, Some(Status::Deprecated));
        assert!(!full.is_case_sensitive());
        let back: Name = serde_json::from_str(&serde_json::to_string(&full).unwrap()).unwrap();
        assert_eq!(back, full);
        // A binary format (the sidecar) keeps every field.
        let bytes = postcard::to_stdvec(&full).unwrap();
        assert_eq!(postcard::from_bytes::<Name>(&bytes).unwrap(), full);
        let err = serde_json::from_str::<Name>(r#"{"text": "x", "colour": "red"}"#).unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
        assert!(serde_json::from_str::<Name>("3").is_err());
    }

    #[test]
    fn defaults_resolve_by_place_and_by_capitals() {
        let term = Name::new("guarantee of origin");
        assert_eq!(term.status_as(LabelKind::Term), Status::Preferred);
        assert_eq!(term.status_as(LabelKind::AliasEn), Status::Admitted);
        assert!(!term.is_case_sensitive());
        assert!(Name::new("GO").is_case_sensitive());
        let mut go = Name::new("GO");
        go.case_sensitive = Some(false);
        assert!(!go.is_case_sensitive());
        let mut apple = Name::new("Apple");
        apple.case_sensitive = Some(true);
        assert!(apple.is_case_sensitive());
    }
}
