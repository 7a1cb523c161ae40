//! The terminology check: where a translation breaks the glossary, per
//! occurrence, inflection-aware, in either [`Direction`]. It counts with
//! the term recognition of [`Glossary::annotate`](crate::Glossary::annotate), each side read in
//! its own language only: French names in a French text, English names in
//! an English one, so `essais cliniques` and `Clinical trials` are an
//! entry's names whatever their inflection, case (but for acronyms) and
//! elision, and a French name never counts in an English text.
//!
//! Findings ([`FindingKind`]), each with a [`Severity`]:
//! - **missing** (error): an entry is recognized `n` times in a source
//!   segment and its approved names of the target language (preferred or
//!   admitted) occur fewer than `n` times in the target;
//! - **deprecated** (error): a deprecated or superseded name is used, in
//!   the source or in the target ([`Side`]), the preferred names being the
//!   suggestion;
//! - **not-preferred** (warning): an admitted name is used in the target
//!   where the entry has a preferred name in that language;
//! - **inconsistent** (warning): across the segments checked together, an
//!   entry of the source is rendered by different approved names of the
//!   target language; one finding per entry, at the first segment that used
//!   a second name, naming every name used and its segments
//!   ([`Finding::variants`]);
//! - **no-target** (info): an entry is named in the source but has no
//!   approved name in the target's language, so nothing is expected of the
//!   target.
//!
//! A target that uses a deprecated name for a source occurrence gives both
//! findings: the deprecated name, and the approved one missing. A segment
//! without a target (empty) is not checked; it is counted
//! ([`CheckReport::untranslated`]); nor is a segment not to translate
//! (XLIFF's `translate="no"`), counted apart
//! ([`CheckReport::not_translatable`]).

mod annotated;
mod consistency;
mod finding;
mod html;
mod segment;

pub(crate) use annotated::check_annotated;
pub use html::ReportInfo;

/// Whether `bytes` (the start of a file, 64 KiB is enough) are a file the
/// check wrote: an annotated XLIFF copy or an HTML report. A tool that
/// writes them replaces such a file, and nothing else.
pub fn written_by_check(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let has = |needle: &str| head.windows(needle.len()).any(|w| w == needle.as_bytes());
    has(crate::formats::xliff::marks::ANNOTATED_MARK)
        || has(&format!(
            "<meta name=\"generator\" content=\"{}\">",
            html::GENERATOR
        ))
}

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::annotate::{find_in_pieces, Names, RawMatch};
use crate::bitset::BitSet;
use crate::engine::Engine;
pub use crate::formats::{read_segments, Segment, SegmentFormat, Segments};
use crate::model::Direction;
use consistency::Consistency;
use finding::SegmentTexts;
pub use finding::{Finding, FindingKind, Severity, Side, UnknownSeverity, Variant};
use segment::SegmentMatches;

/// The result of a check.
///
/// Two reports are equal when they say the same: the time spent is not
/// compared.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct CheckReport<'g> {
    /// Which way the segments were read.
    pub direction: Direction,
    /// How many segment pairs were given.
    pub segments: usize,
    /// How many of them had no target (empty), and were not checked.
    pub untranslated: usize,
    /// How many of them were not to be translated (XLIFF's
    /// `translate="no"`), and were not checked.
    pub not_translatable: usize,
    /// The findings, grouped by segment, segments in order; in a segment,
    /// deprecated names in the source, missing names and names without a
    /// target, deprecated and not preferred names in the target (in text
    /// order), then inconsistent renderings.
    pub findings: Vec<Finding<'g>>,
    /// Time spent checking.
    pub elapsed: Duration,
}

impl PartialEq for CheckReport<'_> {
    fn eq(&self, other: &Self) -> bool {
        (
            self.direction,
            self.segments,
            self.untranslated,
            self.not_translatable,
            &self.findings,
        ) == (
            other.direction,
            other.segments,
            other.untranslated,
            other.not_translatable,
            &other.findings,
        )
    }
}

