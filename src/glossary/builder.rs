//! [`GlossaryBuilder`]: options first, then the data source, in the manner
//! of csv's `ReaderBuilder`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Glossary;
use crate::analysis::FrenchOrder;
use crate::data::{RawData, SOURCE_FILE};
use crate::formats::GlossaryFormat;
use crate::load::{Progress, ProgressFn, Target};
use crate::store::WaitFn;
use crate::Result;

/// Loads a [`Glossary`]: options first, then the data source as the final
/// call ([`GlossaryBuilder::embedded`], [`GlossaryBuilder::from_dir`],
/// [`GlossaryBuilder::from_memory`] or [`GlossaryBuilder::from_texts`]), in
/// the manner of csv's `ReaderBuilder`.
///
/// # Example
///
/// ```
/// use chongqing_glossary::GlossaryBuilder;
///
/// let index = tempfile::tempdir()?;
/// let glossary = GlossaryBuilder::new().index_dir(index.path()).embedded()?;
/// assert_eq!(glossary.entries().len(), 8);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A data source is given once, as the last call, so no two calls can
/// cancel each other; there is no `build()` to call without one:
///
/// ```compile_fail
/// use chongqing_glossary::GlossaryBuilder;
///
/// let glossary = GlossaryBuilder::new().build();
/// ```
#[derive(Clone, Default)]
pub struct GlossaryBuilder {
    index_dir: Option<PathBuf>,
    french_order: FrenchOrder,
    progress: Option<ProgressFn>,
    waiting: Option<WaitFn>,
    glossary_name: Option<String>,
}

impl std::fmt::Debug for GlossaryBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlossaryBuilder")
            .field("index_dir", &self.index_dir)
            .field("french_order", &self.french_order)
            .field("progress", &self.progress.is_some())
            .field("waiting", &self.waiting.is_some())
            .field("glossary_name", &self.glossary_name)
            .finish()
    }
}

// `from_dir` and `from_texts` take `&self` on purpose: they are the final
// call of a builder, as in csv's `ReaderBuilder::from_path`.
#[allow(clippy::wrong_self_convention)]
impl GlossaryBuilder {
    /// A builder with the defaults: index in RAM.
    pub fn new() -> GlossaryBuilder {
        GlossaryBuilder::default()
    }

    /// Keep the index in `dir` and reuse it on the next load when the data,
    /// the schema and the crate version are unchanged (default: build in RAM
    /// every time).
    ///
    /// The directory is created if needed. It must be empty or hold an index
    /// written by this crate: other files are never deleted.
    pub fn index_dir(mut self, dir: impl Into<PathBuf>) -> GlossaryBuilder {
        self.index_dir = Some(dir.into());
        self
    }

    /// Calls `report` as a build goes (every few thousand passages, and at
    /// the end), for progress displays on long builds (default: none).
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    /// use chongqing_glossary::{GlossaryBuilder, EMBEDDED_GLOSSARY};
    ///
    /// let seen = Arc::new(AtomicUsize::new(0));
    /// let counter = Arc::clone(&seen);
    /// let text = "Une phrase sur la zone pilote.\n".repeat(5000);
    /// GlossaryBuilder::new()
    ///     .progress(move |p| counter.store(p.done, Ordering::Relaxed))
    ///     .from_texts(text, EMBEDDED_GLOSSARY)?;
    /// assert_eq!(seen.load(Ordering::Relaxed), 5000);
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    pub fn progress(
        mut self,
        report: impl Fn(&Progress) + Send + Sync + 'static,
    ) -> GlossaryBuilder {
        self.progress = Some(Arc::new(report));
        self
    }

    /// Calls `notice` once, with the index directory, when opening it has
    /// waited a second for another process that holds it (building it, most
    /// likely), so that a person is not left wondering (default: none).
    /// Opening goes on waiting until the other process is done.
    pub fn waiting(mut self, notice: impl Fn(&Path) + Send + Sync + 'static) -> GlossaryBuilder {
        self.waiting = Some(Arc::new(notice));
        self
    }

    /// The name errors give a glossary loaded from memory
    /// ([`GlossaryBuilder::from_memory`], [`GlossaryBuilder::from_texts`]),
    /// such as the file or the address it came from (default: its format's
    /// file name, `glossary.tbx`). Documents are named by the names given
    /// with them.
    ///
    /// ```
    /// use chongqing_glossary::{GlossaryBuilder, GlossaryFormat};
    ///
    /// let none: [(&str, &str); 0] = [];
    /// let err = GlossaryBuilder::new()
    ///     .glossary_name("termbases/energie-2026.tbx")
    ///     .from_memory(GlossaryFormat::Tbx, "<martif><text><body>", none)
    ///     .unwrap_err();
    /// assert!(err.to_string().starts_with("termbases/energie-2026.tbx:"), "{err}");
    /// ```
    pub fn glossary_name(mut self, name: impl Into<String>) -> GlossaryBuilder {
        self.glossary_name = Some(name.into());
        self
    }

    /// The order of folding and stemming in French analysis (default:
    /// [`FrenchOrder::FoldThenStem`]). Exposed for relevance experiments.
    #[doc(hidden)]
    pub fn french_order(mut self, order: FrenchOrder) -> GlossaryBuilder {
        self.french_order = order;
        self
    }

    /// Loads the glossary shipped with the crate: its prebuilt index, opened
    /// from memory (or, with [`GlossaryBuilder::index_dir`], that directory's).
    ///
    /// # Errors
    ///
    /// [`Error::IndexDir`](crate::Error::IndexDir) and [`Error::Index`](crate::Error::Index) as [`GlossaryBuilder::from_dir`];
    /// the embedded data itself is validated by the crate's tests.
    pub fn embedded(&self) -> Result<Glossary> {
        let target = match &self.index_dir {
            Some(_) => self.target(),
            None if self.french_order == FrenchOrder::default() => Target::Prebuilt,
            None => Target::Ram,
        };
        self.load(RawData::embedded(), target)
    }

