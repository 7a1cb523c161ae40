//! `glossary.json`: parsed into typed entries and validated, every error
//! located by file, line and column.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::json_spans::{array_elements, line_column, offset_of, ElementSpan, Lines};
use super::BOM;
use crate::model::{Category, Entry, EntryId, Sector};
use crate::{Error, Location, Result};

/// One entry as written in `glossary.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    term: String,
    term_en: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    aliases_en: Vec<String>,
    category: Category,
    #[serde(default)]
    sector: Option<Sector>,
    #[serde(default)]
    definition: Option<String>,
}

/// A parsed glossary file: its entries, and where each entry's keys are, for
/// errors found later (a term with no searchable word).
pub(crate) struct GlossaryFile<'a> {
    pub entries: Vec<Entry>,
    json: &'a str,
    path: &'a Path,
    elements: Vec<ElementSpan>,
}

impl GlossaryFile<'_> {
    /// Where `key` of entry `index` is written (the entry's start if the key
    /// is absent).
    pub(crate) fn location_of(&self, index: usize, key: &str) -> Location {
        let offset = self.elements.get(index).map_or(0, |e| key_offset(e, key));
        let (line, column) = line_column(self.json, offset);
        Location::line_column(self.path, line, column)
    }
}

fn key_offset(element: &ElementSpan, key: &str) -> usize {
    element
        .keys
        .iter()
        .find(|(k, _)| k == key)
        .map_or(element.span.start, |(_, offset)| *offset)
}

/// Parses and validates `glossary.json`.
///
/// Every error names `path` with a line and column: serde's for syntax and
/// type errors (with the entry's id when it has one), the offending key's
/// for semantic ones. A byte-order mark at the start is skipped.
pub(crate) fn parse_glossary<'a>(json: &'a str, path: &'a Path) -> Result<GlossaryFile<'a>> {
    let json = json.strip_prefix(BOM).unwrap_or(json);
    let at = |offset: usize, message: String| {
        let (line, column) = line_column(json, offset);
        Error::data(Location::line_column(path, line, column), message)
    };
    let serde_at = |base: usize, err: serde_json::Error| {
        let offset = if err.line() == 0 || err.is_eof() {
            json.len()
        } else {
            offset_of(json, base, err.line(), err.column())
        };
        let message = err.to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        at(offset, message.to_string())
    };

    // Syntax first, with serde's own positions.
    let count = serde_json::from_str::<Vec<serde::de::IgnoredAny>>(json)
        .map_err(|err| serde_at(0, err))?
        .len();
    let mut elements = array_elements(json);
    let mut raw = Vec::with_capacity(count);
    if elements.len() == count {
        for element in &elements {
            let text = &json[element.span.clone()];
            let entry = serde_json::from_str::<RawEntry>(text).map_err(|err| {
                // A value our own types refuse (a category that is not a
                // slug) is reported by serde after the value: point at its key.
                let message = err.to_string();
                let key = ["category", "sector"]
                    .into_iter()
                    .find(|key| message.starts_with(&format!("invalid {key} ")));
                let located = match key {
                    Some(key) => at(
                        key_offset(element, key),
                        message
                            .split(" at line ")
                            .next()
                            .unwrap_or_default()
                            .to_string(),
                    ),
                    None => serde_at(element.span.start, err),
                };
                name_the_entry(located, text)
            })?;
            raw.push(entry);
        }
    } else {
        // The scanner disagrees with serde: fall back to serde alone, which
        // still gives positions for every syntax and type error.
        raw = serde_json::from_str(json).map_err(|err| serde_at(0, err))?;
        elements = vec![
            ElementSpan {
                span: 0..0,
                keys: Vec::new()
            };
            raw.len()
        ];
    }
    let entries = validate(raw, &elements, &at, json, path)?;
    Ok(GlossaryFile {
        entries,
        json,
        path,
        elements,
    })
}

/// Whether a name may hold `c`: no control character (tabs and line breaks
/// included: a name is one line), no noncharacter (U+FFFE, U+FFFF), which
/// no export format could carry.
pub(crate) fn is_name_char(c: char) -> bool {
    !c.is_control() && c != '\u{fffe}' && c != '\u{ffff}'
}

