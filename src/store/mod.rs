//! The saved form of a loaded glossary: the Tantivy index, a sidecar file
//! holding everything else a load derives ([`Derived`]: entries, passages'
//! spans, mentions, the vocabulary and its statistics), and a manifest that
//! says what both were built from and lists every file with its checksum.
//!
//! There is one saved form and one way to open it ([`read`]), from any
//! Tantivy directory: an index directory on disk (see [`prepare`]) or the
//! prebuilt form of the embedded data, compiled in and read from memory (see
//! [`embedded`]). Opening reads no text of the data it does not need: the
//! source text is only read to check that it is the one the form was built
//! from, and passages' text is sliced out of it by span.
//!
//! # Files
//!
//! | file | what |
//! |---|---|
//! | [`MANIFEST_FILE`] | JSON: format, schema, crate and Tantivy versions, the data's fingerprint (BLAKE3), number of documents, and every other file with its length and BLAKE3 hash; written last |
//! | [`SIDECAR_FILE`] | [`Derived`], serialized with postcard in two parts ([`Derived::encode`]) |
//! | `meta.json`, `*.idx`, `*.pos` … | the Tantivy index |
//! | `glossary-files.txt` | the journal: every file the crate created in the directory (see [`files`]) |
//! | `glossary.lock` | the lock processes take while they open or build the directory |
//!
//! Every file the manifest lists is checked (length and hash) before
//! anything of it is decoded or handed to Tantivy: a damaged form is
//! rebuilt, never misread. A form built from other data, by another version
//! of the crate or of Tantivy, or with another schema is stale and rebuilt;
//! a form of a newer format is refused.

mod archive;
mod dir;
mod files;
mod sidecar;

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::directory::error::OpenReadError;
use tantivy::Directory;

pub(crate) use archive::{embedded, pack_dir};
pub(crate) use dir::{prepare, Prepared, WaitFn};
pub(crate) use files::IndexFiles;
pub(crate) use sidecar::Derived;

use crate::analysis::FrenchOrder;
use crate::index::{self, SearchIndex, SCHEMA_VERSION};
use crate::{Error, Result};

/// The file that records what a saved form was built from.
pub(crate) const MANIFEST_FILE: &str = "glossary-manifest.json";
/// The file holding [`Derived`].
pub(crate) const SIDECAR_FILE: &str = "glossary-state.bin";
/// The lock file of an index directory.
pub(crate) const LOCK_FILE: &str = "glossary.lock";

/// The version of the saved form's layout (manifest and sidecar). Bumped when
/// they change; a form of a newer version is refused, an older one rebuilt.
pub(crate) const FORMAT_VERSION: u32 = 4;

/// What a saved form was built from, and the files it is made of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    pub format: u32,
    pub schema_version: u32,
    pub crate_version: String,
    pub tantivy: String,
    pub fingerprint: String,
    pub docs: u64,
    /// Every file of the form but the manifest itself.
    pub files: Vec<FileSum>,
}

/// One file of a saved form: its name, length and BLAKE3 hash (hex).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileSum {
    pub name: String,
    pub bytes: u64,
    pub blake3: String,
}

impl FileSum {
    fn of(name: &str, data: &[u8]) -> FileSum {
        FileSum {
            name: name.to_string(),
            bytes: data.len() as u64,
            blake3: blake3::hash(data).to_hex().to_string(),
        }
    }
}

/// What the data says a saved form must have been built from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Identity {
    pub fingerprint: String,
}

impl Identity {
    /// The identity of the data's files, each given as its name and the
    /// BLAKE3 hash of its bytes, analyzed with `order`: a BLAKE3 hash over
    /// all of them, so that any edit of any file (or a file renamed, added
    /// or removed) changes it.
    pub(crate) fn of<'a>(
        files: impl IntoIterator<Item = &'a (String, blake3::Hash)>,
        order: FrenchOrder,
    ) -> Identity {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"chongqing-glossary data 2\0");
        hasher.update(format!("{order:?}\0").as_bytes());
        for (name, digest) in files {
            // The name's length first, so that no two sequences of files
            // hash alike.
            hasher.update(&(name.len() as u64).to_le_bytes());
            hasher.update(name.as_bytes());
            hasher.update(digest.as_bytes());
        }
        Identity {
            fingerprint: format!("blake3:{}", hasher.finalize().to_hex()),
        }
    }
}

