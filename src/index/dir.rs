//! Index directories: an index kept on disk, reused while the manifest says
//! it was built from the same data and schema, rebuilt otherwise.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use tantivy::directory::{MmapDirectory, RamDirectory};
use tantivy::Index;

use super::builder::tokenizers;
use super::{schema, IndexBuilder, SearchIndex, SCHEMA_VERSION};
use crate::{Error, Result};

/// The file in an index directory that records what the index was built from.
pub const MANIFEST_FILE: &str = "glossary-manifest.json";
const LOCK_FILE: &str = "glossary.lock";

/// What [`open`] found.
pub(crate) enum Opened {
    /// An index directory whose manifest matched: ready to search.
    Reused(SearchIndex),
    /// A new index to fill; [`Pending::finish`] completes it.
    Build(Box<IndexBuilder>, Pending),
}

/// Where a new index goes, and what must happen once it is written.
pub(crate) enum Pending {
    Ram,
    Dir {
        dir: PathBuf,
        manifest: Manifest,
        // Held until the manifest is written.
        _lock: File,
    },
}

impl Pending {
    /// Writes the manifest of a directory index (last, so that an index
    /// without its manifest is known to be half-written), and says how the
    /// index was obtained.
    pub(crate) fn finish(self) -> Result<IndexOrigin> {
        match self {
            Pending::Ram => Ok(IndexOrigin::Ram),
            Pending::Dir { dir, manifest, .. } => {
                write_manifest(&dir, &manifest)?;
                Ok(IndexOrigin::Built)
            }
        }
    }
}

/// What an index directory was built from.
#[derive(Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    schema_version: u32,
    fingerprint: String,
    docs: u64,
}

/// How [`Glossary`](crate::Glossary) got its index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexOrigin {
    /// Built in memory.
    Ram,
    /// Reopened from a directory whose manifest matched the data.
    Reused,
    /// (Re)built into a directory: it was empty, stale or unreadable.
    Built,
}

fn dir_error(path: &Path, reason: impl Into<String>) -> Error {
    Error::IndexDir {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Whether `name` is a file an index directory of ours may hold.
fn is_index_file(name: &str) -> bool {
    let segment_file = name
        .split_once('.')
        .is_some_and(|(stem, _)| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()));
    segment_file
        || name == MANIFEST_FILE
        || name == LOCK_FILE
        || name == "meta.json"
        || name == ".managed.json"
        || name.starts_with(".tantivy-")
        || name.starts_with(MANIFEST_FILE)
}

/// A new index in RAM, or the index of directory `dir` (with the
/// fingerprint of the data): reopened when its manifest matches, otherwise
/// cleared and started anew. `docs` is the number of records.
///
/// A lock file serializes processes that open the same directory at once:
/// the second waits for the first to finish, then reuses what it wrote. A
/// directory holding files that are not ours is refused rather than emptied.
pub(crate) fn open(dir: Option<(&Path, String)>, docs: u64) -> Result<Opened> {
    let Some((dir, fingerprint)) = dir else {
        let builder = IndexBuilder::new(Box::new(RamDirectory::create()))?;
        return Ok(Opened::Build(Box::new(builder), Pending::Ram));
    };
    if dir.is_file() {
        return Err(dir_error(
            dir,
            "it is a file; give a directory (it is created if missing)",
        ));
    }
    fs::create_dir_all(dir).map_err(|e| dir_error(dir, format!("cannot create it: {e}")))?;
    let lock = File::create(dir.join(LOCK_FILE))
        .map_err(|e| dir_error(dir, format!("cannot create the lock file: {e}")))?;
    lock.lock()
        .map_err(|e| dir_error(dir, format!("cannot lock it: {e}")))?;

    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        fingerprint,
        docs,
    };
    if let Some(index) = reuse(dir, &manifest) {
        return Ok(Opened::Reused(index));
    }
    clear(dir)?;
    let mmap = MmapDirectory::open(dir).map_err(|e| dir_error(dir, e.to_string()))?;
    let builder = IndexBuilder::new(Box::new(mmap))?;
    Ok(Opened::Build(
        Box::new(builder),
        Pending::Dir {
            dir: dir.to_path_buf(),
            manifest,
            _lock: lock,
        },
    ))
}

/// The index in `dir` if its manifest matches `expected` and it opens with
/// the expected schema and layout; any failure means a stale or damaged
/// index, to be rebuilt.
fn reuse(dir: &Path, expected: &Manifest) -> Option<SearchIndex> {
    let text = fs::read_to_string(dir.join(MANIFEST_FILE)).ok()?;
    let found = serde_json::from_str::<Manifest>(&text).ok()?;
    if &found != expected {
        return None;
    }
    let (expected_schema, fields) = schema();
    let mut index = Index::open_in_dir(dir).ok()?;
    if index.schema() != expected_schema {
        return None;
    }
    index.set_tokenizers(tokenizers());
    SearchIndex::open(index, fields, expected.docs).ok()
}

fn clear(dir: &Path) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| dir_error(dir, e.to_string()))?;
    let mut doomed: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| dir_error(dir, e.to_string()))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !is_index_file(&name) || entry.path().is_dir() {
            return Err(dir_error(
                dir,
                format!("holds `{name}`, which is not part of a glossary index; refusing to delete it (use an empty directory)"),
            ));
        }
        if name != LOCK_FILE {
            doomed.push(entry.path());
        }
    }
    for path in doomed {
        fs::remove_file(&path)
            .map_err(|e| dir_error(dir, format!("cannot remove {}: {e}", path.display())))?;
    }
    Ok(())
}

fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<()> {
    // Written last and renamed into place: an index without its manifest is
    // half-written and will be rebuilt.
    let tmp = dir.join(format!("{MANIFEST_FILE}.tmp"));
    let json = serde_json::to_string_pretty(manifest).expect("a manifest always serializes");
    fs::write(&tmp, json)
        .and_then(|()| fs::rename(&tmp, dir.join(MANIFEST_FILE)))
        .map_err(|e| dir_error(dir, format!("cannot write the manifest: {e}")))
}

/// FNV-1a, 64 bits: a stable fingerprint of the data an index was built from
/// (std's hashers are not stable across Rust releases).
pub(crate) fn fingerprint(parts: &[&[u8]]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.iter().chain(&(part.len() as u64).to_le_bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