/// Puts the entry's id (when it has one) in front of a serde message, so that
/// `missing field` says which entry lacks it.
fn name_the_entry(err: Error, element: &str) -> Error {
    let Error::Data { location, message } = err else {
        return err;
    };
    let id = serde_json::from_str::<serde_json::Value>(element)
        .ok()
        .and_then(|v| v.get("id").and_then(|id| id.as_str()).map(str::to_string));
    let message = match id {
        Some(id) => format!("entry `{}`: {message}", id.escape_debug()),
        None => message,
    };
    Error::Data { location, message }
}

fn validate(
    raw: Vec<RawEntry>,
    spans: &[ElementSpan],
    at: &dyn Fn(usize, String) -> Error,
    json: &str,
    path: &Path,
) -> Result<Vec<Entry>> {
    let mut first_use: HashMap<String, usize> = HashMap::new();
    let mut entries = Vec::with_capacity(raw.len());
    // Entries come in file order: one pass over the file for all their lines.
    let mut lines = Lines::new(json);
    for (raw, element) in raw.into_iter().zip(spans) {
        let key_at = |key: &str| key_offset(element, key);
        let id = raw.id.clone();
        let fail = |key: &str, message: String| at(key_at(key), format!("entry `{id}`: {message}"));
        if !EntryId::is_valid(&raw.id) {
            return Err(at(
                key_at("id"),
                format!(
                    "invalid id `{}`: use lowercase ASCII letters, digits and `-`",
                    raw.id.escape_debug()
                ),
            ));
        }
        let (line, column) = lines.at(key_at("id"));
        if let Some(&first_line) = first_use.get(&raw.id) {
            return Err(Error::DuplicateId {
                location: Location::line_column(path, line, column),
                id: raw.id,
                first_line,
            });
        }
        first_use.insert(raw.id.clone(), line);
        for (key, value) in [("term", &raw.term), ("term_en", &raw.term_en)] {
            if value.trim().is_empty() {
                return Err(fail(key, format!("`{key}` is empty")));
            }
        }
        for (key, list) in [("aliases", &raw.aliases), ("aliases_en", &raw.aliases_en)] {
            if let Some(n) = list.iter().position(|a| a.trim().is_empty()) {
                return Err(fail(key, format!("`{key}[{n}]` is empty")));
            }
        }
        let names = [("term", &raw.term), ("term_en", &raw.term_en)]
            .into_iter()
            .chain(raw.aliases.iter().map(|a| ("aliases", a)))
            .chain(raw.aliases_en.iter().map(|a| ("aliases_en", a)));
        for (key, name) in names {
            if let Some(c) = name.chars().find(|&c| !is_name_char(c)) {
                return Err(fail(
                    key,
                    format!(
                        "`{key}` holds the character U+{:04X}, which no name may hold (a control character or a noncharacter)",
                        u32::from(c)
                    ),
                ));
            }
        }
        // The embedded vocabulary's rule: hubs have a sector, the other named
        // categories have none. Entries of an own category may have one.
        match (&raw.category, &raw.sector) {
            (Category::InnovationHub, None) => {
                return Err(fail(
                    "category",
                    "an `innovation-hub` entry needs a `sector`".to_string(),
                ))
            }
            (category, Some(sector))
                if *category != Category::InnovationHub && !category.is_custom() =>
            {
                return Err(fail(
                    "sector",
                    format!("`sector` is `{sector}` but among the named categories only `innovation-hub` entries have a sector (category is `{category}`)"),
                ))
            }
            _ => {}
        }
        if raw
            .definition
            .as_deref()
            .is_some_and(|d| d.trim().is_empty())
        {
            return Err(fail(
                "definition",
                "`definition` is empty: use null when the source gives none".to_string(),
            ));
        }
        entries.push(Entry {
            id: EntryId::new(raw.id),
            term: raw.term,
            term_en: raw.term_en,
            aliases: raw.aliases,
            aliases_en: raw.aliases_en,
            category: raw.category,
            sector: raw.sector,
            definition: raw.definition,
            related: Vec::new(),
        });
    }
    Ok(entries)
}
