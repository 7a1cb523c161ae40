//! `--check FILE`: a translation checked against the glossary. For a
//! person, each finding with its segment, the source and target with the
//! entry's names marked, and what is expected; with `--json`, the report.
//! A check that finds something exits with [`FINDINGS_EXIT`], so a CI job
//! can gate a translation on it.

use std::path::Path;

use chongqing_glossary::{read_segments, FindingKind, Glossary, Selection, Side};

use crate::annotate::read_input;
use crate::output::{count, Failure, Output};

/// The exit code of a check with findings (0: none; 1: a data or input
/// error; 2: a usage error).
pub const FINDINGS_EXIT: u8 = 3;

/// Checks the segments of `path` (`-`: standard input); `Ok(true)` when
/// there are findings.
pub fn run(
    glossary: &Glossary,
    selection: &Selection<'_>,
    path: &Path,
    out: &mut Output,
) -> Result<bool, Failure> {
    let text = read_input(path)?;
    let name = if path == Path::new("-") {
        Path::new("standard input")
    } else {
        path
    };
    let (_, segments) = read_segments(&text, name)?;
    let report = selection.check(segments.iter().map(|s| (&s.source, &s.target)));
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
                "missing {}: {} in the source, {} approved in the target; expected {}",
                f.entry,
                f.source.len(),
                f.target.len(),
                quoted.join(" or ")
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
                    "deprecated name of {} in the {side}: \"{}\"; use {}",
                    f.entry,
                    out.plain(&text[span.clone()]),
                    quoted.join(" or ")
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
    text += &format!(
        "{} checked: {} ({missing} missing, {deprecated} deprecated), {} untranslated ({:.2} ms)\n",
        count(report.segments, "segment", "segments"),
        count(report.findings.len(), "finding", "findings"),
        report.untranslated,
        report.elapsed.as_secs_f64() * 1000.0
    );
    out.print(&text)?;
    Ok(!report.findings.is_empty())
}
