//! CSV glossaries: read in either of two layouts, told apart by the header,
//! and written in the first (`--export csv`).
//!
//! - **language columns**, as Google Cloud Translation's equivalent term
//!   sets and this crate's `--export csv` write them: a column per language
//!   code (`fr`, `en`, `fr-FR` …), and optionally `pos` and `description`.
//!   Each row is an entry: the first French and English columns hold the
//!   terms, further columns of the same language aliases; `pos` is their
//!   part of speech and the description the French definition. Columns of
//!   other languages are skipped and counted.
//! - **named columns**: `term` and `term_en` (required), `id`, `aliases`,
//!   `aliases_en`, `deprecated`, `deprecated_en`, `category`, `sector`,
//!   `definition`, `definition_en`, `note`, in any order. A list cell
//!   (aliases, deprecated names) separates names with `;` or `|`; names in
//!   `deprecated` are aliases of status deprecated.
//!
//! Fields are separated by `,`, `;` or a tab, whichever the header line
//! uses most (spreadsheets in many European locales write `;`). Header names
//! are compared without case. An unknown column in the named layout is an
//! error naming it, so that a misspelt `defintion` is not silently dropped;
//! a quoted cell that is never closed is an error naming the line where it
//! opens (read to the end, it would swallow the rows after it). What CSV
//! cannot carry: a status other than preferred, admitted and deprecated, a
//! part of speech per name, case sensitivity.

use std::collections::BTreeMap;
use std::path::Path;

use super::imported::{IdMaker, Imported, Place};
use super::language;
use super::lines::Lines;
use crate::error::DataErrorKind;
use crate::model::Language;
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

/// Reads a CSV glossary (its text, decoded).
///
/// # Errors
///
/// [`Error::Data`] at the line and column of a malformed row (a quote never
/// closed, a row with too many or too few fields), an unknown column, a
/// missing `term` or `term_en` column, or a row without a French or English
/// term.
pub(crate) fn read(text: &str, path: &Path) -> Result<Imported> {
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| first_line.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',');
    let at = |line: u64, column: usize, kind: DataErrorKind, message: String| {
        Error::data(
            Location::line_column(path, line.max(1) as usize, column.max(1)),
            kind,
            message,
        )
    };
    if let Some(open) = unclosed_quote(text, delimiter) {
        let (line, column) = Lines::new(text).at(open);
        return Err(at(
            line as u64,
            column,
            DataErrorKind::Syntax,
            "this quoted cell is never closed: its quote opens here and the file ends inside it"
                .into(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line());
        let (kind, message) = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => (
                DataErrorKind::Syntax,
                format!("this row has {len} fields where the header has {expected_len}"),
            ),
            csv::ErrorKind::Utf8 { .. } => (DataErrorKind::Encoding, "invalid UTF-8".to_string()),
            // The parser says what is malformed, as the cause.
            _ => {
                let location = Location::line_column(path, line.max(1) as usize, 1);
                return Error::data_caused(location, DataErrorKind::Syntax, "malformed CSV", e);
            }
        };
        at(line, 1, kind, message)
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if header.iter().all(String::is_empty) {
        return Err(at(
            1,
            1,
            DataErrorKind::MissingField,
            "the file has no header row".into(),
        ));
    }
    let layout =
        Layout::of(&header).map_err(|(column, kind, message)| at(1, column + 1, kind, message))?;
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
        let index = entries.len();
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
                let names = |columns: &[usize]| -> Vec<&str> {
                    columns.iter().filter_map(|&c| cell(Some(c))).collect()
                };
                let (french_names, english_names) = (names(french), names(english));
                let (Some(term), Some(term_en)) = (french_names.first(), english_names.first())
                else {
                    return Err(at(
                        line,
                        1,
                        DataErrorKind::MissingField,
                        "this row lacks its French or its English term".into(),
                    ));
                };
                let part_of_speech = cell(*pos).and_then(|p| p.parse::<PartOfSpeech>().ok());
                let named = |text: &str| Name {
                    part_of_speech,
                    ..Name::new(text)
                };
                places.push(place(vec![
                    ("term", french.first().copied()),
                    ("term_en", english.first().copied()),
                    ("aliases", french.get(1).copied()),
                    ("aliases_en", english.get(1).copied()),
                    ("definition", *description),
                ]));
                let mut entry = Entry::new(
                    ids.id(index, None),
                    named(term),
                    named(term_en),
                    Category::uncategorized(),
                );
                entry.aliases = french_names[1..].iter().map(|n| named(n)).collect();
                entry.aliases_en = english_names[1..].iter().map(|n| named(n)).collect();
                entry.definition = cell(*description).map(str::to_string);
                entry
            }
            Layout::Named(columns) => {
                let col = |key: &str| columns.get(key).copied();
                let (Some(term), Some(term_en)) = (cell(col("term")), cell(col("term_en"))) else {
                    return Err(at(
                        line,
                        1,
                        DataErrorKind::MissingField,
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
                let (category, label) = Category::labelled(cell(col("category")));
                let id = ids.id(index, cell(col("id")));
                let mut entry = Entry::new(id, term, term_en, category);
                entry.category_label = label;
                entry.aliases = list("aliases", None);
                entry
                    .aliases
                    .extend(list("deprecated", Some(Status::Deprecated)));
                entry.aliases_en = list("aliases_en", None);
                entry
                    .aliases_en
                    .extend(list("deprecated_en", Some(Status::Deprecated)));
                entry.sector = cell(col("sector")).and_then(Sector::from_label);
                entry.definition = cell(col("definition")).map(str::to_string);
                entry.definition_en = cell(col("definition_en")).map(str::to_string);
                entry.note = cell(col("note")).map(str::to_string);
                entry
            }
        };
        entries.push(entry);
    }
    ids.finish(&mut entries);
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
        /// The French columns: the term's, then the aliases'.
        french: Vec<usize>,
        english: Vec<usize>,
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
    fn of(header: &[String]) -> std::result::Result<Layout, (usize, DataErrorKind, String)> {
        let is_code = |h: &str| {
            let primary = h.split(['-', '_']).next().unwrap_or_default();
            (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase())
        };
        let of = |lang: Language| -> Vec<usize> {
            (0..header.len())
                .filter(|&i| is_code(&header[i]) && language(&header[i]) == Some(lang))
                .collect()
        };
        let (french, english) = (of(Language::French), of(Language::English));
        if !french.is_empty() && !english.is_empty() {
            let mut others = Vec::new();
            let (mut pos, mut description) = (None, None);
            for (i, h) in header.iter().enumerate() {
                match h.as_str() {
                    _ if french.contains(&i) || english.contains(&i) => {}
                    "pos" => pos = Some(i),
                    "description" => description = Some(i),
                    code if is_code(code) => others.push((code.to_string(), i)),
                    other => {
                        return Err((
                            i,
                            DataErrorKind::UnknownField,
                            format!("unknown column `{}` beside language columns (expected language codes, `pos` and `description`)", other.escape_debug()),
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
                    DataErrorKind::UnknownField,
                    format!(
                        "unknown column `{}` (expected language columns such as `fr,en`, or named columns: {})",
                        h.escape_debug(),
                        NAMED.join(", ")
                    ),
                ));
            }
            if columns.insert(h.clone(), i).is_some() {
                return Err((
                    i,
                    DataErrorKind::Syntax,
                    format!("the column `{h}` is given twice"),
                ));
            }
        }
        for required in ["term", "term_en"] {
            if !columns.contains_key(required) {
                return Err((
                    0,
                    DataErrorKind::MissingField,
                    format!("the header has no `{required}` column"),
                ));
            }
        }
        Ok(Layout::Named(columns))
    }
}

/// The byte offset of the opening quote of a quoted cell that the text
/// never closes, if any: a cell is quoted when it starts with `"`, `""`
/// inside it is a quote, and it ends at the next lone `"`.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut field_start = true;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if field_start => {
                let open = i;
                i += 1;
                loop {
                    match bytes[i..].iter().position(|&b| b == b'"') {
                        None => return Some(open),
                        Some(q) => {
                            i += q + 1;
                            if bytes.get(i) == Some(&b'"') {
                                i += 1;
                            } else {
                                break;
                            }
                        }
                    }
                }
                field_start = false;
                continue;
            }
            b'\n' => field_start = true,
            b'\r' => {}
            b if b == delimiter => field_start = true,
            _ => field_start = false,
        }
        i += 1;
    }
    None
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