impl<'g> CheckReport<'g> {
    /// The report, owning its data: it outlives the glossary and the
    /// segments, to be returned from a function or sent elsewhere. The
    /// findings of one segment share one copy of its texts.
    pub fn into_owned(self) -> CheckReport<'static> {
        let mut last: Option<(SegmentTexts<'g>, SegmentTexts<'static>)> = None;
        let findings = self
            .findings
            .into_iter()
            .map(|mut finding| {
                let texts = std::mem::replace(&mut finding.texts, SegmentTexts::Borrowed("", ""));
                let owned = match &last {
                    Some((was, owned)) if was.same(&texts) => owned.clone(),
                    _ => {
                        let owned = texts.clone().into_owned();
                        last = Some((texts, owned.clone()));
                        owned
                    }
                };
                let mut finding = finding.into_owned_but_texts();
                finding.texts = owned;
                finding
            })
            .collect();
        CheckReport {
            direction: self.direction,
            segments: self.segments,
            untranslated: self.untranslated,
            not_translatable: self.not_translatable,
            findings,
            elapsed: self.elapsed,
        }
    }

    /// How many findings are of `kind`.
    pub fn count(&self, kind: FindingKind) -> usize {
        self.findings.iter().filter(|f| f.kind == kind).count()
    }

    /// How many findings are of `severity`.
    pub fn count_severity(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity() == severity)
            .count()
    }

    /// Whether a finding is of `at_least` or more severe: what a gate that
    /// fails on `at_least` fails on.
    pub fn fails(&self, at_least: Severity) -> bool {
        self.findings.iter().any(|f| f.severity() >= at_least)
    }

    /// The findings of each segment that has some: the segment (from 1) and
    /// its findings, segments in order.
    pub fn by_segment(&self) -> impl Iterator<Item = (usize, &[Finding<'g>])> + '_ {
        self.findings
            .chunk_by(|a, b| a.segment == b.segment)
            .map(|group| (group[0].segment, group))
    }
}

/// Serialized as `{"direction", "segments", "untranslated",
/// "not_translatable", "findings", "elapsed_us"}`.
impl Serialize for CheckReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(6))?;
        map.serialize_entry("direction", &self.direction)?;
        map.serialize_entry("segments", &self.segments)?;
        map.serialize_entry("untranslated", &self.untranslated)?;
        map.serialize_entry("not_translatable", &self.not_translatable)?;
        map.serialize_entry("findings", &self.findings)?;
        map.serialize_entry("elapsed_us", &(self.elapsed.as_micros() as u64))?;
        map.end()
    }
}

/// One segment pair given to [`check`].
pub(crate) struct Pair<A, B> {
    pub source: A,
    pub target: B,
    /// Whether it is to be translated (checked).
    pub translate: bool,
}

/// A segment's text as the check reads it: borrowed for as long as the
/// report when it can be, so that findings point to it without a copy.
pub(crate) trait SegmentText<'g> {
    /// The text.
    fn text(&self) -> &str;
    /// The text, when the report may borrow it.
    fn lasting(&self) -> Option<&'g str>;
}

impl<'g> SegmentText<'g> for &'g str {
    fn text(&self) -> &str {
        self
    }

    fn lasting(&self) -> Option<&'g str> {
        Some(self)
    }
}

/// A text that the report cannot borrow (the caller's pairs, consumed):
/// findings hold a copy.
pub(crate) struct Copied<A>(pub A);

impl<'g, A: AsRef<str>> SegmentText<'g> for Copied<A> {
    fn text(&self) -> &str {
        self.0.as_ref()
    }

    fn lasting(&self) -> Option<&'g str> {
        None
    }
}

/// The texts of `pair` for its findings: borrowed, or one shared copy.
fn kept<'g, A: SegmentText<'g>, B: SegmentText<'g>>(pair: &Pair<A, B>) -> SegmentTexts<'g> {
    match (pair.source.lasting(), pair.target.lasting()) {
        (Some(source), Some(target)) => SegmentTexts::Borrowed(source, target),
        _ => {
            let texts = (pair.source.text().to_owned(), pair.target.text().to_owned());
            SegmentTexts::Shared(std::sync::Arc::new(texts))
        }
    }
}