/// Why a saved form cannot be used as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Unusable {
    /// There is none (or no manifest: a build that did not finish).
    Missing,
    /// It is stale or damaged, and why: it is rebuilt.
    Rebuild(String),
}

/// A saved form opened, or why it cannot be used.
pub(crate) type Opened = std::result::Result<(SearchIndex, Derived), Unusable>;

/// Opens the saved form in `directory` if it was built from data of
/// `identity` by this crate, this Tantivy and this schema, and every one of
/// its files is whole (length and hash as the manifest lists them).
///
/// # Errors
///
/// [`Error::IndexDir`] (naming `shown`, the directory as the user gave it)
/// when the form is of a newer format than this crate reads.
pub(crate) fn read(directory: &dyn Directory, identity: &Identity, shown: &Path) -> Result<Opened> {
    read_then_compare(directory, || Ok(identity.clone()), shown).map(|(_, read)| read)
}

/// As [`read`], the data's identity computed by `identify` on a thread of
/// its own while the saved form is checked and decoded (hashing a large
/// termbase and decoding its saved form take about as long each); the form
/// is used only if the identities then agree. Returns the identity too.
pub(crate) fn read_then_compare(
    directory: &dyn Directory,
    identify: impl FnOnce() -> Result<Identity> + Send,
    shown: &Path,
) -> Result<(Identity, Opened)> {
    let (read, identity) = std::thread::scope(|scope| {
        let identity = scope.spawn(identify);
        let read = read_unchecked(directory, shown);
        let identity = identity
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (read, identity)
    });
    let identity = identity?;
    let read = match read? {
        Ok((_, _, fingerprint)) if fingerprint != identity.fingerprint => Err(Unusable::Rebuild(
            "the data changed since it was built".into(),
        )),
        Ok((index, derived, _)) => Ok((index, derived)),
        Err(unusable) => Err(unusable),
    };
    Ok((identity, read))
}

