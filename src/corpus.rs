//! Loading and validating the data: the article becomes passages, the
//! glossary JSON becomes typed entries, and mentions link the two.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::json_spans::{array_elements, line_column, offset_of, ElementSpan};
use crate::model::{Category, Entry, EntryId, Passage, PassageId, Sector};
use crate::text::Tok;
use crate::{Error, Result};

/// The file names of a glossary directory.
pub const SOURCE_FILE: &str = "source.fr.txt";
/// The glossary file name inside a glossary directory.
pub const GLOSSARY_FILE: &str = "glossary.json";

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

/// Reads a data file as UTF-8, naming the file (and the position of the
/// first bad byte) on failure.
pub(crate) fn read_utf8(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    decode_utf8(bytes, path)
}

pub(crate) fn decode_utf8(bytes: Vec<u8>, path: &Path) -> Result<String> {
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        // `valid` ends on a char boundary of valid UTF-8, so this cannot fail.
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let (line, column) = line_column(prefix, valid);
        Error::Data {
            path: path.to_path_buf(),
            line,
            column,
            message: format!(
                "invalid UTF-8 (byte 0x{:02x} at byte offset {valid})",
                bytes[valid]
            ),
        }
    })
}

/// Splits the article into passages: one per sentence, paragraphs being the
/// non-blank lines. Ids are 1-based; spans are byte ranges in `text`.
pub(crate) fn segment(text: &str) -> Vec<Passage> {
    let mut passages = Vec::new();
    let mut paragraph = 0u32;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        if line.trim().is_empty() {
            continue;
        }
        paragraph += 1;
        let mut sentence = 0u32;
        for (offset, raw) in line.split_sentence_bound_indices() {
            let trimmed = raw.trim_start();
            let lead = raw.len() - trimmed.len();
            let trimmed = trimmed.trim_end();
            if trimmed.is_empty() {
                continue;
            }
            sentence += 1;
            let begin = start + offset + lead;
            passages.push(Passage {
                id: PassageId::new(paragraph, sentence),
                text: trimmed.to_string(),
                span: begin..begin + trimmed.len(),
                mentions: Vec::new(),
            });
        }
    }
    passages
}

