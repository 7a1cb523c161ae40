//! The findings of one segment, and what the file-wide consistency check
//! needs to know of it.

use std::collections::HashMap;
use std::ops::Range;

use super::consistency::Consistency;
use super::{visit, Finding, FindingKind, Side};
use crate::annotate::RawMatch;
use crate::engine::Engine;
use crate::model::{Entry, Status};

/// The status of the name a match is of.
pub(super) fn status(entry: &Entry, m: &RawMatch) -> Status {
    entry
        .names()
        .nth(m.nth as usize)
        .map_or(Status::Admitted, |(name, kind)| name.status_as(kind))
}

/// The names of `entry` in one language a translation should use: the
/// preferred ones (when `preferred_only` and it has some), or every
/// approved one, preferred first.
pub(super) fn suggested(entry: &Entry, english: bool, preferred_only: bool) -> Vec<&str> {
    let approved = entry.approved_names(english);
    let preferred: Vec<&str> = entry
        .names()
        .filter(|(n, k)| k.is_english() == english && n.status_as(*k) == Status::Preferred)
        .map(|(n, _)| n.as_str())
        .collect();
    if preferred_only && !preferred.is_empty() {
        preferred
    } else {
        approved.into_iter().map(|n| n.as_str()).collect()
    }
}

/// One segment's matches, read in a direction.
pub(super) struct SegmentMatches<'a> {
    pub segment: usize,
    pub english_source: bool,
    pub source: &'a [RawMatch],
    pub target: &'a [RawMatch],
}

/// Appends the findings of one segment to `out`, in order: deprecated
/// names in the source, then each entry of the source missing from the
/// target (or without a name in the target's language), in order of first
/// occurrence, then deprecated and not preferred names in the target, in
/// text order. Tells `consistency` which approved names rendered which
/// entries. Linear in the matches, however many entries the segment names.
pub(super) fn findings<'g>(
    engine: &'g Engine,
    m: &SegmentMatches<'_>,
    consistency: &mut Consistency,
    out: &mut Vec<Finding<'g>>,
) {
    let entry = |r: &RawMatch| &engine.entries()[r.entry as usize];
    let target_english = !m.english_source;
    let finding = |r: &RawMatch, kind: FindingKind, side: Side, expected: Vec<&'g str>| {
        let e = &engine.entries()[r.entry as usize];
        let (source, target) = match side {
            Side::Source => (vec![r.span.clone()], Vec::new()),
            _ => (Vec::new(), vec![r.span.clone()]),
        };
        Finding::new(m.segment, &e.id, kind, side, (source, target), expected)
    };
    for r in m.source {
        visit();
        let e = entry(r);
        if !status(e, r).is_approved() {
            let expected = suggested(e, m.english_source, true);
            out.push(finding(r, FindingKind::Deprecated, Side::Source, expected));
        }
    }
    // Each entry's occurrences, entries in order of their first occurrence
    // in the source.
    let mut order: Vec<u32> = Vec::new();
    let mut sources: HashMap<u32, Vec<Range<usize>>> = HashMap::new();
    for r in m.source {
        visit();
        let spans = sources.entry(r.entry).or_insert_with(|| {
            order.push(r.entry);
            Vec::new()
        });
        spans.push(r.span.clone());
    }
    // The approved target names of those entries, each with its name.
    let mut targets: HashMap<u32, Vec<(u16, Range<usize>)>> = HashMap::new();
    for r in m.target {
        visit();
        if sources.contains_key(&r.entry) && status(entry(r), r).is_approved() {
            targets
                .entry(r.entry)
                .or_default()
                .push((r.nth, r.span.clone()));
        }
    }
    for id in order {
        visit();
        let source = sources.remove(&id).unwrap_or_default();
        let rendered = targets.remove(&id).unwrap_or_default();
        let e = &engine.entries()[id as usize];
        let expected = suggested(e, target_english, false);
        if expected.is_empty() {
            out.push(Finding::new(
                m.segment,
                &e.id,
                FindingKind::NoTarget,
                Side::Source,
                (source, Vec::new()),
                expected,
            ));
            continue;
        }
        consistency.rendered(id, m.segment, &source, &rendered);
        if rendered.len() < source.len() {
            let target = rendered.into_iter().map(|(_, span)| span).collect();
            out.push(Finding::new(
                m.segment,
                &e.id,
                FindingKind::Missing,
                Side::Target,
                (source, target),
                expected,
            ));
        }
    }
    for r in m.target {
        visit();
        let e = entry(r);
        match status(e, r) {
            Status::Preferred => {}
            Status::Admitted => {
                let preferred = suggested(e, target_english, true);
                // Only when the entry prefers another name in the language.
                let has_preferred = e.names().any(|(n, k)| {
                    k.is_english() == target_english && n.status_as(k) == Status::Preferred
                });
                if has_preferred {
                    out.push(finding(
                        r,
                        FindingKind::NotPreferred,
                        Side::Target,
                        preferred,
                    ));
                }
            }
            _ => {
                let expected = suggested(e, target_english, true);
                out.push(finding(r, FindingKind::Deprecated, Side::Target, expected));
            }
        }
    }
}
