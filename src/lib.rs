//! Terminology on [Tantivy](https://docs.rs/tantivy): a glossary (a termbase)
//! and the French documents it comes from, searchable in French and English;
//! its names recognised in any text; translations checked against it; and
//! exchanged with translation tools (TBX, CSV, TSV).
//!
//! The crate embeds a seven-paragraph French article on Chongqing's
//! innovation strategy and the eight glossary entries that come with it (the
//! Chengdu-Chongqing economic circle, the « 416 » layout, the innovation
//! corridor, four innovation hubs, the pilot finance zone); a team's own
//! termbase (`glossary.json`, TBX or CSV) and documents load the same way. It
//! splits documents into sentence passages, links each passage to the entries
//! it mentions, and indexes everything with Tantivy. Queries are insensitive
//! to case, accents and elision (`l’innovation` = `innovation`), match French
//! plurals and inflections by stem, tolerate typos, complete the word being
//! typed, and understand English names (`pilot finance zone`). Hits are typed,
//! ranked by explicit rules, and carry highlighted snippets.
//!
//! # Overview
//!
//! - [`Glossary`]: the loaded, indexed data. Start with [`Glossary::embedded`],
//!   or load your own with [`GlossaryBuilder`].
//! - [`Query`]: free text plus filters ([`HitKind`], [`Category`], [`Sector`]),
//!   paging, [`Typos`], and options for prefixes, counting and explanations.
//! - [`Hit`]: one ranked result, an [`Entry`] or a [`Passage`] with a
//!   [`Snippet`]; [`SearchResults`] holds a page of them and the total count.
//! - [`Entry`] and [`Passage`]: the records, with typed ids ([`EntryId`],
//!   [`PassageId`]) and links ([`Glossary::mentions`], [`Entry::related`]).
//! - [`Error`]: everything that can go wrong, with the
//!   [`error::Location`] (file, line and column) of bad data and a
//!   typed [`error::QueryError`] for queries; [`Warning`]s for
//!   what a load noticed and went on with.
//!
//! Beside search: [`Glossary::annotate`] (the glossary's terms in any
//! text), [`Glossary::check`] (a translation against the glossary:
//! [`Finding`]s per occurrence, in either [`Direction`];
//! [`read_segments`] reads TSV and XLIFF and their languages),
//! `Glossary::export` (TBX, CSV, TSV, NDJSON for translation tools; default
//! cargo feature `export`), [`Glossary::select`] (a [`Subset`] of the
//! entries for all three), [`Glossary::lookup`] (exact name, French or
//! English), [`Glossary::suggest`] (autocomplete), [`Glossary::entry`].
//! Names ([`Name`]) carry a [`Status`], a [`PartOfSpeech`] and their case
//! sensitivity.
//!
//! The root holds what a first use needs. The rest is in modules named for
//! what they hold: [`model`] (every record and label type, [`model::Slug`],
//! [`model::Language`], [`model::ParseError`]),
//! [`check`] (the check's [`Side`](check::Side), [`Variant`](check::Variant),
//! [`ReportInfo`](check::ReportInfo) for the HTML report, the segments it
//! reads), [`error`] (the [`error::Location`] of bad data and the
//! typed [`error::QueryError`]), [`limits`], [`ranking`] (each
//! rule's values of [`Query::explain`]) and [`input`] (reading files and
//! standard input as the CLI does).
//!
//! # Ranking
//!
//! Hits are ordered by rules, each breaking the ties of the ones before it
//! (as Meilisearch's defaults): *words* (more query words matched),
//! *typo* (fewer words matched only through a typo), *proximity* (query
//! words closer together, in order), *attribute* (words found in a term or
//! alias before words found only in a definition or sentence), *exactness*
//! (words in their exact form before stems, prefixes and typos), then BM25
//! with corpus-wide word weights. [`Hit::score`] folds them into one number
//! in `[0, 1)` that never increases down the list; [`Query::explain`] gives
//! each rule's values ([`ranking::Ranking`]). Totals are exact up to
//! [`Query::count_up_to`] (10,000 by default), a lower bound past it
//! ([`TotalRelation`]), which lets a search skip records that cannot reach
//! the page.
//!
//! # Example: search the embedded glossary
//!
//! ```
//! use chongqing_glossary::{Glossary, HitKind, Query};
//!
//! let glossary = Glossary::embedded()?;
//! let results = glossary.search(&Query::new("pôle d'innovation santé"))?;
//!
//! // The health-and-life hub is named by the query: it ranks first.
//! let best = &results.hits[0];
//! assert_eq!(best.kind(), HitKind::Entry);
//! assert_eq!(best.id(), "pole-innovation-sante-vie");
//!
//! // Snippets carry byte ranges of what matched.
//! for hit in &results.hits {
//!     let words: Vec<&str> = hit.snippet.highlighted().collect();
//!     println!("{:.3} {} {:?}", hit.score, hit.id(), words);
//! }
//! # Ok::<(), chongqing_glossary::Error>(())
//! ```
//!
//! # Example: load your own glossary
//!
//! A directory with `glossary.json`, `glossary.tbx` or `glossary.csv` (see
//! `data/README.md`; categories of your own) and French documents
//! (`*.fr.txt`, one paragraph per line) loads the same way; the index can
//! live on disk and is reused while the data is unchanged.
//! [`GlossaryBuilder::from_memory`] loads a TBX or CSV text without files.
//!
//! ```
//! use chongqing_glossary::{Category, GlossaryBuilder, Query};
//!
//! let data = tempfile::tempdir()?;
//! std::fs::write(data.path().join("source.fr.txt"), "La piste cyclable longe le canal.\n")?;
//! std::fs::write(
//!     data.path().join("glossary.json"),
//!     r#"[{"id": "piste-cyclable", "term": "Piste cyclable", "term_en": "Bike lane",
//!          "category": "infrastructure"}]"#,
//! )?;
//! let index = tempfile::tempdir()?;
//! let glossary = GlossaryBuilder::new().index_dir(index.path()).from_dir(data.path())?;
//! let entry = &glossary.entries()[0];
//! assert_eq!(entry.category, "infrastructure".parse::<Category>()?);
//! assert_eq!(glossary.mentions(&entry.id)?[0].passage.id.to_string(), "p1.s1");
//! assert_eq!(glossary.search(&Query::new("bike lane"))?.hits[0].id(), "piste-cyclable");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Example: check a translation
//!
//! ```
//! use chongqing_glossary::{FindingKind, Glossary};
//!
//! let glossary = Glossary::embedded()?;
//! let report = glossary.check([(
//!     "Deux zones pilotes de réforme financière.",
//!     "Two pilot zones.",
//! )]);
//! // The zone's approved English names are not in the target.
//! assert_eq!(report.findings[0].kind, FindingKind::Missing);
//! assert_eq!(report.findings[0].entry.as_str(), "zone-pilote-reforme-financiere");
//! # Ok::<(), chongqing_glossary::Error>(())
//! ```
//!
//! # Data
//!
//! `data/source.fr.txt` is the article, verbatim; `data/glossary.json` holds
//! the entries, whose French terms and definitions are verbatim from the same
//! source document and whose English names and aliases were written for this
//! crate. The source gives no definition for the « 416 » layout, so its
//! `definition` is `None`. Both files are compiled in ([`EMBEDDED_SOURCE`],
//! [`EMBEDDED_GLOSSARY`]); `data/README.md` documents provenance and schema.
//!
//! # Layout of the crate
//!
//! Lower modules never name the ones above them: `error`, `model`, `bitset`
//! and `analysis` at the bottom; `formats` (one module per file format,
//! reading and writing it, over one text decoding, one line counter and one
//! XML driver); `data` (a data directory's files, read within limits and
//! fingerprinted, and the checks every glossary goes through); `annotate`
//! and `links` (term recognition), `texts`, `typo`, `stats`, `index`
//! (Tantivy) and `suggest`'s label table above them; `engine` (what a loaded
//! glossary holds, the labels included), then `search`, `check` and
//! `subset`, which work on it; `store` saves and reopens it, `load` builds
//! it; `glossary` is the façade. Tantivy stays inside `analysis`, `index`,
//! `search` and `store`, and no public type names one of its types.
//! `analysis`, whose analyzers are Tantivy's, is public only with the
//! `unstable` feature (for relevance experiments); its tables are tested
//! inside the crate.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

