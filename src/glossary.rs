//! [`Glossary`]: the loaded, indexed data, and [`GlossaryBuilder`] to load it.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::analysis::FrenchOrder;
use crate::corpus::{self, DataPaths};
use crate::index::{self, FieldSet, IndexDoc, IndexOrigin, IndexedText, SearchIndex};
use crate::model::{Entry, EntryId, HitKind, Mention, Passage, PassageId};
use crate::suggest::Labels;
use crate::text::{Lang, Lexicon, QueryAnalyzer, TextAnalysis, Tok};
use crate::typo::TypoIndex;
use crate::{Error, Result};

/// The embedded article (`data/source.fr.txt`).
pub const EMBEDDED_SOURCE: &str = include_str!("../data/source.fr.txt");
/// The embedded glossary (`data/glossary.json`).
pub const EMBEDDED_GLOSSARY: &str = include_str!("../data/glossary.json");

/// The analyzed texts of one entry.
pub(crate) struct EntryTexts {
    term: Vec<Tok>,
    aliases: Vec<Vec<Tok>>,
    term_en: Vec<Tok>,
    aliases_en: Vec<Vec<Tok>>,
    definition: Vec<Tok>,
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
    mentions: Vec<Vec<(usize, Vec<Range<usize>>)>>,
    pub(crate) lexicon: Lexicon,
    pub(crate) analyzer: QueryAnalyzer,
    pub(crate) typos_fr: TypoIndex,
    pub(crate) typos_en: TypoIndex,
    pub(crate) labels: Labels,
    pub(crate) index: SearchIndex,
    /// Which text fields hold each term.
    term_fields: HashMap<u32, FieldSet>,
    /// In how many records (entries or passages) each term (stem or exact
    /// form) occurs.
    stem_records: HashMap<u32, u32>,
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

        let entry_texts: Vec<EntryTexts> = entries
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
            .collect();
        // A term that analyzes to nothing (only stop words or punctuation)
        // could never be found or linked.
        for (i, (entry, texts)) in entries.iter().zip(&entry_texts).enumerate() {
            for (key, empty) in [
                ("term", texts.term.is_empty()),
                ("term_en", texts.term_en.is_empty()),
            ] {
                if empty {
                    let (line, column) = corpus::key_location(&json, i, key);
                    return Err(Error::Data {
                        path: paths.glossary.clone(),
                        line,
                        column,
                        message: format!("entry `{}`: `{key}` has no searchable word", entry.id),
                    });
                }
            }
        }
        let passage_tokens: Vec<Vec<Tok>> = passages
            .iter()
            .map(|p| analysis.tokens(Lang::French, &p.text))
            .collect();

        // Mentions: an entry's French term or alias, as a sequence of stems.
        let patterns: Vec<Vec<Vec<u32>>> = entry_texts
            .iter()
            .map(|t| {
                std::iter::once(&t.term)
                    .chain(&t.aliases)
                    .map(|toks| toks.iter().map(|t| t.stem).collect())
                    .collect()
            })
            .collect();
        let find = |tokens: &[Tok], entry: usize| {
            corpus::merge_ranges(
                patterns[entry]
                    .iter()
                    .flat_map(|p| corpus::find_sequence(tokens, p))
                    .collect(),
            )
        };
        let mut mentions = vec![Vec::new(); entries.len()];
        for (p, tokens) in passage_tokens.iter().enumerate() {
            for (e, entry_mentions) in mentions.iter_mut().enumerate() {
                let spans = find(tokens, e);
                if !spans.is_empty() {
                    passages[p].mentions.push(entries[e].id.clone());
                    entry_mentions.push((p, spans));
                }
            }
        }
        for e in 0..entries.len() {
            let related: Vec<EntryId> = (0..entries.len())
                .filter(|&other| other != e && !find(&entry_texts[e].definition, other).is_empty())
                .map(|other| entries[other].id.clone())
                .collect();
            entries[e].related = related;
        }

        let docs: Vec<IndexDoc<'_>> = entries
            .iter()
            .zip(&entry_texts)
            .map(|(e, t)| IndexDoc {
                tags: [
                    Some(index::tag("kind", HitKind::Entry.as_str())),
                    Some(index::tag("category", e.category.as_str())),
                    e.sector.map(|s| index::tag("sector", s.as_str())),
                ]
                .into_iter()
                .flatten()
                .collect(),
                names: std::iter::once((e.term.as_str(), &t.term))
                    .chain(e.aliases.iter().map(String::as_str).zip(&t.aliases))
                    .map(|(text, tokens)| IndexedText { text, tokens })
                    .collect(),
                names_en: std::iter::once((e.term_en.as_str(), &t.term_en))
                    .chain(e.aliases_en.iter().map(String::as_str).zip(&t.aliases_en))
                    .map(|(text, tokens)| IndexedText { text, tokens })
                    .collect(),
                body: e.definition.as_deref().map(|text| IndexedText {
                    text,
                    tokens: &t.definition,
                }),
            })
            .chain(
                passages
                    .iter()
                    .zip(&passage_tokens)
                    .map(|(p, tokens)| IndexDoc {
                        tags: vec![index::tag("kind", HitKind::Passage.as_str())],
                        names: Vec::new(),
                        names_en: Vec::new(),
                        body: Some(IndexedText {
                            text: &p.text,
                            tokens,
                        }),
                    }),
            )
            .collect();
        let (index, origin) = match index_dir {
            None => (
                index::build_in_ram(order, &docs, &analysis.lexicon)?,
                IndexOrigin::Ram,
            ),
            Some(dir) => {
                let order_tag = format!("{order:?}");
                let fingerprint = index::fingerprint(&[
                    &index::SCHEMA_VERSION.to_le_bytes(),
                    order_tag.as_bytes(),
                    source.as_bytes(),
                    json.as_bytes(),
                ]);
                index::open_or_build_dir(dir, &fingerprint, order, &docs, &analysis.lexicon)?
            }
        };

