//! What the check reports: a [`Finding`] per problem, its [`FindingKind`]
//! and the [`Severity`] that goes with it, the [`Side`] it is on.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::model::EntryId;

/// What a finding says is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FindingKind {
    /// The target holds fewer approved names of the entry (in the target's
    /// language) than the source holds names of it. An error.
    Missing,
    /// A deprecated or superseded name is used. An error.
    Deprecated,
    /// An admitted name is used in the target where the entry has a
    /// preferred one in that language. A warning.
    NotPreferred,
    /// Across the file, the entry's source occurrences are rendered by
    /// different approved names of the target language
    /// ([`Finding::variants`]). A warning.
    Inconsistent,
    /// The entry is named in the source but has no approved name in the
    /// target's language: there is nothing to check the target against. An
    /// information.
    NoTarget,
}

impl FindingKind {
    /// Every kind, most severe first.
    pub const ALL: [FindingKind; 5] = [
        FindingKind::Missing,
        FindingKind::Deprecated,
        FindingKind::NotPreferred,
        FindingKind::Inconsistent,
        FindingKind::NoTarget,
    ];

    /// How much a finding of this kind matters.
    pub fn severity(self) -> Severity {
        match self {
            FindingKind::Missing | FindingKind::Deprecated => Severity::Error,
            FindingKind::NotPreferred | FindingKind::Inconsistent => Severity::Warning,
            FindingKind::NoTarget => Severity::Info,
        }
    }

    /// The kind's name, as JSON and the command line say it (`missing`,
    /// `deprecated`, `not-preferred`, `inconsistent`, `no-target`).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Missing => "missing",
            FindingKind::Deprecated => "deprecated",
            FindingKind::NotPreferred => "not-preferred",
            FindingKind::Inconsistent => "inconsistent",
            FindingKind::NoTarget => "no-target",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a finding matters, least first: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Severity {
    /// Worth knowing; nothing to correct.
    Info,
    /// To review: the glossary prefers otherwise.
    Warning,
    /// To correct: the translation breaks the glossary.
    Error,
}

impl Severity {
    /// Every severity, least first.
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The severity on ITS 2.0's scale of localization quality issues
    /// (0 to 100, 100 the most severe), as annotated files carry it.
    pub fn its_score(self) -> u8 {
        match self {
            Severity::Info => 10,
            Severity::Warning => 50,
            Severity::Error => 100,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity name that is not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSeverity(pub String);

impl fmt::Display for UnknownSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown severity `{}` (expected error, warning or info)",
            self.0.escape_debug()
        )
    }
}

impl std::error::Error for UnknownSeverity {}

impl FromStr for Severity {
    type Err = UnknownSeverity;

    /// `error`, `warning` or `info`, in any case.
    fn from_str(s: &str) -> Result<Severity, UnknownSeverity> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownSeverity(s.to_string()))
    }
}

/// Which text of a segment a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Side {
    /// The source text.
    Source,
    /// The target text.
    Target,
}

impl Side {
    /// `source` or `target`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Source => "source",
            Side::Target => "target",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One way an entry was rendered across a file (see
/// [`FindingKind::Inconsistent`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Variant<'g> {
    /// The approved name of the target language used.
    pub name: Cow<'g, str>,
    /// The segments (from 1) whose target uses it for the entry.
    pub segments: Vec<usize>,
}

/// Where a translation breaks the glossary, or strays from it. It borrows
/// the glossary and the segments checked; [`Finding::into_owned`] gives one
/// that owns its data. Displays as the sentence the CLI prints
/// ([`Finding::describe`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding<'g> {
    /// The segment, from 1, in the order given. For an inconsistent
    /// rendering, the first segment that used a second name.
    pub segment: usize,
    /// The entry.
    pub entry: Cow<'g, EntryId>,
    /// What is wrong.
    pub kind: FindingKind,
    /// Where: the target, but for a deprecated name in the source and an
    /// entry without a name in the target's language.
    pub side: Side,
    /// The entry's names in the source text (byte ranges): every occurrence
    /// for a missing name, an entry without target name and an
    /// inconsistent rendering; the deprecated one for a deprecated name.
    pub source: Vec<Range<usize>>,
    /// The entry's names in the target text (byte ranges): the approved
    /// ones found for a missing name; the deprecated or admitted one for a
    /// deprecated or not preferred name; the occurrences of the second
    /// name for an inconsistent rendering.
    pub target: Vec<Range<usize>>,
    /// What to use instead: the approved names of the target's language
    /// (preferred first) for a missing name; the preferred names of the
    /// side's language for a deprecated, not preferred or inconsistent one
    /// (its approved ones when it has no preferred one). Empty when the
    /// glossary gives none.
    pub expected: Vec<Cow<'g, str>>,
    /// For an inconsistent rendering, each name used and where, in order of
    /// first use; empty otherwise.
    pub variants: Vec<Variant<'g>>,
    /// The segment's texts ([`Finding::source_text`], [`Finding::target_text`]).
    pub(crate) texts: SegmentTexts<'g>,
}

