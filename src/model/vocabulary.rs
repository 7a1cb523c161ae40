//! The vocabularies that label entries and hits: [`Category`] and [`Sector`]
//! (open: an own glossary brings its own values), and [`HitKind`] (closed).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ParseError;

/// A validated kebab-case label: lowercase ASCII letters and digits in words
/// joined by single hyphens (`pilot-zone`, `bike-lane`, `r2d2`), at most
/// [`Slug::MAX_LEN`] bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(Box<str>);

impl Slug {
    /// The longest accepted slug, in bytes.
    pub const MAX_LEN: usize = 64;

    /// What a slug looks like, for error messages.
    const EXPECTED: &'static str =
        "a kebab-case slug: lowercase ASCII letters and digits joined by single `-`, such as `bike-lane`";

    /// Validates `text` as a slug.
    ///
    /// # Errors
    ///
    /// A [`ParseError`] naming `what` (`category`, `sector`) when `text` is
    /// not kebab-case.
    pub fn parse(what: &'static str, text: &str) -> Result<Slug, ParseError> {
        let valid = !text.is_empty()
            && text.len() <= Slug::MAX_LEN
            && text.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if valid {
            Ok(Slug(text.into()))
        } else {
            Err(ParseError::new(what, text, Slug::EXPECTED))
        }
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

/// Declares an open vocabulary: named kebab-case variants for the embedded
/// glossary, plus `Custom` for the slugs of an own glossary; `Display`,
/// `FromStr` and serde all from one table.
macro_rules! open_vocabulary {
    (
        $(#[$meta:meta])* $name:ident, $what:literal,
        { $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value of an own glossary that is not one of the named ones.
            Custom(Slug),
        }

        impl $name {
            /// The named variants (the embedded glossary's vocabulary), in
            /// declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The kebab-case name used in JSON and on the command line.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )+
                    $name::Custom(slug) => slug.as_str(),
                }
            }

            /// Whether this is a value of an own glossary rather than a named one.
            pub fn is_custom(&self) -> bool {
                matches!(self, $name::Custom(_))
            }

            /// The value a termbase's free text names: the text itself when
            /// it is a slug, else its slug (`Production d'électricité` →
            /// `production-d-electricite`); `None` when the text has no
            /// letter or digit.
            pub(crate) fn from_label(text: &str) -> Option<$name> {
                let text = text.trim();
                text.parse()
                    .ok()
                    .or_else(|| slugify(text)?.parse().ok())
            }
        }

        impl fmt::Display for $name {
            /// The kebab-case name; width, fill and alignment apply.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseError;

            /// A named variant for its name, otherwise a `Custom` slug.
            fn from_str(s: &str) -> Result<$name, ParseError> {
                match s {
                    $( $text => Ok($name::$variant), )+
                    _ => Slug::parse($what, s).map($name::Custom),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

open_vocabulary! {
    /// What kind of thing a glossary entry names.
    ///
    /// The embedded glossary uses the named variants; an own glossary may use
    /// any kebab-case slug, which becomes [`Category::Custom`]:
    ///
    /// ```
    /// use chongqing_glossary::Category;
    ///
    /// assert_eq!("pilot-zone".parse::<Category>().unwrap(), Category::PilotZone);
    /// let bikes: Category = "bike-lane".parse().unwrap();
    /// assert!(bikes.is_custom());
    /// assert_eq!(format!("[{bikes:>10}]"), "[ bike-lane]");
    /// assert!("Bike Lane".parse::<Category>().is_err());
    /// ```
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

open_vocabulary! {
    /// The sector of an entry. In the embedded vocabulary, the sector of an
    /// innovation hub ([`Category::InnovationHub`] entries only); an own
    /// glossary may give any kebab-case slug to entries of its own categories.
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

impl Category {
    /// The category a termbase's free text names ([`Category::from_label`]),
    /// with the text as its label when it is not the slug itself; the
    /// category of an entry without one when there is no text or it has no
    /// letter or digit.
    pub(crate) fn labelled(text: Option<&str>) -> (Category, Option<String>) {
        match text
            .map(str::trim)
            .and_then(|t| Some((Category::from_label(t)?, t)))
        {
            Some((category, text)) if text == category.as_str() => (category, None),
            Some((category, text)) => (category, Some(text.to_string())),
            None => (Category::uncategorized(), None),
        }
    }

    /// The category of an entry whose termbase gives none.
    pub(crate) fn uncategorized() -> Category {
        Category::Custom(Slug("uncategorized".into()))
    }
}

/// A kebab-case slug made of free text (a TBX subject field, a French
/// term): accents folded, lowercase ASCII letters and digits joined by
/// single `-`, cut at [`Slug::MAX_LEN`]; `None` when nothing is left.
pub(crate) fn slugify(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut folded = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        folded.clear();
        crate::analysis::push_folded(&mut folded, c);
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
    }
    let mut slug = out.trim_end_matches('-').to_string();
    if slug.len() > Slug::MAX_LEN {
        slug.truncate(Slug::MAX_LEN);
        slug = slug.trim_end_matches('-').to_string();
    }
    (!slug.is_empty()).then_some(slug)
}

/// Whether a search hit is a glossary entry or a passage of the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum HitKind {
    /// A glossary [`Entry`](crate::Entry).
    Entry,
    /// A [`Passage`](crate::Passage) (one sentence) of the article.
    Passage,
}

impl HitKind {
    /// Both kinds.
    pub const ALL: &'static [HitKind] = &[HitKind::Entry, HitKind::Passage];

    /// `entry` or `passage`.
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Entry => "entry",
            HitKind::Passage => "passage",
        }
    }
}

impl fmt::Display for HitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for HitKind {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<HitKind, ParseError> {
        match s {
            "entry" => Ok(HitKind::Entry),
            "passage" => Ok(HitKind::Passage),
            _ => Err(ParseError::new("kind", s, "`entry` or `passage`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_join_words() {
        let cases = [
            ("Énergie renouvelable", Some("energie-renouvelable")),
            ("  Power -- Markets (EU) ", Some("power-markets-eu")),
            ("Œuvre d’art", Some("oeuvre-d-art")),
            ("中文", None),
            ("", None),
        ];
        for (text, slug) in cases {
            assert_eq!(slugify(text).as_deref(), slug, "{text}");
        }
        assert_eq!(slugify(&"a".repeat(100)).unwrap().len(), Slug::MAX_LEN);
    }

    #[test]
    fn labels_name_their_slug() {
        assert_eq!(
            Category::from_label("pilot-zone"),
            Some(Category::PilotZone)
        );
        assert_eq!(
            Category::from_label(" Production d'électricité "),
            Some("production-d-electricite".parse().unwrap())
        );
        assert_eq!(
            Sector::from_label("Santé et vie"),
            Some("sante-et-vie".parse().unwrap())
        );
        assert_eq!(Category::from_label("…"), None);
        assert_eq!(Category::uncategorized().as_str(), "uncategorized");
    }
}
