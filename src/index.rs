//! The Tantivy side: schema, building the index in RAM or in a directory,
//! and the manifest that decides whether an on-disk index can be reused.
//!
//! # Schema
//!
//! Every record (entry or passage) is one Tantivy document. Field names are
//! part of the on-disk format, so they are listed here for anyone who maps
//! the index onto another Tantivy-based engine:
//!
//! | field | analyzer | holds |
//! |---|---|---|
//! | `ord` | fast `u64` | position of the record in [`Glossary`](crate::Glossary) (entries, then passages) |
//! | `tags` | raw | `kind:entry` or `kind:passage`; entries add `category:<category>` and hubs `sector:<sector>` |
//! | `names` | `fr_stem` for French, `en_stem` for English | stems of the French term and aliases and of the English term and aliases |
//! | `names_exact` | `fr_exact` for French, `en_exact` for English | the same names' exact (folded or lowercased) words |
//! | `body` / `body_exact` | `fr_stem` / `fr_exact` | definition (entries) or sentence (passages) |
//!
//! Text fields are fed pre-tokenized from the crate's own analysis (see
//! [`analysis`](crate::analysis)), so index and queries share one analyzer;
//! the tokenizer name in the schema is the French pipeline's. French and
//! English names share a field because every query is analyzed in both
//! languages anyway, and each field costs a fixed share of build time
//! (about 0.15 ms per field, measured in a fresh process where the smallest
//! possible single-field index takes 1.2 ms; `benches/search.rs` keeps that
//! floor as `baseline/tantivy_minimal_build`).

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use tantivy::columnar::Column;
use tantivy::directory::{MmapDirectory, RamDirectory};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STRING,
};
use tantivy::store::Compressor;
use tantivy::tokenizer::{PreTokenizedString, Token, TokenizerManager};
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy, Searcher, TantivyDocument};

use crate::analysis::{FrenchOrder, Pipeline};
use crate::error::engine;
use crate::text::{Lexicon, Tok};
use crate::{Error, Result};

/// Bumped whenever the schema or the analysis changes, so that an on-disk
/// index built by an older version is rebuilt rather than misread.
pub const SCHEMA_VERSION: u32 = 1;

/// The file in an index directory that records what the index was built from.
pub const MANIFEST_FILE: &str = "glossary-manifest.json";
const LOCK_FILE: &str = "glossary.lock";

/// Handles on the schema's fields.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    pub ord: Field,
    pub tags: Field,
    pub names: Field,
    pub names_exact: Field,
    pub body: Field,
    pub body_exact: Field,
}

pub(crate) fn schema(order: FrenchOrder) -> (Schema, Fields) {
    let text = |pipeline: Pipeline| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(pipeline.name())
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let mut b = Schema::builder();
    let fields = Fields {
        ord: b.add_u64_field("ord", FAST),
        tags: b.add_text_field("tags", STRING),
        names: b.add_text_field("names", text(Pipeline::FrenchStem(order))),
        names_exact: b.add_text_field("names_exact", text(Pipeline::FrenchExact)),
        body: b.add_text_field("body", text(Pipeline::FrenchStem(order))),
        body_exact: b.add_text_field("body_exact", text(Pipeline::FrenchExact)),
    };
    (b.build(), fields)
}

/// A set of the schema's text fields, as bits: which fields hold a term.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct FieldSet(u8);

impl FieldSet {
    pub const NAMES_EXACT: FieldSet = FieldSet(1);
    pub const NAMES: FieldSet = FieldSet(2);
    pub const BODY_EXACT: FieldSet = FieldSet(4);
    pub const BODY: FieldSet = FieldSet(8);

    pub fn contains(self, other: FieldSet) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn insert(&mut self, other: FieldSet) {
        self.0 |= other.0;
    }
}

/// A value of the `tags` field: `kind:entry`, `category:pilot-zone` ...
pub(crate) fn tag(name: &str, value: &str) -> String {
    format!("{name}:{value}")
}

/// What one Tantivy document holds. It owns its pre-tokenized names, so the
/// index can be built on another thread while the lexicon keeps growing.
pub(crate) struct IndexDoc<'a> {
    /// Values of the `tags` field (see [`tag`]).
    pub tags: Vec<String>,
    /// French and English names, stemmed.
    pub names: Vec<PreTokenizedString>,
    /// The same names' exact words.
    pub names_exact: Vec<PreTokenizedString>,
    /// Definition or sentence, analyzed by Tantivy with the French pipelines.
    pub body: Option<&'a str>,
}

