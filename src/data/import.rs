//! What every glossary reader produces ([`Imported`]: entries, where each
//! was written, a title, warnings) and the checks they all go through
//! ([`validate`]), so that a JSON, TBX or CSV glossary is held to the same
//! rules and its errors name the same things.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::model::{Category, Entry, EntryId, Name, Slug, Status, Warning};
use crate::{Error, Location, Result};

/// Where an entry and its fields are written in its file: 1-based line and
/// column (in characters).
#[derive(Clone, Debug, Default)]
pub(crate) struct Place {
    pub line: u32,
    pub column: u32,
    /// Fields by their `glossary.json` key (`term`, `aliases`, …).
    pub fields: Vec<(&'static str, u32, u32)>,
}

/// A glossary as read from its file, before the checks.
#[derive(Clone, Debug)]
pub(crate) struct Imported {
    pub path: PathBuf,
    pub title: Option<String>,
    pub entries: Vec<Entry>,
    pub places: Vec<Place>,
    pub warnings: Vec<Warning>,
}

impl Imported {
    /// Where field `key` of entry `index` is written (the entry's start
    /// when the field has no place of its own).
    pub(crate) fn location(&self, index: usize, key: &str) -> Location {
        let place = self.places.get(index);
        let (line, column) = place
            .and_then(|p| {
                p.fields
                    .iter()
                    .find(|(k, ..)| *k == key)
                    .map(|&(_, l, c)| (l, c))
            })
            .or_else(|| place.map(|p| (p.line, p.column)))
            .unwrap_or((1, 1));
        Location::line_column(&self.path, line as usize, column as usize)
    }
}

/// Which rules a glossary follows beside the common ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rules {
    /// The embedded glossary's: an `innovation-hub` has a sector, the other
    /// named categories have none.
    Embedded,
    /// An own glossary's: any category, with or without a sector.
    Own,
}

/// Whether a name may hold `c`: no control character (tabs and line breaks
/// included: a name is one line), no noncharacter (U+FFFE, U+FFFF), which
/// no export format could carry.
pub(crate) fn is_name_char(c: char) -> bool {
    !c.is_control() && c != '\u{fffe}' && c != '\u{ffff}'
}

/// A kebab-case slug made of free text (a TBX subject field, a French
/// term): accents folded, lowercase ASCII letters and digits joined by
/// single `-`, cut at [`Slug::MAX_LEN`]; `None` when nothing is left.
pub(crate) fn slugify(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = fold_char(c);
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

/// The ASCII letters of a Latin letter with its accents removed (`é` → `e`,
/// `œ` → `oe`); other characters as they are.
pub(crate) fn fold_char(c: char) -> std::borrow::Cow<'static, str> {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'ś' | 'š' => "s",
        'ź' | 'ż' | 'ž' => "z",
        'ł' => "l",
        'ř' => "r",
        'ť' => "t",
        'ď' => "d",
        _ => return std::borrow::Cow::Owned(c.to_string()),
    };
    std::borrow::Cow::Borrowed(s)
}

/// Ids for entries whose file gives none (or none valid): the slug of the
/// French term, made unique with `-2`, `-3` … against every id in use.
pub(crate) struct IdMaker {
    taken: std::collections::HashSet<String>,
    /// For each slug, the next suffix to try.
    next: HashMap<String, u32>,
}

impl IdMaker {
    pub(crate) fn new() -> IdMaker {
        IdMaker {
            taken: Default::default(),
            next: HashMap::new(),
        }
    }

    /// `given` if it is a valid id (used twice, it is the file's mistake:
    /// [`validate`] reports it), otherwise a new id made of `term` (or
    /// `entry` when the term has no letter or digit).
    pub(crate) fn id(&mut self, given: Option<&str>, term: &str) -> EntryId {
        if let Some(given) = given.filter(|g| EntryId::is_valid(g)) {
            self.taken.insert(given.to_string());
            return EntryId::new(given);
        }
        let base = slugify(term).unwrap_or_else(|| "entry".to_string());
        let mut candidate = base.clone();
        while self.taken.contains(&candidate) {
            let n = self.next.entry(base.clone()).or_insert(1);
            *n += 1;
            candidate = format!("{base}-{n}");
        }
        self.taken.insert(candidate.clone());
        EntryId::new(candidate)
    }
}

/// Leaves unset what a name sets to its default, so that a glossary reads
/// the same whichever format wrote it: a term's `preferred` status, an
/// alias's `admitted`, and a case sensitivity that is what the name's
/// capitals say anyway.
pub(crate) fn normalize(imported: &mut Imported) {
    for entry in &mut imported.entries {
        let names = std::iter::once((&mut entry.term, true))
            .chain(std::iter::once((&mut entry.term_en, true)))
            .chain(entry.aliases.iter_mut().map(|n| (n, false)))
            .chain(entry.aliases_en.iter_mut().map(|n| (n, false)));
        for (name, is_term) in names {
            let default = if is_term {
                Status::Preferred
            } else {
                Status::Admitted
            };
            if name.status == Some(default) {
                name.status = None;
            }
            if name.case_sensitive == Some(name.is_acronym()) {
                name.case_sensitive = None;
            }
        }
    }
}

