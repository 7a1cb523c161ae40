//! Files the CLI writes besides standard output (`--annotated`, `--report`):
//! written whole to a temporary file beside the target, then renamed over
//! it, so that a full disk never leaves half a file; and only where nothing
//! is lost: a new name, or a file the check wrote before. Anything else
//! there (the file being checked, another file, a link, a directory) is
//! refused by name.

use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;

use crate::output::Failure;

/// What is being written, for messages.
#[derive(Clone, Copy)]
pub enum Kind {
    AnnotatedXliff,
    Report,
}

impl Kind {
    fn option(self) -> &'static str {
        match self {
            Kind::AnnotatedXliff => "--annotated",
            Kind::Report => "--report",
        }
    }
}

/// Writes `bytes` to `path` for `kind`, unless `path` holds something the
/// check did not write, or is `input` (the file checked).
pub fn write_own(
    path: &Path,
    bytes: &[u8],
    kind: Kind,
    input: Option<&Path>,
) -> Result<(), Failure> {
    let shown = path.display();
    let option = kind.option();
    if path.as_os_str().is_empty() || path == Path::new("-") {
        return Err(Failure::Usage(format!(
            "{option} needs a file name (standard output carries the findings)"
        )));
    }
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Failure::Error(format!("cannot write {shown}: {e}"))),
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(Failure::Error(format!(
                "{option} {shown}: it is a symbolic link; give the name of a new file"
            )))
        }
        Ok(meta) if !meta.is_file() => {
            return Err(Failure::Error(format!(
                "{option} {shown}: it is not a regular file"
            )))
        }
        Ok(_) => {
            if input.is_some_and(|input| same_file(input, path)) {
                return Err(Failure::Usage(format!(
                    "{option} {shown} is the file being checked: give another name"
                )));
            }
            let mut head = Vec::new();
            fs::File::open(path)
                .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
                .map_err(|e| Failure::Error(format!("cannot read {shown}: {e}")))?;
            if !chongqing_glossary::check::written_by_check(&head) {
                return Err(Failure::Error(format!(
                    "{option} {shown}: the file exists and was not written by a check; remove it or give another name"
                )));
            }
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.{}.partial", std::process::id()));
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&temporary, path));
    if let Err(e) = written {
        // The temporary file is ours: nothing else is touched.
        let _ = fs::remove_file(&temporary);
        return Err(Failure::Error(format!("cannot write {shown}: {e}")));
    }
    Ok(())
}

/// Whether `a` and `b` name one file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
