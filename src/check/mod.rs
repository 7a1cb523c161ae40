//! The terminology check: where a translation breaks the glossary, per
//! occurrence, inflection-aware, in either [`Direction`]. It counts with
//! the term recognition of [`annotate`](crate::annotate), each side read in
//! its own language only: French names in a French text, English names in
//! an English one, so `essais cliniques` and `Clinical trials` are an
//! entry's names whatever their inflection, case (but for acronyms) and
//! elision, and a French name never counts in an English text.
//!
//! Findings ([`FindingKind`]):
//! - **missing**: an entry is recognized `n` times in a source segment and
//!   its approved names of the target language (preferred or admitted)
//!   occur fewer than `n` times in the target;
//! - **deprecated**: a deprecated or superseded name is used, in the source
//!   or in the target ([`Side`]), the preferred names being the suggestion.
//!
//! A target that uses a deprecated name for a source occurrence gives both
//! findings: the deprecated name, and the approved one missing. A segment
//! without a target (empty) is not checked; it is counted
//! ([`CheckReport::untranslated`]); nor is a segment not to translate
//! (XLIFF's `translate="no"`), counted apart
//! ([`CheckReport::not_translatable`]).

use std::ops::Range;
use std::time::{Duration, Instant};

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::annotate::{find_in_pieces, Names, RawMatch};
use crate::bitset::BitSet;
use crate::engine::Engine;
use crate::model::{Direction, Entry, EntryId, Status};

/// What a finding says is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// The target holds fewer approved names of the entry (in the target's
    /// language) than the source holds names of it.
    Missing,
    /// A deprecated or superseded name is used.
    Deprecated,
}

/// Which text of a segment a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The source text.
    Source,
    /// The target text.
    Target,
}

/// Where a translation breaks the glossary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding<'g> {
    /// The segment, from 1, in the order given.
    pub segment: usize,
    /// The entry.
    pub entry: &'g EntryId,
    /// What is wrong.
    pub kind: FindingKind,
    /// Where: the target for a missing name, the side of a deprecated one.
    pub side: Side,
    /// The entry's names in the source text (byte ranges): every occurrence
    /// for a missing name, the deprecated one for a deprecated name.
    pub source: Vec<Range<usize>>,
    /// The entry's names in the target text (byte ranges): the approved
    /// ones found for a missing name, the deprecated one for a deprecated
    /// name.
    pub target: Vec<Range<usize>>,
    /// What to use instead: the approved names of the target's language
    /// (preferred first) for a missing name; the preferred names of the
    /// side's language for a deprecated one (its approved ones when it has
    /// no preferred one). Empty when the glossary gives none.
    pub expected: Vec<&'g str>,
}

/// Serialized as the CLI's `--json` prints it: `segment`, `entry`, `kind`,
/// `side`, `source` and `target` as `[[start, end], …]`, `expected`.
impl Serialize for Finding<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let pairs = |spans: &[Range<usize>]| -> Vec<[usize; 2]> {
            spans.iter().map(|r| [r.start, r.end]).collect()
        };
        let mut map = s.serialize_map(Some(7))?;
        map.serialize_entry("segment", &self.segment)?;
        map.serialize_entry("entry", self.entry)?;
        map.serialize_entry("kind", &self.kind)?;
        map.serialize_entry("side", &self.side)?;
        map.serialize_entry("source", &pairs(&self.source))?;
        map.serialize_entry("target", &pairs(&self.target))?;
        map.serialize_entry("expected", &self.expected)?;
        map.end()
    }
}

/// The result of a check.
#[derive(Clone, Debug, PartialEq)]
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
    /// The findings, by segment; in a segment, deprecated names in the
    /// source, missing names, then deprecated names in the target, each in
    /// text order.
    pub findings: Vec<Finding<'g>>,
    /// Time spent checking.
    pub elapsed: Duration,
}

impl CheckReport<'_> {
    /// How many findings are of `kind`.
    pub fn count(&self, kind: FindingKind) -> usize {
        self.findings.iter().filter(|f| f.kind == kind).count()
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

/// Checks `pairs`, read in `direction`, against the entries of `engine` in
/// `keep` (all when `None`).
pub(crate) fn check<'g, A: AsRef<str>, B: AsRef<str>>(
    engine: &'g Engine,
    keep: Option<&BitSet>,
    direction: Direction,
    pairs: impl IntoIterator<Item = Pair<A, B>>,
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
    engine.analyzers.with(|analysis| {
        for (i, pair) in pairs.into_iter().enumerate() {
            report.segments += 1;
            let (source, target) = (pair.source.as_ref(), pair.target.as_ref());
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
            let mut in_source = Vec::new();
            find_in_pieces(matcher, analysis, source, source_names, |m| {
                in_source.push(m)
            });
            let mut in_target = Vec::new();
            find_in_pieces(matcher, analysis, target, target_names, |m| {
                in_target.push(m)
            });
            segment_findings(
                engine,
                english_source,
                i + 1,
                &in_source,
                &in_target,
                &mut report.findings,
            );
        }
    });
    report.elapsed = started.elapsed();
    report
}

