//! [`Glossary`]: the façade over a loaded glossary, and [`GlossaryBuilder`]
//! to load one (`builder.rs`).

mod builder;

pub use builder::GlossaryBuilder;

use std::borrow::Cow;
use std::path::Path;

use crate::annotate::TermMatch;
use crate::engine::Engine;
use crate::index::IndexOrigin;
use crate::model::{Entry, EntryId, Mention, Passage, PassageId, Warning};
use crate::search::{Query, SearchResults};
use crate::subset::{Selection, Subset};
use crate::suggest::Suggestion;
use crate::{Error, Result};

/// A searchable glossary: entries, the article's passages, the links between
/// them, and a Tantivy index over all of it.
///
/// Load one with [`Glossary::embedded`], [`Glossary::from_dir`] or
/// [`GlossaryBuilder`]. A `Glossary` is immutable, `Send` and `Sync`: share
/// it across threads behind an `Arc` or a plain reference.
pub struct Glossary {
    engine: Engine,
    origin: IndexOrigin,
    note: Option<String>,
}

impl std::fmt::Debug for Glossary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Glossary")
            .field("entries", &self.engine.entries().len())
            .field("passages", &self.engine.passages().len())
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Glossary {
    /// The glossary shipped with the crate, indexed in RAM.
    ///
    /// # Errors
    ///
    /// Only [`Error::Index`] if the engine fails; the embedded data is
    /// validated by the crate's tests.
    pub fn embedded() -> Result<Glossary> {
        GlossaryBuilder::new().embedded()
    }

    /// Loads a data directory, indexed in RAM: its glossary
    /// (`glossary.json`, `glossary.tbx` or `glossary.csv`) and its French
    /// documents (every `*.fr.txt`); see [`GlossaryBuilder::from_dir`].
    ///
    /// # Errors
    ///
    /// As [`GlossaryBuilder::from_dir`].
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Glossary> {
        GlossaryBuilder::new().from_dir(dir)
    }

    /// Searches entries and passages.
    ///
    /// # Errors
    ///
    /// [`Error::Query`] when the query is blank, only stop words, longer
    /// than [`MAX_QUERY_BYTES`](crate::limits::MAX_QUERY_BYTES), has more than
    /// [`MAX_QUERY_WORDS`](crate::limits::MAX_QUERY_WORDS) searched words, asks for
    /// a `limit` over [`MAX_LIMIT`](crate::limits::MAX_LIMIT) or an `offset` over
    /// [`MAX_OFFSET`](crate::limits::MAX_OFFSET), or has filters no record can meet;
    /// [`Error::Index`] if the engine fails. Each [`QueryError`] says which.
    ///
    /// [`QueryError`]: crate::QueryError
    pub fn search(&self, query: &Query) -> Result<SearchResults<'_>> {
        crate::search::run(&self.engine, query, None)
    }

    /// Every occurrence of an entry's name (French or English term or alias)
    /// in `text`, left to right, never overlapping (see [`TermMatch`]).
    ///
    /// Case, accents, both apostrophes and elision do not matter; a name
    /// matches its inflections (number for nouns, number and gender for
    /// adjectives, the conjugation of a name that is a verb), not its
    /// derivations (`segment` is not in *segmentation*); matches are whole
    /// words and never cross a sentence end; where names overlap, the
    /// longest wins. Mentions in the article are found by this same
    /// matching. [`Glossary::annotate_in`] looks for one language's names.
    ///
    /// ```
    /// # use chongqing_glossary::{Glossary, LabelKind};
    /// let glossary = Glossary::embedded()?;
    /// let text = "Les zones pilotes de réforme financière et les green innovation hubs.";
    /// let found = glossary.annotate(text);
    /// assert_eq!(found[0].entry.as_str(), "zone-pilote-reforme-financiere");
    /// assert_eq!(found[0].text, "zones pilotes de réforme financière");
    /// assert_eq!(found[0].label, LabelKind::Alias);
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    pub fn annotate<'t>(&self, text: &'t str) -> Vec<TermMatch<'_, 't>> {
        self.all().annotate(text)
    }

    /// The names of one language in `text`: with [`Language::French`], only
    /// French terms and aliases are looked for, so an English name made of
    /// words that are French too (or the reverse) is not found in a French
    /// text. [`Glossary::annotate`] looks for both.
    ///
    /// ```
    /// use chongqing_glossary::{Glossary, model::Language};
    ///
    /// let glossary = Glossary::embedded()?;
    /// let text = "Les green innovation hubs et la zone pilote de réforme financière.";
    /// assert_eq!(glossary.annotate(text).len(), 2);
    /// let french = glossary.annotate_in(Language::French, text);
    /// assert_eq!(french.len(), 1);
    /// assert_eq!(french[0].text, "zone pilote de réforme financière");
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    ///
    /// [`Language::French`]: crate::Language::French
    pub fn annotate_in<'t>(
        &self,
        language: crate::Language,
        text: &'t str,
    ) -> Vec<TermMatch<'_, 't>> {
        self.all().annotate_in(language, text)
    }

    /// Writes every entry to `out` in `format`, for translation tools: TBX
    /// for CAT tools, CSV for Google Cloud Translation, TSV for DeepL, NDJSON
    /// for pipelines ([`ExportFormat`] gives each layout). Output goes entry
    /// by entry; `out` is flushed at the end. [`Selection::export`] writes a
    /// part of the glossary.
    ///
    /// ```
    /// # use chongqing_glossary::{ExportFormat, Glossary};
    /// let glossary = Glossary::embedded()?;
    /// let mut tsv = Vec::new();
    /// glossary.export(ExportFormat::Tsv, &mut tsv)?;
    /// let tsv = String::from_utf8(tsv).unwrap();
    /// assert!(tsv.contains("zone pilote de réforme financière\t"));
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Write`] when `out` fails (its I/O error is the source: a
    /// closed pipe is [`BrokenPipe`](std::io::ErrorKind::BrokenPipe));
    /// [`Error::Export`] when an entry cannot be written in `format` (text
    /// XML cannot hold, a French name DeepL would get twice with two
    /// targets), before anything is written.
    ///
    /// [`ExportFormat`]: crate::ExportFormat
    #[cfg(feature = "export")]
    pub fn export(
        &self,
        format: crate::model::ExportFormat,
        out: &mut dyn std::io::Write,
    ) -> Result<()> {
        self.all().export(format, out)
    }

    /// Checks a translation against the glossary: `pairs` of a French
    /// source segment and its English target (an empty target is a segment
    /// not translated yet: counted, not checked). Each occurrence of an
    /// entry's French name in a source needs one of the entry's approved
    /// English names (preferred or admitted) in the target, in any
    /// inflection; deprecated and superseded names are findings on either
    /// side; an admitted name where a preferred one exists, and an entry
    /// rendered two ways across the pairs, are warnings. See
    /// [`FindingKind`](crate::FindingKind); [`Selection::check`] checks
    /// against part of the glossary, [`read_segments`](crate::read_segments)
    /// reads TSV and XLIFF files.
    ///
    /// ```
    /// use chongqing_glossary::{FindingKind, Glossary, Severity};
    ///
    /// let glossary = Glossary::embedded()?;
    /// let report = glossary.check([
    ///     ("La zone pilote attire les fonds.", "The pilot finance zone attracts funds."),
    ///     ("Deux pôles d’innovation verte et bas carbone.", "Two green hubs."),
    /// ]);
    /// assert_eq!(report.segments, 2);
    /// // `pilot finance zone` is admitted; the entry prefers another name.
    /// assert_eq!(report.findings[0].kind, FindingKind::NotPreferred);
    /// assert_eq!(report.findings[0].severity(), Severity::Warning);
    /// let finding = &report.findings[1];
    /// assert_eq!((finding.segment, finding.kind), (2, FindingKind::Missing));
    /// assert!(report.fails(Severity::Error));
    /// assert_eq!(finding.entry.as_str(), "pole-innovation-vert-bas-carbone");
    /// assert_eq!(finding.expected[0], "Green and Low-Carbon Innovation Hub");
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    pub fn check<A: AsRef<str>, B: AsRef<str>>(
        &self,
        pairs: impl IntoIterator<Item = (A, B)>,
    ) -> crate::CheckReport<'_> {
        self.all().check(pairs)
    }

    /// Checks a translation that goes in `direction`: with
    /// [`Direction::EnglishToFrench`], English names are recognised in the
    /// sources and approved French names expected in the targets; each side
    /// is read in its own language only.
    ///
    /// ```
    /// use chongqing_glossary::{Direction, FindingKind, Glossary};
    ///
    /// let glossary = Glossary::embedded()?;
    /// let report = glossary.check_in(
    ///     Direction::EnglishToFrench,
    ///     [("The pilot finance zone opens.", "La zone ouvre.")],
    /// );
    /// assert_eq!(report.findings[0].kind, FindingKind::Missing);
    /// assert_eq!(report.findings[0].expected[0], "Zone Pilote de Réforme Financière Scientifique et Technologique de Chongqing");
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    ///
    /// [`Direction::EnglishToFrench`]: crate::Direction::EnglishToFrench
    pub fn check_in<A: AsRef<str>, B: AsRef<str>>(
        &self,
        direction: crate::Direction,
        pairs: impl IntoIterator<Item = (A, B)>,
    ) -> crate::CheckReport<'_> {
        self.all().check_in(direction, pairs)
    }

    /// Checks the segments of a file read by
    /// [`read_segments`](crate::read_segments), in the direction its
    /// languages say (French to English for TSV, unless
    /// [`Segments::with_direction`](crate::Segments::with_direction) says
    /// otherwise); segments not to translate (XLIFF's `translate="no"`) are
    /// counted, not checked. The report borrows the glossary and the
    /// segments ([`CheckReport::into_owned`](crate::CheckReport::into_owned)
    /// for one that does not).
    pub fn check_segments<'s>(&'s self, segments: &'s crate::Segments) -> crate::CheckReport<'s> {
        self.all().check_segments(segments)
    }

    /// Checks the segments of an XLIFF file and writes a copy of it to
    /// `out` with the findings and the names marked; see
    /// [`Selection::check_annotated`].
    ///
    /// ```
    /// use chongqing_glossary::{read_segments, Glossary};
    ///
    /// let glossary = Glossary::embedded()?;
    /// let xliff = r#"<xliff version="1.2"><file source-language="fr" target-language="en">
    ///   <body><trans-unit id="1"><source>Le corridor d’innovation relie les pôles.</source>
    ///   <target>The corridor links the hubs.</target></trans-unit></body>
    /// </file></xliff>"#;
    /// let segments = read_segments(xliff, "job.xlf")?;
    /// let mut annotated = Vec::new();
    /// let report = glossary.check_annotated(&segments, &mut annotated)?;
    /// assert_eq!(report.findings.len(), 1);
    /// let annotated = String::from_utf8(annotated).unwrap();
    /// assert!(annotated.contains(r#"<mrk mtype="term">corridor d’innovation</mrk>"#));
    /// assert!(annotated.contains(r#"its:locQualityIssueType="terminology""#));
    /// // Read back, the segments are the same.
    /// assert_eq!(read_segments(&annotated, "job.xlf")?, segments);
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Selection::check_annotated`].
    pub fn check_annotated<'s>(
        &'s self,
        segments: &'s crate::Segments,
        out: &mut dyn std::io::Write,
    ) -> crate::Result<crate::CheckReport<'s>> {
        self.all().check_annotated(segments, out)
    }

    /// The whole glossary as a [`Selection`]: what [`Glossary::select`]
    /// gives for a subset, for all the entries. Searching, annotating,
    /// checking and exporting it is what the glossary's own methods do.
    pub fn all(&self) -> Selection<'_> {
        Selection::new(&self.engine, None)
    }

    /// A part of the glossary ([`Subset`]: categories, sectors, entries by
    /// id), to annotate a text with or to export.
    ///
    /// ```
    /// use chongqing_glossary::{Category, Glossary, Subset};
    ///
    /// let glossary = Glossary::embedded()?;
    /// let hubs = glossary.select(&Subset::new().category(Category::InnovationHub))?;
    /// assert_eq!(hubs.entries().count(), 4);
    /// let found = hubs.annotate("La zone pilote et le pôle d’innovation verte et bas carbone.");
    /// assert_eq!(found.len(), 1);
    /// assert_eq!(found[0].entry.as_str(), "pole-innovation-vert-bas-carbone");
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::UnknownEntry`] for an id no entry has;
    /// [`Error::Query`] ([`QueryError::ImpossibleFilter`](crate::QueryError::ImpossibleFilter))
    /// when no entry is of the categories and sectors asked for.
    pub fn select(&self, subset: &Subset) -> Result<Selection<'_>> {
        Ok(Selection::new(&self.engine, subset.resolve(&self.engine)?))
    }

    /// What the load noticed and went on with: names two entries share,
    /// languages and concepts of a termbase that were skipped. Empty for the
    /// embedded glossary.
    pub fn warnings(&self) -> &[Warning] {
        self.engine.warnings()
    }

    /// The glossary's title, when its file gives one (`title` in
    /// `glossary.json`, the TBX header's title).
    pub fn title(&self) -> Option<&str> {
        self.engine.title()
    }

    /// The documents the passages come from, by file name, in name order.
    pub fn documents(&self) -> impl ExactSizeIterator<Item = &str> {
        self.engine
            .passages()
            .documents()
            .iter()
            .map(|d| d.name.as_str())
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        self.engine.entries()
    }

    /// All passages, in text order.
    pub fn passages(&self) -> impl ExactSizeIterator<Item = Passage<'_>> + DoubleEndedIterator {
        self.engine.passages().iter()
    }

    /// The entry with this id, `None` when no entry has it (lookups by key
    /// return `Option`; [`Glossary::mentions`], which must name an entry,
    /// returns an error).
    pub fn entry(&self, id: impl AsRef<str>) -> Option<&Entry> {
        let id = id.as_ref();
        self.engine
            .entry_index(id)
            .map(|i| &self.engine.entries()[i])
    }

    /// The passage with this id, if any.
    pub fn passage(&self, id: &PassageId) -> Option<Passage<'_>> {
        self.engine
            .passages()
            .find(id)
            .map(|i| self.engine.passages().get(i))
    }

    /// Every place a passage mentions entry `id`, in text order.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownEntry`] when no entry has this id.
    pub fn mentions(&self, id: impl AsRef<str>) -> Result<Vec<Mention<'_>>> {
        let id = id.as_ref();
        let i = self
            .engine
            .entry_index(id)
            .ok_or_else(|| Error::UnknownEntry { id: id.to_string() })?;
        Ok(self.engine.links().entry_mentions[i]
            .iter()
            .map(|m| Mention {
                passage: self.engine.passages().get(m.passage as usize),
                entry: Cow::Borrowed(&self.engine.entries()[i].id),
                span: m.span.clone(),
            })
            .collect())
    }

    /// The entry whose French or English term or alias is exactly `text`,
    /// ignoring case, accents, elision and punctuation.
    ///
    /// ```
    /// # use chongqing_glossary::Glossary;
    /// let glossary = Glossary::embedded()?;
    /// let entry = glossary.lookup("pilot finance zone").unwrap();
    /// assert_eq!(entry.id.as_str(), "zone-pilote-reforme-financiere");
    /// assert_eq!(glossary.lookup("ZONE PILOTE DE REFORME FINANCIERE").unwrap().id, entry.id);
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    pub fn lookup(&self, text: &str) -> Option<&Entry> {
        self.engine
            .labels()
            .lookup(text)
            .map(|i| &self.engine.entries()[i])
    }

    /// Up to `n` entry names that complete `prefix`: each typed word must
    /// match a word of the name, in order, the last one as a prefix (unless
    /// `prefix` ends with a space). Names that start with the prefix come
    /// first, then terms before aliases, then shorter names. Each suggestion
    /// says which name it is ([`Suggestion::label`]).
    ///
    /// ```
    /// # use chongqing_glossary::Glossary;
    /// let glossary = Glossary::embedded()?;
    /// let s = glossary.suggest("pole d'innovation sa", 5)?;
    /// assert_eq!(s[0].entry.as_str(), "pole-innovation-sante-vie");
    /// assert!(s.iter().any(|s| s.text == "Pôle d’innovation en santé et vie"));
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Query`] when `prefix` is blank, only elided articles, over
    /// [`MAX_QUERY_BYTES`](crate::limits::MAX_QUERY_BYTES), or `n` is over
    /// [`MAX_LIMIT`](crate::limits::MAX_LIMIT).
    pub fn suggest(&self, prefix: &str, n: usize) -> Result<Vec<Suggestion<'_>>> {
        Ok(self
            .engine
            .labels()
            .suggest(self.engine.entries(), prefix, n)?)
    }

    /// Entry ids close to `id` (a typo, another case, a prefix), closest first.
    pub fn similar_ids(&self, id: &str) -> Vec<&EntryId> {
        let lowercase = id.to_lowercase();
        let wanted: Vec<char> = lowercase.chars().collect();
        let mut scored: Vec<(u8, &EntryId)> = self
            .engine
            .entries()
            .iter()
            .filter_map(|e| {
                let candidate: Vec<char> = e.id.as_str().chars().collect();
                if !wanted.is_empty() && e.id.as_str().contains(&*lowercase) {
                    return Some((0, &e.id));
                }
                crate::typo::distance_within(&wanted, &candidate, 3).map(|d| (d, &e.id))
            })
            .collect();
        scored.sort();
        scored.into_iter().map(|(_, id)| id).collect()
    }

    /// How the index was obtained: built in RAM, the embedded data's
    /// prebuilt index, reused from an index directory, or (re)built into one.
    pub fn index_origin(&self) -> IndexOrigin {
        self.origin
    }

    /// Why an index directory was rebuilt rather than reused, when it held a
    /// form that was stale (other data, another version) or damaged (a
    /// truncated or corrupt sidecar): `None` for a first build or a reuse.
    pub fn rebuild_note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use crate::check::VISITS;
    use crate::{GlossaryBuilder, GlossaryFormat};

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
            VISITS.with(|v| v.set(0));
            let report = glossary.check([(source.as_str(), "Nothing.")]);
            assert_eq!(report.findings.len(), n);
            VISITS.with(|v| v.get())
        };
        let (small, large) = (work(4_000), work(8_000));
        assert!(large > 8_000, "the steps are counted: {large}");
        assert!(large <= small * 21 / 10, "{small} -> {large}");
    }
}
