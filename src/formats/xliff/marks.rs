//! Writing marks into a copy of an XLIFF file: recognised names as term
//! marks and findings as ITS 2.0 Localization Quality Issues, the way
//! XLIFF 2.1's ITS module and the ITS mapping of XLIFF 1.2 carry them:
//!
//! | | XLIFF 1.2 | XLIFF 2.x |
//! |---|---|---|
//! | a name | `<mrk mtype="term">` | `<mrk id="…" type="term">` |
//! | a finding | `<mrk mtype="x-its" its:locQualityIssue…>` | `<mrk id="…" type="its:any" its:locQualityIssue…>` |
//!
//! with `its:locQualityIssueType="terminology"`, a comment saying what is
//! expected and a severity. The root element gains the ITS namespace and
//! `its:version="2.0"` (unless it has them) and, after its start tag, a
//! comment saying the file was annotated (which is how a later run knows
//! the copy is its own to replace). Nothing else changes: every byte
//! outside the inserted markup is the input's. A mark whose span crosses
//! inline elements is written in pieces, one within each element, so the
//! XML stays well formed; marks on one text nest (a finding on a whole
//! target holds the names in it; a finding on a name sits inside its term
//! mark).

use std::io::{self, Write};
use std::ops::Range;

use super::layout::{runs, Layout, ITS_NAMESPACE};
use crate::formats::segments::SegmentFormat;

/// The comment written after the root's start tag.
pub(crate) const ANNOTATED_MARK: &str =
    "<!-- chongqing-glossary: terminology check findings as ITS 2.0 markup -->";

/// What a mark says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MarkKind {
    /// A name of the glossary.
    Term,
    /// A terminology issue: its ITS severity (0 to 100) and what to say.
    Issue { severity: u8, comment: String },
}

/// A mark around `span` of a segment's source (`side` 0) or target (1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    pub side: usize,
    pub span: Range<usize>,
    pub kind: MarkKind,
}

/// One piece of markup to insert: where, in which order among those at
/// the same place, and what.
struct Insert {
    at: usize,
    order: (u8, i64),
    text: String,
}

/// Writes `layout`'s file to `out` with `marks` (per segment, in file
/// order) inserted.
pub(crate) fn write(
    layout: &Layout,
    format: SegmentFormat,
    marks: &[Vec<Mark>],
    out: &mut dyn Write,
) -> io::Result<()> {
    let bytes = &layout.bytes;
    let body = &bytes[layout.bom..];
    let contains = |needle: &str| {
        let needle = needle.as_bytes();
        body.windows(needle.len()).any(|w| w == needle)
    };
    // The prefix for ITS: the root's own, else `its` when the file binds it
    // nowhere, else one it does not use.
    let (its, declare) = match &layout.root.its_prefix {
        Some(prefix) => (prefix.clone(), false),
        None if !contains("xmlns:its=") => ("its".to_string(), true),
        None => ("cgits".to_string(), true),
    };
    // Ids of 2.0 marks: a prefix no id of the file starts with.
    let id_prefix = ["cg", "cgq", "cg-term-", "chongqing-glossary-"]
        .into_iter()
        .find(|p| !contains(&format!("id=\"{p}")) && !contains(&format!("id='{p}")))
        .unwrap_or("chongqing-glossary-mark-");
    // The element prefix of XLIFF's own elements, as the root is written.
    let qname = std::str::from_utf8(&body[..layout.root.name_end])
        .ok()
        .and_then(|head| head.rsplit('<').next())
        .unwrap_or("xliff");
    let element = match qname.split_once(':') {
        Some((prefix, _)) => format!("{prefix}:mrk"),
        None => "mrk".to_string(),
    };

    let mut inserts: Vec<Insert> = Vec::new();
    let mut root = String::new();
    if declare {
        root += &format!(" xmlns:{its}=\"{ITS_NAMESPACE}\"");
    }
    if !layout.root.its_version {
        root += &format!(" {its}:version=\"2.0\"");
    }
    inserts.push(Insert {
        at: layout.root.name_end,
        order: (0, 0),
        text: root,
    });
    let self_closing = body[..layout.root.tag_end].ends_with(b"/>");
    if !self_closing {
        inserts.push(Insert {
            at: layout.root.tag_end,
            order: (0, 0),
            text: ANNOTATED_MARK.to_string(),
        });
    }
    let mut next_id = 0usize;
    for (segment, marks) in marks.iter().enumerate() {
        let Some(parts) = layout.parts.get(segment) else {
            continue;
        };
        // Outer marks first: wider spans, and a term mark around an issue
        // on the same span.
        let mut ranked: Vec<&Mark> = marks.iter().collect();
        ranked.sort_by_key(|m| {
            (
                m.side,
                m.span.start,
                std::cmp::Reverse(m.span.end),
                matches!(m.kind, MarkKind::Issue { .. }),
            )
        });
        for (rank, mark) in ranked.into_iter().enumerate() {
            let close = format!("</{element}>");
            // Each run its own mark (and id, ids being unique in a unit).
            for run in runs(&parts[mark.side], &mark.span) {
                inserts.push(Insert {
                    at: run.start,
                    order: (2, rank as i64),
                    text: open_tag(mark, format, &element, &its, id_prefix, &mut next_id),
                });
                inserts.push(Insert {
                    at: run.end,
                    order: (1, -(rank as i64)),
                    text: close.clone(),
                });
            }
        }
    }
    // At one place: closings (innermost first), then openings (outermost
    // first).
    inserts.sort_by_key(|i| (i.at, i.order));
    out.write_all(&bytes[..layout.bom])?;
    let mut at = 0;
    for insert in &inserts {
        out.write_all(&body[at..insert.at])?;
        out.write_all(insert.text.as_bytes())?;
        at = insert.at;
    }
    out.write_all(&body[at..])?;
    out.flush()
}

/// The start tag of `mark`.
fn open_tag(
    mark: &Mark,
    format: SegmentFormat,
    element: &str,
    its: &str,
    id_prefix: &str,
    next_id: &mut usize,
) -> String {
    let issue = |severity: u8, comment: &str| {
        format!(
            " {its}:locQualityIssueType=\"terminology\" {its}:locQualityIssueComment=\"{}\" {its}:locQualityIssueSeverity=\"{severity}\"",
            crate::formats::xml::escape_markup(comment)
        )
    };
    match (format, &mark.kind) {
        (SegmentFormat::Xliff1, MarkKind::Term) => format!("<{element} mtype=\"term\">"),
        (SegmentFormat::Xliff1, MarkKind::Issue { severity, comment }) => {
            format!("<{element} mtype=\"x-its\"{}>", issue(*severity, comment))
        }
        (_, kind) => {
            *next_id += 1;
            let id = format!("{id_prefix}{next_id}");
            match kind {
                MarkKind::Term => format!("<{element} id=\"{id}\" type=\"term\">"),
                MarkKind::Issue { severity, comment } => format!(
                    "<{element} id=\"{id}\" type=\"its:any\"{}>",
                    issue(*severity, comment)
                ),
            }
        }
    }
}
