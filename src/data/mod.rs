//! The data of a glossary: its French documents and its glossary file, from
//! a data directory, from memory, or the embedded copies, read with errors
//! that name the file and the place in it. Each file format has its module
//! in [`formats`](crate::formats); this module finds the files, reads them
//! within limits, fingerprints them, and checks what the readers produce
//! ([`import::validate`]).

mod import;
mod source;

use std::borrow::Cow;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

pub(crate) use import::{normalize, validate, Rules};
pub(crate) use source::{segment, DocumentAt, PassageText, Place};

use crate::error::DataErrorKind;
use crate::formats::decode::{self, read_limited, Kind};
use crate::formats::{read_glossary, GlossaryFormat, Imported};
use crate::{Error, Location, Result};

/// The article file of a data directory of one document (a directory may
/// hold several, each `*.fr.txt`).
pub const SOURCE_FILE: &str = "source.fr.txt";

/// The suffix of a data directory's French documents.
pub const DOCUMENT_SUFFIX: &str = ".fr.txt";

/// The embedded article (`data/source.fr.txt`).
pub const EMBEDDED_SOURCE: &str = include_str!("../../data/source.fr.txt");
/// The embedded glossary (`data/glossary.json`).
pub const EMBEDDED_GLOSSARY: &str = include_str!("../../data/glossary.json");

pub use crate::limits::MAX_FILE_BYTES;

/// One French document: its file name (which names it in passages and
/// errors), its path, and its text as UTF-8 (decoded from UTF-16 when the
/// file was).
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub name: String,
    pub path: PathBuf,
    pub bytes: Cow<'static, [u8]>,
}

/// Where the glossary's bytes are.
#[derive(Debug, Clone)]
enum Bytes {
    Memory(Cow<'static, [u8]>),
    /// A file, read when needed (a TBX file may be larger than memory
    /// should hold).
    File,
}

/// The glossary file: its format, its path and its bytes.
#[derive(Debug, Clone)]
pub(crate) struct GlossaryFile {
    pub format: GlossaryFormat,
    pub path: PathBuf,
    bytes: Bytes,
}

impl GlossaryFile {
    /// Reads the glossary into entries with its format's reader, checking
    /// that the bytes read are those fingerprinted (`digest`), so that a
    /// file edited meanwhile is not saved under the old data's fingerprint.
    pub(crate) fn import(&self, digest: &blake3::Hash) -> Result<Imported> {
        match &self.bytes {
            Bytes::Memory(bytes) => {
                read_glossary(self.format, &bytes[..], &self.path, MAX_FILE_BYTES)
            }
            Bytes::File => {
                let file = open_regular(&self.path)?;
                let mut hashing = Hashing::new(file);
                let imported = read_glossary(
                    self.format,
                    BufReader::with_capacity(1 << 16, &mut hashing),
                    &self.path,
                    MAX_FILE_BYTES,
                )?;
                // A reader may stop before the end (trailing whitespace of
                // XML): read the rest, so that the whole file is compared.
                std::io::copy(&mut hashing, &mut std::io::sink())
                    .map_err(|e| Error::io(&self.path, e))?;
                if hashing.hasher.finalize() != *digest {
                    return Err(Error::data(
                        Location::file(&self.path),
                        DataErrorKind::Changed,
                        "the file changed while it was read: load it again",
                    ));
                }
                Ok(imported)
            }
        }
    }

    /// The BLAKE3 hash of the glossary's bytes.
    fn digest(&self) -> Result<blake3::Hash> {
        match &self.bytes {
            Bytes::Memory(bytes) => Ok(blake3::hash(bytes)),
            Bytes::File => {
                let file = open_regular(&self.path)?;
                let mut hasher = blake3::Hasher::new();
                hasher
                    .update_reader(file)
                    .map_err(|e| Error::io(&self.path, e))?;
                Ok(hasher.finalize())
            }
        }
    }
}

/// A reader that hashes what it reads.
struct Hashing<R> {
    inner: R,
    hasher: blake3::Hasher,
}

impl<R: Read> Hashing<R> {
    fn new(inner: R) -> Hashing<R> {
        Hashing {
            inner,
            hasher: blake3::Hasher::new(),
        }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
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
    pub glossary: GlossaryFile,
    pub rules: Rules,
}

/// The data's files as the saved form's fingerprint sees them: each file's
/// name (not its directory, so that data moved elsewhere is the same data),
/// length and BLAKE3 hash.
pub(crate) struct Digests {
    pub files: Vec<(String, blake3::Hash)>,
    /// The glossary's, to check what a build reads.
    pub glossary: blake3::Hash,
}

impl RawData {
    /// Document `i` as text: checked in full, the error naming the line and
    /// column of the first bad byte.
    pub(crate) fn document_text(&self, i: usize) -> Result<&str> {
        let document = &self.documents[i];
        decode::check_utf8(&document.bytes, &document.path, Kind::Plain)
    }

