//! The formats the glossary exports to. The writers are in the crate's
//! `export` module; the format is a model type so that errors can name it.

use std::fmt;
use std::str::FromStr;

/// A format [`Glossary::export`](crate::Glossary::export) writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExportFormat {
    /// TBX-Basic in TBX v3 (ISO 30042:2019), DCA style: one `conceptEntry`
    /// per entry (its id as `id`), the category as
    /// `descrip type="subjectField"`, the note as a `note`, each related
    /// entry as `ref type="crossReference"`, then a French and an English
    /// `langSec`: that language's definition (`descrip type="definition"`,
    /// when the entry has one) and one `termSec` per name, the term first:
    /// each name with its own status (`administrativeStatus`, preferred for
    /// a term and admitted for an alias unless the glossary says
    /// otherwise), its part of speech when known (`partOfSpeech`), the
    /// sector as `projectSubset`, and its case sensitivity when set (a
    /// `note`). Read back, it gives the same entries field for field.
    Tbx,
    /// Google Cloud Translation's equivalent-term-set layout: a header row
    /// `fr,en,pos,description`, then one row per entry: the French term, the
    /// English term, the term's part of speech (empty when unknown) and the
    /// French definition. Aliases, statuses and the English definition
    /// have no column in this layout.
    Csv,
    /// DeepL's glossary entries, French → English: `source<TAB>target`, no
    /// header, one line per French name (term and aliases) with the English
    /// term as target. A French name given twice (by two entries) is written
    /// once, for its first entry; English aliases have no place in a
    /// French → English dictionary.
    Tsv,
    /// One JSON object per entry per line: the fields of `glossary.json`,
    /// the related entries, and the passages that mention the entry
    /// (`mentions`: passage id, byte span in the passage, matched text).
    Ndjson,
}

impl ExportFormat {
    /// Every format, in the order of the docs.
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Tbx,
        ExportFormat::Csv,
        ExportFormat::Tsv,
        ExportFormat::Ndjson,
    ];

    /// `tbx`, `csv`, `tsv` or `ndjson`: the name [`FromStr`] reads.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Tbx => "tbx",
            ExportFormat::Csv => "csv",
            ExportFormat::Tsv => "tsv",
            ExportFormat::Ndjson => "ndjson",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// A format name that is not one of [`ExportFormat::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown export format `{0}` (expected tbx, csv, tsv or ndjson)")]
pub struct UnknownFormat(pub String);

impl FromStr for ExportFormat {
    type Err = UnknownFormat;

    /// Case-insensitive: `tbx`, `CSV`, `Tsv`, `ndjson`.
    fn from_str(s: &str) -> std::result::Result<ExportFormat, UnknownFormat> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}