/// Holds `imported` to the rules every glossary follows, and to `rules`.
///
/// # Errors
///
/// [`Error::Data`] at the offending field: an invalid id, an empty name or
/// definition, a name holding a control character, a sector where `rules`
/// allows none; [`Error::DuplicateId`] for an id used twice.
pub(crate) fn validate(imported: &Imported, rules: Rules) -> Result<()> {
    let mut first_use: HashMap<&str, usize> = HashMap::new();
    for (i, entry) in imported.entries.iter().enumerate() {
        let id = entry.id.as_str();
        let fail = |key: &str, message: String| {
            Error::data(
                imported.location(i, key),
                format!("entry `{id}`: {message}"),
            )
        };
        if !EntryId::is_valid(id) {
            return Err(Error::data(
                imported.location(i, "id"),
                format!(
                    "invalid id `{}`: use lowercase ASCII letters, digits and `-`",
                    id.escape_debug()
                ),
            ));
        }
        let location = imported.location(i, "id");
        if let Some(&first) = first_use.get(id) {
            return Err(Error::DuplicateId {
                first_line: imported.location(first, "id").line().unwrap_or(0),
                location,
                id: id.to_string(),
            });
        }
        first_use.insert(id, i);
        for (key, name) in [("term", &entry.term), ("term_en", &entry.term_en)] {
            check_name(key, None, name).map_err(|m| fail(key, m))?;
        }
        for (key, list) in [
            ("aliases", &entry.aliases),
            ("aliases_en", &entry.aliases_en),
        ] {
            for (n, name) in list.iter().enumerate() {
                check_name(key, Some(n), name).map_err(|m| fail(key, m))?;
            }
        }
        let texts = [
            ("definition", &entry.definition),
            ("definition_en", &entry.definition_en),
            ("note", &entry.note),
        ];
        for (key, text) in texts {
            if text.as_deref().is_some_and(|t| t.trim().is_empty()) {
                return Err(fail(
                    key,
                    format!("`{key}` is empty: use null when there is none"),
                ));
            }
        }
        if rules == Rules::Embedded {
            check_embedded_rules(entry).map_err(|(key, m)| fail(key, m))?;
        }
    }
    if let Some(title) = &imported.title {
        if title.trim().is_empty() || !title.chars().all(is_name_char) {
            return Err(Error::data(
                Location::file(&imported.path),
                "the title is empty or holds a control character",
            ));
        }
    }
    Ok(())
}

fn check_name(key: &str, n: Option<usize>, name: &Name) -> std::result::Result<(), String> {
    let field = || match n {
        Some(n) => format!("`{key}[{n}]`"),
        None => format!("`{key}`"),
    };
    if name.text.trim().is_empty() {
        return Err(format!("{} is empty", field()));
    }
    if let Some(c) = name.text.chars().find(|&c| !is_name_char(c)) {
        return Err(format!(
            "{} holds the character U+{:04X}, which no name may hold (a control character or a noncharacter)",
            field(),
            u32::from(c)
        ));
    }
    Ok(())
}

/// The embedded vocabulary's rule: hubs have a sector, the other named
/// categories have none; entries of an own category may have one.
fn check_embedded_rules(entry: &Entry) -> std::result::Result<(), (&'static str, String)> {
    match (&entry.category, &entry.sector) {
        (Category::InnovationHub, None) => Err((
            "category",
            "an `innovation-hub` entry needs a `sector`".to_string(),
        )),
        (category, Some(sector)) if *category != Category::InnovationHub && !category.is_custom() => Err((
            "sector",
            format!("`sector` is `{sector}` but among the named categories only `innovation-hub` entries have a sector (category is `{category}`)"),
        )),
        _ => Ok(()),
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
    fn the_embedded_rules_tie_sectors_to_hubs() {
        let hub = || Entry::new("h", "Pôle", "Hub", Category::InnovationHub);
        assert!(check_embedded_rules(&hub())
            .unwrap_err()
            .1
            .contains("needs a `sector`"));
        let mut with_sector = hub();
        with_sector.sector = Some(crate::model::Sector::HealthLife);
        assert!(check_embedded_rules(&with_sector).is_ok());
        let mut zone = Entry::new("z", "Zone", "Zone", Category::PilotZone);
        zone.sector = Some(crate::model::Sector::HealthLife);
        let (key, message) = check_embedded_rules(&zone).unwrap_err();
        assert_eq!(key, "sector");
        assert!(message.contains("only `innovation-hub` entries have a sector"));
        let mut own = Entry::new("o", "Zone", "Zone", "energy".parse().unwrap());
        own.sector = Some("solar".parse().unwrap());
        assert!(check_embedded_rules(&own).is_ok());
    }

    #[test]
    fn made_ids_are_unique_and_keep_valid_given_ones() {
        let mut ids = IdMaker::new();
        assert_eq!(ids.id(Some("c12"), "X"), "c12");
        assert_eq!(
            ids.id(Some("c12"), "Zone pilote"),
            "c12",
            "the file's duplicate"
        );
        assert_eq!(ids.id(None, "Zone pilote"), "zone-pilote");
        assert_eq!(ids.id(None, "Zone  pilote"), "zone-pilote-2");
        assert_eq!(ids.id(Some("Bad_Id"), "zone pilote"), "zone-pilote-3");
        assert_eq!(ids.id(None, "zone-pilote-2"), "zone-pilote-2-2");
        assert_eq!(ids.id(None, "?"), "entry");
    }
}