    /// The hash of every file of the data.
    pub(crate) fn digests(&self) -> Result<Digests> {
        let glossary = self.glossary.digest()?;
        let files = self
            .documents
            .iter()
            .map(|d| (d.name.clone(), blake3::hash(&d.bytes)))
            .chain([(self.glossary.format.file_name().to_string(), glossary)])
            .collect();
        Ok(Digests { files, glossary })
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
            glossary: GlossaryFile {
                format: GlossaryFormat::Json,
                path: Path::new("data").join(GlossaryFormat::Json.file_name()),
                bytes: Bytes::Memory(Cow::Borrowed(EMBEDDED_GLOSSARY.as_bytes())),
            },
            rules: Rules::Embedded,
        }
    }

    /// Texts given directly; errors name the glossary `glossary_name` and
    /// the documents by their names.
    /// Passage ids name their document by its key
    /// ([`PassageId::document_key`](crate::PassageId::document_key)): two
    /// documents may not share one (`a.fr.txt` and `a`, given from memory).
    pub(crate) fn check_document_keys(&self) -> Result<()> {
        let mut keys: Vec<(Option<&str>, usize)> = self
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (crate::model::PassageId::document_key(&d.name), i))
            .collect();
        keys.sort_unstable();
        match keys.windows(2).find(|w| w[0].0 == w[1].0) {
            None => Ok(()),
            Some(pair) => {
                let (first, second) = (&self.documents[pair[0].1], &self.documents[pair[1].1]);
                let start = pair[0].0.map_or("p".to_string(), |k| format!("{k}.p"));
                Err(Error::data(
                    Location::file(&second.path),
                    DataErrorKind::Layout,
                    format!(
                        "its passage ids would start `{start}` as those of `{}` do: rename one of them",
                        first.name
                    ),
                ))
            }
        }
    }

    pub(crate) fn texts(
        format: GlossaryFormat,
        glossary_name: &str,
        glossary: Vec<u8>,
        documents: Vec<(String, Vec<u8>)>,
    ) -> Result<RawData> {
        let mut read = Vec::with_capacity(documents.len());
        for (name, bytes) in documents {
            let path = PathBuf::from(&name);
            let bytes = document_bytes(bytes, &path)?;
            read.push(Document { path, name, bytes });
        }
        read.sort_by(|a, b| a.name.cmp(&b.name));
        if let Some(pair) = read.windows(2).find(|w| w[0].name == w[1].name) {
            return Err(Error::data(
                Location::file(&pair[0].path),
                DataErrorKind::Layout,
                "two documents have this name",
            ));
        }
        Ok(RawData {
            documents: read,
            glossary: GlossaryFile {
                format,
                path: PathBuf::from(glossary_name),
                bytes: Bytes::Memory(Cow::Owned(glossary)),
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
            match entry.file_name().into_string() {
                Ok(name) => names.push(name),
                // A document whose name is not UTF-8 cannot be named in
                // passages: an error, never a document skipped in silence.
                Err(raw) => {
                    let shown = raw.to_string_lossy().into_owned();
                    if shown.ends_with(DOCUMENT_SUFFIX) || shown.starts_with("glossary.") {
                        return Err(Error::data(
                            Location::file(dir.join(&shown)),
                            DataErrorKind::Layout,
                            "this file name is not UTF-8 (shown with U+FFFD for its bad bytes): rename it",
                        ));
                    }
                }
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
                &dir.join(GlossaryFormat::Json.file_name()),
                std::io::ErrorKind::NotFound,
                "no such file (a data directory holds glossary.json, glossary.tbx or glossary.csv)",
            )),
            several => {
                let names: Vec<&str> = several.iter().map(|f| f.file_name()).collect();
                return Err(Error::data(
                    Location::file(dir),
                    DataErrorKind::Layout,
                    format!("it holds {}: keep one glossary", names.join(" and ")),
                ));
            }
        };
        let glossary_path = dir.join(format.file_name());
        // Checked now, read when needed.
        open_regular(&glossary_path)?;
        let mut documents = Vec::new();
        for name in names.into_iter().filter(|n| is_document_name(n)) {
            let path = dir.join(&name);
            let bytes = document_bytes(read_bytes(&path)?, &path)?;
            documents.push(Document { bytes, name, path });
        }
        Ok(RawData {
            documents,
            glossary: GlossaryFile {
                format,
                path: glossary_path,
                bytes: Bytes::File,
            },
            rules: Rules::Own,
        })
    }
}

/// A document's bytes as UTF-8: UTF-16 (with a byte-order mark, or
/// recognised by its NULs) is transcoded, a UTF-8 byte-order mark kept
/// (passages skip it); UTF-8 is checked later, when a build needs the text.
fn document_bytes(bytes: Vec<u8>, path: &Path) -> Result<Cow<'static, [u8]>> {
    let head = &bytes[..bytes.len().min(1024)];
    if decode::detect(head, Kind::Plain).encoding == encoding_rs::UTF_8 {
        return Ok(Cow::Owned(bytes));
    }
    let text = decode::text(bytes, path, Kind::Plain, false)?;
    Ok(Cow::Owned(text.into_bytes()))
}

