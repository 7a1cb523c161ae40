//! [`Glossary`]: the loaded, indexed data, and [`GlossaryBuilder`] to load it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::analysis::FrenchOrder;
use crate::corpus::Links;
use crate::corpus::{self, DataPaths};
use crate::index::{self, IndexBuilder, IndexDoc, IndexOrigin, Opened, SearchIndex};
use crate::model::{Entry, EntryId, Mention, Passage, PassageId};
use crate::suggest::Labels;
use crate::text::{Lang, Lexicon, QueryAnalyzer, TextAnalysis, Tok};
use crate::vocabulary::TermStats;
use crate::{Error, Result};

/// The embedded article (`data/source.fr.txt`).
pub const EMBEDDED_SOURCE: &str = include_str!("../data/source.fr.txt");
/// The embedded glossary (`data/glossary.json`).
pub const EMBEDDED_GLOSSARY: &str = include_str!("../data/glossary.json");

/// The analyzed texts of one entry.
pub(crate) struct EntryTexts {
    pub term: Vec<Tok>,
    pub aliases: Vec<Vec<Tok>>,
    pub term_en: Vec<Tok>,
    pub aliases_en: Vec<Vec<Tok>>,
    pub definition: Vec<Tok>,
}

impl EntryTexts {
    /// The French names' words: term then aliases.
    pub fn french_names(&self) -> impl Iterator<Item = &[Tok]> {
        std::iter::once(self.term.as_slice()).chain(self.aliases.iter().map(Vec::as_slice))
    }

    /// The English names' words: term then aliases.
    pub fn english_names(&self) -> impl Iterator<Item = &[Tok]> {
        std::iter::once(self.term_en.as_slice()).chain(self.aliases_en.iter().map(Vec::as_slice))
    }
}

/// From this many passages on, the Tantivy index is built on a second thread
/// while the crate analyzes the passages (below it, a thread costs more than
/// it saves).
const PARALLEL_BUILD_PASSAGES: usize = 2_000;

fn analyze_entries(analysis: &mut TextAnalysis, entries: &[Entry]) -> Vec<EntryTexts> {
    entries
        .iter()
        .map(|e| EntryTexts {
            term: analysis.tokens(Lang::French, &e.term),
            aliases: e
                .aliases
                .iter()
                .map(|a| analysis.tokens(Lang::French, a))
                .collect(),
            term_en: analysis.tokens(Lang::English, &e.term_en),
            aliases_en: e
                .aliases_en
                .iter()
                .map(|a| analysis.tokens(Lang::English, a))
                .collect(),
            definition: e
                .definition
                .as_deref()
                .map(|d| analysis.tokens(Lang::French, d))
                .unwrap_or_default(),
        })
        .collect()
}

/// A term that analyzes to nothing (only stop words or punctuation) could
/// never be found or linked: reject it, pointing at the JSON key.
fn check_searchable(
    entries: &[Entry],
    texts: &[EntryTexts],
    json: &str,
    paths: &DataPaths,
) -> Result<()> {
    for (i, (entry, texts)) in entries.iter().zip(texts).enumerate() {
        for (key, empty) in [
            ("term", texts.term.is_empty()),
            ("term_en", texts.term_en.is_empty()),
        ] {
            if empty {
                let (line, column) = corpus::key_location(json, i, key);
                return Err(Error::Data {
                    path: paths.glossary.clone(),
                    line,
                    column,
                    message: format!("entry `{}`: `{key}` has no searchable word", entry.id),
                });
            }
        }
    }
    Ok(())
}

/// The Tantivy document of an entry: its names and its definition.
fn entry_doc(entry: &Entry, texts: &EntryTexts, lexicon: &Lexicon) -> IndexDoc {
    let names = texts
        .french_names()
        .chain(texts.english_names())
        .map(|tokens| index::encode_terms(tokens, lexicon, true));
    let definition = entry
        .definition
        .is_some()
        .then(|| index::encode_terms(&texts.definition, lexicon, false));
    IndexDoc(names.chain(definition).collect())
}

