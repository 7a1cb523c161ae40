//! `--check FILE`: a translation checked against the glossary. For a
//! person, each finding with its segment, the source and target with the
//! entry's names marked, and what is expected; with `--json`, the report.
//! A check that finds something exits with [`FINDINGS_EXIT`], so a CI job
//! can gate a translation on it.

use std::path::Path;

use chongqing_glossary::{
    Direction, FindingKind, Glossary, SegmentFormat, Segments, Selection, Side,
};

use crate::annotate::read_input_bytes;
use crate::output::{count, Failure, Output};

/// The exit code of a check with findings (0: none; 1: a data or input
/// error; 2: a usage error).
pub const FINDINGS_EXIT: u8 = 3;

/// Checks the segments of `path` (`-`: standard input) in `direction` (the
/// file's languages decide for XLIFF, French to English by default for
/// TSV); `Ok(true)` when there are findings.
pub fn run(
    glossary: &Glossary,
    selection: &Selection<'_>,
    path: &Path,
    direction: Option<Direction>,
    out: &mut Output,
) -> Result<bool, Failure> {
    let bytes = read_input_bytes(path)?;
    let name = if path == Path::new("-") {
        Path::new("standard input")
    } else {
        path
    };
    let mut read = Segments::read(bytes, name)?;
    match (read.format, direction) {
        (SegmentFormat::Tsv, Some(direction)) => read = read.with_direction(direction),
        (_, Some(asked)) if asked != read.direction => {
            let (source, target) = read.languages.clone().unwrap_or_default();
            return Err(Failure::Error(format!(
                "{}: the file translates {source} into {target} ({}), not {asked} as --direction says",
                name.display(),
                read.direction
            )));
        }
        _ => {}
    }
    // A glossary without a single bilingual entry would pass every
    // translation: that is not a check.
    if selection.is_empty() {
        return Err(Failure::Error(
            "the glossary has no entry with both a French and an English name: there is nothing to check against"
                .into(),
        ));
    }
    let segments = &read.segments;
    let report = selection.check_segments(&read);
    if out.json {
        out.json_line(&report)?;
        return Ok(!report.findings.is_empty());
    }
    let mut text = String::new();
    for f in &report.findings {
        let segment = &segments[f.segment - 1];
        // By id: a large termbase has many entries, a report many findings.
        let entry = glossary
            .entry(f.entry)
            .expect("a finding names an entry of the glossary");
        let quoted: Vec<String> = f.expected.iter().map(|e| format!("\"{e}\"")).collect();
        let headline = match (f.kind, f.side) {
            (FindingKind::Missing, _) => format!(
                "missing {}: {} in the source, {} approved in the target; {}",
                f.entry,
                f.source.len(),
                f.target.len(),
                expected("expected", &quoted)
            ),
            (FindingKind::Deprecated, side) => {
                let (text, span) = match side {
                    Side::Source => (&segment.source, &f.source[0]),
                    Side::Target => (&segment.target, &f.target[0]),
                };
                let side = match side {
                    Side::Source => "source",
                    Side::Target => "target",
                };
                format!(
                    "deprecated name of {} in the {side}: \"{}\"; {}",
                    f.entry,
                    out.plain(&text[span.clone()]),
                    expected("use", &quoted)
                )
            }
        };
        let place = match &segment.id {
            Some(id) => format!(
                "segment {} (line {}, id {})",
                f.segment,
                segment.line,
                out.plain(id)
            ),
            None => format!("segment {} (line {})", f.segment, segment.line),
        };
        text += &format!("{}: {}\n", out.bold(&place), headline);
        text += &format!(
            "  {} {}\n",
            out.dim("source:"),
            out.highlight(&segment.source, &f.source)
        );
        text += &format!(
            "  {} {}\n",
            out.dim("target:"),
            out.highlight(&segment.target, &f.target)
        );
        text += &format!(
            "  {} {} / {}\n",
            out.dim("entry: "),
            out.plain(entry.term.as_str()),
            out.plain(entry.term_en.as_str())
        );
    }
    let missing = report.count(FindingKind::Missing);
    let deprecated = report.count(FindingKind::Deprecated);
    let not_translatable = match report.not_translatable {
        0 => String::new(),
        n => format!(", {n} not to translate"),
    };
    let direction = match report.direction {
        Direction::EnglishToFrench => "English to French",
        _ => "French to English",
    };
    text += &format!(
        "{} checked: {} ({missing} missing, {deprecated} deprecated), {} untranslated{not_translatable}, {direction} ({:.2} ms)\n",
        count(report.segments, "segment", "segments"),
        count(report.findings.len(), "finding", "findings"),
        report.untranslated,
        report.elapsed.as_secs_f64() * 1000.0
    );
    out.print(&text)?;
    Ok(!report.findings.is_empty())
}

/// What to use instead, or that the glossary gives nothing to use.
fn expected(verb: &str, quoted: &[String]) -> String {
    if quoted.is_empty() {
        "the glossary gives no approved name to use instead".to_string()
    } else {
        format!("{verb} {}", quoted.join(" or "))
    }
}
