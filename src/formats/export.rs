//! Writing a glossary for translation tools: each [`ExportFormat`] is
//! written by its format's module (`tbx`, `csv`, `tsv`, `ndjson`), from the
//! entries and the title; this module picks the writer and holds what they
//! share (their errors).
//!
//! What a format cannot hold is refused before anything is written
//! ([`Error::Export`]); output is then written entry by entry to the
//! caller's writer: memory does not grow with the glossary, and a failing
//! writer (a full disk, a closed pipe) stops the export with
//! [`Error::Write`] carrying its I/O error.

use std::io::{self, Write};

use super::ndjson::MentionLine;
use crate::error::{Error, Result};
use crate::model::{Entry, ExportFormat};

/// What an export writes: the glossary's title, its entries (in order) and,
/// for NDJSON, where passages mention each of them.
pub(crate) struct Export<'a> {
    pub title: Option<&'a str>,
    pub entries: Vec<&'a Entry>,
    /// The mentions of `entries[i]`.
    pub mentions: &'a dyn Fn(usize) -> Vec<MentionLine<'a>>,
}

/// Writes `export` to `out` in `format`, then flushes `out`.
pub(crate) fn write(format: ExportFormat, export: &Export<'_>, out: &mut dyn Write) -> Result<()> {
    let written = match format {
        ExportFormat::Tbx => super::tbx::write::write(export.title, &export.entries, out),
        ExportFormat::Csv => super::csv::write(&export.entries, out),
        ExportFormat::Tsv => super::tsv::write(&export.entries, out),
        ExportFormat::Ndjson => super::ndjson::write(&export.entries, export.mentions, out),
    };
    written.and_then(|()| out.flush().map_err(|e| write_error(format, e)))
}

/// A writer's failure, as the crate's error.
pub(crate) fn write_error(format: ExportFormat, source: io::Error) -> Error {
    Error::Write { format, source }
}

/// An entry `format` cannot hold, and why.
pub(crate) fn refuse(format: ExportFormat, entry: &Entry, reason: String) -> Error {
    Error::Export {
        format,
        id: entry.id.to_string(),
        reason,
    }
}

/// A `csv` writer's error as the crate's: writers only fail on I/O.
pub(crate) fn csv_error(format: ExportFormat, err: csv::Error) -> Error {
    match err.into_kind() {
        csv::ErrorKind::Io(source) => write_error(format, source),
        other => write_error(format, io::Error::other(format!("{other:?}"))),
    }
}
