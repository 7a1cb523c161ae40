//! The checks every glossary goes through once read ([`validate`]), and
//! the defaults it is normalized to ([`normalize`]), whatever its format.

use std::collections::HashMap;

use crate::error::DataErrorKind;
use crate::formats::Imported;
use crate::model::{Category, Entry, EntryId, Name, Status};
use crate::{Error, Location, Result};

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
        // A label is one line, spaced once; the slug itself is no label.
        if let Some(label) = &entry.category_label {
            let spaced = label.split_whitespace().collect::<Vec<_>>().join(" ");
            entry.category_label = (spaced != entry.category.as_str()).then_some(spaced);
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
                DataErrorKind::Rule,
                format!("entry `{id}`: {message}"),
            )
        };
        if !EntryId::is_valid(id) {
            return Err(Error::data(
                imported.location(i, "id"),
                DataErrorKind::InvalidValue,
                format!(
                    "invalid id `{}`: use letters, digits, `-`, `_` and `.`",
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
            ("category_label", &entry.category_label),
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
                DataErrorKind::Rule,
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
}