        let (analyzer, lexicon) = analysis.into_parts();
        let vocabulary = |lang_tokens: &mut dyn Iterator<Item = &Tok>| {
            let mut ids: Vec<u32> = lang_tokens.map(|t| t.exact).collect();
            ids.sort_unstable();
            ids.dedup();
            TypoIndex::new(ids.into_iter().map(|id| (id, lexicon.word(id))))
        };
        let typos_fr = vocabulary(
            &mut entry_texts
                .iter()
                .flat_map(|t| {
                    t.term
                        .iter()
                        .chain(t.aliases.iter().flatten())
                        .chain(&t.definition)
                })
                .chain(passage_tokens.iter().flatten()),
        );
        let typos_en = vocabulary(
            &mut entry_texts
                .iter()
                .flat_map(|t| t.term_en.iter().chain(t.aliases_en.iter().flatten())),
        );
        let mut stem_records: HashMap<u32, u32> = HashMap::new();
        let mut count = |tokens: &mut dyn Iterator<Item = &Tok>| {
            let mut stems: Vec<u32> = tokens.flat_map(|t| [t.stem, t.exact]).collect();
            stems.sort_unstable();
            stems.dedup();
            for stem in stems {
                *stem_records.entry(stem).or_default() += 1;
            }
        };
        for t in &entry_texts {
            count(
                &mut t
                    .term
                    .iter()
                    .chain(t.aliases.iter().flatten())
                    .chain(&t.definition)
                    .chain(&t.term_en)
                    .chain(t.aliases_en.iter().flatten()),
            );
        }
        for tokens in &passage_tokens {
            count(&mut tokens.iter());
        }
        let mut term_fields: HashMap<u32, FieldSet> = HashMap::new();
        for doc in &docs {
            let groups = [
                (&doc.names, FieldSet::NAMES_EXACT, FieldSet::NAMES),
                (&doc.names_en, FieldSet::NAMES_EXACT, FieldSet::NAMES),
            ];
            let body = doc
                .body
                .iter()
                .map(|b| (b, FieldSet::BODY_EXACT, FieldSet::BODY));
            for (text, exact, stem) in groups
                .iter()
                .flat_map(|(texts, e, s)| texts.iter().map(move |t| (t, *e, *s)))
                .chain(body)
            {
                for t in text.tokens {
                    term_fields.entry(t.exact).or_default().insert(exact);
                    term_fields.entry(t.stem).or_default().insert(stem);
                }
            }
        }
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
            mentions,
            lexicon,
            analyzer,
            typos_fr,
            typos_en,
            labels,
            index,
            term_fields,
            stem_records,
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
        let wanted: Vec<char> = id.to_lowercase().chars().collect();
        let mut scored: Vec<(u8, &EntryId)> = self
            .entries
            .iter()
            .filter_map(|e| {
                let candidate: Vec<char> = e.id.as_str().chars().collect();
                if !wanted.is_empty() && e.id.as_str().contains(&*id.to_lowercase()) {
                    return Some((0, &e.id));
                }
                crate::typo::distance_within(&wanted, &candidate, 3).map(|d| (d, &e.id))
            })
            .collect();
        scored.sort();
        scored.into_iter().map(|(_, id)| id).collect()
    }

    /// The weight of a query word: the inverse document frequency of its stem
    /// over all records, whatever the field.
    ///
    /// Tantivy's BM25 computes IDF per field, so a word found in every
    /// sentence but in few names (`innovation`) looks rare in the names field
    /// and lets every entry named with it outrank the one passage that also
    /// has the query's rare word. Weighting each word by its corpus-wide
    /// rarity restores "match the rare words first".
    pub(crate) fn word_weight(&self, term: Option<u32>) -> f32 {
        let records = (self.entries.len() + self.passages.len()) as f32;
        let df = term
            .and_then(|id| self.stem_records.get(&id))
            .copied()
            .unwrap_or(0) as f32;
        (1.0 + (records - df + 0.5) / (df + 0.5)).ln()
    }

    /// The text fields that hold term `id`.
    pub(crate) fn term_fields(&self, id: u32) -> FieldSet {
        self.term_fields.get(&id).copied().unwrap_or_default()
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
        e.definition
            .as_deref()
            .map(|d| (d, Lang::French, t.definition.as_slice()))
            .into_iter()
            .chain(std::iter::once((
                e.term.as_str(),
                Lang::French,
                t.term.as_slice(),
            )))
            .chain(
                e.aliases
                    .iter()
                    .zip(&t.aliases)
                    .map(|(a, t)| (a.as_str(), Lang::French, t.as_slice())),
            )
            .chain(std::iter::once((
                e.term_en.as_str(),
                Lang::English,
                t.term_en.as_slice(),
            )))
            .chain(
                e.aliases_en
                    .iter()
                    .zip(&t.aliases_en)
                    .map(|(a, t)| (a.as_str(), Lang::English, t.as_slice())),
            )
    }
}