/// Parses and validates `glossary.json`.
///
/// Every error names `path` with a line and column: serde's for syntax and
/// type errors, the offending key's for semantic ones.
pub(crate) fn parse_glossary(json: &str, path: &Path) -> Result<Vec<Entry>> {
    let at = |offset: usize, message: String| {
        let (line, column) = line_column(json, offset);
        Error::Data {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let serde_at = |base: usize, err: serde_json::Error| {
        let offset = if err.line() == 0 || err.is_eof() {
            json.len()
        } else {
            offset_of(json, base, err.line(), err.column())
        };
        at(
            offset,
            err.to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_string(),
        )
    };

    // Syntax first, with serde's own positions.
    let count = serde_json::from_str::<Vec<serde::de::IgnoredAny>>(json)
        .map_err(|err| serde_at(0, err))?
        .len();
    let elements = array_elements(json);
    if elements.len() != count {
        // The scanner disagrees with serde: fall back to serde alone, which
        // still gives positions for every syntax and type error.
        let raw: Vec<RawEntry> = serde_json::from_str(json).map_err(|err| serde_at(0, err))?;
        let spans = vec![
            ElementSpan {
                span: 0..0,
                keys: Vec::new()
            };
            raw.len()
        ];
        return validate(raw, &spans, &at, json, path);
    }
    let mut raw = Vec::with_capacity(count);
    for element in &elements {
        let text = &json[element.span.clone()];
        raw.push(
            serde_json::from_str::<RawEntry>(text)
                .map_err(|err| serde_at(element.span.start, err))?,
        );
    }
    validate(raw, &elements, &at, json, path)
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
    for (raw, element) in raw.into_iter().zip(spans) {
        let key_at = |key: &str| {
            element
                .keys
                .iter()
                .find(|(k, _)| k == key)
                .map_or(element.span.start, |(_, offset)| *offset)
        };
        let id = raw.id.clone();
        let fail = |key: &str, message: String| at(key_at(key), format!("entry `{id}`: {message}"));
        if !EntryId::is_valid_slug(&raw.id) {
            return Err(at(
                key_at("id"),
                format!(
                    "invalid id `{}`: use lowercase ASCII letters, digits and `-`",
                    raw.id.escape_debug()
                ),
            ));
        }
        let (line, _) = line_column(json, key_at("id"));
        if let Some(&first_line) = first_use.get(&raw.id) {
            let (line, column) = line_column(json, key_at("id"));
            return Err(Error::DuplicateId {
                path: path.to_path_buf(),
                id: raw.id,
                line,
                column,
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
        match (raw.category, raw.sector) {
            (Category::InnovationHub, None) => {
                return Err(fail(
                    "category",
                    "an `innovation-hub` entry needs a `sector`".to_string(),
                ))
            }
            (category, Some(sector)) if category != Category::InnovationHub => {
                return Err(fail(
                    "sector",
                    format!("`sector` is `{sector}` but only `innovation-hub` entries have a sector (category is `{category}`)"),
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

/// The location of a JSON key, for errors found after parsing (a term with no
/// searchable word).
pub(crate) fn key_location(json: &str, entry_index: usize, key: &str) -> (usize, usize) {
    let elements = array_elements(json);
    let offset = elements.get(entry_index).map_or(0, |e| {
        e.keys
            .iter()
            .find(|(k, _)| k == key)
            .map_or(e.span.start, |(_, offset)| *offset)
    });
    line_column(json, offset)
}

/// Finds every occurrence of `pattern` (a sequence of stem ids) in `tokens`,
/// as contiguous analyzed words (stop words do not count), and returns the
/// byte spans covered.
pub(crate) fn find_sequence(tokens: &[Tok], pattern: &[u32]) -> Vec<Range<usize>> {
    if pattern.is_empty() || tokens.len() < pattern.len() {
        return Vec::new();
    }
    tokens
        .windows(pattern.len())
        .filter(|w| w.iter().zip(pattern).all(|(t, p)| t.stem == *p))
        .map(|w| w[0].start as usize..w[w.len() - 1].end as usize)
        .collect()
}

/// Merges overlapping or touching ranges (input in any order).
pub(crate) fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Where the data came from, for error messages.
#[derive(Debug, Clone)]
pub(crate) struct DataPaths {
    pub source: PathBuf,
    pub glossary: PathBuf,
}

impl DataPaths {
    pub(crate) fn in_dir(dir: &Path) -> DataPaths {
        DataPaths {
            source: dir.join(SOURCE_FILE),
            glossary: dir.join(GLOSSARY_FILE),
        }
    }
}

/// Links computed at load time: which passages mention which entries, and
/// which entries a definition mentions.
pub(crate) struct Links {
    /// For each entry: (passage index, spans of the mention in the passage).
    pub entry_mentions: Vec<Vec<(usize, Vec<Range<usize>>)>>,
    /// For each passage: the entries it mentions, in entry order.
    pub passage_mentions: Vec<Vec<usize>>,
    /// For each entry: the other entries its definition mentions.
    pub related: Vec<Vec<usize>>,
}

impl Links {
    /// An entry is mentioned where its French term or an alias occurs as a
    /// sequence of stems (so elision, accents and plurals do not matter).
    pub(crate) fn new(entries: &[crate::glossary::EntryTexts], passages: &[Vec<Tok>]) -> Links {
        let patterns: Vec<Vec<Vec<u32>>> = entries
            .iter()
            .map(|t| {
                t.french_names()
                    .map(|toks| toks.iter().map(|t| t.stem).collect())
                    .collect()
            })
            .collect();
        let find = |tokens: &[Tok], entry: usize| {
            merge_ranges(
                patterns[entry]
                    .iter()
                    .flat_map(|p| find_sequence(tokens, p))
                    .collect(),
            )
        };
        let mut entry_mentions = vec![Vec::new(); entries.len()];
        let mut passage_mentions = vec![Vec::new(); passages.len()];
        for (p, tokens) in passages.iter().enumerate() {
            for (e, mentions) in entry_mentions.iter_mut().enumerate() {
                let spans = find(tokens, e);
                if !spans.is_empty() {
                    passage_mentions[p].push(e);
                    mentions.push((p, spans));
                }
            }
        }
        let related = (0..entries.len())
            .map(|e| {
                (0..entries.len())
                    .filter(|&other| other != e && !find(&entries[e].definition, other).is_empty())
                    .collect()
            })
            .collect();
        Links {
            entry_mentions,
            passage_mentions,
            related,
        }
    }
}
