//! The Tantivy side: the schema, the terms Tantivy receives, building the
//! index (in RAM or in a directory) and reading it back.
//!
//! # Schema
//!
//! Every record (entry or passage) is one Tantivy document, and its document
//! id is its position in the glossary: entries first, then passages. The
//! index has a single segment, written in that order, so no id field is
//! needed; [`SearchIndex`] refuses an index with more segments or another
//! number of documents.
//!
//! The schema has one field, `text`, and each word is indexed twice at the
//! same position: its stem and its exact, folded form behind a `=` mark, as
//! Lucene's keyword-repeat filter does. Words of names (the French and
//! English terms and aliases) carry a second mark, `#`, so that a match in
//! a name can be told from a match in a body (definition or sentence):
//!
//! | term | form ([`Forms`]) | example for `innovations` |
//! |---|---|---|
//! | stem in a body | `BODY` | `innov` |
//! | exact word in a body | `BODY_EXACT` | `=innovations` |
//! | stem in a name | `NAMES` | `#innov` |
//! | exact word in a name | `NAMES_EXACT` | `#=innovations` |
//!
//! An entry's texts (its names, then its definition) are one value, each
//! text starting [`VALUE_GAP`] positions after the previous one ends, so no
//! two words of different texts are ever closer than the proximity rule's
//! cap (see [`value_offsets`]).
//!
//! # Analysis happens once
//!
//! Tantivy never analyzes text. The crate's own analysis (see
//! [`analysis`](crate::analysis)) runs once per text at load time, and the
//! value handed to Tantivy is its output, written as terms (see [`encode`])
//! that the `glossary_terms` tokenizer only splits. Indexing, mention
//! linking, highlighting and queries therefore all see the same terms. One
//! field instead of several matters too: each field costs a fixed share of a
//! small build (Tantivy's term dictionary builder alone sets up about 1 MB
//! per field). `benches/search.rs` keeps the floor under the embedded build,
//! the smallest Tantivy index over the same texts, as
//! `baseline/tantivy_minimal_build`.

mod builder;
mod tokenizer;

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{BlockSegmentPostings, SegmentPostings, TermInfo};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, IndexReader, InvertedIndexReader, ReloadPolicy, Term};

pub(crate) use builder::IndexBuilder;
pub(crate) use tokenizer::TermsTokenizer;

use crate::analysis::Tok;
use crate::error::engine;
use crate::Result;

/// Bumped whenever the schema, the term encoding or the analysis changes, so
/// that an on-disk index built by an older version is rebuilt rather than
/// misread.
pub(crate) const SCHEMA_VERSION: u32 = 5;

/// The name of the tokenizer that splits encoded terms.
pub(crate) const TERMS_TOKENIZER: &str = "glossary_terms";

/// Positions left empty between two texts of one record: at least the
/// proximity rule's cap, so that words of different texts are never "close".
pub(crate) const VALUE_GAP: u32 = 8;

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
    /// The index term of `word` in one form (one of the [`Forms`] constants).
    pub(crate) fn term(&self, form: Forms, word: &str) -> Term {
        let mut term = Term::from_field_text(self.text, form.prefix());
        term.append_bytes(word.as_bytes());
        term
    }
}

/// A set of the forms a term is indexed in, as bits: in names or in a body,
/// exact or stemmed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Forms(u8);

impl Forms {
    pub const NAMES_EXACT: Forms = Forms(1);
    pub const NAMES: Forms = Forms(2);
    pub const BODY_EXACT: Forms = Forms(4);
    pub const BODY: Forms = Forms(8);
    /// The (exact, stem) forms of a name's words or a body's words.
    pub fn of(names: bool) -> (Forms, Forms) {
        if names {
            (Forms::NAMES_EXACT, Forms::NAMES)
        } else {
            (Forms::BODY_EXACT, Forms::BODY)
        }
    }

    pub fn contains(self, other: Forms) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn insert(&mut self, other: Forms) {
        self.0 |= other.0;
    }

    /// Whether a single form is a names form.
    pub fn is_names(self) -> bool {
        self == Forms::NAMES || self == Forms::NAMES_EXACT
    }

    /// The bits, for saving.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// From saved bits.
    pub fn from_bits(bits: u8) -> Forms {
        Forms(bits & 0b1111)
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

/// One text of a record, as indexed: its analyzed tokens and whether it is
/// a name (term or alias) or a body (definition or sentence).
#[derive(Clone, Copy, Debug)]
pub(crate) struct IndexText<'a> {
    pub tokens: &'a [Tok],
    pub names: bool,
}

/// Where each text of a record starts, in index positions: each text begins
/// [`VALUE_GAP`] positions after the last position of the one before.
pub(crate) fn value_offsets<'a>(texts: impl IntoIterator<Item = &'a [Tok]>) -> Vec<u32> {
    let mut next = 0;
    texts
        .into_iter()
        .map(|tokens| {
            let start = next;
            let len = tokens
                .iter()
                .map(|t| t.position + t.width)
                .max()
                .unwrap_or(0);
            next = start + len + VALUE_GAP;
            start
        })
        .collect()
}

