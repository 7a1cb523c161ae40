//! `glossary.csv`, in either of two layouts, told apart by the header:
//!
//! - **language columns**, as Google Cloud Translation's equivalent term
//!   sets and this crate's `--export csv` write them: a column per language
//!   code (`fr`, `en`, `fr-FR` …), and optionally `pos` and `description`.
//!   Each row is an entry: the French and English terms, their part of
//!   speech, and the description as the French definition. Columns of other
//!   languages are skipped and counted.
//! - **named columns**: `term` and `term_en` (required), `id`, `aliases`,
//!   `aliases_en`, `deprecated`, `deprecated_en`, `category`, `sector`,
//!   `definition`, `definition_en`, `note`, in any order. A list cell
//!   (aliases, deprecated names) separates names with `;` or `|`; names in
//!   `deprecated` are aliases of status deprecated.
//!
//! Fields are separated by `,`, `;` or a tab, whichever the header line
//! uses most (spreadsheets in many European locales write `;`). Header names
//! are compared without case. An unknown column in the named layout is an
//! error naming it, so that a misspelt `defintion` is not silently dropped.
//! What CSV cannot carry: a status other than preferred, admitted and
//! deprecated, a part of speech per name, case sensitivity.

use std::collections::BTreeMap;
use std::path::Path;

use super::import::{slugify, IdMaker, Imported, Place};
use super::json_spans::Lines;
use super::BOM;
use crate::model::{Category, Entry, Name, PartOfSpeech, Sector, Status, Warning};
use crate::{Error, Location, Result};

/// The columns of the named layout.
const NAMED: &[&str] = &[
    "id",
    "term",
    "term_en",
    "aliases",
    "aliases_en",
    "deprecated",
    "deprecated_en",
    "category",
    "sector",
    "definition",
    "definition_en",
    "note",
];

/// The category of a row that gives none.
const UNCATEGORIZED: &str = "uncategorized";

