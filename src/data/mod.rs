//! Reading the data: the French documents and the glossary file of a data
//! directory (or the embedded copies), with errors that name the file and
//! the place in it. The glossary is JSON, TBX or CSV; each format has its
//! reader, and all of them produce the same [`Imported`] form, held to the
//! same checks ([`import::validate`]).

mod csv;
mod import;
mod json;
mod json_spans;
mod source;
mod tbx;
pub(crate) mod xml;

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

pub(crate) use import::{fold_char, normalize, validate, Imported, Rules};
pub(crate) use json_spans::{line_column, Lines};
pub(crate) use source::{segment, PassageText};

use crate::{Error, Location, Result};

/// The article file of a data directory of one document (a directory may
/// hold several, each `*.fr.txt`).
pub const SOURCE_FILE: &str = "source.fr.txt";
/// The glossary file of a data directory, in JSON (or see
/// [`GlossaryFormat`] for TBX and CSV).
pub const GLOSSARY_FILE: &str = "glossary.json";

/// The suffix of a data directory's French documents.
pub const DOCUMENT_SUFFIX: &str = ".fr.txt";

/// The embedded article (`data/source.fr.txt`).
pub const EMBEDDED_SOURCE: &str = include_str!("../../data/source.fr.txt");
/// The embedded glossary (`data/glossary.json`).
pub const EMBEDDED_GLOSSARY: &str = include_str!("../../data/glossary.json");

/// Largest data file, in bytes: byte offsets are kept in 32 bits.
pub const MAX_FILE_BYTES: u64 = u32::MAX as u64;

/// The byte-order mark some editors write at the start of a UTF-8 file. It
/// is accepted and skipped in every data file.
pub(crate) const BOM: &str = "\u{feff}";

/// The formats a glossary is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GlossaryFormat {
    /// The crate's own `glossary.json` (see `data/README.md`).
    Json,
    /// TBX: TBX v3 / TBX-Basic (`tbx`, `conceptEntry`, `langSec`, `termSec`)
    /// or TBX v2 (`martif`, `termEntry`, `langSet`, `tig`, `ntig`), as CAT
    /// tools and IATE write it.
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
            GlossaryFormat::Json => GLOSSARY_FILE,
            GlossaryFormat::Tbx => "glossary.tbx",
            GlossaryFormat::Csv => "glossary.csv",
        }
    }
}

/// One French document: its file name (which names it in passages and
/// errors), its path, and its bytes.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub name: String,
    pub path: PathBuf,
    pub bytes: Cow<'static, [u8]>,
}

/// The glossary file: its format, its path and its text.
#[derive(Debug, Clone)]
pub(crate) struct GlossaryText {
    pub format: GlossaryFormat,
    pub path: PathBuf,
    pub text: Cow<'static, str>,
}

impl GlossaryText {
    /// Reads the glossary into entries, with its own reader.
    pub(crate) fn import(&self) -> Result<Imported> {
        match self.format {
            GlossaryFormat::Json => json::read_json(&self.text, &self.path),
            GlossaryFormat::Tbx => tbx::read_tbx(&self.text, &self.path),
            GlossaryFormat::Csv => csv::read_csv(&self.text, &self.path),
        }
    }
}

/// The data of a glossary: its documents and its glossary file.
///
/// Documents stay bytes until a build needs their text
/// ([`RawData::document_text`]): reopening a saved index only fingerprints
/// them, and passages check their own span when they are read.
#[derive(Debug, Clone)]
pub(crate) struct RawData {
    pub documents: Vec<Document>,
    pub glossary: GlossaryText,
    pub rules: Rules,
}

impl RawData {
    /// Document `i` as text: checked in full, the error naming the line and
    /// column of the first bad byte.
    pub(crate) fn document_text(&self, i: usize) -> Result<&str> {
        let document = &self.documents[i];
        check_utf8(&document.bytes, &document.path)
    }