/// The texts of one record as the value Tantivy indexes: positions separated
/// by a space (an empty position is a removed stop word, or the gap between
/// two texts), and at each position the stem and the marked exact form,
/// separated by a tab, both marked as names for a name.
/// `l'innovation de Chongqing` becomes
/// `innov\t=innovation  chongqing\t=chongqing` in a body and
/// `#innov\t#=innovation  #chongqing\t#=chongqing` in a name.
pub(crate) fn encode<'w>(texts: &[IndexText<'_>], word: impl Fn(u32) -> &'w str) -> String {
    let offsets = value_offsets(texts.iter().map(|t| t.tokens));
    let mut out = String::new();
    let mut position = 0;
    let mut first = true;
    for (text, offset) in texts.iter().zip(offsets) {
        let (exact, stem) = Forms::of(text.names);
        for t in text.tokens {
            let at = offset + t.position;
            if !first && at == position {
                out.push(SAME_POSITION);
            }
            while position < at {
                out.push(NEXT_POSITION);
                position += 1;
            }
            first = false;
            out.push_str(stem.prefix());
            out.push_str(word(t.stem));
            out.push(SAME_POSITION);
            out.push_str(exact.prefix());
            out.push_str(word(t.exact));
        }
    }
    out
}

/// How [`Glossary`](crate::Glossary) got its index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IndexOrigin {
    /// Built in memory.
    Ram,
    /// The embedded data's prebuilt index, opened from memory.
    Prebuilt,
    /// Reopened from an index directory whose manifest matched the data.
    Reused,
    /// (Re)built into an index directory: it was empty, stale or damaged
    /// (see [`Glossary::rebuild_note`](crate::Glossary::rebuild_note)).
    Built,
}

/// Opens the index of a saved form in `directory`, holding `docs`
/// documents, or `None` if it is missing, damaged, or not of this schema and
/// layout.
pub(crate) fn open_saved(directory: Box<dyn tantivy::Directory>, docs: u64) -> Option<SearchIndex> {
    let (expected, fields) = schema();
    let mut index = Index::open(directory).ok()?;
    if index.schema() != expected {
        return None;
    }
    index.set_tokenizers(builder::tokenizers());
    SearchIndex::open(index, fields, docs).ok()
}

/// A built, searchable index: the searcher and, for the one segment, the
/// readers ranking needs.
pub(crate) struct SearchIndex {
    pub fields: Fields,
    // Keeps the index files alive for the readers below.
    _reader: IndexReader,
    inverted: Option<Arc<InvertedIndexReader>>,
    fieldnorms: Option<FieldNormReader>,
    avg_fieldnorm: f32,
}

impl SearchIndex {
    /// Opens `index` for search, checking that it has the layout this crate
    /// writes: one segment of `docs` documents, none deleted.
    pub(crate) fn open(index: Index, fields: Fields, docs: u64) -> Result<SearchIndex> {
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
        let (inverted, fieldnorms, avg_fieldnorm) = match segments.first() {
            Some(segment) => {
                let inverted = segment.inverted_index(fields.text).map_err(engine)?;
                let fieldnorms = segment.get_fieldnorms_reader(fields.text).map_err(engine)?;
                let avg = inverted.total_num_tokens() as f32 / segment.max_doc().max(1) as f32;
                (Some(inverted), Some(fieldnorms), avg)
            }
            None => (None, None, 0.0),
        };
        Ok(SearchIndex {
            fields,
            _reader: reader,
            inverted,
            fieldnorms,
            avg_fieldnorm,
        })
    }

    /// Where `term`'s postings are, if any document has it: looked up once
    /// per query term, then used to open its postings as often as needed.
    pub(crate) fn term_info(&self, term: &Term) -> Result<Option<TermInfo>> {
        let Some(inverted) = &self.inverted else {
            return Ok(None);
        };
        inverted.get_term_info(term).map_err(|e| engine(e.into()))
    }

    /// The postings of a term, with frequencies and positions.
    pub(crate) fn postings(&self, info: &TermInfo) -> Result<Option<SegmentPostings>> {
        let Some(inverted) = &self.inverted else {
            return Ok(None);
        };
        inverted
            .read_postings_from_terminfo(info, IndexRecordOption::WithFreqsAndPositions)
            .map(Some)
            .map_err(|e| engine(e.into()))
    }

    /// The postings of a term as blocks of documents and frequencies.
    /// `freqs` says whether frequencies are decoded.
    pub(crate) fn block_postings(
        &self,
        info: &TermInfo,
        freqs: bool,
    ) -> Result<Option<BlockSegmentPostings>> {
        let Some(inverted) = &self.inverted else {
            return Ok(None);
        };
        let option = if freqs {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        inverted
            .read_block_postings_from_terminfo(info, option)
            .map(Some)
            .map_err(|e| engine(e.into()))
    }

    /// The fieldnorms of the one segment (the number of terms of each
    /// document, as Tantivy's one-byte code).
    pub(crate) fn fieldnorms(&self) -> Option<&FieldNormReader> {
        self.fieldnorms.as_ref()
    }

    /// The average number of terms per document.
    pub(crate) fn avg_fieldnorm(&self) -> f32 {
        self.avg_fieldnorm
    }
}

#[cfg(test)]
mod tests;
