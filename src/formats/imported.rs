//! What every glossary reader produces ([`Imported`]: entries, where each
//! was written, a title, warnings), so that a JSON, TBX or CSV glossary is
//! checked by the same rules and its errors name the same things.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::model::{slugify, Entry, EntryId, Warning};
use crate::Location;

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

    /// Removes entry `index` (and its place).
    pub(crate) fn remove(&mut self, index: usize) -> Entry {
        if index < self.places.len() {
            self.places.remove(index);
        }
        self.entries.remove(index)
    }
}

/// Ids for entries whose file gives none (or none valid): the slug of the
/// French term, made unique with `-2`, `-3` … against every id in use,
/// those the file gives further down included. Readers take an id for each
/// entry as they read it ([`IdMaker::id`]) and make the missing ones once
/// every given id is known ([`IdMaker::finish`]).
#[derive(Debug, Default)]
pub(crate) struct IdMaker {
    /// Entries (by position) whose id is to be made.
    to_make: Vec<usize>,
}

impl IdMaker {
    pub(crate) fn new() -> IdMaker {
        IdMaker::default()
    }

    /// The id of the entry at position `index`: `given` if it is a valid
    /// id (used twice, it is the file's mistake, which validation reports),
    /// otherwise a placeholder made into an id by [`IdMaker::finish`].
    pub(crate) fn id(&mut self, index: usize, given: Option<&str>) -> EntryId {
        match given.map(str::trim).filter(|g| EntryId::is_valid(g)) {
            Some(given) => EntryId::new(given),
            None => {
                self.to_make.push(index);
                EntryId::new("")
            }
        }
    }

    /// Makes the ids left to make, each from its entry's French term (or
    /// `entry` when the term has no letter or digit), unique against every
    /// other id.
    pub(crate) fn finish(self, entries: &mut [Entry]) {
        let mut taken: HashSet<String> = entries
            .iter()
            .map(|e| e.id.as_str().to_string())
            .filter(|id| !id.is_empty())
            .collect();
        for index in self.to_make {
            let Some(entry) = entries.get_mut(index) else {
                continue;
            };
            let base = slugify(entry.term.as_str()).unwrap_or_else(|| "entry".to_string());
            let mut candidate = base.clone();
            let mut n = 1;
            while taken.contains(&candidate) {
                n += 1;
                candidate = format!("{base}-{n}");
            }
            taken.insert(candidate.clone());
            entry.id = EntryId::new(candidate);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Category;

    fn entry(id: &str, term: &str) -> Entry {
        Entry::new(id, term, "x", Category::PilotZone)
    }

    #[test]
    fn made_ids_are_unique_and_never_take_a_given_one() {
        let mut ids = IdMaker::new();
        let rows = [
            (None, "Zone pilote"),
            (Some("c12"), "X"),
            (Some("c12"), "Y"),
            (None, "Zone  pilote"),
            (Some("Bad Id"), "zone pilote"),
            (None, "?"),
            // Given further down: made ids step aside.
            (Some("zone-pilote-3"), "Z"),
            (Some("IATE-84"), "W"),
        ];
        let mut entries: Vec<Entry> = rows
            .iter()
            .enumerate()
            .map(|(i, (given, term))| {
                let mut e = entry("", term);
                e.id = ids.id(i, *given);
                e
            })
            .collect();
        ids.finish(&mut entries);
        let got: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            got,
            [
                "zone-pilote",
                "c12",
                "c12",
                "zone-pilote-2",
                "zone-pilote-4",
                "entry",
                "zone-pilote-3",
                "IATE-84"
            ]
        );
    }
}
