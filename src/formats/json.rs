//! `glossary.json`: an array of entries, or an object with a `title` and
//! its `entries`, read into [`Imported`] with the place of every key, so
//! that every error names a line and column.

use std::path::Path;

use serde::Deserialize;

use super::imported::{Imported, Place};
use super::json_spans::{array_elements, object_value, offset_of, ElementSpan};
use super::lines::{line_column, Lines};
use crate::error::{DataErrorKind, JsonError};
use crate::model::{Category, Entry, EntryId, Name, Sector};
use crate::{Error, Location, Result};

/// One entry as written in `glossary.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    term: Name,
    term_en: Name,
    #[serde(default)]
    aliases: Vec<Name>,
    #[serde(default)]
    aliases_en: Vec<Name>,
    category: Category,
    #[serde(default)]
    category_label: Option<String>,
    #[serde(default)]
    sector: Option<Sector>,
    #[serde(default)]
    definition: Option<String>,
    #[serde(default)]
    definition_en: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// The object form: `{"title": …, "entries": [...]}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wrapper {
    #[serde(default)]
    title: Option<String>,
    #[allow(dead_code)]
    entries: serde::de::IgnoredAny,
}

/// Reads `glossary.json`.
///
/// Every error names `path` with a line and column: serde's for syntax and
/// type errors (with the entry's id when it has one), the offending key's
/// for the checks made later.
pub(crate) fn read(json: &str, path: &Path) -> Result<Imported> {
    let at = |offset: usize, kind: DataErrorKind, message: String| {
        let (line, column) = line_column(json, offset);
        Error::data(Location::line_column(path, line, column), kind, message)
    };
    // Serde's error, located in the file: for malformed JSON, the cause
    // (its words; the location is the place); for a value refused, the
    // message (its words, as serde has no kind for these).
    let serde_at = |base: usize, err: serde_json::Error| {
        let offset = if err.line() == 0 || err.is_eof() {
            json.len()
        } else {
            offset_of(json, base, err.line(), err.column())
        };
        let (line, column) = line_column(json, offset);
        let location = Location::line_column(path, line, column);
        if err.classify() != serde_json::error::Category::Data {
            return Error::data_caused(
                location,
                DataErrorKind::Syntax,
                "malformed JSON",
                JsonError::new(err),
            );
        }
        let message = err.to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        Error::data(location, refusal_kind(message), message)
    };

    // The array of entries: the whole file, or the object's `entries`.
    let (title, base, array) = if json.trim_start().starts_with('{') {
        let wrapper = serde_json::from_str::<Wrapper>(json).map_err(|err| serde_at(0, err))?;
        let span = object_value(json, "entries").ok_or_else(|| {
            at(
                0,
                DataErrorKind::InvalidValue,
                "`entries` is not an array".to_string(),
            )
        })?;
        (wrapper.title, span.start, &json[span])
    } else {
        (None, 0, json)
    };
    let mut elements = array_elements(array);
    for e in &mut elements {
        e.span = e.span.start + base..e.span.end + base;
        for key in &mut e.keys {
            key.1 += base;
        }
    }
    // One pass of serde over a file that is right; the slower passes below
    // only to locate what is wrong.
    let raw: Vec<RawEntry> = match serde_json::from_str(array) {
        Ok(raw) => raw,
        Err(_) => return Err(located_error(json, array, base, &elements, &at, &serde_at)),
    };
    if elements.len() != raw.len() {
        // The scanner disagrees with serde: places at the array's start.
        elements = vec![
            ElementSpan {
                span: base..base,
                keys: Vec::new()
            };
            raw.len()
        ];
    }
    // Entries come in file order: one pass over the file for all places.
    let mut lines = Lines::new(json);
    let mut entries = Vec::with_capacity(raw.len());
    let mut places = Vec::with_capacity(raw.len());
    for (raw, element) in raw.into_iter().zip(&elements) {
        let (line, column) = lines.at(element.span.start);
        let fields = element
            .keys
            .iter()
            .filter_map(|(key, offset)| {
                let key = FIELDS.iter().find(|k| **k == key)?;
                let (line, column) = lines.at(*offset);
                Some((*key, line as u32, column as u32))
            })
            .collect();
        places.push(Place {
            line: line as u32,
            column: column as u32,
            fields,
        });
        entries.push(Entry {
            id: EntryId::new(raw.id),
            term: raw.term,
            term_en: raw.term_en,
            aliases: raw.aliases,
            aliases_en: raw.aliases_en,
            category: raw.category,
            category_label: raw.category_label,
            sector: raw.sector,
            definition: raw.definition,
            definition_en: raw.definition_en,
            note: raw.note,
            related: Vec::new(),
        });
    }
    Ok(Imported {
        path: path.to_path_buf(),
        title,
        entries,
        places,
        warnings: Vec::new(),
    })
}

