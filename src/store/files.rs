//! The files of an index directory as Tantivy sees them ([`IndexFiles`]),
//! and the journal that makes them the crate's: before any file is created
//! in the directory, its name is appended to [`JOURNAL_FILE`]. A file is
//! the crate's when the journal or the manifest names it, and only such
//! files are ever deleted or replaced. A build that dies half-way leaves
//! files the journal still names, so the next build can remove them.
//!
//! Nothing here follows a link: new files are created exclusively
//! (`O_EXCL`), replaced by renaming a new file over them, and the journal is
//! opened with `O_NOFOLLOW`.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::Directory;

use super::LOCK_FILE;

/// The journal: every file the crate created in the directory.
pub(crate) const JOURNAL_FILE: &str = "glossary-files.txt";

/// The journal's first line, which tells it from any other file.
const JOURNAL_HEADER: &str = "# chongqing-glossary: files this crate created here, one per line";

/// The largest journal read: far more than any build writes.
const MAX_JOURNAL_BYTES: u64 = 1 << 20;

/// Whether `name` can be the name of a file of the saved form: one plain
/// path component, none of the names the directory reserves.
pub(crate) fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0', '\n', '\r'])
        && name != LOCK_FILE
        && name != JOURNAL_FILE
}

/// Opens `path` for writing without following a link at its place: an
/// `O_NOFOLLOW` open fails on a link.
pub(crate) fn open_no_follow(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Reads the journal of `dir`: `Ok(None)` when there is none, `Err` with the
/// reason when the file there is not a journal this crate wrote.
pub(crate) fn read_journal(dir: &Path) -> Result<Option<Vec<String>>, String> {
    let path = dir.join(JOURNAL_FILE);
    let file = match open_no_follow(OpenOptions::new().read(true), &path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read it: {e}")),
    };
    let mut bytes = Vec::new();
    file.take(MAX_JOURNAL_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it: {e}"))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| "it is not text".to_string())?;
    let mut lines = text.lines();
    if lines.next() != Some(JOURNAL_HEADER) || bytes.len() as u64 > MAX_JOURNAL_BYTES {
        return Err("it is not a file list this crate wrote".into());
    }
    let names: Vec<String> = lines.map(str::to_string).collect();
    if let Some(bad) = names.iter().find(|n| !is_plain_name(n)) {
        return Err(format!(
            "it names `{}`, not a file name",
            bad.escape_debug()
        ));
    }
    Ok(Some(names))
}

/// The journal being written by a build.
#[derive(Debug)]
struct Journal {
    file: File,
    names: BTreeSet<String>,
}

/// An index directory as Tantivy sees it: reads go to the files (memory
/// mapped), writes only through the journal, and a read-only view writes
/// nothing at all, not even Tantivy's lock files.
#[derive(Clone, Debug)]
pub(crate) struct IndexFiles {
    inner: MmapDirectory,
    root: PathBuf,
    /// `None`: read-only.
    journal: Option<Arc<Mutex<Journal>>>,
}

fn read_only_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "the index directory is open read-only",
    )
}

impl IndexFiles {
    /// The directory at `root`, read-only.
    pub(crate) fn read_only(root: &Path) -> io::Result<IndexFiles> {
        Ok(IndexFiles {
            inner: MmapDirectory::open(root).map_err(io::Error::other)?,
            root: root.to_path_buf(),
            journal: None,
        })
    }

    /// The directory at `root`, for a build: a new journal is started (the
    /// old one, the crate's, is replaced).
    pub(crate) fn for_build(root: &Path) -> io::Result<IndexFiles> {
        let mut file = open_no_follow(
            OpenOptions::new().write(true).create(true).truncate(true),
            &root.join(JOURNAL_FILE),
        )?;
        writeln!(file, "{JOURNAL_HEADER}")?;
        Ok(IndexFiles {
            inner: MmapDirectory::open(root).map_err(io::Error::other)?,
            root: root.to_path_buf(),
            journal: Some(Arc::new(Mutex::new(Journal {
                file,
                names: BTreeSet::new(),
            }))),
        })
    }

    /// Appends `path`'s name to the journal, before the file is created.
    fn record(&self, path: &Path) -> io::Result<()> {
        let journal = self.journal.as_ref().ok_or_else(read_only_error)?;
        let name = path
            .to_str()
            .filter(|n| is_plain_name(n))
            .ok_or_else(|| io::Error::other(format!("unexpected file name {path:?}")))?;
        let mut journal = journal
            .lock()
            .map_err(|_| io::Error::other("the journal's lock is poisoned"))?;
        if journal.names.insert(name.to_string()) {
            writeln!(journal.file, "{name}")?;
        }
        Ok(())
    }