    /// Loads a data directory: its glossary (`glossary.json`,
    /// `glossary.tbx` or `glossary.csv`: see [`GlossaryFormat`]) and its
    /// French documents (every `*.fr.txt`, in name order; there may be
    /// none). See `data/README.md` for the formats.
    ///
    /// # Errors
    ///
    /// - [`Error::Io`](crate::Error::Io): `dir` or a data file is missing or unreadable, `dir`
    ///   is a file, or a data file is not a regular file (a device, a FIFO).
    /// - [`Error::TooLarge`](crate::Error::TooLarge): a data file is over
    ///   [`MAX_FILE_BYTES`](crate::limits::MAX_FILE_BYTES).
    /// - [`Error::Data`](crate::Error::Data): bad UTF-8, malformed JSON, XML or CSV, an unknown
    ///   or missing field, an empty name, a name holding a control character,
    ///   with file, line and column ([`Error::location`](crate::Error::location)); a directory
    ///   holding two glossaries.
    /// - [`Error::DuplicateId`](crate::Error::DuplicateId): two entries share an id.
    /// - [`Error::IndexDir`](crate::Error::IndexDir): the index directory cannot be created or
    ///   written, is a file, or holds files the crate did not write.
    /// - [`Error::Index`](crate::Error::Index): the engine failed.
    pub fn from_dir(&self, dir: impl AsRef<Path>) -> Result<Glossary> {
        self.load(RawData::read_dir(dir.as_ref())?, self.target())
    }

    /// Loads `source` as the one document (`source.fr.txt`) and
    /// `glossary_json` as the glossary. Errors name them `source.fr.txt` and
    /// `glossary.json` (or the [`GlossaryBuilder::glossary_name`] given).
    ///
    /// # Errors
    ///
    /// As [`GlossaryBuilder::from_dir`], but for reading files.
    pub fn from_texts(
        &self,
        source: impl Into<String>,
        glossary_json: impl Into<String>,
    ) -> Result<Glossary> {
        let (json, source): (String, String) = (glossary_json.into(), source.into());
        self.from_memory(GlossaryFormat::Json, json, [(SOURCE_FILE, source)])
    }

    /// Loads a glossary of `format` from memory, with `documents` as its
    /// French documents, each given as a file name and its text (they are
    /// ordered by name, as in a data directory). Texts are UTF-8, or UTF-16
    /// with a byte-order mark; a TBX text may declare another encoding.
    /// Errors name the glossary by [`GlossaryBuilder::glossary_name`] (by
    /// default its format's file name, `glossary.tbx`) and documents by
    /// their names.
    ///
    /// ```
    /// use chongqing_glossary::{GlossaryBuilder, GlossaryFormat};
    ///
    /// let tbx = r#"<?xml version="1.0" encoding="UTF-8"?>
    /// <martif type="TBX" xml:lang="en"><text><body>
    ///   <termEntry id="c1">
    ///     <langSet xml:lang="fr-FR"><ntig><termGrp><term>garantie d'origine</term></termGrp></ntig></langSet>
    ///     <langSet xml:lang="en-GB"><ntig><termGrp><term>guarantee of origin</term></termGrp></ntig></langSet>
    ///   </termEntry>
    /// </body></text></martif>"#;
    /// let report = ("rapport.fr.txt", "Les garanties d'origine sont émises.");
    /// let glossary = GlossaryBuilder::new().from_memory(GlossaryFormat::Tbx, tbx, [report])?;
    /// assert_eq!(glossary.entries()[0].term_en.as_str(), "guarantee of origin");
    /// assert_eq!(glossary.mentions("c1")?[0].passage.document, "rapport.fr.txt");
    /// # Ok::<(), chongqing_glossary::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`GlossaryBuilder::from_dir`], but for reading files; two
    /// documents of one name are an [`Error::Data`](crate::Error::Data).
    pub fn from_memory<N: Into<String>, T: Into<Vec<u8>>>(
        &self,
        format: GlossaryFormat,
        glossary: impl Into<Vec<u8>>,
        documents: impl IntoIterator<Item = (N, T)>,
    ) -> Result<Glossary> {
        let documents = documents
            .into_iter()
            .map(|(name, text)| (name.into(), text.into()))
            .collect();
        self.load(
            RawData::texts(
                format,
                self.glossary_name.as_deref().unwrap_or(format.file_name()),
                glossary.into(),
                documents,
            )?,
            self.target(),
        )
    }

    /// Builds the embedded data into an index directory and packs it into
    /// the archive `data/embedded-index.bin` holds (`cargo run --example
    /// regenerate`).
    #[doc(hidden)]
    pub fn prebuild_embedded(&self, dir: &Path) -> Result<Vec<u8>> {
        let builder = GlossaryBuilder {
            index_dir: Some(dir.to_path_buf()),
            ..self.clone()
        };
        builder.embedded()?;
        crate::store::pack_dir(dir)
    }

    fn target(&self) -> Target<'_> {
        match &self.index_dir {
            Some(path) => Target::Dir {
                path,
                wait: self.waiting.as_ref(),
            },
            None => Target::Ram,
        }
    }

    fn load(&self, raw: RawData, target: Target<'_>) -> Result<Glossary> {
        let loaded = crate::load::load(raw, target, self.french_order, self.progress.as_ref())?;
        Ok(Glossary {
            engine: loaded.engine,
            origin: loaded.origin,
            note: loaded.note,
        })
    }
}
