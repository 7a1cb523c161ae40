//! The Tantivy side: schema, the terms Tantivy receives, building the index
//! in RAM or in a directory, and the manifest that decides whether an
//! on-disk index can be reused.
//!
//! # Schema
//!
//! Every record (entry or passage) is one Tantivy document, and its document
//! id is its position in [`Glossary`](crate::Glossary): entries first, then
//! passages. The index has a single segment, written in that order, so no
//! id field is needed; [`SearchIndex`] refuses an index with more segments
//! or another number of documents.
//!
//! The schema has one field, `text`, and each word is indexed twice at the
//! same position: its stem and its exact, folded form behind a `=` mark, as
//! Lucene's keyword-repeat filter does. Words of names (the French and
//! English terms and aliases) carry a second mark, `#`, so that a names
//! match can weigh more than a body match (definition or sentence):
//!
//! | term | form ([`Forms`]) | example for `innovations` |
//! |---|---|---|
//! | stem in a body | `BODY` | `innov` |
//! | exact word in a body | `BODY_EXACT` | `=innovations` |
//! | stem in a name | `NAMES` | `#innov` |
//! | exact word in a name | `NAMES_EXACT` | `#=innovations` |
//!
//! So one field answers exact, stemmed and phrase queries over names and
//! bodies, and an exact match scores on top of a stemmed one.
//!
//! Filters (kind, category, sector) are checked against the records
//! themselves as hits are collected, so the index holds no tag fields.
//!
//! # Analysis happens once
//!
//! Tantivy never analyzes text. The crate's own analysis (see
//! [`analysis`](crate::analysis)) runs once per text at load time, and the
//! value handed to Tantivy is its output, written as terms (see
//! [`encode_terms`]) that the `glossary_terms` tokenizer only splits.
//! Indexing, mention linking, highlighting and queries therefore all see the
//! same terms, and a build pays for one analysis instead of three (the crate's
//! and Tantivy's exact and stemmed pipelines). One field instead of four
//! matters too: each field costs a fixed share of a small build (Tantivy's
//! term dictionary builder alone sets up about 1 MB per field).
//! `benches/search.rs` keeps the floor under the embedded build, the smallest
//! Tantivy index over the same texts, as `baseline/tantivy_minimal_build`.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use tantivy::directory::{MmapDirectory, RamDirectory};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::store::Compressor;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer, TokenizerManager};
use tantivy::{
    DocAddress, Index, IndexReader, IndexSettings, ReloadPolicy, Searcher,
    SingleSegmentIndexWriter, TantivyDocument, Term,
};

use crate::error::engine;
use crate::text::{Lexicon, Tok};
use crate::{Error, Result};

/// Bumped whenever the schema or the analysis changes, so that an on-disk
/// index built by an older version is rebuilt rather than misread.
pub const SCHEMA_VERSION: u32 = 2;

/// The file in an index directory that records what the index was built from.
pub const MANIFEST_FILE: &str = "glossary-manifest.json";
const LOCK_FILE: &str = "glossary.lock";

/// The name of the tokenizer that splits encoded terms.
pub const TERMS_TOKENIZER: &str = "glossary_terms";

/// Separates the positions of an encoded text.
const NEXT_POSITION: char = ' ';
/// Separates the terms at one position.
const SAME_POSITION: char = '\t';

/// The schema's one field.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    pub text: Field,
}

pub(crate) fn schema() -> (Schema, Fields) {
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TERMS_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let mut b = Schema::builder();
    let fields = Fields {
        text: b.add_text_field("text", text),
    };
    (b.build(), fields)
}

impl Fields {
    /// The index term of `word` in one form (one of the [`Forms`]
    /// constants).
    pub(crate) fn term(&self, form: Forms, word: &str) -> Term {
        let mut term = Term::from_field_text(self.text, form.prefix());
        term.append_bytes(word.as_bytes());
        term
    }
}

/// A set of the forms a term is indexed in, as bits: in names or in a body,
/// exact or stemmed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Forms(u8);

impl Forms {
    pub const NAMES_EXACT: Forms = Forms(1);
    pub const NAMES: Forms = Forms(2);
    pub const BODY_EXACT: Forms = Forms(4);
    pub const BODY: Forms = Forms(8);

    pub fn contains(self, other: Forms) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn insert(&mut self, other: Forms) {
        self.0 |= other.0;
    }

    /// The marks in front of a term of this one form.
    fn prefix(self) -> &'static str {
        match self {
            Forms::NAMES_EXACT => "#=",
            Forms::NAMES => "#",
            Forms::BODY_EXACT => "=",
            // BODY: stems in bodies are the unmarked terms.
            _ => "",
        }
    }
}