/// The Tantivy document of a passage: its sentence.
fn passage_doc(tokens: &[Tok], lexicon: &Lexicon) -> IndexDoc {
    IndexDoc(vec![index::encode_terms(tokens, lexicon, false)])
}

/// How many passage documents go to the indexing thread at a time.
const BATCH: usize = 256;

/// Analyzes the passages and adds their documents to `builder`, in order.
///
/// From [`PARALLEL_BUILD_PASSAGES`] on, Tantivy indexes on a second thread,
/// in batches, while this one analyzes the next passages.
fn index_passages(
    analysis: &mut TextAnalysis,
    passages: &[Passage],
    mut builder: Box<IndexBuilder>,
) -> Result<(Vec<Vec<Tok>>, SearchIndex, IndexOrigin)> {
    let mut tokens = Vec::with_capacity(passages.len());
    if passages.len() < PARALLEL_BUILD_PASSAGES {
        for passage in passages {
            let t = analysis.tokens(Lang::French, &passage.text);
            builder.add(&passage_doc(&t, &analysis.lexicon))?;
            tokens.push(t);
        }
        let (index, origin) = builder.finish()?;
        return Ok((tokens, index, origin));
    }
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<IndexDoc>>(4);
        let indexing = scope.spawn(move || {
            for batch in receive {
                for doc in &batch {
                    builder.add(doc)?;
                }
            }
            builder.finish()
        });
        let mut batch = Vec::with_capacity(BATCH);
        for passage in passages {
            let t = analysis.tokens(Lang::French, &passage.text);
            batch.push(passage_doc(&t, &analysis.lexicon));
            tokens.push(t);
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                if send.send(full).is_err() {
                    // The indexing thread stopped on an error, returned below.
                    break;
                }
            }
        }
        if !batch.is_empty() {
            // An error here is the indexing thread's, returned below.
            let _ = send.send(batch);
        }
        drop(send);
        let built = indexing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        Ok((tokens, built.0, built.1))
    })
}

/// A searchable glossary: entries, the article's passages, the links between
/// them, and a Tantivy index over all of it.
///
/// Build one with [`Glossary::embedded`], [`Glossary::from_dir`] or
/// [`GlossaryBuilder`]. A `Glossary` is immutable, `Send` and `Sync`: share it
/// across threads behind an `Arc` or a plain reference.
pub struct Glossary {
    pub(crate) entries: Vec<Entry>,
    pub(crate) passages: Vec<Passage>,
    by_id: HashMap<EntryId, usize>,
    pub(crate) entry_texts: Vec<EntryTexts>,
    pub(crate) passage_tokens: Vec<Vec<Tok>>,
    /// For each entry: (passage index, spans of the mention in the passage).
    mentions: Vec<Vec<(usize, Vec<std::ops::Range<usize>>)>>,
    pub(crate) lexicon: Lexicon,
    pub(crate) analyzer: QueryAnalyzer,
    pub(crate) stats: TermStats,
    pub(crate) labels: Labels,
    pub(crate) index: SearchIndex,
    origin: IndexOrigin,
}

impl std::fmt::Debug for Glossary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Glossary")
            .field("entries", &self.entries.len())
            .field("passages", &self.passages.len())
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// Loads a [`Glossary`] from the embedded data, a directory, or strings.
///
/// # Example
///
/// ```
/// use chongqing_glossary::GlossaryBuilder;
///
/// let dir = tempfile::tempdir()?;
/// let glossary = GlossaryBuilder::new().index_dir(dir.path()).build()?;
/// assert_eq!(glossary.entries().len(), 8);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct GlossaryBuilder {
    data_dir: Option<PathBuf>,
    texts: Option<(String, String)>,
    index_dir: Option<PathBuf>,
    french_order: FrenchOrder,
}

impl GlossaryBuilder {
    /// A builder for the embedded data, indexed in RAM.
    pub fn new() -> GlossaryBuilder {
        GlossaryBuilder::default()
    }