// How text becomes terms. Its analyzers are Tantivy's types, so the module is
// public only behind the `unstable` feature: a Tantivy upgrade may change it.
#[cfg(feature = "unstable")]
pub mod analysis;
#[cfg(not(feature = "unstable"))]
mod analysis;
mod annotate;
mod bitset;
pub mod check;
mod data;
mod engine;
pub mod error;
mod formats;
mod glossary;
mod index;
pub mod limits;
mod links;
mod load;
pub mod model;
mod search;
mod stats;
mod store;
mod subset;
mod suggest;
mod texts;
mod typo;

// The root: what a first user touches. The rest is in the public modules
// `model` (every record type), `check` (the check's details), `error`,
// `limits`, `ranking` and `input`.
pub use annotate::TermMatch;
pub use check::{CheckReport, Finding, FindingKind, Severity};
pub use data::{EMBEDDED_GLOSSARY, EMBEDDED_SOURCE};
pub use error::{Error, Result};
pub use formats::{read_segments, GlossaryFormat, Segments};
pub use glossary::{Glossary, GlossaryBuilder};
pub use index::IndexOrigin;
pub use load::Progress;
#[cfg(feature = "export")]
pub use model::ExportFormat;
pub use model::{
    Category, Direction, Entry, EntryId, HitKind, LabelKind, Mention, Name, PartOfSpeech, Passage,
    PassageId, Sector, Status, Warning,
};
pub use search::{
    Hit, MatchedName, Query, Record, RecordId, SearchResults, Snippet, TotalRelation, Typos,
};
pub use subset::{Selection, Subset};
pub use suggest::Suggestion;

/// Why a hit ranks where it does ([`Query::explain`]): the [`Ranking`] of
/// a hit, and the values of each of its rules.
///
/// [`Ranking`]: ranking::Ranking
pub mod ranking {
    pub use crate::search::{
        AttributeDetails, Bm25Details, ExactnessDetails, LinksDetails, ProximityDetails, Ranking,
        TypoDetails, WordsDetails,
    };
}

/// Reading inputs as the CLI does: a named file or standard input (`-`),
/// within [`crate::limits::MAX_FILE_BYTES`], with errors
/// naming the file; the names of a data directory's files.
pub mod input {
    pub use crate::data::{
        open_input, read_bytes_from, read_text, read_text_from, DOCUMENT_SUFFIX, SOURCE_FILE,
    };
}

// Inside the crate, the moved items keep their short paths.
#[allow(unused_imports)]
pub(crate) use data::{MAX_FILE_BYTES, SOURCE_FILE};
#[allow(unused_imports)]
pub(crate) use error::{IndexError, Input, Location, Position, QueryError};
#[allow(unused_imports)]
pub(crate) use model::{Language, ParseError, Slug};

/// The French analysis' options, for relevance experiments.
#[doc(hidden)]
pub use analysis::FrenchOrder;

/// The README's Rust snippets, run as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