/// The analyzed `tokens` of one text as the value Tantivy indexes:
/// positions separated by a space (an empty position is a removed stop
/// word), and at each position the stem and the marked exact form,
/// separated by a tab, both marked as names when `names` is set.
/// `l'innovation de Chongqing` becomes
/// `innov\t=innovation  chongqing\t=chongqing` in a body and
/// `#innov\t#=innovation  #chongqing\t#=chongqing` in names.
pub(crate) fn encode_terms(tokens: &[Tok], lexicon: &Lexicon, names: bool) -> String {
    let (stem, exact) = if names {
        (Forms::NAMES, Forms::NAMES_EXACT)
    } else {
        (Forms::BODY, Forms::BODY_EXACT)
    };
    let mut out = String::new();
    let mut position = 0;
    let mut first = true;
    for t in tokens {
        if !first && t.position == position {
            out.push(SAME_POSITION);
        }
        while position < t.position {
            out.push(NEXT_POSITION);
            position += 1;
        }
        first = false;
        out.push_str(stem.prefix());
        out.push_str(lexicon.word(t.stem));
        out.push(SAME_POSITION);
        out.push_str(exact.prefix());
        out.push_str(lexicon.word(t.exact));
    }
    out
}

/// Splits values written by [`encode_terms`] back into terms and positions.
#[derive(Clone, Default)]
pub struct TermsTokenizer {
    token: Token,
}

/// The [`TokenStream`] of [`TermsTokenizer`].
pub struct TermsTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    position: usize,
    token: &'a mut Token,
}

impl Tokenizer for TermsTokenizer {
    type TokenStream<'a> = TermsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermsTokenStream<'a> {
        self.token.reset();
        TermsTokenStream {
            text,
            cursor: 0,
            position: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for TermsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        // Skip separators, counting positions.
        while let Some(&b) = bytes.get(self.cursor) {
            match b {
                b' ' => self.position += 1,
                b'\t' => {}
                _ => break,
            }
            self.cursor += 1;
        }
        if self.cursor >= bytes.len() {
            return false;
        }
        let start = self.cursor;
        let len = bytes[start..]
            .iter()
            .position(|&b| b == b' ' || b == b'\t')
            .unwrap_or(bytes.len() - start);
        self.cursor = start + len;
        self.token.text.clear();
        self.token.text.push_str(&self.text[start..self.cursor]);
        self.token.offset_from = start;
        self.token.offset_to = self.cursor;
        self.token.position = self.position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// What one Tantivy document holds: the values of its `text` field, each
/// written by [`encode_terms`] (an entry's names, then its definition; a
/// passage's sentence).
#[derive(Debug, Default)]
pub(crate) struct IndexDoc(pub Vec<String>);

fn to_document(doc: &IndexDoc, f: &Fields) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    for value in &doc.0 {
        d.add_text(f.text, value);
    }
    d
}

/// Memory budget of the indexing arena. The single-segment writer grows past
/// it when needed; a small arena keeps the embedded build's footprint low.
const ARENA_BYTES: usize = 1 << 20;

fn tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(TERMS_TOKENIZER, TermsTokenizer::default());
    manager
}

/// Where a new index goes.
enum Target {
    Ram,
    Dir {
        dir: PathBuf,
        manifest: Manifest,
        // Held until the manifest is written.
        _lock: File,
    },
}

/// An index being written: documents go in, in record order, then
/// [`IndexBuilder::finish`] opens it for search.
pub(crate) struct IndexBuilder {
    writer: SingleSegmentIndexWriter,
    fields: Fields,
    target: Target,
    added: u64,
}

/// What [`open`] found.
pub(crate) enum Opened {
    /// An index directory whose manifest matched: ready to search.
    Reused(SearchIndex),
    /// A new index to fill.
    Build(Box<IndexBuilder>),
}

impl IndexBuilder {
    /// Starts a new single-segment index in `dir`.
    ///
    /// Tantivy's `SingleSegmentIndexWriter` is `#[doc(hidden)]`, but it is
    /// the right tool here: the corpus is written once and never updated,
    /// and unlike `IndexWriter` it spawns no threads and needs no 15 MB arena
    /// per thread. The project's prototype measured it on the embedded
    /// corpus at about half the build time (2 ms vs 4 ms) and half the peak
    /// memory (8 MB vs 17 MB) of the default writer. It writes documents in
    /// the order they are added, into one segment, which is what lets a
    /// document id be the record's position. It is used in this type only.
    fn new(dir: Box<dyn tantivy::Directory>, target: Target) -> Result<IndexBuilder> {
        let (schema, fields) = schema();
        // Nothing is stored (records live in the `Glossary`), so the document
        // store needs neither compression nor the thread Tantivy would start
        // to compress it.
        let settings = IndexSettings {
            docstore_compression: Compressor::None,
            docstore_compress_dedicated_thread: false,
            ..IndexSettings::default()
        };
        let writer = Index::builder()
            .schema(schema)
            .settings(settings)
            .tokenizers(tokenizers())
            .single_segment_index_writer(dir, ARENA_BYTES)
            .map_err(engine)?;
        Ok(IndexBuilder {
            writer,
            fields,
            target,
            added: 0,
        })
    }

