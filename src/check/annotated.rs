//! A check whose findings are also written into a copy of the XLIFF file
//! checked: the names recognised as term marks, each finding as an ITS
//! Localization Quality Issue on the span it concerns (see
//! [`marks`](crate::formats::xliff::marks)).

use std::io::Write;

use super::{check_observed, CheckReport, FindingKind, Pair, Side};
use crate::bitset::BitSet;
use crate::engine::Engine;
use crate::formats::segments::{SegmentFormat, Segments};
use crate::formats::xliff::marks::{self, Mark, MarkKind};
use crate::{Error, Result};

/// Checks `segments` and writes their file to `out` with the names and the
/// findings marked.
pub(crate) fn check_annotated<'g>(
    engine: &'g Engine,
    keep: Option<&BitSet>,
    segments: &'g Segments,
    out: &mut dyn Write,
) -> Result<CheckReport<'g>> {
    let Some(layout) = segments.layout.as_deref() else {
        let reason = match segments.format {
            SegmentFormat::Tsv => {
                "it is TSV, which has nowhere to hold markup (XLIFF has)".to_string()
            }
            _ => "it is not in UTF-8, and its bytes could not stay as they are".to_string(),
        };
        return Err(Error::NotAnnotatable { reason });
    };
    let mut found: Vec<Vec<Mark>> = vec![Vec::new(); segments.segments.len()];
    let pairs = segments.segments.iter().map(|s| Pair {
        source: s.source.as_str(),
        target: s.target.as_str(),
        translate: s.translate,
    });
    let report = check_observed(
        engine,
        keep,
        segments.direction,
        pairs,
        |i, source, target| {
            for (side, matches) in [(0, source), (1, target)] {
                found[i].extend(matches.iter().map(|m| Mark {
                    side,
                    span: m.span.clone(),
                    kind: MarkKind::Term,
                }));
            }
        },
    );
    for f in &report.findings {
        let segment = &segments.segments[f.segment - 1];
        let issue = || MarkKind::Issue {
            severity: f.severity().its_score(),
            comment: format!(
                "{}: {}",
                f.severity(),
                f.describe(&segment.source, &segment.target)
            ),
        };
        let marks = &mut found[f.segment - 1];
        match (f.kind, f.side) {
            // The target as a whole lacks the name.
            (FindingKind::Missing, _) => marks.push(Mark {
                side: 1,
                span: 0..segment.target.len(),
                kind: issue(),
            }),
            (_, Side::Source) => marks.extend(f.source.iter().map(|span| Mark {
                side: 0,
                span: span.clone(),
                kind: issue(),
            })),
            (_, _) => marks.extend(f.target.iter().map(|span| Mark {
                side: 1,
                span: span.clone(),
                kind: issue(),
            })),
        }
    }
    marks::write(layout, segments.format, &found, out).map_err(|source| Error::WriteFindings {
        what: "annotated XLIFF",
        source,
    })?;
    Ok(report)
}