/// Checks `pairs`, read in `direction`, against the entries of `engine` in
/// `keep` (all when `None`).
pub(crate) fn check<'g, A: SegmentText<'g>, B: SegmentText<'g>>(
    engine: &'g Engine,
    keep: Option<&BitSet>,
    direction: Direction,
    pairs: impl IntoIterator<Item = Pair<A, B>>,
) -> CheckReport<'g> {
    check_observed(engine, keep, direction, pairs, |_, _, _| {})
}

/// As [`check`], showing `observe` each segment checked (its index from 0)
/// with the entries' names recognized in its source and its target.
pub(crate) fn check_observed<'g, A: SegmentText<'g>, B: SegmentText<'g>>(
    engine: &'g Engine,
    keep: Option<&BitSet>,
    direction: Direction,
    pairs: impl IntoIterator<Item = Pair<A, B>>,
    mut observe: impl FnMut(usize, &[RawMatch], &[RawMatch]),
) -> CheckReport<'g> {
    let started = Instant::now();
    let matcher = engine.matcher();
    let mut report = CheckReport {
        direction,
        segments: 0,
        untranslated: 0,
        not_translatable: 0,
        findings: Vec::new(),
        elapsed: Duration::ZERO,
    };
    let english_source = direction.source_is_english();
    let source_names = Names {
        keep,
        english: Some(english_source),
    };
    let target_names = Names {
        keep,
        english: Some(!english_source),
    };
    let mut consistency = Consistency::default();
    // The texts of the segments where an entry was first rendered a second
    // way (the inconsistency findings, made at the end, point there).
    let mut diverged: HashMap<usize, SegmentTexts<'g>> = HashMap::new();
    engine.analyzers().with(|analysis| {
        let (mut in_source, mut in_target) = (Vec::new(), Vec::new());
        for (i, pair) in pairs.into_iter().enumerate() {
            report.segments += 1;
            let (source, target) = (pair.source.text(), pair.target.text());
            if !pair.translate {
                report.not_translatable += 1;
                continue;
            }
            if target.trim().is_empty() {
                report.untranslated += 1;
                continue;
            }
            // Piece by piece: a segment of any length is checked in memory
            // bounded by its matches.
            in_source.clear();
            find_in_pieces(matcher, analysis, source, source_names, |m| {
                in_source.push(m)
            });
            in_target.clear();
            find_in_pieces(matcher, analysis, target, target_names, |m| {
                in_target.push(m)
            });
            let matches = SegmentMatches {
                segment: i + 1,
                english_source,
                source: &in_source,
                target: &in_target,
            };
            let before = report.findings.len();
            segment::findings(engine, &matches, &mut consistency, &mut report.findings);
            let diverged_here = consistency.last_divergence.take() == Some(i + 1);
            if report.findings.len() > before || diverged_here {
                let texts = kept(&pair);
                for finding in &mut report.findings[before..] {
                    finding.texts = texts.clone();
                }
                if diverged_here {
                    diverged.insert(i + 1, texts);
                }
            }
            observe(i, &in_source, &in_target);
        }
    });
    let mut inconsistent = consistency.findings(engine, !english_source);
    if !inconsistent.is_empty() {
        for finding in &mut inconsistent {
            if let Some(texts) = diverged.get(&finding.segment) {
                finding.texts = texts.clone();
            }
        }
        report.findings.extend(inconsistent);
        // Stable: each inconsistency after its segment's other findings.
        report.findings.sort_by_key(|f| f.segment);
    }
    report.elapsed = started.elapsed();
    report
}

#[cfg(test)]
thread_local! {
    /// Steps of the findings' loops on this thread, each counted where it
    /// is taken (a test shows the count is linear in the matches).
    pub(crate) static VISITS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts one step of a segment's findings.
fn visit() {
    #[cfg(test)]
    VISITS.with(|v| v.set(v.get() + 1));
}