/// Reads a CSV glossary.
///
/// # Errors
///
/// [`Error::Data`] at the line and column of a malformed row (an unclosed
/// quote, a row with too many or too few fields), an unknown column, a
/// missing `term` or `term_en` column, or a row without a French or English
/// term.
pub(crate) fn read_csv(text: &str, path: &Path) -> Result<Imported> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| first_line.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let at = |line: u64, column: usize, message: String| {
        Error::data(
            Location::line_column(path, line.max(1) as usize, column.max(1)),
            message,
        )
    };
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line());
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!("this row has {len} fields where the header has {expected_len}"),
            csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".to_string(),
            _ => format!("malformed CSV: {e}"),
        };
        at(line, 1, message)
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if header.iter().all(String::is_empty) {
        return Err(at(1, 1, "the file has no header row".into()));
    }
    let layout = Layout::of(&header).map_err(|(column, message)| at(1, column + 1, message))?;
    let mut ids = IdMaker::new();
    let mut entries = Vec::new();
    let mut places = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut record = csv::StringRecord::new();
    let mut lines = Lines::new(text);
    while reader.read_record(&mut record).map_err(csv_error)? {
        let line = record.position().map_or(1, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cell = |column: Option<usize>| {
            column
                .and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|c| !c.is_empty())
        };
        // Where each field starts, for errors: line and column in the file.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let starts: Vec<(u32, u32)> = field_starts(&text[start.min(text.len())..], delimiter)
            .into_iter()
            .map(|offset| {
                let (line, column) = lines.at(start + offset);
                (line as u32, column as u32)
            })
            .collect();
        let place = |fields: Vec<(&'static str, Option<usize>)>| Place {
            line: line as u32,
            column: 1,
            fields: fields
                .into_iter()
                .filter_map(|(key, c)| {
                    let (line, column) = *starts.get(c?)?;
                    Some((key, line, column))
                })
                .collect(),
        };
        let entry = match &layout {
            Layout::Languages {
                french,
                english,
                others,
                pos,
                description,
            } => {
                for (code, column) in others {
                    if cell(Some(*column)).is_some() {
                        *skipped.entry(code.clone()).or_default() += 1;
                    }
                }
                let (Some(term), Some(term_en)) = (cell(Some(*french)), cell(Some(*english)))
                else {
                    return Err(at(
                        line,
                        1,
                        "this row lacks its French or its English term".into(),
                    ));
                };
                let part_of_speech = cell(*pos).and_then(|p| p.parse::<PartOfSpeech>().ok());
                let named = |text: &str| Name {
                    part_of_speech,
                    ..Name::new(text)
                };
                places.push(place(vec![
                    ("term", Some(*french)),
                    ("term_en", Some(*english)),
                    ("definition", *description),
                ]));
                let mut entry = Entry::new(
                    ids.id(None, term),
                    named(term),
                    named(term_en),
                    UNCATEGORIZED.parse().expect("a slug"),
                );
                entry.definition = cell(*description).map(str::to_string);
                entry
            }
            Layout::Named(columns) => {
                let col = |key: &str| columns.get(key).copied();
                let (Some(term), Some(term_en)) = (cell(col("term")), cell(col("term_en"))) else {
                    return Err(at(
                        line,
                        1,
                        "this row lacks its `term` or its `term_en`".into(),
                    ));
                };
                places.push(place(NAMED.iter().map(|key| (*key, col(key))).collect()));
                let list = |key: &str, status: Option<Status>| -> Vec<Name> {
                    cell(col(key))
                        .map(|cell| {
                            cell.split([';', '|'])
                                .map(str::trim)
                                .filter(|n| !n.is_empty())
                                .map(|n| Name {
                                    status,
                                    ..Name::new(n)
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                };
                let category = cell(col("category"))
                    .and_then(|c| {
                        c.parse::<Category>()
                            .ok()
                            .or_else(|| slugify(c)?.parse().ok())
                    })
                    .unwrap_or_else(|| UNCATEGORIZED.parse().expect("a slug"));
                let mut entry = Entry::new(ids.id(cell(col("id")), term), term, term_en, category);
                entry.aliases = list("aliases", None);
                entry
                    .aliases
                    .extend(list("deprecated", Some(Status::Deprecated)));
                entry.aliases_en = list("aliases_en", None);
                entry
                    .aliases_en
                    .extend(list("deprecated_en", Some(Status::Deprecated)));
                entry.sector = cell(col("sector")).and_then(|s| {
                    s.parse::<Sector>()
                        .ok()
                        .or_else(|| slugify(s)?.parse().ok())
                });
                entry.definition = cell(col("definition")).map(str::to_string);
                entry.definition_en = cell(col("definition_en")).map(str::to_string);
                entry.note = cell(col("note")).map(str::to_string);
                entry
            }
        };
        entries.push(entry);
    }
    let mut warnings = Vec::new();
    if !skipped.is_empty() {
        warnings.push(Warning::SkippedLanguages {
            terms: skipped.into_iter().collect(),
        });
    }
    Ok(Imported {
        path: path.to_path_buf(),
        title: None,
        entries,
        places,
        warnings,
    })
}

/// Which layout a header says, and where its columns are.
enum Layout {
    Languages {
        french: usize,
        english: usize,
        /// Other language columns: (code, column).
        others: Vec<(String, usize)>,
        pos: Option<usize>,
        description: Option<usize>,
    },
    Named(BTreeMap<String, usize>),
}

impl Layout {
    /// The layout of `header` (lowercased names), or the column and reason
    /// it is refused.
    fn of(header: &[String]) -> std::result::Result<Layout, (usize, String)> {
        let is_code = |h: &str| {
            let primary = h.split(['-', '_']).next().unwrap_or_default();
            (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase())
        };
        let language = |h: &str, code: &str| h.split(['-', '_']).next() == Some(code);
        let french = header.iter().position(|h| language(h, "fr"));
        let english = header.iter().position(|h| language(h, "en"));
        if let (Some(french), Some(english)) = (french, english) {
            let mut others = Vec::new();
            let (mut pos, mut description) = (None, None);
            for (i, h) in header.iter().enumerate() {
                match h.as_str() {
                    _ if i == french || i == english => {}
                    "pos" => pos = Some(i),
                    "description" => description = Some(i),
                    code if is_code(code) => others.push((code.to_string(), i)),
                    other => {
                        return Err((
                            i,
                            format!("unknown column `{other}` beside language columns (expected language codes, `pos` and `description`)"),
                        ))
                    }
                }
            }
            return Ok(Layout::Languages {
                french,
                english,
                others,
                pos,
                description,
            });
        }
        let mut columns = BTreeMap::new();
        for (i, h) in header.iter().enumerate() {
            if !NAMED.contains(&h.as_str()) {
                return Err((
                    i,
                    format!(
                        "unknown column `{}` (expected language columns such as `fr,en`, or named columns: {})",
                        h.escape_debug(),
                        NAMED.join(", ")
                    ),
                ));
            }
            if columns.insert(h.clone(), i).is_some() {
                return Err((i, format!("the column `{h}` is given twice")));
            }
        }
        for required in ["term", "term_en"] {
            if !columns.contains_key(required) {
                return Err((0, format!("the header has no `{required}` column")));
            }
        }
        Ok(Layout::Named(columns))
    }
}

/// The byte offsets at which the fields of the record at the start of
/// `raw` begin: a delimiter outside quotes starts a field, a line break
/// outside quotes ends the record.
fn field_starts(raw: &str, delimiter: u8) -> Vec<usize> {
    let mut starts = vec![0];
    let mut quoted = false;
    for (i, b) in raw.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            d if d == delimiter && !quoted => starts.push(i + 1),
            _ => {}
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_start_after_delimiters_outside_quotes() {
        assert_eq!(field_starts("a,\"b,c\",d\ne,f", b','), [0, 2, 8]);
        assert_eq!(field_starts("a;b", b';'), [0, 2]);
        assert_eq!(field_starts("\"x\ny\",z", b','), [0, 6]);
    }
}