/// A name with the crate's analysis of it, in Tantivy's pre-tokenized form.
pub(crate) fn pre_tokenized(
    text: &str,
    tokens: &[Tok],
    lexicon: &Lexicon,
    stemmed: bool,
) -> PreTokenizedString {
    PreTokenizedString {
        text: text.to_string(),
        tokens: tokens
            .iter()
            .map(|t| Token {
                offset_from: t.start as usize,
                offset_to: t.end as usize,
                position: t.position as usize,
                text: lexicon
                    .word(if stemmed { t.stem } else { t.exact })
                    .to_string(),
                position_length: 1,
            })
            .collect(),
    }
}

fn to_document(ord: u64, doc: &IndexDoc<'_>, f: &Fields) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_u64(f.ord, ord);
    for tag in &doc.tags {
        d.add_text(f.tags, tag);
    }
    for name in &doc.names {
        d.add_pre_tokenized_text(f.names, name.clone());
    }
    for name in &doc.names_exact {
        d.add_pre_tokenized_text(f.names_exact, name.clone());
    }
    // Bodies are French only: Tantivy analyzes them with the registered
    // French pipelines, which give the same terms as the crate's own
    // analysis. Pre-tokenized values travel through JSON inside Tantivy's
    // document, which made them the largest cost of a 100k-passage build.
    if let Some(body) = doc.body {
        d.add_text(f.body, body);
        d.add_text(f.body_exact, body);
    }
    d
}

/// Memory budget of the indexing arena. The single-segment writer grows past
/// it when needed; a small arena keeps the embedded build's footprint low.
const ARENA_BYTES: usize = 1 << 20;

/// The crate's analyzers under the names the schema gives them. Text is fed
/// pre-tokenized, but Tantivy resolves every field's analyzer when it opens a
/// segment writer, and other tools reading the index need them too.
fn tokenizers(order: FrenchOrder) -> TokenizerManager {
    let manager = TokenizerManager::default();
    for pipeline in [
        Pipeline::FrenchStem(order),
        Pipeline::FrenchExact,
        Pipeline::EnglishStem,
        Pipeline::EnglishExact,
    ] {
        manager.register(pipeline.name(), pipeline.analyzer());
    }
    manager
}

/// Writes all documents into a new single-segment index in `dir`.
///
/// Tantivy's `SingleSegmentIndexWriter` is `#[doc(hidden)]`, but it is the
/// right tool here: the corpus is written once and never updated, and unlike
/// `IndexWriter` it spawns no threads and needs no 15 MB arena per thread.
/// The project's prototype measured it on the embedded corpus at about half
/// the build time (2 ms vs 4 ms) and half the peak memory (8 MB vs 17 MB) of
/// the default writer. It is used in this one function only.
fn write_single_segment(
    dir: Box<dyn tantivy::Directory>,
    schema: Schema,
    order: FrenchOrder,
    docs: &[IndexDoc<'_>],
    fields: &Fields,
) -> Result<Index> {
    // Nothing is stored (records live in the `Glossary`), so the document
    // store needs neither compression nor the thread Tantivy would start to
    // compress it.
    let settings = IndexSettings {
        docstore_compression: Compressor::None,
        docstore_compress_dedicated_thread: false,
        ..IndexSettings::default()
    };
    let mut writer = Index::builder()
        .schema(schema)
        .settings(settings)
        .tokenizers(tokenizers(order))
        .single_segment_index_writer(dir, ARENA_BYTES)
        .map_err(engine)?;
    for (ord, doc) in docs.iter().enumerate() {
        writer
            .add_document(to_document(ord as u64, doc, fields))
            .map_err(engine)?;
    }
    writer.finalize().map_err(engine)
}

/// A built, searchable index.
pub(crate) struct SearchIndex {
    pub fields: Fields,
    pub searcher: Searcher,
    /// The `ord` column of each segment, opened once.
    pub ords: Vec<Column<u64>>,
    // Keeps the index files alive for the searcher.
    _reader: IndexReader,
}

impl SearchIndex {
    fn open(index: Index, fields: Fields) -> Result<SearchIndex> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(engine)?;
        let searcher = reader.searcher();
        let ords = searcher
            .segment_readers()
            .iter()
            .map(|s| s.fast_fields().u64("ord"))
            .collect::<tantivy::Result<Vec<_>>>()
            .map_err(engine)?;
        Ok(SearchIndex {
            fields,
            searcher,
            ords,
            _reader: reader,
        })
    }

    pub(crate) fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// The record position of a hit.
    pub(crate) fn ord(&self, address: tantivy::DocAddress) -> Option<usize> {
        self.ords
            .get(address.segment_ord as usize)?
            .first(address.doc_id)
            .map(|o| o as usize)
    }
}

/// Builds the index in RAM.
pub(crate) fn build_in_ram(order: FrenchOrder, docs: &[IndexDoc<'_>]) -> Result<SearchIndex> {
    let (schema, fields) = schema(order);
    let index = write_single_segment(
        Box::new(RamDirectory::create()),
        schema,
        order,
        docs,
        &fields,
    )?;
    SearchIndex::open(index, fields)
}

/// What an index directory was built from.
#[derive(Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    schema_version: u32,
    fingerprint: String,
    docs: u64,
}