/// Whether a file name is a French document's: `*.fr.txt`, not hidden.
fn is_document_name(name: &str) -> bool {
    name.len() > DOCUMENT_SUFFIX.len() && name.ends_with(DOCUMENT_SUFFIX) && !name.starts_with('.')
}

/// Opens a data file, which must be a regular file (a link to one is
/// fine): a device or a FIFO could be endless or never answer.
fn open_regular(path: &Path) -> Result<std::fs::File> {
    let meta = file_metadata(path)?;
    if !meta.is_file() {
        return Err(Error::io_because(
            path,
            std::io::ErrorKind::InvalidInput,
            "it is not a regular file (a FIFO, a socket or a device); data files must be",
        ));
    }
    std::fs::File::open(path).map_err(|e| Error::io(path, e))
}

/// Reads a data file, naming it on failure. It must be a regular file;
/// files over [`MAX_FILE_BYTES`] are refused before they are read, and the
/// read stops there should the file grow meanwhile.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let meta = file_metadata(path)?;
    if meta.is_file() && meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, MAX_FILE_BYTES));
    }
    let file = open_regular(path)?;
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

/// Reads a text to annotate or check: a file, a pipe or a device, at most
/// `max_bytes` of it, as UTF-8, or UTF-16 with a byte-order mark (then
/// transcoded: offsets are those of the UTF-8 text). A UTF-8 byte-order
/// mark is kept (it is part of the text the offsets of a match count in).
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("draft.txt");
/// std::fs::write(&path, "Une zone pilote.")?;
/// assert_eq!(chongqing_glossary::input::read_text(&path, 1 << 20)?, "Une zone pilote.");
/// std::fs::write(&path, b"Zone \xff")?;
/// let err = chongqing_glossary::input::read_text(&path, 1 << 20).unwrap_err();
/// assert_eq!(err.location().unwrap().column(), Some(6));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Io`] when `path` is missing, a directory or unreadable;
/// [`Error::TooLarge`] over `max_bytes` (a regular file is refused before
/// it is read); [`Error::Data`] at the line and column of the first byte
/// that is not UTF-8, saying what the text most likely is.
pub fn read_text(path: impl AsRef<Path>, max_bytes: u64) -> Result<String> {
    let path = path.as_ref();
    let file = open_input(path, max_bytes)?;
    read_text_from(file, path, max_bytes)
}

/// Opens a text to read (a file, a pipe, a device), refusing a directory
/// and a regular file over `max_bytes` before anything is read.
///
/// # Errors
///
/// As [`read_text`], for opening.
pub fn open_input(path: impl AsRef<Path>, max_bytes: u64) -> Result<std::fs::File> {
    let path = path.as_ref();
    let meta = file_metadata(path)?;
    if meta.is_file() && meta.len() > max_bytes {
        return Err(too_large(path, max_bytes));
    }
    std::fs::File::open(path).map_err(|e| Error::io(path, e))
}

/// Reads at most `max_bytes` of `reader` (standard input, a socket …) as
/// text, as [`read_text`] does; errors name it `name`.
///
/// # Errors
///
/// As [`read_text`], for reading.
pub fn read_text_from(reader: impl Read, name: impl AsRef<Path>, max_bytes: u64) -> Result<String> {
    let name = name.as_ref();
    let bytes = read_bytes_from(reader, name, max_bytes)?;
    decode::text(bytes, name, Kind::Plain, true)
}

/// Reads at most `max_bytes` of `reader` as bytes (a file to check is
/// decoded by its reader: XLIFF may declare its encoding); errors name it
/// `name`.
///
/// # Errors
///
/// [`Error::Io`] when reading fails; [`Error::TooLarge`] over `max_bytes`.
pub fn read_bytes_from(
    reader: impl Read,
    name: impl AsRef<Path>,
    max_bytes: u64,
) -> Result<Vec<u8>> {
    let name = name.as_ref();
    read_limited(reader, max_bytes)
        .map_err(|e| Error::io(name, e))?
        .ok_or_else(|| too_large(name, max_bytes))
}
