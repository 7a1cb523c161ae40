//! Part of a glossary: [`Subset`] says which entries (by category, sector
//! or id), [`Selection`] annotates texts and exports with them only, so a
//! team can check or hand over one domain of a large termbase.

use crate::annotate::TermMatch;
use crate::bitset::BitSet;
use crate::check::{CheckReport, Copied, Pair};
use crate::engine::Engine;
use crate::error::QueryError;
use crate::formats::Segments;
use crate::model::{Category, Direction, Entry, EntryId, Language, Sector};
use crate::{Error, Result};

/// Which entries of a glossary: those of the given categories and sectors,
/// and those listed by id. Nothing given: every entry.
///
/// Categories are alternatives (an entry of any of them is in), so are
/// sectors; an entry must meet both when both are given. Entries listed by
/// id are in whatever their category.
///
/// ```
/// use chongqing_glossary::{Category, Sector, Subset};
///
/// let hubs = Subset::new().category(Category::InnovationHub);
/// let two = Subset::new().entry("zone-pilote-reforme-financiere").entry("disposition-innovation-416");
/// let green = Subset::new().sector(Sector::GreenLowCarbon);
/// assert!(Subset::new().is_everything() && !hubs.is_everything());
/// # let _ = (two, green);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subset {
    categories: Vec<Category>,
    sectors: Vec<Sector>,
    entries: Vec<EntryId>,
}

impl Subset {
    /// Every entry.
    pub fn new() -> Subset {
        Subset::default()
    }

    /// Also the entries of `category` (with the sectors given, if any).
    pub fn category(mut self, category: Category) -> Subset {
        self.categories.push(category);
        self
    }

    /// Also the entries of `sector` (with the categories given, if any).
    pub fn sector(mut self, sector: Sector) -> Subset {
        self.sectors.push(sector);
        self
    }

    /// Also the entry `id`.
    pub fn entry(mut self, id: impl Into<EntryId>) -> Subset {
        self.entries.push(id.into());
        self
    }

    /// Whether nothing narrows it: every entry is in.
    pub fn is_everything(&self) -> bool {
        self.categories.is_empty() && self.sectors.is_empty() && self.entries.is_empty()
    }

    /// Whether `entry` meets the categories and sectors (ids aside).
    fn by_fields(&self, entry: &Entry) -> bool {
        (self.categories.is_empty() || self.categories.contains(&entry.category))
            && (self.sectors.is_empty()
                || entry
                    .sector
                    .as_ref()
                    .is_some_and(|s| self.sectors.contains(s)))
    }

    /// The entries of `engine` in the subset, `None` for every entry.
    pub(crate) fn resolve(&self, engine: &Engine) -> Result<Option<BitSet>> {
        if self.is_everything() {
            return Ok(None);
        }
        let mut keep = BitSet::new(engine.entries().len());
        for id in &self.entries {
            let i = engine
                .entry_index(id.as_str())
                .ok_or_else(|| Error::UnknownEntry { id: id.to_string() })?;
            keep.insert(i);
        }
        if !(self.categories.is_empty() && self.sectors.is_empty()) {
            let before = keep.len();
            let mut any = false;
            for (i, entry) in engine.entries().iter().enumerate() {
                if self.by_fields(entry) {
                    keep.insert(i);
                    any = true;
                }
            }
            if !any {
                let wanted: Vec<String> = self
                    .categories
                    .iter()
                    .map(|c| format!("category `{c}`"))
                    .chain(self.sectors.iter().map(|s| format!("sector `{s}`")))
                    .collect();
                return Err(QueryError::ImpossibleFilter {
                    reason: format!("no entry has {}", wanted.join(" and ")),
                }
                .into());
            }
            debug_assert!(keep.len() >= before);
        }
        Ok(Some(keep))
    }
}

/// A part of a glossary ([`Glossary::select`](crate::Glossary::select)):
/// term recognition and exports limited to its entries.
#[derive(Clone)]
pub struct Selection<'g> {
    engine: &'g Engine,
    keep: Option<BitSet>,
}

impl std::fmt::Debug for Selection<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Selection")
            .field("entries", &self.len())
            .finish()
    }
}

impl<'g> Selection<'g> {
    /// The selection's entries, in file order.
    pub fn entries(&self) -> impl Iterator<Item = &'g Entry> + '_ {
        self.engine
            .entries()
            .iter()
            .enumerate()
            .filter(|(i, _)| self.keeps(*i))
            .map(|(_, e)| e)
    }

    /// How many entries the selection has.
    pub fn len(&self) -> usize {
        self.keep
            .as_ref()
            .map_or(self.engine.entries().len(), BitSet::len)
    }

    /// Whether the selection has no entry (only an empty glossary's can be
    /// empty: [`Glossary::select`](crate::Glossary::select) refuses a
    /// subset that no entry meets).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether entry `i` (its position) is in the selection.
    pub(crate) fn keeps(&self, i: usize) -> bool {
        self.keep.as_ref().is_none_or(|k| k.contains(i))
    }

