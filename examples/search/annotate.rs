//! `--annotate FILE`: the glossary's terms marked in any text. For a person,
//! the text with each match marked and a legend of the entries found; with
//! `--json`, the matches with their byte offsets in the input.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use chongqing_glossary::{Glossary, TermMatch};
use serde::Serialize;

use crate::output::{count, Failure, Output};

/// The largest input read: 1 GiB.
const MAX_INPUT_BYTES: u64 = 1 << 30;

/// The `--json` answer.
#[derive(Serialize)]
struct Annotated<'a> {
    matches: &'a [TermMatch<'a, 'a>],
    elapsed_us: u128,
}

pub fn run(glossary: &Glossary, path: &Path, out: &mut Output) -> Result<(), Failure> {
    let text = read_input(path)?;
    let started = Instant::now();
    let matches = glossary.annotate(&text);
    let elapsed_us = started.elapsed().as_micros();
    if out.json {
        return out.json_line(&Annotated {
            matches: &matches,
            elapsed_us,
        });
    }
    print_marked(&text, &matches, out)?;
    print_legend(glossary, &matches, elapsed_us, out)
}

/// The file's text, or standard input's for `-`; an error names the file
/// (and, for bad UTF-8, the byte offset, line and column).
fn read_input(path: &Path) -> Result<String, Failure> {
    let name = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let fail = |reason: String| Failure::Error(format!("cannot annotate {name}: {reason}"));
    let too_large = || {
        fail(format!(
            "it is over {MAX_INPUT_BYTES} bytes, the most --annotate reads"
        ))
    };
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(e.to_string()))?;
        bytes
    } else {
        let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
        if meta.is_dir() {
            return Err(fail("it is a directory, not a file".into()));
        }
        // Refused before it is read.
        if meta.len() > MAX_INPUT_BYTES {
            return Err(too_large());
        }
        std::fs::read(path).map_err(|e| fail(e.to_string()))?
    };
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let before = &err.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // `before` is valid UTF-8 up to `offset`: count its characters.
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        fail(format!(
            "invalid UTF-8 at byte offset {offset} (line {line}, column {column})"
        ))
    })
}

/// The text with each match marked, written piece by piece.
fn print_marked(
    text: &str,
    matches: &[TermMatch<'_, '_>],
    out: &mut Output,
) -> Result<(), Failure> {
    let mut at = 0;
    for m in matches {
        out.print(&text[at..m.start])?;
        out.print(&out.marked(m.text))?;
        at = m.end;
    }
    out.print(&text[at..])?;
    if !text.is_empty() && !text.ends_with('\n') {
        out.print("\n")?;
    }
    Ok(())
}

/// The entries found, most matches first, each with its names.
fn print_legend(
    glossary: &Glossary,
    matches: &[TermMatch<'_, '_>],
    elapsed_us: u128,
    out: &mut Output,
) -> Result<(), Failure> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for m in matches {
        *counts.entry(m.entry.as_str()).or_default() += 1;
    }
    let mut found: Vec<(usize, usize, &chongqing_glossary::Entry)> = glossary
        .entries()
        .iter()
        .enumerate()
        .filter_map(|(i, e)| counts.get(e.id.as_str()).map(|&n| (n, i, e)))
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut legend = format!(
        "\n{}, {} ({:.2} ms)\n",
        count(matches.len(), "match", "matches"),
        count(found.len(), "entry", "entries"),
        elapsed_us as f64 / 1000.0
    );
    for (n, _, entry) in found {
        legend += &format!(
            "{n:>6} × {}  {} / {}\n",
            out.bold(entry.id.as_str()),
            entry.term,
            entry.term_en
        );
    }
    out.print(&legend)
}