    /// The data's files as the saved form's fingerprint sees them: each
    /// file's name (not its directory, so that data moved elsewhere is the
    /// same data) and its bytes.
    pub(crate) fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.documents
            .iter()
            .map(|d| (d.name.as_str(), &*d.bytes))
            .chain(std::iter::once((
                self.glossary.format.file_name(),
                self.glossary.text.as_bytes(),
            )))
    }

    /// The documents' bytes, one after the other, as the engine keeps them
    /// (borrowed when there is one document).
    pub(crate) fn into_source(self) -> Cow<'static, [u8]> {
        let mut documents = self.documents;
        if documents.len() == 1 {
            return documents.pop().map(|d| d.bytes).unwrap_or_default();
        }
        let mut all = Vec::with_capacity(documents.iter().map(|d| d.bytes.len()).sum());
        for d in documents {
            all.extend_from_slice(&d.bytes);
        }
        Cow::Owned(all)
    }

    /// The embedded data, named by its paths in the crate.
    pub(crate) fn embedded() -> RawData {
        RawData {
            documents: vec![Document {
                name: SOURCE_FILE.to_string(),
                path: Path::new("data").join(SOURCE_FILE),
                bytes: Cow::Borrowed(EMBEDDED_SOURCE.as_bytes()),
            }],
            glossary: GlossaryText {
                format: GlossaryFormat::Json,
                path: Path::new("data").join(GLOSSARY_FILE),
                text: Cow::Borrowed(EMBEDDED_GLOSSARY),
            },
            rules: Rules::Embedded,
        }
    }

    /// Texts given directly; errors name them by their names.
    pub(crate) fn texts(
        format: GlossaryFormat,
        glossary: String,
        documents: Vec<(String, String)>,
    ) -> Result<RawData> {
        let mut documents: Vec<Document> = documents
            .into_iter()
            .map(|(name, text)| Document {
                path: PathBuf::from(&name),
                name,
                bytes: Cow::Owned(text.into_bytes()),
            })
            .collect();
        documents.sort_by(|a, b| a.name.cmp(&b.name));
        if let Some(pair) = documents.windows(2).find(|w| w[0].name == w[1].name) {
            return Err(Error::data(
                Location::file(&pair[0].path),
                "two documents have this name",
            ));
        }
        Ok(RawData {
            documents,
            glossary: GlossaryText {
                format,
                path: PathBuf::from(format.file_name()),
                text: Cow::Owned(glossary),
            },
            rules: Rules::Own,
        })
    }

    /// Reads a data directory: its glossary (`glossary.json`,
    /// `glossary.tbx` or `glossary.csv`, exactly one) and its French
    /// documents (every `*.fr.txt`, in name order; there may be none).
    pub(crate) fn read_dir(dir: &Path) -> Result<RawData> {
        match std::fs::metadata(dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(Error::io_because(dir, std::io::ErrorKind::NotADirectory, "it is a file, not a data directory (give the directory that holds glossary.json and the *.fr.txt documents)"))
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::io_because(
                    dir,
                    std::io::ErrorKind::NotFound,
                    "no such data directory",
                ))
            }
            Err(err) => return Err(Error::io(dir, err)),
        }
        let list = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut names: Vec<String> = Vec::new();
        for entry in list {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            // A name that is not UTF-8 cannot be a document's: skipped.
            if let Ok(name) = entry.file_name().into_string() {
                names.push(name);
            }
        }
        names.sort();
        let formats: Vec<GlossaryFormat> = GlossaryFormat::ALL
            .into_iter()
            .filter(|f| names.iter().any(|n| n == f.file_name()))
            .collect();
        let format = match formats.as_slice() {
            [one] => *one,
            [] => return Err(Error::io_because(
                &dir.join(GLOSSARY_FILE),
                std::io::ErrorKind::NotFound,
                "no such file (a data directory holds glossary.json, glossary.tbx or glossary.csv)",
            )),
            several => {
                let names: Vec<&str> = several.iter().map(|f| f.file_name()).collect();
                return Err(Error::data(
                    Location::file(dir),
                    format!("it holds {}: keep one glossary", names.join(" and ")),
                ));
            }
        };
        let glossary_path = dir.join(format.file_name());
        let text = read_utf8(&glossary_path)?;
        let mut documents = Vec::new();
        for name in names.into_iter().filter(|n| is_document_name(n)) {
            let path = dir.join(&name);
            documents.push(Document {
                bytes: Cow::Owned(read_bytes(&path)?),
                name,
                path,
            });
        }
        Ok(RawData {
            documents,
            glossary: GlossaryText {
                format,
                path: glossary_path,
                text: Cow::Owned(text),
            },
            rules: Rules::Own,
        })
    }
}

/// Whether a file name is a French document's: `*.fr.txt`, not hidden.
fn is_document_name(name: &str) -> bool {
    name.len() > DOCUMENT_SUFFIX.len() && name.ends_with(DOCUMENT_SUFFIX) && !name.starts_with('.')
}