/// A segment's source and target texts, as its findings hold them:
/// borrowed from the segments checked, or shared by the findings of one
/// segment. Equal when the texts are, however held.
#[derive(Clone, Debug)]
pub(crate) enum SegmentTexts<'g> {
    Borrowed(&'g str, &'g str),
    Shared(Arc<(String, String)>),
}

impl PartialEq for SegmentTexts<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.source(), self.target()) == (other.source(), other.target())
    }
}

impl Eq for SegmentTexts<'_> {}

impl<'g> SegmentTexts<'g> {
    pub(crate) fn source(&self) -> &str {
        match self {
            SegmentTexts::Borrowed(source, _) => source,
            SegmentTexts::Shared(texts) => &texts.0,
        }
    }

    pub(crate) fn target(&self) -> &str {
        match self {
            SegmentTexts::Borrowed(_, target) => target,
            SegmentTexts::Shared(texts) => &texts.1,
        }
    }

    /// Whether both are the same texts in memory (not compared by content).
    pub(crate) fn same(&self, other: &SegmentTexts<'_>) -> bool {
        let at = |t: &str| (t.as_ptr(), t.len());
        match (self, other) {
            (SegmentTexts::Shared(a), SegmentTexts::Shared(b)) => Arc::ptr_eq(a, b),
            _ => (at(self.source()), at(self.target())) == (at(other.source()), at(other.target())),
        }
    }

    /// The texts, owned (shared as they are when they already are).
    pub(crate) fn into_owned(self) -> SegmentTexts<'static> {
        match self {
            SegmentTexts::Borrowed(source, target) => {
                SegmentTexts::Shared(Arc::new((source.to_owned(), target.to_owned())))
            }
            SegmentTexts::Shared(texts) => SegmentTexts::Shared(texts),
        }
    }
}

impl<'g> Finding<'g> {
    /// A finding in `segment` about `entry`, its segment's texts not yet
    /// known.
    pub(crate) fn new(
        segment: usize,
        entry: &'g EntryId,
        kind: FindingKind,
        side: Side,
        (source, target): (Vec<Range<usize>>, Vec<Range<usize>>),
        expected: Vec<&'g str>,
    ) -> Finding<'g> {
        Finding {
            segment,
            entry: Cow::Borrowed(entry),
            kind,
            side,
            source,
            target,
            expected: expected.into_iter().map(Cow::Borrowed).collect(),
            variants: Vec::new(),
            texts: SegmentTexts::Borrowed("", ""),
        }
    }

    /// The source text of the finding's segment (`source` spans index it).
    pub fn source_text(&self) -> &str {
        self.texts.source()
    }

    /// The target text of the finding's segment (`target` spans index it).
    pub fn target_text(&self) -> &str {
        self.texts.target()
    }

    /// The finding, owning its data: it outlives the glossary and the
    /// segments (copies the segment's texts, the entry id and the names).
    pub fn into_owned(self) -> Finding<'static> {
        let texts = self.texts.clone().into_owned();
        let mut owned = self.into_owned_but_texts();
        owned.texts = texts;
        owned
    }

    /// [`Finding::into_owned`], its texts left empty.
    pub(crate) fn into_owned_but_texts(self) -> Finding<'static> {
        let owned = |text: Cow<'_, str>| Cow::Owned(text.into_owned());
        Finding {
            segment: self.segment,
            entry: Cow::Owned(self.entry.into_owned()),
            kind: self.kind,
            side: self.side,
            source: self.source,
            target: self.target,
            expected: self.expected.into_iter().map(owned).collect(),
            variants: self
                .variants
                .into_iter()
                .map(|v| Variant {
                    name: owned(v.name),
                    segments: v.segments,
                })
                .collect(),
            texts: SegmentTexts::Borrowed("", ""),
        }
    }
}

