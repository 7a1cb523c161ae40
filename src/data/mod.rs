//! Reading the data: the article file and the glossary file of a data
//! directory (or the embedded copies), as text, with errors that name the
//! file and the place in it.

mod glossary_file;
mod json_spans;
mod source;

use std::borrow::Cow;
use std::io::Read;
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

    /// The data's files as the saved form's fingerprint sees them: each
    /// file's name (not its directory, so that data moved elsewhere is the
    /// same data) and its bytes.
    pub(crate) fn files(&self) -> [(&str, &[u8]); 2] {
        [
            (SOURCE_FILE, &self.source),
            (GLOSSARY_FILE, self.json.as_bytes()),
        ]
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

/// Reads a data file, naming it on failure. It must be a regular file (a
/// link to one is fine): a device or a FIFO could be endless or never
/// answer. Files over [`MAX_FILE_BYTES`] are refused before they are read,
/// and the read stops there should the file grow meanwhile.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            reason: "it is a directory, not a file".into(),
            source: std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory"),
        });
    }
    if !meta.is_file() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            reason: "it is not a regular file (a FIFO, a socket or a device); data files must be"
                .into(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, MAX_FILE_BYTES));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_limited(file, MAX_FILE_BYTES)
        .map_err(|e| Error::io(path, e))?
        .ok_or_else(|| too_large(path, MAX_FILE_BYTES))
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
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            reason: "it is a directory, not a file".into(),
            source: std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory"),
        });
    }
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
