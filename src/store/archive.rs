//! The prebuilt form of the embedded data: an index directory's files packed
//! into one archive (`data/embedded-index.bin`), compiled in, and served to
//! Tantivy from memory by a read-only directory, without copying.
//!
//! Archive layout: the 8-byte magic `CQGLIDX1`, then for each file its name
//! length (u16, little-endian), name (UTF-8), data length (u64) and data.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::OwnedBytes;
use tantivy::directory::{DirectoryLock, FileHandle, Lock, WatchCallback, WatchHandle, WritePtr};
use tantivy::Directory;

use super::Derived;
use super::{read, Identity, Manifest, MANIFEST_FILE, SIDECAR_FILE};
use crate::index::SearchIndex;
use crate::{Error, Result};

const MAGIC: &[u8; 8] = b"CQGLIDX1";

/// The embedded data's saved form (see `cargo run --example regenerate`).
const EMBEDDED: &[u8] = include_bytes!("../../data/embedded-index.bin");

/// A directory whose files are slices of a static archive. Read-only.
#[derive(Clone, Debug)]
pub(crate) struct StaticDirectory {
    files: Arc<[(PathBuf, &'static [u8])]>,
}

impl StaticDirectory {
    /// The files of `archive`, or `None` if it is not a well-formed archive.
    fn open(archive: &'static [u8]) -> Option<StaticDirectory> {
        let mut rest = archive.strip_prefix(MAGIC)?;
        let mut files = Vec::new();
        while !rest.is_empty() {
            let (len, tail) = rest.split_first_chunk::<2>()?;
            let (name, tail) = tail.split_at_checked(usize::from(u16::from_le_bytes(*len)))?;
            let (len, tail) = tail.split_first_chunk::<8>()?;
            let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
            let (data, tail) = tail.split_at_checked(len)?;
            files.push((PathBuf::from(std::str::from_utf8(name).ok()?), data));
            rest = tail;
        }
        Some(StaticDirectory {
            files: files.into(),
        })
    }

    fn file(&self, path: &Path) -> Option<&'static [u8]> {
        self.files
            .iter()
            .find(|(name, _)| name == path)
            .map(|&(_, data)| data)
    }
}

fn read_only() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "the embedded index is read-only",
    )
}

impl Directory for StaticDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        match self.file(path) {
            // Slices of `OwnedBytes` share one handle; a `&[u8]` handle
            // would allocate a new one on every read (every postings list
            // a query opens).
            Some(data) => Ok(Arc::new(OwnedBytes::new(data))),
            None => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.file(path).is_some())
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(
            read_only(),
            path.to_path_buf(),
        ))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.file(path)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing can change the archive, so readers need no lock.
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

/// The embedded data's saved form, opened from memory, if it was built from
/// data of `identity` by this crate (otherwise the data is built in RAM;
/// `tests/prebuilt.rs` fails until the archive is regenerated).
pub(crate) fn embedded(identity: &Identity) -> Option<(SearchIndex, Derived)> {
    let directory = StaticDirectory::open(EMBEDDED)?;
    read(&directory, identity, Path::new("data/embedded-index.bin"))
        .ok()?
        .ok()
}

/// Packs the saved form in directory `dir` into an archive: the manifest,
/// the sidecar, then the files the manifest lists, in a stable order.
///
/// # Errors
///
/// [`Error::Io`] when `dir` or a file in it cannot be read;
/// [`Error::IndexDir`] when its manifest is not one this crate wrote.
pub(crate) fn pack_dir(dir: &Path) -> Result<Vec<u8>> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let manifest = std::fs::read(&manifest_path).map_err(|e| Error::io(&manifest_path, e))?;
    let manifest: Manifest = serde_json::from_slice(&manifest).map_err(|e| Error::IndexDir {
        path: dir.to_path_buf(),
        reason: format!("its manifest cannot be read: {e}"),
    })?;
    let mut names: Vec<String> = manifest.files.into_iter().map(|f| f.name).collect();
    names.push(MANIFEST_FILE.to_string());
    // The sidecar and manifest first, then Tantivy's files, in a stable order.
    names.sort_by_key(|name| (name != SIDECAR_FILE && name != MANIFEST_FILE, name.clone()));
    let mut out = MAGIC.to_vec();
    for name in names {
        let path = dir.join(&name);
        let data = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        out.extend((name.len() as u16).to_le_bytes());
        out.extend(name.as_bytes());
        out.extend((data.len() as u64).to_le_bytes());
        out.extend(data);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_round_trip_and_refuse_garbage() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), b"alpha").unwrap();
        std::fs::write(dir.path().join("stray.txt"), b"not listed").unwrap();
        std::fs::write(dir.path().join("glossary.lock"), b"").unwrap();
        let manifest = Manifest {
            format: super::super::FORMAT_VERSION,
            schema_version: 0,
            crate_version: String::new(),
            tantivy: String::new(),
            fingerprint: String::new(),
            docs: 0,
            files: vec![super::super::FileSum::of("a.txt", b"alpha")],
        };
        std::fs::write(
            dir.path().join(MANIFEST_FILE),
            serde_json::to_vec(&manifest).unwrap(),
        )
        .unwrap();
        let packed: &'static [u8] = pack_dir(dir.path()).unwrap().leak();
        let directory = StaticDirectory::open(packed).unwrap();
        assert_eq!(directory.atomic_read(Path::new("a.txt")).unwrap(), b"alpha");
        assert!(directory.exists(Path::new(MANIFEST_FILE)).unwrap());
        assert!(!directory.exists(Path::new("glossary.lock")).unwrap());
        assert!(!directory.exists(Path::new("stray.txt")).unwrap());
        assert!(directory.atomic_write(Path::new("b"), b"x").is_err());
        assert!(StaticDirectory::open(b"not an archive").is_none());
        assert!(StaticDirectory::open(&packed[..packed.len() - 1]).is_none());
    }
}