/// Reads a data file, naming it on failure. It must be a regular file (a
/// link to one is fine): a device or a FIFO could be endless or never
/// answer. Files over [`MAX_FILE_BYTES`] are refused before they are read,
/// and the read stops there should the file grow meanwhile.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let meta = file_metadata(path)?;
    if !meta.is_file() {
        return Err(Error::io_because(
            path,
            std::io::ErrorKind::InvalidInput,
            "it is not a regular file (a FIFO, a socket or a device); data files must be",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, MAX_FILE_BYTES));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_limited(file, MAX_FILE_BYTES)
        .map_err(|e| Error::io(path, e))?
        .ok_or_else(|| too_large(path, MAX_FILE_BYTES))
}

/// The metadata of `path` (links followed), which must not be a directory.
fn file_metadata(path: &Path) -> Result<std::fs::Metadata> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::io_because(
            path,
            std::io::ErrorKind::IsADirectory,
            "it is a directory, not a file",
        ));
    }
    Ok(meta)
}

fn too_large(path: &Path, max: u64) -> Error {
    Error::TooLarge {
        path: path.to_path_buf(),
        max,
    }
}

/// Reads all of `reader` if it holds at most `max` bytes (`None` when it
/// holds more), never holding much more than that in memory, whatever it is
/// (a device, a pipe that never ends).
pub(crate) fn read_limited(mut reader: impl Read, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        // Grow by a quarter (not double), exactly: the buffer never holds
        // much more than the input.
        let room = max.saturating_add(1).saturating_sub(bytes.len() as u64);
        let step = (bytes.len() as u64 / 4).clamp(1 << 16, 1 << 28).min(room);
        if step == 0 {
            return Ok(None);
        }
        bytes.reserve_exact(step as usize);
        if (&mut reader).take(step).read_to_end(&mut bytes)? == 0 {
            return Ok(Some(bytes));
        }
        if bytes.len() as u64 > max {
            return Ok(None);
        }
    }
}

/// Reads a text to annotate or check: a file, a pipe or a device, at most
/// `max_bytes` of it, as UTF-8. A byte-order mark is kept (it is part of the
/// text the offsets of a match count in).
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("draft.txt");
/// std::fs::write(&path, "Une zone pilote.")?;
/// assert_eq!(chongqing_glossary::read_text(&path, 1 << 20)?, "Une zone pilote.");
/// std::fs::write(&path, b"Zone \xff")?;
/// let err = chongqing_glossary::read_text(&path, 1 << 20).unwrap_err();
/// assert_eq!(err.location().unwrap().column(), Some(6));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Io`] when `path` is missing, a directory or unreadable;
/// [`Error::TooLarge`] over `max_bytes` (a regular file is refused before
/// it is read); [`Error::Data`] at the line and column of the first byte
/// that is not UTF-8.
pub fn read_text(path: impl AsRef<Path>, max_bytes: u64) -> Result<String> {
    let path = path.as_ref();
    let meta = file_metadata(path)?;
    if meta.is_file() && meta.len() > max_bytes {
        return Err(too_large(path, max_bytes));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_text_from(file, path, max_bytes)
}

/// Reads at most `max_bytes` of `reader` (standard input, a socket …) as
/// UTF-8; errors name it `name`.
///
/// # Errors
///
/// As [`read_text`], for reading.
pub fn read_text_from(reader: impl Read, name: impl AsRef<Path>, max_bytes: u64) -> Result<String> {
    let name = name.as_ref();
    let bytes = read_limited(reader, max_bytes)
        .map_err(|e| Error::io(name, e))?
        .ok_or_else(|| too_large(name, max_bytes))?;
    decode_utf8(bytes, name)
}

/// Reads a file as UTF-8, naming the file (and the place of the first bad
/// byte) on failure.
pub(crate) fn read_utf8(path: &Path) -> Result<String> {
    decode_utf8(read_bytes(path)?, path)
}

/// Decodes `bytes` as UTF-8; the error gives the line and column of the first
/// bad byte, and its byte offset.
pub(crate) fn decode_utf8(bytes: Vec<u8>, path: &Path) -> Result<String> {
    check_utf8(&bytes, path)?;
    // Checked just above: this cannot fail.
    String::from_utf8(bytes).map_err(|err| Error::data(Location::file(path), err.to_string()))
}

/// `bytes` as text, or an error giving the line and column of the first bad
/// byte, and its byte offset.
pub(crate) fn check_utf8<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|err| {
        let valid = err.valid_up_to();
        // `valid` ends on a char boundary of valid UTF-8, so this cannot fail.
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let (line, column) = line_column(prefix, valid);
        Error::data(
            Location::line_column(path, line, column),
            format!(
                "invalid UTF-8 (byte 0x{:02x} at byte offset {valid})",
                bytes[valid]
            ),
        )
    })
}