/// The error of an array serde refuses, located: a syntax error where serde
/// saw it; a value refused in an element at its key, with the element's id.
fn located_error(
    json: &str,
    array: &str,
    base: usize,
    elements: &[ElementSpan],
    at: &dyn Fn(usize, DataErrorKind, String) -> Error,
    serde_at: &dyn Fn(usize, serde_json::Error) -> Error,
) -> Error {
    // Syntax first, with serde's own positions.
    let count = match serde_json::from_str::<Vec<serde::de::IgnoredAny>>(array) {
        Ok(all) => all.len(),
        Err(err) => return serde_at(base, err),
    };
    if elements.len() == count {
        for element in elements {
            let text = &json[element.span.clone()];
            if let Err(err) = serde_json::from_str::<RawEntry>(text) {
                // A value our own types refuse (a category that is not a
                // slug) is reported by serde after the value: point at its key.
                let message = err.to_string();
                let key = ["category", "sector"]
                    .into_iter()
                    .find(|key| message.starts_with(&format!("invalid {key} ")));
                let located = match key {
                    Some(key) => at(
                        key_offset(element, key),
                        DataErrorKind::InvalidValue,
                        message
                            .split(" at line ")
                            .next()
                            .unwrap_or_default()
                            .to_string(),
                    ),
                    None => serde_at(element.span.start, err),
                };
                return name_the_entry(located, text);
            }
        }
    }
    // The scanner disagrees with serde: serde alone, which still gives
    // positions for every syntax and type error.
    match serde_json::from_str::<Vec<RawEntry>>(array) {
        Err(err) => serde_at(base, err),
        Ok(_) => at(
            base,
            DataErrorKind::Syntax,
            "the entries cannot be read".to_string(),
        ),
    }
}

/// The keys of an entry, as [`Place`] names them.
const FIELDS: &[&str] = &[
    "id",
    "term",
    "term_en",
    "aliases",
    "aliases_en",
    "category",
    "category_label",
    "sector",
    "definition",
    "definition_en",
    "note",
];

fn key_offset(element: &ElementSpan, key: &str) -> usize {
    element
        .keys
        .iter()
        .find(|(k, _)| k == key)
        .map_or(element.span.start, |(_, offset)| *offset)
}

/// Puts the entry's id (when it has one) in front of a serde message, so that
/// `missing field` says which entry lacks it.
fn name_the_entry(err: Error, element: &str) -> Error {
    let Error::Data {
        location,
        kind,
        message,
        cause,
        ..
    } = err
    else {
        return err;
    };
    let id = serde_json::from_str::<serde_json::Value>(element)
        .ok()
        .and_then(|v| v.get("id").and_then(|id| id.as_str()).map(str::to_string));
    let message = match id {
        Some(id) => format!("entry `{}`: {message}", id.escape_debug()),
        None => message,
    };
    Error::Data {
        location,
        kind,
        message,
        cause,
    }
}

/// The kind of a value serde refused, from its message (serde's errors of
/// the `Data` category have no kind of their own).
fn refusal_kind(message: &str) -> DataErrorKind {
    if message.starts_with("missing field") {
        DataErrorKind::MissingField
    } else if message.starts_with("unknown field") {
        DataErrorKind::UnknownField
    } else {
        DataErrorKind::InvalidValue
    }
}
