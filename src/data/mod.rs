//! Reading the data: the article file and the glossary file of a data
//! directory (or the embedded copies), as text, with errors that name the
//! file and the place in it.

mod glossary_file;
mod json_spans;
mod source;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

pub(crate) use glossary_file::parse_glossary;
pub(crate) use json_spans::line_column;
pub(crate) use source::{segment, PassageText};

use crate::{Error, Location, Result};

/// The article file of a data directory.
pub const SOURCE_FILE: &str = "source.fr.txt";
/// The glossary file of a data directory.
pub const GLOSSARY_FILE: &str = "glossary.json";

/// The embedded article (`data/source.fr.txt`).
pub const EMBEDDED_SOURCE: &str = include_str!("../../data/source.fr.txt");
/// The embedded glossary (`data/glossary.json`).
pub const EMBEDDED_GLOSSARY: &str = include_str!("../../data/glossary.json");

/// Largest data file, in bytes: byte offsets are kept in 32 bits.
pub const MAX_FILE_BYTES: u64 = u32::MAX as u64;

/// The byte-order mark some editors write at the start of a UTF-8 file. It
/// is accepted and skipped in both data files.
pub(crate) const BOM: &str = "\u{feff}";

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

/// The two data files, and the paths that name them in errors.
///
/// The source stays bytes until a build needs its text
/// ([`RawData::source_text`]): reopening a saved index only fingerprints it,
/// and passages check their own span when they are read.
#[derive(Debug, Clone)]
pub(crate) struct RawData {
    pub source: Cow<'static, [u8]>,
    pub json: Cow<'static, str>,
    pub paths: DataPaths,
}

impl RawData {
    /// The source as text: checked in full, the error naming the line and
    /// column of the first bad byte.
    pub(crate) fn source_text(&self) -> Result<&str> {
        check_utf8(&self.source, &self.paths.source)
    }

    /// The embedded data, named by its paths in the crate.
    pub(crate) fn embedded() -> RawData {
        RawData {
            source: Cow::Borrowed(EMBEDDED_SOURCE.as_bytes()),
            json: Cow::Borrowed(EMBEDDED_GLOSSARY),
            paths: DataPaths::in_dir(Path::new("data")),
        }
    }

    /// Texts given directly; errors name them by their file names.
    pub(crate) fn texts(source: String, json: String) -> RawData {
        RawData {
            source: Cow::Owned(source.into_bytes()),
            json: Cow::Owned(json),
            paths: DataPaths::in_dir(Path::new("")),
        }
    }

    /// Reads `source.fr.txt` and `glossary.json` from `dir`.
    pub(crate) fn read_dir(dir: &Path) -> Result<RawData> {
        match std::fs::metadata(dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(Error::Io {
                    path: dir.to_path_buf(),
                    reason: "it is a file, not a data directory (give the directory that holds source.fr.txt and glossary.json)".into(),
                    source: std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory"),
                })
            }
            Err(err) => {
                return Err(Error::Io {
                    path: dir.to_path_buf(),
                    reason: "no such data directory".into(),
                    source: err,
                })
            }
        }
        let paths = DataPaths::in_dir(dir);
        Ok(RawData {
            source: Cow::Owned(read_bytes(&paths.source)?),
            json: Cow::Owned(read_utf8(&paths.glossary)?),
            paths,
        })
    }
}

/// Reads a file, naming it on failure. Files over [`MAX_FILE_BYTES`] are
/// refused before they are read.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            reason: "it is a directory, not a file".into(),
            source: std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory"),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::data(
            Location::file(path),
            format!(
                "the file is {} bytes long; the maximum is {MAX_FILE_BYTES}",
                meta.len()
            ),
        ));
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
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
