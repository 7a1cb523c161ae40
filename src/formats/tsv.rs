//! TSV, tab-separated text: segment pairs to check (`source<TAB>target`
//! per line) are read here, and DeepL glossaries (French name, English
//! term) are written here.

use std::path::Path;

use super::segments::Segment;
use crate::{Error, Location, Result};

/// The segment pairs of a TSV text: one per line, blank lines skipped.
///
/// # Errors
///
/// [`Error::Data`] at the line and column of a line without a tab or with
/// two.
pub(crate) fn read(text: &str, path: &Path) -> Result<Vec<Segment>> {
    let mut segments = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let at = |column: usize, message: String| {
            Error::data(
                Location::line_column(path, i + 1, column),
                crate::error::DataErrorKind::Syntax,
                message,
            )
        };
        let tabs = line.matches('\t').count();
        match tabs {
            1 => {}
            0 => {
                return Err(at(
                    line.chars().count() + 1,
                    "this line has no tab: a segment is source<TAB>target".into(),
                ))
            }
            n => {
                let second = line.match_indices('\t').nth(1).map_or(0, |(b, _)| b);
                return Err(at(
                    line[..second].chars().count() + 1,
                    format!("this line has {n} tabs: a segment is source<TAB>target, and a tab inside one cannot be told from the separator"),
                ));
            }
        }
        let (source, target) = line.split_once('\t').unwrap_or_default();
        segments.push(Segment::new(source, target, i + 1));
    }
    Ok(segments)
}

#[cfg(feature = "export")]
pub(crate) use write::write;

#[cfg(feature = "export")]
mod write {
    use std::collections::{HashMap, HashSet};
    use std::io::Write;

    use crate::formats::export::{csv_error, refuse, write_error};
    use crate::model::{Entry, ExportFormat};
    use crate::Result;

    /// Writes a DeepL glossary: one line per French name, with the English
    /// term as its target.
    ///
    /// # Errors
    ///
    /// [`Error::Export`](crate::Error::Export), before anything is written,
    /// for a name with spaces at an end (DeepL reads fields verbatim) and a
    /// French name two entries translate differently;
    /// [`Error::Write`](crate::Error::Write) when `out` fails.
    pub(crate) fn write(entries: &[&Entry], out: &mut dyn Write) -> Result<()> {
        // DeepL reads fields verbatim: no quoting, so a field must not start
        // or end with a space (names hold no tab or line break: checked at
        // load). A source given twice with two targets has no place in a
        // dictionary: refused, naming both entries, rather than one row
        // dropped.
        let mut targets: HashMap<&str, (&str, &Entry)> = HashMap::new();
        for entry in entries {
            for name in entry.french_names().chain([entry.term_en.as_str()]) {
                if name.trim() != name {
                    return Err(refuse(
                        ExportFormat::Tsv,
                        entry,
                        format!("the name {name:?} has spaces at an end"),
                    ));
                }
            }
            for name in entry.french_names() {
                match targets.get(name) {
                    Some((target, first)) if *target != entry.term_en.as_str() => {
                        return Err(refuse(
                            ExportFormat::Tsv,
                            entry,
                            format!(
                                "the French name {name:?} is also entry `{}`'s, translated {target:?}: a DeepL glossary holds one target per source (export a subset without one of them)",
                                first.id
                            ),
                        ))
                    }
                    Some(_) => {}
                    None => {
                        targets.insert(name, (entry.term_en.as_str(), entry));
                    }
                }
            }
        }
        let fail = |e| csv_error(ExportFormat::Tsv, e);
        let mut w = csv::WriterBuilder::new()
            .delimiter(b'\t')
            .quote_style(csv::QuoteStyle::Never)
            .from_writer(out);
        // The same source and target twice is one row: nothing is lost.
        let mut written = HashSet::new();
        for entry in entries {
            for name in entry.french_names() {
                if written.insert(name) {
                    w.write_record([name, entry.term_en.as_str()])
                        .map_err(fail)?;
                }
            }
        }
        w.flush().map_err(|e| write_error(ExportFormat::Tsv, e))
    }
}