    /// Adds the next record's document.
    pub(crate) fn add(&mut self, doc: &IndexDoc) -> Result<()> {
        self.added += 1;
        self.writer
            .add_document(to_document(doc, &self.fields))
            .map_err(engine)
    }

    /// Writes the segment (and the manifest of an index directory) and opens
    /// the index for search.
    pub(crate) fn finish(self) -> Result<(SearchIndex, IndexOrigin)> {
        let index = self.writer.finalize().map_err(engine)?;
        let index = SearchIndex::open(index, self.fields, self.added)?;
        match self.target {
            Target::Ram => Ok((index, IndexOrigin::Ram)),
            Target::Dir { dir, manifest, .. } => {
                write_manifest(&dir, &manifest)?;
                Ok((index, IndexOrigin::Built))
            }
        }
    }
}

/// A built, searchable index.
pub(crate) struct SearchIndex {
    pub fields: Fields,
    pub searcher: Searcher,
    // Keeps the index files alive for the searcher.
    _reader: IndexReader,
}

impl SearchIndex {
    /// Opens `index` for search, checking that it has the layout this crate
    /// writes: one segment of `docs` documents, none deleted.
    fn open(index: Index, fields: Fields, docs: u64) -> Result<SearchIndex> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(engine)?;
        let searcher = reader.searcher();
        let segments = searcher.segment_readers();
        let layout_ok = match segments {
            [] => docs == 0,
            [segment] => {
                u64::from(segment.max_doc()) == docs && u64::from(segment.num_docs()) == docs
            }
            _ => false,
        };
        if !layout_ok {
            return Err(engine(tantivy::TantivyError::InternalError(format!(
                "expected one segment of {docs} documents, found {} segments of {} documents",
                segments.len(),
                searcher.num_docs()
            ))));
        }
        Ok(SearchIndex {
            fields,
            searcher,
            _reader: reader,
        })
    }

    /// The record position of a hit.
    pub(crate) fn ord(&self, address: DocAddress) -> usize {
        address.doc_id as usize
    }
}

/// What an index directory was built from.
#[derive(Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    schema_version: u32,
    fingerprint: String,
    docs: u64,
}

/// How [`Glossary`](crate::Glossary) got its index.
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

/// A new index in RAM, or the index of directory `dir` (with the
/// fingerprint of the data): reopened when its manifest matches, otherwise
/// cleared and started anew. `docs` is the number of records.
///
/// A lock file serializes processes that open the same directory at once:
/// the second waits for the first to finish, then reuses what it wrote. A
/// directory holding files that are not ours is refused rather than emptied.
pub(crate) fn open(dir: Option<(&Path, String)>, docs: u64) -> Result<Opened> {
    let Some((dir, fingerprint)) = dir else {
        let builder = IndexBuilder::new(Box::new(RamDirectory::create()), Target::Ram)?;
        return Ok(Opened::Build(Box::new(builder)));
    };
    fs::create_dir_all(dir).map_err(|e| dir_error(dir, format!("cannot create it: {e}")))?;
    let lock = File::create(dir.join(LOCK_FILE))
        .map_err(|e| dir_error(dir, format!("cannot create the lock file: {e}")))?;
    lock.lock()
        .map_err(|e| dir_error(dir, format!("cannot lock it: {e}")))?;

    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        fingerprint,
        docs,
    };
    if let Some(index) = reuse(dir, &manifest) {
        return Ok(Opened::Reused(index));
    }
    clear(dir)?;
    let mmap = MmapDirectory::open(dir).map_err(|e| dir_error(dir, e.to_string()))?;
    let target = Target::Dir {
        dir: dir.to_path_buf(),
        manifest,
        _lock: lock,
    };
    Ok(Opened::Build(Box::new(IndexBuilder::new(
        Box::new(mmap),
        target,
    )?)))
}