    /// The names of the files written so far (some may be gone again: a
    /// temporary file renamed, a file Tantivy deleted).
    pub(crate) fn written(&self) -> Vec<String> {
        self.journal
            .as_ref()
            .and_then(|j| j.lock().ok().map(|j| j.names.iter().cloned().collect()))
            .unwrap_or_default()
    }

    /// Removes every file this build wrote (after a failed build, so that a
    /// full disk gets its space back). Best effort: the journal keeps the
    /// names, so the next build removes what is left.
    pub(crate) fn discard(&self) {
        for name in self.written() {
            let _ = std::fs::remove_file(self.root.join(name));
        }
    }
}

impl Directory for IndexFiles {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        if self.journal.is_none() {
            return Err(DeleteError::IoError {
                io_error: Arc::new(read_only_error()),
                filepath: path.to_path_buf(),
            });
        }
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    /// Creates a new file (never an existing one, never through a link).
    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.record(path)
            .map_err(|e| OpenWriteError::wrap_io_error(e, path.to_path_buf()))?;
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    /// Writes a new file under a temporary name (journaled too), then
    /// renames it over `path`: a reader sees the old file or the new one,
    /// and a link at `path` is replaced, not followed.
    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let temporary = PathBuf::from(format!("{}.tmp", path.display()));
        self.record(&temporary)?;
        self.record(path)?;
        let full = self.root.join(&temporary);
        let written = (|| {
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&full)?;
            file.write_all(data)?;
            file.sync_data()?;
            std::fs::rename(&full, self.root.join(path))
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&full);
        }
        written
    }

    fn sync_directory(&self) -> io::Result<()> {
        match self.journal {
            Some(_) => self.inner.sync_directory(),
            None => Ok(()),
        }
    }

    /// Tantivy's own lock files, journaled; none at all for a read-only
    /// view, which the crate's lock already protects.
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        if self.journal.is_none() {
            return Ok(DirectoryLock::from(Box::new(())));
        }
        self.record(&lock.filepath)
            .map_err(|e| LockError::IoError(Arc::new(e)))?;
        self.inner.acquire_lock(lock)
    }

    /// The crate reloads nothing: no watcher thread.
    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_are_single_components_and_not_reserved() {
        for good in [
            "meta.json",
            ".managed.json",
            "0a1b.idx",
            "glossary-state.bin",
        ] {
            assert!(is_plain_name(good), "{good}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../x",
            "a/b",
            "a\\b",
            LOCK_FILE,
            JOURNAL_FILE,
            "x\ny",
        ] {
            assert!(!is_plain_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_journal_names_every_file_written_and_only_reads_back_as_ours() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_journal(dir.path()), Ok(None));
        let files = IndexFiles::for_build(dir.path()).unwrap();
        files.atomic_write(Path::new("meta.json"), b"{}").unwrap();
        let mut w = files.open_write(Path::new("a.idx")).unwrap();
        w.write_all(b"x").unwrap();
        w.flush().unwrap();
        drop(w);
        let names = read_journal(dir.path()).unwrap().unwrap();
        assert_eq!(names, ["meta.json.tmp", "meta.json", "a.idx"]);
        assert_eq!(std::fs::read(dir.path().join("meta.json")).unwrap(), b"{}");
        assert!(!dir.path().join("meta.json.tmp").exists());
        assert!(files.open_write(Path::new("../escape")).is_err());

        let read_only = IndexFiles::read_only(dir.path()).unwrap();
        assert!(read_only.open_write(Path::new("b.idx")).is_err());
        assert!(read_only.atomic_write(Path::new("c"), b"").is_err());
        assert!(read_only.delete(Path::new("a.idx")).is_err());

        std::fs::write(dir.path().join(JOURNAL_FILE), "my notes\nmeta.json\n").unwrap();
        assert!(read_journal(dir.path()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn the_journal_is_never_written_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let index = dir.path().join("index");
        std::fs::create_dir(&index).unwrap();
        std::os::unix::fs::symlink(&victim, index.join(JOURNAL_FILE)).unwrap();
        assert!(IndexFiles::for_build(&index).is_err());
        assert!(read_journal(&index).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    }
}
