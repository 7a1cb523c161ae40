//! `--check FILE`: a translation checked against the glossary. For a
//! person, each finding with its segment, its severity, the source and
//! target with the entry's names marked, and what is expected; with
//! `--json`, the report. `--annotated` writes the findings into a copy of
//! an XLIFF file, `--report` an HTML page. A check that finds something of
//! `--fail-on`'s severity or above exits with [`FINDINGS_EXIT`], so a CI
//! job can gate a translation on it.

use std::path::{Path, PathBuf};

use chongqing_glossary::{
    check::ReportInfo, check::Segment, check::SegmentFormat, CheckReport, Direction, FindingKind,
    Glossary, Segments, Selection, Severity,
};

use crate::annotate::read_input_bytes;
use crate::files;
use crate::output::{count, Failure, Output};

/// The exit code of a check with findings (0: none; 1: a data or input
/// error; 2: a usage error).
pub const FINDINGS_EXIT: u8 = 3;

/// What `--check` was asked besides the file.
pub struct CheckOptions {
    /// `--direction`.
    pub direction: Option<Direction>,
    /// `--fail-on` (default: error).
    pub fail_on: Severity,
    /// `--annotated FILE`.
    pub annotated: Option<PathBuf>,
    /// `--report FILE`.
    pub report: Option<PathBuf>,
    /// How the report names the glossary (`embedded`, or the data
    /// directory).
    pub glossary_name: String,
}

/// Checks the segments of `path` (`-`: standard input) in `--direction`
/// (the file's languages decide for XLIFF, French to English by default
/// for TSV), writes the annotated copy and the report when asked;
/// `Ok(true)` when a finding of `--fail-on` or more severe is found.
pub fn run(
    glossary: &Glossary,
    selection: &Selection<'_>,
    path: &Path,
    options: &CheckOptions,
    out: &mut Output,
) -> Result<bool, Failure> {
    let direction = options.direction;
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
    let report = match &options.annotated {
        Some(out_path) => {
            if read.format == SegmentFormat::Tsv {
                return Err(Failure::Usage(format!(
                    "--annotated writes findings into an XLIFF file, and {} is TSV: it has nowhere to hold markup (use --report for a page to read, or --json)",
                    name.display()
                )));
            }
            let mut written = Vec::new();
            let report = selection.check_annotated(&read, &mut written)?;
            files::write_own(out_path, &written, files::Kind::AnnotatedXliff, Some(path))?;
            report
        }
        None => selection.check_segments(&read),
    };
    if let Some(report_path) = &options.report {
        let file = name.display().to_string();
        let page = report.html(&read, &ReportInfo::new(&file, &options.glossary_name));
        files::write_own(
            report_path,
            page.as_bytes(),
            files::Kind::Report,
            Some(path),
        )?;
    }
    let failing = report.fails(options.fail_on);
    // The verdict stands even when the reader of the output stopped early
    // (`| head` under `set -o pipefail`).
    let printed = print(glossary, &report, segments, out);
    match printed {
        Ok(()) | Err(Failure::ClosedPipe) => Ok(failing),
        Err(other) => Err(other),
    }
}

/// Prints the report: the JSON object, or each finding with its segment
/// and a summary line.
fn print(
    glossary: &Glossary,
    report: &CheckReport<'_>,
    segments: &[Segment],
    out: &mut Output,
) -> Result<(), Failure> {
    if out.json {
        return out.json_line(report);
    }
    let mut text = String::new();
    for f in &report.findings {
        let segment = &segments[f.segment - 1];
        // By id: a large termbase has many entries, a report many findings.
        let entry = glossary
            .entry(f.entry.as_str())
            .expect("a finding names an entry of the glossary");
        let described = f.describe(&segment.source, &segment.target);
        let headline = out.plain(&described);
        let place = match &segment.id {
            Some(id) => format!(
                "segment {} (line {}, id {})",
                f.segment,
                segment.line,
                out.plain(id)
            ),
            None => format!("segment {} (line {})", f.segment, segment.line),
        };
        text += &format!("{}: {}: {}\n", out.bold(&place), f.severity(), headline);
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
    let by_kind: Vec<String> = FindingKind::ALL
        .iter()
        .map(|&kind| format!("{} {kind}", report.count(kind)))
        .collect();
    let not_translatable = match report.not_translatable {
        0 => String::new(),
        n => format!(", {n} not to translate"),
    };
    let direction = match report.direction {
        Direction::EnglishToFrench => "English to French",
        _ => "French to English",
    };
    text += &format!(
        "{} checked: {} ({}), {} untranslated{not_translatable}, {direction} ({:.2} ms)\n",
        count(report.segments, "segment", "segments"),
        count(report.findings.len(), "finding", "findings"),
        by_kind.join(", "),
        report.untranslated,
        report.elapsed.as_secs_f64() * 1000.0
    );
    out.print(&text)
}