/// The sentence of [`Finding::describe`], on the finding's own segment.
impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(self.source_text(), self.target_text()))
    }
}

impl Finding<'_> {
    /// How much the finding matters (its kind's severity).
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// What the finding says, as a sentence (`missing pilot-zone: 1 in the
    /// source, 0 approved in the target; expected "pilot zone"`), given the
    /// segment's source and target texts it was found in.
    pub fn describe(&self, source: &str, target: &str) -> String {
        let quoted: Vec<String> = self.expected.iter().map(|e| format!("\"{e}\"")).collect();
        let expected = |verb: &str| {
            if quoted.is_empty() {
                "the glossary gives no approved name to use instead".to_string()
            } else {
                format!("{verb} {}", quoted.join(" or "))
            }
        };
        let named = |side: Side| {
            let (text, spans) = match side {
                Side::Source => (source, &self.source),
                Side::Target => (target, &self.target),
            };
            spans
                .first()
                .and_then(|span| text.get(span.clone()))
                .unwrap_or("")
                .to_string()
        };
        match self.kind {
            FindingKind::Missing => format!(
                "missing {}: {} in the source, {} approved in the target; {}",
                self.entry,
                self.source.len(),
                self.target.len(),
                expected("expected")
            ),
            FindingKind::Deprecated => format!(
                "deprecated name of {} in the {}: \"{}\"; {}",
                self.entry,
                self.side,
                named(self.side),
                expected("use")
            ),
            FindingKind::NotPreferred => format!(
                "admitted name of {} in the target where a preferred one exists: \"{}\"; {}",
                self.entry,
                named(Side::Target),
                expected("prefer")
            ),
            FindingKind::Inconsistent => {
                let variants: Vec<String> = self
                    .variants
                    .iter()
                    .map(|v| {
                        let segments: Vec<String> =
                            v.segments.iter().map(|s| s.to_string()).collect();
                        format!("\"{}\" in segment {}", v.name, segments.join(", "))
                    })
                    .collect();
                format!(
                    "{} rendered {} ways across the file: {}; {}",
                    self.entry,
                    self.variants.len(),
                    variants.join("; "),
                    expected("settle on")
                )
            }
            FindingKind::NoTarget => format!(
                "{} is in the source, but the glossary has no approved name for it in the target's language",
                self.entry
            ),
        }
    }
}

/// Serialized as the CLI's `--json` prints it: `segment`, `entry`, `kind`,
/// `severity`, `side`, `source` and `target` as `[[start, end], …]`,
/// `expected`, and for an inconsistent rendering `variants` (`[{"name",
/// "segments"}]`).
impl Serialize for Finding<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let pairs = |spans: &[Range<usize>]| -> Vec<[usize; 2]> {
            spans.iter().map(|r| [r.start, r.end]).collect()
        };
        let fields = if self.variants.is_empty() { 8 } else { 9 };
        let mut map = s.serialize_map(Some(fields))?;
        map.serialize_entry("segment", &self.segment)?;
        map.serialize_entry("entry", &self.entry)?;
        map.serialize_entry("kind", &self.kind)?;
        map.serialize_entry("severity", &self.severity())?;
        map.serialize_entry("side", &self.side)?;
        map.serialize_entry("source", &pairs(&self.source))?;
        map.serialize_entry("target", &pairs(&self.target))?;
        map.serialize_entry("expected", &self.expected)?;
        if !self.variants.is_empty() {
            map.serialize_entry("variants", &self.variants)?;
        }
        map.end()
    }
}