    /// Load `source.fr.txt` and `glossary.json` from `dir` instead of the
    /// embedded data (default: embedded). See `data/README.md` for the format.
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> GlossaryBuilder {
        self.data_dir = Some(dir.into());
        self.texts = None;
        self
    }

    /// Use these texts as the article and the glossary JSON (default:
    /// embedded). Errors name them `source.fr.txt` and `glossary.json`.
    pub fn texts(
        mut self,
        source: impl Into<String>,
        glossary_json: impl Into<String>,
    ) -> GlossaryBuilder {
        self.texts = Some((source.into(), glossary_json.into()));
        self.data_dir = None;
        self
    }

    /// Keep the index in `dir` and reuse it on the next build when the data
    /// and the schema are unchanged (default: build in RAM every time).
    ///
    /// The directory is created if needed. It must be empty or hold an index
    /// written by this crate: other files are never deleted.
    pub fn index_dir(mut self, dir: impl Into<PathBuf>) -> GlossaryBuilder {
        self.index_dir = Some(dir.into());
        self
    }

    /// The order of folding and stemming in French analysis (default:
    /// [`FrenchOrder::FoldThenStem`]). Exposed for relevance experiments.
    #[doc(hidden)]
    pub fn french_order(mut self, order: FrenchOrder) -> GlossaryBuilder {
        self.french_order = order;
        self
    }

    /// Loads, validates, links and indexes the data.
    ///
    /// # Errors
    ///
    /// - [`Error::Io`]: a data file cannot be read.
    /// - [`Error::Data`]: bad UTF-8, malformed JSON, an unknown field, an empty
    ///   term, an invalid category or sector, with file, line and column.
    /// - [`Error::DuplicateId`]: two entries share an id.
    /// - [`Error::IndexDir`]: the index directory cannot be created, locked, or
    ///   holds foreign files.
    /// - [`Error::Index`]: the engine failed.
    pub fn build(self) -> Result<Glossary> {
        let (source, json, paths) = match (&self.data_dir, self.texts) {
            (Some(dir), _) => {
                if !dir.is_dir() {
                    return Err(Error::Io {
                        path: dir.clone(),
                        source: std::io::Error::new(
                            std::io::ErrorKind::NotFound,
                            "no such data directory",
                        ),
                    });
                }
                let paths = DataPaths::in_dir(dir);
                let source = corpus::read_utf8(&paths.source)?;
                let json = corpus::read_utf8(&paths.glossary)?;
                (source, json, paths)
            }
            (None, Some((source, json))) => (source, json, DataPaths::in_dir(Path::new(""))),
            (None, None) => (
                EMBEDDED_SOURCE.to_string(),
                EMBEDDED_GLOSSARY.to_string(),
                DataPaths::in_dir(Path::new("data")),
            ),
        };
        Glossary::load(
            source,
            json,
            &paths,
            self.index_dir.as_deref(),
            self.french_order,
        )
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
        GlossaryBuilder::new().build()
    }

    /// Loads `source.fr.txt` and `glossary.json` from `dir`, indexed in RAM.
    ///
    /// # Errors
    ///
    /// As [`GlossaryBuilder::build`].
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Glossary> {
        GlossaryBuilder::new().data_dir(dir.as_ref()).build()
    }