    /// A selection of `engine`'s entries in `keep` (`None`: all).
    pub(crate) fn new(engine: &'g Engine, keep: Option<BitSet>) -> Selection<'g> {
        Selection { engine, keep }
    }

    /// Searches the selection as [`Glossary::search`](crate::Glossary::search)
    /// searches the glossary, as a category or sector filter of the query
    /// would: its entries (or, with
    /// [`Query::kind`](crate::Query::kind)`(HitKind::Passage)`, the
    /// passages that mention one of them); the query's own category and
    /// sector narrow it further.
    ///
    /// ```
    /// use chongqing_glossary::{Category, Glossary, Query, Subset};
    ///
    /// let glossary = Glossary::embedded()?;
    /// let hubs = glossary.select(&Subset::new().category(Category::InnovationHub))?;
    /// let results = hubs.search(&Query::new("innovation"))?;
    /// assert_eq!(results.total_hits, 4);
    /// assert!(results.hits.iter().all(|h| h.entry().unwrap().category == Category::InnovationHub));
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Glossary::search`](crate::Glossary::search).
    pub fn search(&self, query: &crate::Query) -> crate::Result<crate::SearchResults<'g>> {
        crate::search::run(self.engine, query, self.keep.as_ref())
    }

    /// The names of the selection's entries in `text`, as
    /// [`Glossary::annotate`](crate::Glossary::annotate) finds them (a
    /// longer name of an entry outside the selection does not hide a
    /// shorter one inside it).
    pub fn annotate<'t>(&self, text: &'t str) -> Vec<TermMatch<'g, 't>> {
        self.annotate_names(text, None)
    }

    /// The names of one language of the selection's entries in `text`, as
    /// [`Glossary::annotate_in`](crate::Glossary::annotate_in) finds them.
    pub fn annotate_in<'t>(&self, language: Language, text: &'t str) -> Vec<TermMatch<'g, 't>> {
        self.annotate_names(text, Some(language))
    }

    fn annotate_names<'t>(
        &self,
        text: &'t str,
        language: Option<Language>,
    ) -> Vec<TermMatch<'g, 't>> {
        let names = crate::annotate::Names {
            keep: self.keep.as_ref(),
            english: language.map(|l| l == Language::English),
        };
        crate::annotate::annotate(
            self.engine.matcher(),
            self.engine.analyzers(),
            self.engine.entries(),
            text,
            names,
        )
    }

    /// Checks a translation against the selection's entries, as
    /// [`Glossary::check`](crate::Glossary::check) checks it against all:
    /// French sources, English targets.
    pub fn check<A: AsRef<str>, B: AsRef<str>>(
        &self,
        pairs: impl IntoIterator<Item = (A, B)>,
    ) -> CheckReport<'g> {
        self.check_in(Direction::FrenchToEnglish, pairs)
    }

    /// Checks a translation that goes in `direction` (English sources and
    /// French targets for [`Direction::EnglishToFrench`]), each side read
    /// in its own language.
    pub fn check_in<A: AsRef<str>, B: AsRef<str>>(
        &self,
        direction: Direction,
        pairs: impl IntoIterator<Item = (A, B)>,
    ) -> CheckReport<'g> {
        let pairs = pairs.into_iter().map(|(source, target)| Pair {
            source: Copied(source),
            target: Copied(target),
            translate: true,
        });
        crate::check::check(self.engine, self.keep.as_ref(), direction, pairs)
    }

    /// Checks the segments of a file ([`read_segments`](crate::read_segments))
    /// in the direction they go; segments not to translate are counted, not
    /// checked. The report borrows the segments (its findings give their
    /// texts) as well as the glossary.
    pub fn check_segments<'s>(&self, segments: &'s Segments) -> CheckReport<'s>
    where
        'g: 's,
    {
        let pairs = segments.segments.iter().map(|s| Pair {
            source: s.source.as_str(),
            target: s.target.as_str(),
            translate: s.translate,
        });
        crate::check::check(self.engine, self.keep.as_ref(), segments.direction, pairs)
    }

    /// Checks the segments of an XLIFF file as [`Selection::check_segments`]
    /// does, and writes a copy of the file to `out` with the findings
    /// marked as ITS 2.0 Localization Quality Issues on the spans they
    /// concern and the names recognised as term marks; every byte outside
    /// that markup is the file's own.
    ///
    /// # Errors
    ///
    /// [`Error::NotAnnotatable`](crate::Error::NotAnnotatable) when the
    /// segments were not read from an XLIFF file in UTF-8 (TSV has nowhere
    /// to hold markup); [`Error::WriteFindings`](crate::Error::WriteFindings)
    /// when writing to `out` fails.
    pub fn check_annotated<'s>(
        &self,
        segments: &'s Segments,
        out: &mut dyn std::io::Write,
    ) -> crate::Result<CheckReport<'s>>
    where
        'g: 's,
    {
        crate::check::check_annotated(self.engine, self.keep.as_ref(), segments, out)
    }

    /// Writes the selection's entries as
    /// [`Glossary::export`](crate::Glossary::export) writes them all.
    ///
    /// # Errors
    ///
    /// As [`Glossary::export`](crate::Glossary::export).
    #[cfg(feature = "export")]
    pub fn export(
        &self,
        format: crate::model::ExportFormat,
        out: &mut dyn std::io::Write,
    ) -> Result<()> {
        use crate::formats::export::{self, Export};
        use crate::formats::ndjson::MentionLine;

        let engine = self.engine;
        let kept: Vec<usize> = (0..engine.entries().len())
            .filter(|&i| self.keeps(i))
            .collect();
        let mentions = |n: usize| {
            engine.links().entry_mentions[kept[n]]
                .iter()
                .map(|m| {
                    let p = m.passage as usize;
                    let passage = engine.passages().get(p);
                    MentionLine {
                        passage: passage.id,
                        document: engine.passages().document_name(p),
                        line: passage.line,
                        start: m.span.start,
                        end: m.span.end,
                        text: &engine.passages().text(p)[m.span.clone()],
                    }
                })
                .collect::<Vec<MentionLine<'_>>>()
        };
        let exported = Export {
            title: engine.title(),
            entries: kept.iter().map(|&i| &engine.entries()[i]).collect(),
            mentions: &mentions,
        };
        export::write(format, &exported, out)
    }
}