/// Writes the language layout Google Cloud Translation reads: header
/// `fr,en,pos,description`, one row per entry (the French and English
/// terms, the term's part of speech, the French definition).
///
/// # Errors
///
/// [`Error::Write`] when `out` fails.
#[cfg(feature = "export")]
pub(crate) fn write(entries: &[&Entry], out: &mut dyn std::io::Write) -> Result<()> {
    use super::export::{csv_error, write_error};
    use crate::model::ExportFormat;

    let fail = |e| csv_error(ExportFormat::Csv, e);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["fr", "en", "pos", "description"])
        .map_err(fail)?;
    for entry in entries {
        let pos = entry.term.part_of_speech.map_or("", |p| p.as_str());
        w.write_record([
            entry.term.as_str(),
            entry.term_en.as_str(),
            pos,
            entry.definition.as_deref().unwrap_or_default(),
        ])
        .map_err(fail)?;
    }
    w.flush().map_err(|e| write_error(ExportFormat::Csv, e))
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

    #[test]
    fn quotes_never_closed_are_found_where_they_open() {
        let cases: &[(&str, Option<usize>)] = &[
            ("a,b\n\"c,d\n", Some(4)),
            ("a,\"b \"\"quoted\"\" c\",d\n", None),
            ("a,b\"c,d\n", None),
            ("fr,en\n\"zone,\"pilote\"\nx,y\n", None),
            ("fr,en\nzone,\"pilot\nx,y\n", Some(11)),
            ("\"\"", None),
        ];
        for (text, open) in cases {
            assert_eq!(unclosed_quote(text, b','), *open, "{text:?}");
        }
    }
}
