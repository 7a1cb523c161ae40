//! `--annotate FILE`: the glossary's terms marked in any text. For a person,
//! the text with each match marked and a legend of the entries found; with
//! `--json`, the matches with their byte offsets in the input.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use chongqing_glossary::{model::Language, Glossary, Selection, TermMatch};
use serde::Serialize;

use crate::output::{count, Failure, Output};

/// The largest input read (by --annotate and --check): 1 GiB.
const MAX_INPUT_BYTES: u64 = 1 << 30;

/// The `--json` answer.
#[derive(Serialize)]
struct Annotated<'a> {
    matches: &'a [TermMatch<'a, 'a>],
    elapsed_us: u128,
}

pub fn run(
    glossary: &Glossary,
    selection: &Selection<'_>,
    path: &Path,
    language: Option<Language>,
    out: &mut Output,
) -> Result<(), Failure> {
    let text = read_input(path)?;
    let started = Instant::now();
    let matches = match language {
        Some(language) => selection.annotate_in(language, &text),
        None => selection.annotate(&text),
    };
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

/// The file's text, or standard input's for `-`, at most 1 GiB of either
/// (a device or a pipe included); an error names the input (and, for bad
/// UTF-8, the line, column and byte offset).
pub fn read_input(path: &Path) -> Result<String, Failure> {
    let text = if path == Path::new("-") {
        chongqing_glossary::input::read_text_from(
            std::io::stdin().lock(),
            "standard input",
            MAX_INPUT_BYTES,
        )
    } else {
        chongqing_glossary::input::read_text(path, MAX_INPUT_BYTES)
    };
    text.map_err(Failure::from)
}

/// The file's bytes, or standard input's for `-`, within the same limits as
/// [`read_input`]: a file to check is decoded by its reader (an XLIFF file
/// may declare its encoding).
pub fn read_input_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    let bytes = if path == Path::new("-") {
        chongqing_glossary::input::read_bytes_from(
            std::io::stdin().lock(),
            "standard input",
            MAX_INPUT_BYTES,
        )
    } else {
        chongqing_glossary::input::open_input(path, MAX_INPUT_BYTES).and_then(|file| {
            chongqing_glossary::input::read_bytes_from(file, path, MAX_INPUT_BYTES)
        })
    };
    bytes.map_err(Failure::from)
}

/// The text with each match marked, written piece by piece.
fn print_marked(
    text: &str,
    matches: &[TermMatch<'_, '_>],
    out: &mut Output,
) -> Result<(), Failure> {
    let mut at = 0;
    for m in matches {
        out.print(&out.plain(&text[at..m.start]))?;
        out.print(&out.marked(&m.text))?;
        at = m.end;
    }
    out.print(&out.plain(&text[at..]))?;
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
            out.plain(entry.term.as_str()),
            out.plain(entry.term_en.as_str())
        );
    }
    out.print(&legend)
}