/// The index in `dir` if its manifest matches `expected` and it opens with
/// the expected schema and layout; any failure means a stale or damaged
/// index, to be rebuilt.
fn reuse(dir: &Path, expected: &Manifest) -> Option<SearchIndex> {
    let text = fs::read_to_string(dir.join(MANIFEST_FILE)).ok()?;
    let found = serde_json::from_str::<Manifest>(&text).ok()?;
    if &found != expected {
        return None;
    }
    let (expected_schema, fields) = schema();
    let mut index = Index::open_in_dir(dir).ok()?;
    if index.schema() != expected_schema {
        return None;
    }
    index.set_tokenizers(tokenizers());
    SearchIndex::open(index, fields, expected.docs).ok()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::FrenchOrder;
    use crate::text::{Lang, TextAnalysis};

    fn terms(encoded: &str) -> Vec<(usize, String)> {
        let mut tokenizer = TermsTokenizer::default();
        let mut stream = tokenizer.token_stream(encoded);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            assert_eq!(&encoded[t.offset_from..t.offset_to], t.text);
            out.push((t.position, t.text.clone()));
        }
        out
    }

    /// The terms Tantivy must index for `tokens`: stem then exact form at
    /// each token's position, with the marks of names or bodies.
    fn expected(tokens: &[Tok], lexicon: &Lexicon, names: bool) -> Vec<(usize, String)> {
        let mark = if names { "#" } else { "" };
        tokens
            .iter()
            .flat_map(|t| {
                let p = t.position as usize;
                [
                    (p, format!("{mark}{}", lexicon.word(t.stem))),
                    (p, format!("{mark}={}", lexicon.word(t.exact))),
                ]
            })
            .collect()
    }

    proptest::proptest! {
        /// Whatever the text, the tokenizer gives back exactly the analyzed
        /// terms: no analyzed word contains a separator or starts with a mark.
        #[test]
        fn any_text_round_trips_through_the_encoding(
            text in "\\PC{0,80}",
            english: bool,
            names: bool,
        ) {
            let mut analysis = TextAnalysis::new(FrenchOrder::default());
            let lang = if english { Lang::English } else { Lang::French };
            let tokens = analysis.tokens(lang, &text);
            let encoded = encode_terms(&tokens, &analysis.lexicon, names);
            proptest::prop_assert_eq!(terms(&encoded), expected(&tokens, &analysis.lexicon, names));
            for t in &tokens {
                for id in [t.stem, t.exact] {
                    let word = analysis.lexicon.word(id);
                    proptest::prop_assert!(!word.starts_with(['=', '#']), "{:?}", word);
                }
            }
        }
    }

    #[test]
    fn encoded_terms_keep_stems_exact_forms_and_positions() {
        let mut analysis = TextAnalysis::new(FrenchOrder::default());
        let text = "L'innovation de Chongqing et les innovations";
        let tokens = analysis.tokens(Lang::French, text);
        let encoded = encode_terms(&tokens, &analysis.lexicon, false);
        assert_eq!(terms(&encoded), expected(&tokens, &analysis.lexicon, false));
        // Stop words leave their positions empty, for phrase queries.
        assert_eq!(
            terms(&encoded)
                .iter()
                .map(|(p, t)| format!("{p}:{t}"))
                .collect::<Vec<_>>(),
            [
                "0:innov",
                "0:=innovation",
                "2:chongqing",
                "2:=chongqing",
                "5:innov",
                "5:=innovations"
            ]
        );
    }

    #[test]
    fn empty_and_separator_only_values_have_no_terms() {
        assert!(terms("").is_empty());
        assert!(terms("  \t ").is_empty());
        let encoded = encode_terms(&[], &crate::text::Lexicon::default(), true);
        assert_eq!(encoded, "");
    }

    #[test]
    fn names_are_marked_apart_from_bodies() {
        let mut analysis = TextAnalysis::new(FrenchOrder::default());
        let tokens = analysis.tokens(Lang::French, "Pôles d'innovation");
        let encoded = encode_terms(&tokens, &analysis.lexicon, true);
        assert_eq!(encoded, "#pol\t#=poles #innov\t#=innovation");
        let (_, fields) = schema();
        let term = fields.term(Forms::NAMES_EXACT, "poles");
        assert_eq!(term.value().as_str(), Some("#=poles"));
        assert_eq!(
            fields.term(Forms::BODY, "innov").value().as_str(),
            Some("innov")
        );
    }
}
