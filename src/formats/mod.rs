//! The file formats, one module each, reading and writing it:
//!
//! | module | format | read | written |
//! |---|---|---|---|
//! | `json` | `glossary.json`, the crate's own | a glossary | (serde: `--show`, `--list`) |
//! | `tbx` | TBX v2 and v3 (DCA, DCT), termbases | a glossary, streamed | `--export tbx` |
//! | `csv` | CSV glossaries (language or named columns) | a glossary | `--export csv` |
//! | `tsv` | tab-separated pairs | segments to check | `--export tsv` (DeepL) |
//! | `xliff` | XLIFF 1.2 and 2.0/2.1 | segments to check, with their languages | |
//! | `ndjson` | one JSON object per line | | `--export ndjson` |
//!
//! What they share lives beside them: [`decode`] finds a file's encoding
//! (byte-order marks, UTF-16, an XML declaration's) and gives UTF-8;
//! [`lines`] counts lines and columns for errors; [`xml`] is the one XML
//! driver (quick-xml over a stream, namespace-aware) the XML formats are
//! handlers of; [`imported`] is what every glossary reader produces, and
//! [`export`] picks a writer. A new format (TMX, say) is a new module
//! here: a glossary reader returns an [`Imported`] and is added to
//! [`read_glossary`] with a [`GlossaryFormat`]; a writer is added to
//! [`export`] with an `ExportFormat`; an XML format implements
//! [`xml::Handler`].

pub(crate) mod csv;
pub(crate) mod decode;
#[cfg(feature = "export")]
pub(crate) mod export;
pub(crate) mod imported;
pub(crate) mod json;
mod json_spans;
pub(crate) mod lines;
#[cfg(feature = "export")]
pub(crate) mod ndjson;
pub(crate) mod segments;
pub(crate) mod tbx;
pub(crate) mod tsv;
pub(crate) mod xliff;
pub(crate) mod xml;

use std::io::{BufRead, Read};
use std::path::Path;

pub(crate) use imported::{IdMaker, Imported, Place};
pub use segments::{read_segments, Segment, SegmentFormat, Segments};

use crate::model::Language;
use crate::{Error, Result};

/// The formats a glossary is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GlossaryFormat {
    /// The crate's own `glossary.json` (see `data/README.md`).
    Json,
    /// TBX: TBX v3 / TBX-Basic (`tbx`, `conceptEntry`, `langSec`, `termSec`;
    /// DCA or DCT style) or TBX v2 (`martif`, `termEntry`, `langSet`, `tig`,
    /// `ntig`), as CAT tools and IATE write it.
    Tbx,
    /// CSV: the crate's `--export csv` (Google's `fr,en,pos,description`)
    /// or a header of named columns (see `data/README.md`).
    Csv,
}

impl GlossaryFormat {
    /// Every format, in the order a data directory is searched.
    pub const ALL: [GlossaryFormat; 3] = [
        GlossaryFormat::Json,
        GlossaryFormat::Tbx,
        GlossaryFormat::Csv,
    ];

    /// The glossary file's name in a data directory: `glossary.json`,
    /// `glossary.tbx` or `glossary.csv`.
    pub fn file_name(self) -> &'static str {
        match self {
            GlossaryFormat::Json => "glossary.json",
            GlossaryFormat::Tbx => "glossary.tbx",
            GlossaryFormat::Csv => "glossary.csv",
        }
    }

    /// `json`, `tbx` or `csv`: the name [`FromStr`](std::str::FromStr)
    /// reads and [`Display`](std::fmt::Display) writes.
    pub fn as_str(self) -> &'static str {
        match self {
            GlossaryFormat::Json => "json",
            GlossaryFormat::Tbx => "tbx",
            GlossaryFormat::Csv => "csv",
        }
    }
}

impl std::fmt::Display for GlossaryFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for GlossaryFormat {
    type Err = crate::model::ParseError;

    /// Case-insensitive: `json`, `TBX`, `Csv`; a file name's extension
    /// with its dot (`.tbx`) too.
    fn from_str(s: &str) -> std::result::Result<GlossaryFormat, Self::Err> {
        let name = s.trim();
        let name = name.strip_prefix('.').unwrap_or(name);
        GlossaryFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| crate::model::ParseError::new("glossary format", s, "json, tbx or csv"))
    }
}

/// Reads a glossary of `format` from `input` (named `path` in errors),
/// decoding it first: TBX streamed, JSON and CSV read whole (at most
/// `max_bytes` of them).
pub(crate) fn read_glossary(
    format: GlossaryFormat,
    input: impl BufRead,
    path: &Path,
    max_bytes: u64,
) -> Result<Imported> {
    let whole = |input: &mut dyn Read| -> Result<String> {
        let bytes = decode::read_limited(input, max_bytes)
            .map_err(|e| Error::io(path, e))?
            .ok_or_else(|| Error::TooLarge {
                path: path.to_path_buf(),
                max: max_bytes,
            })?;
        decode::text(bytes, path, decode::Kind::Plain, false)
    };
    let mut input = input;
    match format {
        GlossaryFormat::Json => json::read(&whole(&mut input)?, path),
        GlossaryFormat::Tbx => tbx::read::read(input, path),
        GlossaryFormat::Csv => csv::read(&whole(&mut input)?, path),
    }
}

/// The language of a language code, by its first subtag; `None` for a
/// language other than French and English.
pub(crate) fn language(code: &str) -> Option<Language> {
    Language::of_code(code)
}
