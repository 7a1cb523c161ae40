//! Index directories: a saved form kept on disk, reused while it matches the
//! data, rebuilt otherwise. A lock file serializes processes that open the
//! same directory at once: the second waits for the first, then reuses what
//! it wrote. A directory holding files that are not ours is refused rather
//! than emptied.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;

use super::{read, Identity, Unusable, MANIFEST_FILE, SIDECAR_FILE};
use crate::engine::Derived;
use crate::index::SearchIndex;
use crate::{Error, Result};

const LOCK_FILE: &str = "glossary.lock";

/// What [`prepare`] found in an index directory.
pub(crate) enum Prepared {
    /// A saved form of the data: ready to use.
    Reused(SearchIndex, Box<Derived>),
    /// An empty directory to build into; the lock is held until the build
    /// is written. `note` says why an existing form was not reused.
    Build {
        directory: MmapDirectory,
        note: Option<String>,
        lock: File,
    },
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
        || name == SIDECAR_FILE
        || name == LOCK_FILE
        || name == "meta.json"
        || name == ".managed.json"
        || name.starts_with(".tantivy-")
        || name.starts_with(MANIFEST_FILE)
        || name.starts_with(SIDECAR_FILE)
}

/// Opens index directory `path` (created if needed) for data of `identity`:
/// the saved form if it matches, otherwise the directory emptied for a
/// build.
///
/// # Errors
///
/// [`Error::IndexDir`] when `path` is a file, cannot be created, locked,
/// listed or emptied, holds files that are not ours, or holds a form of a
/// newer format.
pub(crate) fn prepare(path: &Path, identity: &Identity) -> Result<Prepared> {
    if path.is_file() {
        return Err(dir_error(
            path,
            "it is a file; give a directory (it is created if missing)",
        ));
    }
    fs::create_dir_all(path).map_err(|e| dir_error(path, format!("cannot create it: {e}")))?;
    let lock = File::create(path.join(LOCK_FILE))
        .map_err(|e| dir_error(path, format!("cannot create the lock file: {e}")))?;
    lock.lock()
        .map_err(|e| dir_error(path, format!("cannot lock it: {e}")))?;
    let directory = MmapDirectory::open(path).map_err(|e| dir_error(path, e.to_string()))?;
    let note = match read(&directory, identity, path)? {
        Ok((index, derived)) => return Ok(Prepared::Reused(index, Box::new(derived))),
        Err(Unusable::Missing) => None,
        Err(Unusable::Rebuild(why)) => Some(why),
    };
    clear(path)?;
    Ok(Prepared::Build {
        directory,
        note,
        lock,
    })
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
