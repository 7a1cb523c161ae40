//! [`Direction`]: which way a translation goes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ParseError;

/// Which way a translation goes between the glossary's two languages: the
/// source segments are read in the first, the targets in the second.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[non_exhaustive]
pub enum Direction {
    /// French sources, English targets (`fr-en`).
    #[default]
    #[serde(rename = "fr-en")]
    FrenchToEnglish,
    /// English sources, French targets (`en-fr`).
    #[serde(rename = "en-fr")]
    EnglishToFrench,
}

impl Direction {
    /// Both directions.
    pub const ALL: [Direction; 2] = [Direction::FrenchToEnglish, Direction::EnglishToFrench];

    /// `fr-en` or `en-fr`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::FrenchToEnglish => "fr-en",
            Direction::EnglishToFrench => "en-fr",
        }
    }

    /// Whether the source is English (and the target French).
    pub fn source_is_english(self) -> bool {
        self == Direction::EnglishToFrench
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Direction {
    type Err = ParseError;

    /// `fr-en` or `en-fr` (also with `_`, `>` or `→` between, any case).
    fn from_str(s: &str) -> Result<Direction, ParseError> {
        let key: String = s
            .chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match key.as_str() {
            "fren" => Ok(Direction::FrenchToEnglish),
            "enfr" => Ok(Direction::EnglishToFrench),
            _ => Err(ParseError::new(
                "direction",
                s,
                "`fr-en` (French to English) or `en-fr` (English to French)",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_round_trip() {
        for d in Direction::ALL {
            assert_eq!(d.as_str().parse::<Direction>(), Ok(d));
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{d}\""));
        }
        assert_eq!("EN→FR".parse::<Direction>(), Ok(Direction::EnglishToFrench));
        assert!("de-en".parse::<Direction>().is_err());
    }
}