    fn load(
        source: String,
        json: String,
        paths: &DataPaths,
        index_dir: Option<&Path>,
        order: FrenchOrder,
    ) -> Result<Glossary> {
        let mut entries = corpus::parse_glossary(&json, &paths.glossary)?;
        let mut passages = corpus::segment(&source);
        let mut analysis = TextAnalysis::new(order);
        let entry_texts = analyze_entries(&mut analysis, &entries);
        check_searchable(&entries, &entry_texts, &json, paths)?;

        let records = (entries.len() + passages.len()) as u64;
        let dir = index_dir.map(|dir| {
            let order_tag = format!("{order:?}");
            let fingerprint = index::fingerprint(&[
                &index::SCHEMA_VERSION.to_le_bytes(),
                order_tag.as_bytes(),
                source.as_bytes(),
                json.as_bytes(),
            ]);
            (dir, fingerprint)
        });
        let (passage_tokens, index, origin) = match index::open(dir, records)? {
            Opened::Reused(index) => {
                let tokens = passages
                    .iter()
                    .map(|p| analysis.tokens(Lang::French, &p.text))
                    .collect();
                (tokens, index, IndexOrigin::Reused)
            }
            Opened::Build(mut builder) => {
                for (entry, texts) in entries.iter().zip(&entry_texts) {
                    builder.add(&entry_doc(entry, texts, &analysis.lexicon))?;
                }
                index_passages(&mut analysis, &passages, builder)?
            }
        };

        let links = Links::new(&entry_texts, &passage_tokens);
        for (p, passage) in passages.iter_mut().enumerate() {
            passage.mentions = links.passage_mentions[p]
                .iter()
                .map(|&e| entries[e].id.clone())
                .collect();
        }
        let related: Vec<Vec<EntryId>> = links
            .related
            .iter()
            .map(|others| others.iter().map(|&o| entries[o].id.clone()).collect())
            .collect();
        for (entry, related) in entries.iter_mut().zip(related) {
            entry.related = related;
        }

        let (analyzer, lexicon) = analysis.into_parts();
        let stats = TermStats::new(&entry_texts, &passage_tokens, &lexicon);
        let labels = Labels::new(&entries);
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Ok(Glossary {
            entries,
            passages,
            by_id,
            entry_texts,
            passage_tokens,
            mentions: links.entry_mentions,
            lexicon,
            analyzer,
            stats,
            labels,
            index,
            origin,
        })
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// All passages, in text order.
    pub fn passages(&self) -> &[Passage] {
        &self.passages
    }

    /// The entry with this id.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownEntry`] when no entry has it; see
    /// [`Glossary::similar_ids`] for a did-you-mean.
    pub fn entry(&self, id: &str) -> Result<&Entry> {
        self.by_id
            .get(&EntryId::new(id))
            .map(|&i| &self.entries[i])
            .ok_or_else(|| Error::UnknownEntry { id: id.to_string() })
    }

    /// The passage with this id, if the article has it.
    pub fn passage(&self, id: PassageId) -> Option<&Passage> {
        self.passages.iter().find(|p| p.id == id)
    }

    /// Every place a passage mentions entry `id`, in text order.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownEntry`] when no entry has this id.
    pub fn mentions(&self, id: &str) -> Result<Vec<Mention<'_>>> {
        let i = *self
            .by_id
            .get(&EntryId::new(id))
            .ok_or_else(|| Error::UnknownEntry { id: id.to_string() })?;
        Ok(self.mentions[i]
            .iter()
            .flat_map(|(p, spans)| {
                spans.iter().map(move |span| Mention {
                    passage: &self.passages[*p],
                    entry: &self.entries[i].id,
                    span: span.clone(),
                })
            })
            .collect())
    }

    /// Entry ids close to `id` (a typo, another case, a prefix), closest first.
    pub fn similar_ids(&self, id: &str) -> Vec<&EntryId> {
        let lowercase = id.to_lowercase();
        let wanted: Vec<char> = lowercase.chars().collect();
        let mut scored: Vec<(u8, &EntryId)> = self
            .entries
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

    /// How the index was obtained: built in RAM, reused from an index
    /// directory, or (re)built into one.
    pub fn index_origin(&self) -> IndexOrigin {
        self.origin
    }

    /// The texts of an entry that a snippet can show, in order of preference.
    pub(crate) fn entry_snippet_sources(
        &self,
        ord: usize,
    ) -> impl Iterator<Item = (&str, Lang, &[Tok])> {
        let e = &self.entries[ord];
        let t = &self.entry_texts[ord];
        let french = e
            .french_names()
            .zip(t.french_names())
            .map(|(n, t)| (n, Lang::French, t));
        let english = e
            .english_names()
            .zip(t.english_names())
            .map(|(n, t)| (n, Lang::English, t));
        e.definition
            .as_deref()
            .map(|d| (d, Lang::French, t.definition.as_slice()))
            .into_iter()
            .chain(french)
            .chain(english)
    }
}