/// How [`open_or_build_dir`] got its index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexOrigin {
    /// Built in memory.
    Ram,
    /// Reopened from a directory whose manifest matched the data.
    Reused,
    /// (Re)built into a directory: it was empty, stale or unreadable.
    Built,
}

fn dir_error(path: &Path, reason: impl Into<String>) -> Error {
    Error::IndexDir {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Whether `name` is a file an index directory of ours may hold.
fn is_index_file(name: &str) -> bool {
    let segment_file = name
        .split_once('.')
        .is_some_and(|(stem, _)| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()));
    segment_file
        || name == MANIFEST_FILE
        || name == LOCK_FILE
        || name == "meta.json"
        || name == ".managed.json"
        || name.starts_with(".tantivy-")
        || name.starts_with(MANIFEST_FILE)
}

/// Reopens the index in `dir` when its manifest matches `fingerprint`,
/// otherwise (re)builds it there.
///
/// A lock file serializes processes that open the same directory at once:
/// the second waits for the first, then reuses what it wrote. A directory
/// holding files that are not ours is refused rather than emptied.
pub(crate) fn open_or_build_dir(
    dir: &Path,
    fingerprint: &str,
    order: FrenchOrder,
    docs: &[IndexDoc<'_>],
) -> Result<(SearchIndex, IndexOrigin)> {
    fs::create_dir_all(dir).map_err(|e| dir_error(dir, format!("cannot create it: {e}")))?;
    let lock = File::create(dir.join(LOCK_FILE))
        .map_err(|e| dir_error(dir, format!("cannot create the lock file: {e}")))?;
    lock.lock()
        .map_err(|e| dir_error(dir, format!("cannot lock it: {e}")))?;

    let expected = Manifest {
        schema_version: SCHEMA_VERSION,
        fingerprint: fingerprint.to_string(),
        docs: docs.len() as u64,
    };
    if let Some(index) = reuse(dir, &expected, order)? {
        return Ok((index, IndexOrigin::Reused));
    }
    clear(dir)?;
    let (schema, fields) = schema(order);
    let mmap = MmapDirectory::open(dir).map_err(|e| dir_error(dir, e.to_string()))?;
    let index = write_single_segment(Box::new(mmap), schema, order, docs, &fields)?;
    let index = SearchIndex::open(index, fields)?;
    write_manifest(dir, &expected)?;
    Ok((index, IndexOrigin::Built))
}

fn reuse(dir: &Path, expected: &Manifest, order: FrenchOrder) -> Result<Option<SearchIndex>> {
    let Ok(text) = fs::read_to_string(dir.join(MANIFEST_FILE)) else {
        return Ok(None);
    };
    match serde_json::from_str::<Manifest>(&text) {
        Ok(found) if &found == expected => {}
        _ => return Ok(None),
    }
    let (expected_schema, fields) = schema(order);
    // Any failure to open means a damaged index: rebuild it.
    let Ok(mut index) = Index::open_in_dir(dir) else {
        return Ok(None);
    };
    if index.schema() != expected_schema {
        return Ok(None);
    }
    index.set_tokenizers(tokenizers(order));
    match SearchIndex::open(index, fields) {
        Ok(opened) if opened.num_docs() == expected.docs => Ok(Some(opened)),
        _ => Ok(None),
    }
}

fn clear(dir: &Path) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| dir_error(dir, e.to_string()))?;
    let mut doomed: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| dir_error(dir, e.to_string()))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !is_index_file(&name) || entry.path().is_dir() {
            return Err(dir_error(
                dir,
                format!("holds `{name}`, which is not part of a glossary index; refusing to delete it (use an empty directory)"),
            ));
        }
        if name != LOCK_FILE {
            doomed.push(entry.path());
        }
    }
    for path in doomed {
        fs::remove_file(&path)
            .map_err(|e| dir_error(dir, format!("cannot remove {}: {e}", path.display())))?;
    }
    Ok(())
}

fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<()> {
    // Written last and renamed into place: an index without its manifest is
    // half-written and will be rebuilt.
    let tmp = dir.join(format!("{MANIFEST_FILE}.tmp"));
    let json = serde_json::to_string_pretty(manifest).expect("a manifest always serializes");
    fs::write(&tmp, json)
        .and_then(|()| fs::rename(&tmp, dir.join(MANIFEST_FILE)))
        .map_err(|e| dir_error(dir, format!("cannot write the manifest: {e}")))
}

/// FNV-1a, 64 bits: a stable fingerprint of the data an index was built from
/// (std's hashers are not stable across Rust releases).
pub(crate) fn fingerprint(parts: &[&[u8]]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.iter().chain(&(part.len() as u64).to_le_bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
