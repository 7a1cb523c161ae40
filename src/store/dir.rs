//! Index directories: a saved form kept on disk, reused while it matches the
//! data, rebuilt otherwise.
//!
//! The directory is the crate's alone. Before anything is created in it, it
//! is surveyed: every entry must be a regular file (no link, FIFO, device or
//! subdirectory) that the crate wrote, as its journal or its manifest says
//! (see [`files`](super::files)). Anything else is refused, naming the
//! first such entry, and nothing is created, deleted or written.
//!
//! A lock file serializes processes that open the same directory: the
//! second waits for the first (after a second, [`WaitFn`] is told), then
//! reuses what it wrote. A directory this process cannot write is read
//! under a shared lock (or none, when there is no lock file to open) and
//! reused if it matches; it is never rebuilt.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::files::{is_plain_name, open_no_follow, read_journal, IndexFiles, JOURNAL_FILE};
use super::Derived;
use super::{read_then_compare, Identity, Unusable, FORMAT_VERSION, LOCK_FILE, MANIFEST_FILE};
use crate::index::SearchIndex;
use crate::{Error, Result};

/// Called once when opening an index directory has waited a second for
/// another process, with the directory.
pub(crate) type WaitFn = Arc<dyn Fn(&Path) + Send + Sync>;

/// How long to wait for a lock before saying so.
const WAIT_NOTICE_AFTER: Duration = Duration::from_secs(1);

/// The largest manifest read.
const MAX_MANIFEST_BYTES: u64 = 16 << 20;

/// What [`prepare`] found in an index directory.
pub(crate) enum Prepared {
    /// A saved form of the data: ready to use.
    Reused(SearchIndex, Box<Derived>),
    /// An emptied directory to build into, its journal started; the lock is
    /// held until the build is written. `note` says why an existing form
    /// was not reused.
    Build {
        files: IndexFiles,
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

/// Opens index directory `path` (created if needed) for data of `identity`:
/// the saved form if it matches, otherwise the directory emptied of the
/// crate's files, ready for a build.
///
/// # Errors
///
/// [`Error::IndexDir`] when `path` is a file or cannot be created, holds
/// anything the crate did not write (or a link, a FIFO, a device, a
/// subdirectory), holds a form of a newer format, or must be rebuilt and
/// cannot be written.
pub(crate) fn prepare<T: Send>(
    path: &Path,
    identify: impl FnOnce() -> Result<(Identity, T)> + Send,
    wait: Option<&WaitFn>,
) -> Result<(Prepared, Identity, T)> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(dir_error(
                path,
                "it is a file; give a directory (it is created if missing)",
            ))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(path)
            .map_err(|e| dir_error(path, format!("cannot create it: {e}")))?,
        Err(e) => return Err(dir_error(path, format!("cannot read it: {e}"))),
    }
    // Nothing is created in a directory that is not the crate's. A lock
    // file already there is the crate's: a survey that fails while another
    // process rebuilds is decided again under the lock.
    let first = survey(path);
    let had_lock = fs::symlink_metadata(path.join(LOCK_FILE)).is_ok_and(|m| m.is_file());
    if first.is_err() && !had_lock {
        return Err(dir_error(path, first.err().unwrap_or_default()));
    }
    let lock = Lock::acquire(path, wait)?;
    let owned = survey(path).map_err(|reason| dir_error(path, reason))?;

