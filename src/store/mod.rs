//! The saved form of a loaded glossary: the Tantivy index, a sidecar file
//! holding everything else a load derives ([`Derived`]: entries, passages'
//! spans, mentions, the vocabulary and its statistics), and a manifest that
//! says what both were built from.
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
//! | [`MANIFEST_FILE`] | JSON: format, schema, crate and Tantivy versions, fingerprint of the data, number of documents, length and CRC-32 of the sidecar; written last |
//! | [`SIDECAR_FILE`] | [`Derived`], serialized with postcard |
//! | `meta.json`, `*.idx`, `*.pos` … | the Tantivy index |
//!
//! A form built from other data, by another version of the crate or of
//! Tantivy, or with another schema is stale and rebuilt; a truncated or
//! corrupt sidecar (length or checksum) is rebuilt, never decoded; a form of
//! a newer format is refused.

mod archive;
mod dir;

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::directory::error::OpenReadError;
use tantivy::Directory;

pub(crate) use archive::{embedded, pack_dir};
pub(crate) use dir::{prepare, Prepared};

use crate::analysis::FrenchOrder;
use crate::engine::Derived;
use crate::index::{self, SearchIndex, SCHEMA_VERSION};
use crate::{Error, Result};

/// The file that records what a saved form was built from.
pub const MANIFEST_FILE: &str = "glossary-manifest.json";
/// The file holding [`Derived`].
pub(crate) const SIDECAR_FILE: &str = "glossary-state.bin";

/// The version of the saved form's layout (manifest and sidecar). Bumped when
/// they change; a form of a newer version is refused, an older one rebuilt.
pub const FORMAT_VERSION: u32 = 1;

/// What a saved form was built from, and how to check its sidecar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    pub format: u32,
    pub schema_version: u32,
    pub crate_version: String,
    pub tantivy: String,
    pub fingerprint: String,
    pub docs: u64,
    pub sidecar_bytes: u64,
    pub sidecar_crc32: u32,
}

/// What the data says a saved form must have been built from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Identity {
    pub fingerprint: String,
}

impl Identity {
    /// The identity of `source` and `json` analyzed with `order`: CRC-32 and
    /// length of each, which changes with any edit of either file.
    pub(crate) fn of(source: &[u8], json: &str, order: FrenchOrder) -> Identity {
        let part = |bytes: &[u8]| format!("{:08x}-{}", crc32fast::hash(bytes), bytes.len());
        Identity {
            fingerprint: format!("{}-{}-{order:?}", part(source), part(json.as_bytes())),
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

/// Opens the saved form in `directory` if it was built from data of
/// `identity` by this crate, this Tantivy and this schema, and its files are
/// whole.
///
/// # Errors
///
/// [`Error::IndexDir`] (naming `shown`, the directory as the user gave it)
/// when the form is of a newer format than this crate reads.
pub(crate) fn read(
    directory: &dyn Directory,
    identity: &Identity,
    shown: &Path,
) -> Result<std::result::Result<(SearchIndex, Derived), Unusable>> {
    let rebuild = |why: &str| Ok(Err(Unusable::Rebuild(why.to_string())));
    let text = match directory.atomic_read(Path::new(MANIFEST_FILE)) {
        Ok(text) => text,
        Err(OpenReadError::FileDoesNotExist(_)) => return Ok(Err(Unusable::Missing)),
        Err(_) => return rebuild("its manifest cannot be read"),
    };
    // The format first, loosely: a newer form is refused, not misread.
    let format = serde_json::from_slice::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("format").and_then(serde_json::Value::as_u64));
    if let Some(format) = format.filter(|&f| f > u64::from(FORMAT_VERSION)) {
        return Err(Error::IndexDir {
            path: shown.to_path_buf(),
            reason: format!(
                "it was written by a newer version of the crate (format {format}; this one reads up to {FORMAT_VERSION}): use another directory or a newer version"
            ),
        });
    }
    let Ok(manifest) = serde_json::from_slice::<Manifest>(&text) else {
        return rebuild("its manifest is not one this version writes");
    };
    if manifest.format != FORMAT_VERSION || manifest.schema_version != SCHEMA_VERSION {
        return rebuild("it has an older layout or schema");
    }
    if manifest.crate_version != env!("CARGO_PKG_VERSION")
        || manifest.tantivy != tantivy::version_string()
    {
        return rebuild("it was written by another version of the crate or of Tantivy");
    }
    if manifest.fingerprint != identity.fingerprint {
        return rebuild("the data changed since it was built");
    }
    let Ok(sidecar) = directory
        .open_read(Path::new(SIDECAR_FILE))
        .and_then(|file| {
            file.read_bytes()
                .map_err(|e| OpenReadError::wrap_io_error(e, SIDECAR_FILE.into()))
        })
    else {
        return rebuild("its sidecar cannot be read");
    };
    if sidecar.len() as u64 != manifest.sidecar_bytes {
        return rebuild("its sidecar is truncated or overwritten (wrong length)");
    }
    if crc32fast::hash(&sidecar) != manifest.sidecar_crc32 {
        return rebuild("its sidecar is corrupt (checksum mismatch)");
    }
    let Ok(derived) = postcard::from_bytes::<Derived>(&sidecar) else {
        return rebuild("its sidecar cannot be decoded");
    };
    if (derived.entries.len() + derived.passages.len()) as u64 != manifest.docs {
        return rebuild("its sidecar and its manifest disagree");
    }
    match index::open_saved(directory.box_clone(), manifest.docs) {
        Some(index) => Ok(Ok((index, derived))),
        None => rebuild("its Tantivy index is missing, damaged or of another layout"),
    }
}

/// Writes `derived` and the manifest into `directory`, whose index of `docs`
/// documents is written: the sidecar, then the manifest last, so that a form
/// without its manifest is known to be unfinished.
pub(crate) fn write(
    directory: &dyn Directory,
    derived: &Derived,
    identity: &Identity,
    docs: u64,
    shown: &Path,
) -> Result<()> {
    let fail = |e: std::io::Error| Error::IndexDir {
        path: shown.to_path_buf(),
        reason: format!("cannot write it: {e}"),
    };
    let sidecar = postcard::to_stdvec(derived).map_err(|e| Error::IndexDir {
        path: shown.to_path_buf(),
        reason: format!("cannot encode its sidecar: {e}"),
    })?;
    directory
        .atomic_write(Path::new(SIDECAR_FILE), &sidecar)
        .map_err(fail)?;
    let manifest = Manifest {
        format: FORMAT_VERSION,
        schema_version: SCHEMA_VERSION,
        crate_version: env!("CARGO_PKG_VERSION").to_string(),
        tantivy: tantivy::version_string().to_string(),
        fingerprint: identity.fingerprint.clone(),
        docs,
        sidecar_bytes: sidecar.len() as u64,
        sidecar_crc32: crc32fast::hash(&sidecar),
    };
    let json = serde_json::to_vec_pretty(&manifest).expect("a manifest always serializes");
    directory
        .atomic_write(Path::new(MANIFEST_FILE), &json)
        .map_err(fail)?;
    directory.sync_directory().map_err(fail)
}