/// The saved form in `directory` and the fingerprint of the data it was
/// built from, when this crate, this Tantivy and this schema wrote it and
/// every one of its files is whole.
fn read_unchecked(
    directory: &dyn Directory,
    shown: &Path,
) -> Result<std::result::Result<(SearchIndex, Derived, String), Unusable>> {
    let rebuild = |why: String| Ok(Err(Unusable::Rebuild(why)));
    let text = match directory.atomic_read(Path::new(MANIFEST_FILE)) {
        Ok(text) => text,
        Err(OpenReadError::FileDoesNotExist(_)) => return Ok(Err(Unusable::Missing)),
        Err(_) => return rebuild("its manifest cannot be read".into()),
    };
    // The format first, loosely: a newer form is refused, not misread.
    if let Some(format) = format_of(&text).filter(|&f| f > FORMAT_VERSION) {
        return Err(Error::IndexDir {
            path: shown.to_path_buf(),
            reason: format!(
                "it was written by a newer version of the crate (format {format}; this one reads up to {FORMAT_VERSION}): use another directory or a newer version"
            ),
        });
    }
    let Ok(manifest) = serde_json::from_slice::<Manifest>(&text) else {
        return rebuild("its manifest is not one this version writes".into());
    };
    if manifest.format != FORMAT_VERSION || manifest.schema_version != SCHEMA_VERSION {
        return rebuild("it has an older layout or schema".into());
    }
    if manifest.crate_version != env!("CARGO_PKG_VERSION")
        || manifest.tantivy != tantivy::version_string()
    {
        return rebuild("it was written by another version of the crate or of Tantivy".into());
    }
    // Every file whole before any of it is decoded or opened by Tantivy.
    let mut sidecar = None;
    for file in &manifest.files {
        if !files::is_plain_name(&file.name) || file.name == MANIFEST_FILE {
            return rebuild("its manifest lists a file name it cannot hold".into());
        }
        let name = file.name.escape_debug();
        let Ok(data) = directory.open_read(Path::new(&file.name)).and_then(|f| {
            f.read_bytes()
                .map_err(|e| OpenReadError::wrap_io_error(e, file.name.clone().into()))
        }) else {
            return rebuild(format!("its file `{name}` is missing or cannot be read"));
        };
        if data.len() as u64 != file.bytes {
            return rebuild(format!(
                "its file `{name}` has the wrong length (truncated or overwritten)"
            ));
        }
        if FileSum::of(&file.name, &data).blake3 != file.blake3 {
            return rebuild(format!("its file `{name}` is damaged (checksum mismatch)"));
        }
        if file.name == SIDECAR_FILE {
            sidecar = Some(data);
        }
    }
    let Some(sidecar) = sidecar else {
        return rebuild("its manifest does not list its sidecar".into());
    };
    let Some(derived) = Derived::decode(&sidecar) else {
        return rebuild("its sidecar cannot be decoded".into());
    };
    if (derived.entries.len() + derived.passages.len()) as u64 != manifest.docs {
        return rebuild("its sidecar and its manifest disagree".into());
    }
    match index::open_saved(directory.box_clone(), manifest.docs) {
        Some(index) => Ok(Ok((index, derived, manifest.fingerprint))),
        None => rebuild("its Tantivy index is missing, damaged or of another layout".into()),
    }
}

/// The `format` of a manifest, read loosely (any version's manifest has it).
fn format_of(text: &[u8]) -> Option<u32> {
    serde_json::from_slice::<serde_json::Value>(text)
        .ok()?
        .get("format")?
        .as_u64()
        .and_then(|f| u32::try_from(f).ok())
}

/// Writes `derived` and the manifest into `files`, whose index of `docs`
/// documents is written: the sidecar, then the manifest last, listing every
/// file written, so that a form without its manifest is known to be
/// unfinished.
pub(crate) fn write(
    files: &IndexFiles,
    derived: &Derived,
    identity: &Identity,
    docs: u64,
    shown: &Path,
) -> Result<()> {
    let fail = |e: std::io::Error| Error::IndexDir {
        path: shown.to_path_buf(),
        reason: format!("cannot write it: {e}"),
    };
    let sidecar = derived.encode().map_err(|e| Error::IndexDir {
        path: shown.to_path_buf(),
        reason: format!("cannot encode its sidecar: {e}"),
    })?;
    files
        .atomic_write(Path::new(SIDECAR_FILE), &sidecar)
        .map_err(fail)?;
    let mut sums = Vec::new();
    for name in files.written() {
        if name == MANIFEST_FILE {
            continue;
        }
        // Temporary files renamed away, files Tantivy removed: gone.
        match files.open_read(Path::new(&name)) {
            Ok(file) => {
                let data = file.read_bytes().map_err(fail)?;
                sums.push(FileSum::of(&name, &data));
            }
            Err(OpenReadError::FileDoesNotExist(_)) => {}
            Err(e) => return Err(fail(std::io::Error::other(e))),
        }
    }
    let manifest = Manifest {
        format: FORMAT_VERSION,
        schema_version: SCHEMA_VERSION,
        crate_version: env!("CARGO_PKG_VERSION").to_string(),
        tantivy: tantivy::version_string().to_string(),
        fingerprint: identity.fingerprint.clone(),
        docs,
        files: sums,
    };
    let json = serde_json::to_vec_pretty(&manifest).expect("a manifest always serializes");
    files
        .atomic_write(Path::new(MANIFEST_FILE), &json)
        .map_err(fail)?;
    files.sync_directory().map_err(fail)
}