/// Counts one step of a segment's findings (tests show the count is
/// linear in the matches).
fn visit() {
    #[cfg(test)]
    tests::VISITS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// The status of the name a match is of.
fn status(entry: &Entry, m: &RawMatch) -> Status {
    entry
        .names()
        .nth(m.nth as usize)
        .map_or(Status::Admitted, |(name, kind)| name.status_as(kind))
}

/// The names of `entry` in one language a translation should use: the
/// preferred ones (for a deprecated name), or every approved one.
fn suggested(entry: &Entry, english: bool, preferred_only: bool) -> Vec<&str> {
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

fn segment_findings<'g>(
    engine: &'g Engine,
    english_source: bool,
    segment: usize,
    in_source: &[RawMatch],
    in_target: &[RawMatch],
    out: &mut Vec<Finding<'g>>,
) {
    let entry = |m: &RawMatch| &engine.entries[m.entry as usize];
    let deprecated = |m: &RawMatch, side: Side| {
        let e = entry(m);
        (!status(e, m).is_approved()).then(|| Finding {
            segment,
            entry: &e.id,
            kind: FindingKind::Deprecated,
            side,
            source: if side == Side::Source {
                vec![m.span.clone()]
            } else {
                Vec::new()
            },
            target: if side == Side::Target {
                vec![m.span.clone()]
            } else {
                Vec::new()
            },
            expected: suggested(e, (side == Side::Target) != english_source, true),
        })
    };
    out.extend(in_source.iter().filter_map(|m| deprecated(m, Side::Source)));
    // Each entry's occurrences, entries in order of their first occurrence
    // in the source: linear in the matches, however many entries.
    let mut order: Vec<u32> = Vec::new();
    let mut sources: std::collections::HashMap<u32, Vec<Range<usize>>> =
        std::collections::HashMap::new();
    for m in in_source {
        visit();
        let spans = sources.entry(m.entry).or_insert_with(|| {
            order.push(m.entry);
            Vec::new()
        });
        spans.push(m.span.clone());
    }
    let mut targets: std::collections::HashMap<u32, Vec<Range<usize>>> =
        std::collections::HashMap::new();
    for o in in_target {
        visit();
        if sources.contains_key(&o.entry) && status(entry(o), o).is_approved() {
            targets.entry(o.entry).or_default().push(o.span.clone());
        }
    }
    for id in order {
        visit();
        let source = sources.remove(&id).unwrap_or_default();
        let target = targets.remove(&id).unwrap_or_default();
        let e = &engine.entries[id as usize];
        if target.len() < source.len() {
            out.push(Finding {
                segment,
                entry: &e.id,
                kind: FindingKind::Missing,
                side: Side::Target,
                source,
                target,
                expected: suggested(e, !english_source, false),
            });
        }
    }
    out.extend(in_target.iter().filter_map(|m| deprecated(m, Side::Target)));
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use crate::{GlossaryBuilder, GlossaryFormat};

    /// Steps of the findings' loops, each counted where it is taken.
    pub(super) static VISITS: AtomicU64 = AtomicU64::new(0);

    /// One segment naming thousands of entries: each was compared with
    /// every other (quadratic); now each match is handled once.
    #[test]
    fn one_segment_is_checked_in_time_linear_in_its_entries() {
        let name = |i: usize| format!("terme{i:05}x");
        let json: Vec<String> = (0..8_000)
            .map(|i| {
                format!(
                    r#"{{"id": "e{i}", "term": "{}", "term_en": "word{i:05}x", "category": "c"}}"#,
                    name(i)
                )
            })
            .collect();
        let glossary = GlossaryBuilder::new()
            .from_memory(
                GlossaryFormat::Json,
                format!("[{}]", json.join(",")),
                [("a.fr.txt", "")],
            )
            .unwrap();
        let segment = |n: usize| (0..n).map(name).collect::<Vec<_>>().join(" ");
        let work = |n: usize| {
            let source = segment(n);
            VISITS.store(0, Ordering::Relaxed);
            let report = glossary.check([(source.as_str(), "Nothing.")]);
            assert_eq!(report.findings.len(), n);
            VISITS.load(Ordering::Relaxed)
        };
        let (small, large) = (work(4_000), work(8_000));
        assert!(large <= small * 21 / 10, "{small} -> {large}");
    }
}
