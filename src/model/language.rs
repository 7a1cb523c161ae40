//! [`Language`]: the glossary's two languages.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ParseError;

/// One of the glossary's two languages: a text's, a name's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Language {
    /// French (`fr`).
    #[serde(rename = "fr")]
    French,
    /// English (`en`).
    #[serde(rename = "en")]
    English,
}

impl Language {
    /// Both languages.
    pub const ALL: [Language; 2] = [Language::French, Language::English];

    /// `fr` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::French => "fr",
            Language::English => "en",
        }
    }

    /// The language of a language code or tag, by its first subtag (`fr`,
    /// `fr-FR`, `fr_CA`, `FR`, `fra`; `en`, `en-GB`, `eng`); `None` for
    /// another language.
    pub fn of_code(code: &str) -> Option<Language> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "fr" | "fra" | "fre" => Some(Language::French),
            "en" | "eng" => Some(Language::English),
            _ => None,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Language {
    type Err = ParseError;

    /// A language code (`fr`, `en-GB` …; see [`Language::of_code`]), or
    /// `french`, `english`.
    fn from_str(s: &str) -> Result<Language, ParseError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "french" | "français" | "francais" => return Ok(Language::French),
            "english" | "anglais" => return Ok(Language::English),
            _ => {}
        }
        Language::of_code(s).ok_or_else(|| ParseError::new("language", s, "`fr` or `en`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_round_trip_and_codes_read_by_their_first_subtag() {
        for l in Language::ALL {
            assert_eq!(l.as_str().parse::<Language>(), Ok(l));
            assert_eq!(serde_json::to_string(&l).unwrap(), format!("\"{l}\""));
        }
        for (code, language) in [
            ("fr-FR", Some(Language::French)),
            ("FR_ca", Some(Language::French)),
            ("eng", Some(Language::English)),
            ("en-GB", Some(Language::English)),
            ("de-DE", None),
            ("", None),
        ] {
            assert_eq!(Language::of_code(code), language, "{code}");
        }
    }
}
