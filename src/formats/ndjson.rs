//! NDJSON for data pipelines: one object per entry per line, the fields of
//! `glossary.json`, `related`, and where passages mention the entry.

use std::io::{self, Write};

use serde::Serialize;

use super::export::write_error;
use crate::model::{Entry, ExportFormat, PassageId};
use crate::Result;

/// One line of the NDJSON export.
#[derive(Serialize)]
struct EntryLine<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    mentions: Vec<MentionLine<'a>>,
}

/// Where a passage mentions an entry.
#[derive(Serialize)]
pub(crate) struct MentionLine<'a> {
    pub passage: PassageId,
    pub document: &'a str,
    pub line: u32,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// Writes one line per entry, with `mentions(i)` for `entries[i]`.
///
/// # Errors
///
/// [`Error::Write`](crate::Error::Write) when `out` fails.
pub(crate) fn write<'a>(
    entries: &[&'a Entry],
    mentions: &dyn Fn(usize) -> Vec<MentionLine<'a>>,
    out: &mut dyn Write,
) -> Result<()> {
    for (i, entry) in entries.iter().enumerate() {
        let line = EntryLine {
            entry,
            mentions: mentions(i),
        };
        serde_json::to_writer(&mut *out, &line).map_err(|e| {
            let source = match e.io_error_kind() {
                Some(kind) => io::Error::new(kind, e.to_string()),
                None => io::Error::other(e.to_string()),
            };
            write_error(ExportFormat::Ndjson, source)
        })?;
        out.write_all(b"\n")
            .map_err(|e| write_error(ExportFormat::Ndjson, e))?;
    }
    Ok(())
}