    let files = IndexFiles::read_only(path).map_err(|e| dir_error(path, e.to_string()))?;
    // The data is fingerprinted while the saved form is read.
    let mut extra = None;
    let (identity, read) = read_then_compare(
        &files,
        || {
            let (identity, t) = identify()?;
            extra = Some(t);
            Ok(identity)
        },
        path,
    )?;
    let extra = extra.expect("identified");
    let note = match read {
        Ok((index, derived)) => {
            return Ok((Prepared::Reused(index, Box::new(derived)), identity, extra))
        }
        Err(Unusable::Missing) => None,
        Err(Unusable::Rebuild(why)) => Some(why),
    };
    let cannot = |e: io::Error| {
        let why = note.as_deref().unwrap_or("it holds no saved index yet");
        dir_error(
            path,
            format!("it must be built ({why}) but cannot be written here: {e}"),
        )
    };
    let Some(file) = lock.writable else {
        return Err(cannot(lock.why_read_only.unwrap_or_else(|| {
            io::Error::new(io::ErrorKind::PermissionDenied, "read-only")
        })));
    };
    clear(path, &owned).map_err(cannot)?;
    let files = IndexFiles::for_build(path).map_err(cannot)?;
    let build = Prepared::Build {
        files,
        note,
        lock: file,
    };
    Ok((build, identity, extra))
}

/// Checks that everything in `dir` is a regular file the crate wrote, and
/// returns their names (the lock file aside); the reason otherwise.
fn survey(dir: &Path) -> std::result::Result<Vec<String>, String> {
    let mut entries: Vec<(String, fs::FileType)> = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| format!("cannot list it: {e}"))? {
        let entry = entry.map_err(|e| format!("cannot list it: {e}"))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read `{name}`: {e}"))?;
        entries.push((name, kind));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    // The journal is read after the listing: a file is journaled before it
    // is created, so anything listed is in it.
    let journal = read_journal(dir);
    let manifest = manifest_files(dir);
    let mut owned = Vec::new();
    for (name, kind) in &entries {
        let shown = name.escape_debug();
        if kind.is_symlink() {
            return Err(format!(
                "`{shown}` is a symbolic link; an index directory holds only the crate's own files, and none of them is a link"
            ));
        }
        if !kind.is_file() {
            let what = if kind.is_dir() {
                "a directory"
            } else {
                "not a regular file (a FIFO, a socket or a device)"
            };
            return Err(format!(
                "`{shown}` is {what}; an index directory holds only the crate's own files"
            ));
        }
        if name == LOCK_FILE {
            continue;
        }
        let listed =
            |names: &Option<Vec<String>>| names.as_ref().is_some_and(|names| names.contains(name));
        let journaled = journal.as_ref().is_ok_and(listed);
        let ours = match name.as_str() {
            JOURNAL_FILE => match &journal {
                Ok(_) => true,
                Err(why) => return Err(format!("`{shown}` cannot be trusted ({why}): refusing to touch the directory; move it away or use another directory")),
            },
            MANIFEST_FILE => journaled || manifest.as_ref().is_ok_and(|m| m.is_some()),
            _ => journaled || manifest.as_ref().is_ok_and(listed),
        };
        if !ours {
            if let Err(older) = &manifest {
                return Err(older.clone());
            }
            return Err(format!(
                "it holds `{shown}`, which this crate did not write; refusing to touch the directory (move the file away or use another directory)"
            ));
        }
        owned.push(name.clone());
    }
    Ok(owned)
}

/// The files the manifest of `dir` lists, if it has one this crate can
/// read: `Ok(None)` when it has none (or not one of the crate's), `Err`
/// when it is an older format's, which did not list its files.
fn manifest_files(dir: &Path) -> std::result::Result<Option<Vec<String>>, String> {
    #[derive(serde::Deserialize)]
    struct Listing {
        format: u32,
        #[serde(default)]
        files: Option<Vec<Named>>,
    }
    #[derive(serde::Deserialize)]
    struct Named {
        name: String,
    }
    let Ok(file) = open_no_follow(OpenOptions::new().read(true), &dir.join(MANIFEST_FILE)) else {
        return Ok(None);
    };
    let mut text = Vec::new();
    if io::Read::read_to_end(&mut io::Read::take(file, MAX_MANIFEST_BYTES), &mut text).is_err() {
        return Ok(None);
    }
    let Ok(listing) = serde_json::from_slice::<Listing>(&text) else {
        return Ok(None);
    };
    match listing.files {
        Some(files) => Ok(Some(
            files
                .into_iter()
                .map(|f| f.name)
                .filter(|n| is_plain_name(n))
                .collect(),
        )),
        None if listing.format < FORMAT_VERSION => Err(format!(
            "it holds a saved index of an older format ({}), which did not record its files, so the crate cannot tell its own files from others: empty the directory or use another one",
            listing.format
        )),
        None => Ok(None),
    }
}

/// Removes the crate's files `owned` from `dir`: the manifest first, so that
/// a removal cut short leaves a form known to be unfinished.
fn clear(dir: &Path, owned: &[String]) -> io::Result<()> {
    let mut order: Vec<&String> = owned.iter().filter(|n| *n != JOURNAL_FILE).collect();
    order.sort_by_key(|n| *n != MANIFEST_FILE);
    for name in order {
        match fs::remove_file(dir.join(name)) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("cannot remove `{name}`: {e}"),
                ))
            }
        }
    }
    Ok(())
}

/// The lock of an index directory, held while it is opened or built.
struct Lock {
    /// The lock file, when it could be opened for writing (then the lock is
    /// exclusive and the directory may be rebuilt).
    writable: Option<File>,
    /// Why it could not, when it could not.
    why_read_only: Option<io::Error>,
    /// A read-only lock file, locked shared.
    _shared: Option<File>,
}

impl Lock {
    /// Takes the lock of `dir`, waiting for other processes.
    fn acquire(dir: &Path, wait: Option<&WaitFn>) -> Result<Lock> {
        let path = dir.join(LOCK_FILE);
        let fail = |e: io::Error| dir_error(dir, format!("cannot open its lock file: {e}"));
        // No truncation: nothing is ever written to the lock file, and no
        // link is followed to open it.
        match open_no_follow(
            OpenOptions::new().read(true).write(true).create(true),
            &path,
        ) {
            Ok(file) => {
                check_regular(&file).map_err(fail)?;
                lock(&file, dir, wait, File::try_lock).map_err(fail)?;
                Ok(Lock {
                    writable: Some(file),
                    why_read_only: None,
                    _shared: None,
                })
            }
            Err(e) if is_read_only(&e) => {
                match open_no_follow(OpenOptions::new().read(true), &path) {
                    Ok(file) => {
                        check_regular(&file).map_err(fail)?;
                        lock(&file, dir, wait, File::try_lock_shared).map_err(fail)?;
                        Ok(Lock {
                            writable: None,
                            why_read_only: Some(e),
                            _shared: Some(file),
                        })
                    }
                    // No lock file and none can be made: nobody can build
                    // here, so there is nobody to wait for.
                    Err(missing) if missing.kind() == io::ErrorKind::NotFound => Ok(Lock {
                        writable: None,
                        why_read_only: Some(e),
                        _shared: None,
                    }),
                    Err(other) => Err(fail(other)),
                }
            }
            Err(e) => Err(fail(e)),
        }
    }
}

fn is_read_only(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

fn check_regular(file: &File) -> io::Result<()> {
    if file.metadata()?.is_file() {
        Ok(())
    } else {
        Err(io::Error::other("it is not a regular file"))
    }
}

/// Locks `file` with `try_lock` (exclusive or shared), polling, and tells
/// `wait` once when the lock has been busy for a second.
fn lock(
    file: &File,
    dir: &Path,
    wait: Option<&WaitFn>,
    try_lock: fn(&File) -> std::result::Result<(), fs::TryLockError>,
) -> io::Result<()> {
    let started = Instant::now();
    let mut told = false;
    loop {
        match try_lock(file) {
            Ok(()) => return Ok(()),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        if !told && started.elapsed() >= WAIT_NOTICE_AFTER {
            told = true;
            if let Some(wait) = wait {
                wait(dir);
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
